"""Use cases of the receiving organiser (the school, or the officer in its place) on the
applicants to one of its offerings: the school's ranking, fri kvot, and the assessment of
foreign grades.

* ``set_ranked_by_school`` — whether an individually adapted IMV or IMY offering is ranked by
  the school (IMA always is; ``admission.domain.school_ranking``).
* ``rank_applicants`` — the school's ranking of the applicants to a ranked offering, replacing
  the earlier one: ranks 1..n, each once; applicants left out are not ranked, and are not
  offered a place there ("Ej erbjuden plats"). A school never sees applicants with protected
  identity (only the officer does): the ranks the officer gave them stay as they are when the
  school ranks the others, and the whole ranking must still run 1..n (the school's page shows
  those ranks as taken).
* ``grant_fri_kvot`` — the organiser grants (or withdraws) fri kvot for one applicant's choice
  (GyF 7 kap. 3 §; the organiser decides, admissions-rules.md §1.4). How many are admitted
  under it is capped by the offering's fri-kvot places.
* ``record_equivalent_knowledge`` — the organiser's assessment that an applicant's foreign
  grades give knowledge equivalent to the offering's requirements ("motsvarande kunskaper",
  SL 16 kap. 30–31 §§, GyF 7 kap. 3 § 2). It is recorded on the applicant's choice of that
  offering, so it makes the applicant eligible there and nowhere else: the assessment is made
  against that programme's requirements, by that organiser. The counsellor's foreign-grades
  flag stays a marker that tells the school whom to assess.

Only offerings of the actor's own school units (the officer: every offering); anything else
is ``NotFound``, as on the school's other pages. Every change is in the audit trail with its
before and after; an unchanged value writes nothing. Bad input is refused whole, with every
problem, and changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from samverka.admission.domain.audited import SchoolRanking
from samverka.admission.domain.school_ranking import (
    is_ranked_by_school,
    may_be_ranked_by_school,
    ranking_problems,
)
from samverka.admission.ports import ChoiceRow, OfferingRow, UnitOfWork
from samverka.admission.services.offerings import may_manage
from samverka.errors import N_, InvalidInput, NotFound, RowError
from samverka.platform.access.domain.actors import Actor
from samverka.platform.services.audit_records import record_change


def _invalid(field: str, *reasons: str) -> InvalidInput:
    return InvalidInput([RowError("request", 0, field, reason) for reason in reasons])


def _managed(uow: UnitOfWork, year_id: int, code: str, actor: Actor) -> OfferingRow:
    for offering in uow.admission.offerings(year_id):
        if offering.code == code and may_manage(actor, offering):
            return offering
    raise NotFound(N_("Det finns ingen utbildning %(code)s."), code=repr(code))


def set_ranked_by_school(
    uow: UnitOfWork, *, year: int, offering_code: str, ranked: bool, actor: Actor, now: datetime
) -> bool:
    """Set whether the school ranks the offering's applicants; whether anything changed."""
    with uow:
        offering = _managed(uow, uow.admission.year(year).id, offering_code, actor)
        if not may_be_ranked_by_school(offering.programme):
            raise _invalid("ranked_by_school", f"a {offering.programme} offering selects on merit")
        if not ranked and is_ranked_by_school(offering.programme, False):
            raise _invalid("ranked_by_school", "an IMA offering is always ranked by the school")
        if ranked and offering.discretionary_places:
            raise _invalid(
                "ranked_by_school",
                "a ranked offering has no fri-kvot places: set them to 0 first",
            )
        if offering.ranked_by_school == ranked:
            return False
        uow.admission.set_offering_ranked(offering.id, ranked)
        record_change(
            uow.audit,
            actor,
            "offering",
            offering_code,
            "set_ranked_by_school",
            before=offering,
            after=dataclasses.replace(offering, ranked_by_school=ranked),
            at=now,
            only=("ranked_by_school",),
        )
        uow.commit()
    return True


def rank_applicants(
    uow: UnitOfWork,
    *,
    year: int,
    offering_code: str,
    ranks: Mapping[str, int],
    actor: Actor,
    now: datetime,
) -> bool:
    """Replace the school's ranking of the offering's applicants (identity number → rank);
    whether anything changed."""
    with uow:
        year_id = uow.admission.year(year).id
        offering = _managed(uow, year_id, offering_code, actor)
        if not is_ranked_by_school(offering.programme, offering.ranked_by_school):
            raise _invalid("ranking", f"offering {offering_code!r} is not ranked by the school")
        chosen = _choices_of(uow, year_id, offering)
        before = {pid: c.school_rank for pid, c in chosen.items() if c.school_rank}
        ranks = {**_unseen(uow, year_id, actor, before), **ranks}
        problems = ranking_problems(ranks, list(chosen))
        if problems:
            raise _invalid("ranking", *problems)
        if before == ranks:
            return False
        changed = {
            pid: ranks.get(pid) for pid, c in chosen.items() if c.school_rank != ranks.get(pid)
        }
        rows = _with(
            uow,
            year_id,
            offering,
            changed,
            lambda pid, c: dataclasses.replace(c, school_rank=changed[pid]),
        )
        uow.admission.replace_choices(year_id, rows)
        record_change(
            uow.audit,
            actor,
            "offering",
            offering_code,
            "rank_applicants",
            before=SchoolRanking(before),
            after=SchoolRanking(ranks),
            at=now,
        )
        uow.commit()
    return True


