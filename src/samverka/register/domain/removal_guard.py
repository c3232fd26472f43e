"""A population extract that would remove a large part of the register needs the officer's word.

An extract is the whole population in the age band on its date, so a person missing from it
leaves the register (``population.detect_changes``: LEFT_REGION or AGED_OUT). A header-only,
truncated or wrong file therefore closes the registrations of everyone it leaves out, and the
next compensation run books nothing for them. The rule (issue 11 point 3; GDPR art. 5(1)(d)
and art. 32(1)(b): personal data kept accurate, and processing that keeps its integrity):

1. An extract with nobody in the age band, or one that would remove more than ``share`` of the
   persons in the register now (default 10 %, ``SAMVERKA_POPULATION_REMOVAL_PERCENT``), is
   refused unless the officer confirms it.
2. The officer confirms by giving the number of persons that would leave, as the refusal
   stated it (``--confirm-removals N``, the confirmation step of the page, the API's
   ``confirm_removals``). A number that is not exactly the number that would leave is refused
   too: the officer confirmed another extract, or the register changed in between.
3. Every leaving person counts, whether the extract says they left the region or they aged out
   (the extract's date may be wrong). Nothing is changed until the load is confirmed; the
   confirmation is kept in the audit trail with the load.

This is the threshold directory synchronisers put before mass deletions (e.g. Microsoft Entra
Connect's "prevent accidental deletes"), applied to the share of the register.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from samverka.errors import RemovalsNotConfirmed

DEFAULT_SHARE = Decimal("0.10")


@dataclass(frozen=True, slots=True)
class Removals:
    """What a load would do to the register: how many are in it now, how many the extract
    holds in the age band, and how many would leave, by reason."""

    registered: int
    in_extract: int
    left_region: int
    aged_out: int

    @property
    def leaving(self) -> int:
        return self.left_region + self.aged_out

    def needs_confirmation(self, share: Decimal) -> bool:
        return self.in_extract == 0 or self.leaving > share * self.registered


def check_removals(removals: Removals, share: Decimal, confirmed: int | None) -> None:
    """Refuse (``RemovalsNotConfirmed``) a load that needs the officer's confirmation without
    it, and any confirmation that is not the number of persons who would leave."""
    if not Decimal(0) <= share <= Decimal(1):
        raise ValueError("the share of removals allowed must lie between 0 and 1")
    leaving, registered = removals.leaving, removals.registered
    if confirmed is not None and confirmed != leaving:
        raise RemovalsNotConfirmed(
            f"the confirmation was for {confirmed} persons leaving the register, but this "
            f"extract removes {leaving} of {registered}; nothing was changed",
            leaving=leaving,
            registered=registered,
        )
    if confirmed is None and removals.needs_confirmation(share):
        raise RemovalsNotConfirmed(
            f"{_what(removals, share)} ({removals.left_region} left the region, "
            f"{removals.aged_out} aged out); nothing was changed. If the extract is right, "
            f"load it again confirming {leaving} removals",
            leaving=leaving,
            registered=registered,
        )


def _what(removals: Removals, share: Decimal) -> str:
    if removals.in_extract == 0:
        return (
            "the extract holds nobody in the age band: loading it would remove all "
            f"{removals.registered} persons in the register"
        )
    return (
        f"{removals.leaving} of the {removals.registered} persons in the register would leave "
        f"it, more than the {_percent(share)} % allowed without confirmation"
    )


def _percent(share: Decimal) -> str:
    return format((share * 100).normalize(), "f")
