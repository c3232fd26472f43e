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

from samverka.errors import N_, RemovalsNotConfirmed

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
            N_(
                "Bekräftelsen gällde %(confirmed)s personer som lämnar registret, men det här "
                "uttaget tar bort %(leaving)s av %(registered)s; inget ändrades."
            ),
            leaving=leaving,
            registered=registered,
            confirmed=confirmed,
        )
    if confirmed is None and removals.needs_confirmation(share):
        raise RemovalsNotConfirmed(
            _EMPTY_EXTRACT if removals.in_extract == 0 else _TOO_MANY,
            leaving=leaving,
            registered=registered,
            percent=_percent(share),
            left_region=removals.left_region,
            aged_out=removals.aged_out,
        )


_EMPTY_EXTRACT = N_(
    "Uttaget har ingen i åldersspannet: att läsa in det skulle ta bort alla %(registered)s "
    "personer i registret (%(left_region)s har flyttat från regionen, %(aged_out)s har blivit "
    "för gamla); inget ändrades. Om uttaget är rätt, läs in det igen och bekräfta "
    "%(leaving)s borttagningar."
)
_TOO_MANY = N_(
    "%(leaving)s av de %(registered)s personerna i registret skulle lämna det, fler än de "
    "%(percent)s %% som får tas bort utan bekräftelse (%(left_region)s har flyttat från "
    "regionen, %(aged_out)s har blivit för gamla); inget ändrades. Om uttaget är rätt, läs in "
    "det igen och bekräfta %(leaving)s borttagningar."
)


def _percent(share: Decimal) -> str:
    return format((share * 100).normalize(), "f")