def grant_fri_kvot(
    uow: UnitOfWork,
    *,
    year: int,
    offering_code: str,
    personal_id: str,
    granted: bool,
    actor: Actor,
    now: datetime,
) -> bool:
    """Grant or withdraw fri kvot for the applicant's choice; whether anything changed."""
    return _set_on_choice(
        uow,
        _OnChoice(year, offering_code, personal_id, "discretionary_quota", granted),
        lambda c: dataclasses.replace(c, discretionary_quota=granted),
        actor,
        now,
    )


def record_equivalent_knowledge(
    uow: UnitOfWork,
    *,
    year: int,
    offering_code: str,
    personal_id: str,
    assessed: bool,
    actor: Actor,
    now: datetime,
) -> bool:
    """Record (or withdraw) the assessment of equivalent knowledge for the applicant's choice;
    whether anything changed."""
    return _set_on_choice(
        uow,
        _OnChoice(year, offering_code, personal_id, "equivalent_knowledge", assessed),
        lambda c: dataclasses.replace(c, equivalent_knowledge=assessed),
        actor,
        now,
    )


_ACTIONS = {"discretionary_quota": "grant_fri_kvot", "equivalent_knowledge": "assess_knowledge"}


@dataclass(frozen=True, slots=True)
class _OnChoice:
    """A decision on one applicant's choice of one offering: which field, to what."""

    year: int
    offering_code: str
    personal_id: str
    field: str
    value: bool


def _set_on_choice(
    uow: UnitOfWork,
    decision: _OnChoice,
    change: Callable[[ChoiceRow], ChoiceRow],
    actor: Actor,
    now: datetime,
) -> bool:
    code, pid, field = decision.offering_code, decision.personal_id, decision.field
    with uow:
        year_id = uow.admission.year(decision.year).id
        offering = _managed(uow, year_id, code, actor)
        choice = _choices_of(uow, year_id, offering).get(pid)
        if choice is None:
            raise NotFound(
                N_("Ingen sökande %(applicant)s har valt %(code)s."), applicant=pid, code=repr(code)
            )
        ranked = is_ranked_by_school(offering.programme, offering.ranked_by_school)
        if field == "discretionary_quota" and decision.value and ranked:
            raise _invalid("fri_kvot", "an offering the school ranks has no fri-kvot places")
        before = bool(getattr(choice, field))
        if before == decision.value:
            return False
        rows = _with(uow, year_id, offering, [pid], lambda _, c: change(c))
        uow.admission.replace_choices(year_id, rows)
        record_change(
            uow.audit,
            actor,
            "choice",
            f"{pid}:{code}",
            _ACTIONS[field],
            before=choice,
            after=change(choice),
            at=now,
            only=(field,),
        )
        uow.commit()
    return True


def _unseen(
    uow: UnitOfWork, year_id: int, actor: Actor, ranks: Mapping[str, int]
) -> dict[str, int]:
    """The ranks of applicants the actor may not see (protected identities), kept as they are."""
    if actor.may_see_protected_identities:
        return {}
    hidden = {}
    for pid, rank in ranks.items():
        record = uow.admission.applicant_record(year_id, pid)
        if record is not None and record.protected_identity:
            hidden[pid] = rank
    return hidden


def _choices_of(uow: UnitOfWork, year_id: int, offering: OfferingRow) -> dict[str, ChoiceRow]:
    """Each applicant's choice of ``offering``, by identity number."""
    pids = uow.admission.applicants_choosing(offering.id)
    chosen = uow.admission.choices(year_id, pids)
    return {
        pid: next(c for c in rows if c.offering_code == offering.code)
        for pid, rows in chosen.items()
    }


def _with(
    uow: UnitOfWork,
    year_id: int,
    offering: OfferingRow,
    pids: Collection[str],
    change: Callable[[str, ChoiceRow], ChoiceRow],
) -> dict[str, list[ChoiceRow]]:
    """The applicants' whole choice lists, with their choice of ``offering`` changed."""
    chosen = uow.admission.choices(year_id, list(pids))
    return {
        pid: [change(pid, c) if c.offering_code == offering.code else c for c in rows]
        for pid, rows in chosen.items()
    }
