"""Use cases of reception in first or second hand: derived for a round's input, and the
admission office's override with a recorded reason.

Source: SL 16 kap. 43–44 §§ and the samverkansavtal (``admission.domain.reception``); issue 12
point 8. Reception is never typed in by the applicant or the counsellor: it is derived from the
applicant's home municipality *when the round's input is built* (so a change of home
municipality counts), from the offering, its organiser and the admission area. The admission
office may override it for one choice with a reason (a statement from the home municipality,
special reasons); the override is stored on the choice, audited, and checked again at every
round, where an override the law no longer allows yields to the derived first hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from samverka.admission.domain.area import AdmissionArea
from samverka.admission.domain.audited import ReceptionChange
from samverka.admission.domain.graded_instance import GradedApplicant, GradedChoice
from samverka.admission.domain.priorities import PriorityClass
from samverka.admission.domain.reception import (
    CatalogueFacts,
    Reception,
    ReceptionDecision,
    ReceptionGround,
    ReceptionRules,
    decide,
    in_force,
    reception_of,
)
from samverka.admission.ports import AdmissionYearRow, OfferingRow, UnitOfWork
from samverka.errors import N_, InvalidInput, NotFound, NotPermitted, RowError
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.services.audit_records import record_change

_CLASS = {
    Reception.FIRST_HAND: PriorityClass.FIRST_HAND,
    Reception.SECOND_HAND: PriorityClass.SECOND_HAND,
}
_OVERRIDDEN = ReceptionGround.OFFICER_DECISION.value


class Receptions:
    """Derives receptions for one admission year, each (home, offering) pair once."""

    def __init__(
        self, offerings: Sequence[OfferingRow], area: AdmissionArea, rules: ReceptionRules
    ) -> None:
        self._facts = {o.code: o.reception_facts() for o in offerings}
        self._catalogue = CatalogueFacts.of(self._facts.values())
        self._area = area
        self._rules = rules
        self._known: dict[str, dict[str, ReceptionDecision]] = {}

    def derived(self, home: str, offering_code: str) -> ReceptionDecision:
        known = self._known.setdefault(home, {})  # str keys: their hashes are cached
        found = known.get(offering_code)
        if found is None:
            facts = self._facts.get(offering_code)
            if facts is None:
                raise NotFound(N_("Det finns ingen utbildning %(code)s."), code=repr(offering_code))
            found = reception_of(home, facts, self._area, self._catalogue, self._rules)
            known[offering_code] = found
        return found

    def of_choice(
        self, home: str, offering_code: str, override: Reception | None, reason: str | None
    ) -> ReceptionDecision:
        return in_force(self.derived(home, offering_code), override, reason)

    def applied(
        self, applicants: Sequence[GradedApplicant], homes: Mapping[str, str]
    ) -> list[GradedApplicant]:
        """``applicants`` with every choice's reception derived (or the stored override, when
        the law allows it), and its ground, for a round's input. (A round has some 120,000
        choices over some 30,000 pairs of home and offering: each pair is derived once.)"""
        result = []
        classes: dict[ReceptionDecision, tuple[PriorityClass, str]] = {}
        # By the choice object's identity: a round's equal choices are shared objects
        # (``graded_input``), alive while this runs, and hashing their fields for each of a
        # hundred thousand choices cost more than the rest. A choice's reception depends on
        # the home only, so each (home, choice object) is applied once.
        made: dict[tuple[int, PriorityClass, str], GradedChoice] = {}
        at_home: dict[str, dict[int, GradedChoice]] = {}
        for applicant in applicants:
            home = homes[applicant.applicant_id]
            applied_here = at_home.get(home)
            if applied_here is None:
                applied_here = at_home[home] = {}
            choices = []
            for choice in applicant.choices:
                applied = applied_here.get(id(choice))
                if applied is None:
                    decision = self.derived(home, choice.offering_id)
                    if choice.reception_ground == _OVERRIDDEN:
                        override = Reception(choice.reception.value)
                        decision = in_force(decision, override, "recorded")
                    found = classes.get(decision)
                    if found is None:
                        found = classes[decision] = (
                            _CLASS[decision.reception],
                            decision.ground.value,
                        )
                    key = (id(choice), *found)
                    applied = made.get(key)
                    if applied is None:
                        applied = made[key] = replace(
                            choice, reception=found[0], reception_ground=found[1]
                        )
                    applied_here[id(choice)] = applied
                choices.append(applied)
            result.append(_with_choices(applicant, tuple(choices)))
        return result


def _with_choices(applicant: GradedApplicant, choices: tuple[GradedChoice, ...]) -> GradedApplicant:
    """``replace(applicant, choices=choices)``, without its look-up of every field by name
    (for each of a round's 30,000 applicants)."""
    return GradedApplicant(
        applicant.applicant_id,
        applicant.sheet,
        choices,
        applicant.english_dispensation,
        applicant.lottery,
        applicant.facts,
        applicant.grades_from,
    )


def receptions(
    uow: UnitOfWork, year_row: AdmissionYearRow, offerings: Sequence[OfferingRow]
) -> Receptions:
    """The derivation of the year (inside an open unit of work)."""
    return Receptions(offerings, uow.catalogue.admission_area(), year_row.settings.reception)


def override_reception(
    uow: UnitOfWork,
    *,
    year: int,
    personal_id: str,
    offering_code: str,
    reception: Reception | None,
    reason: str,
    actor: Actor,
    now: datetime,
) -> ReceptionDecision:
    """The admission office decides a choice's reception with ``reason`` (``reception`` None:
    back to the derived one). Refused without a reason, and where the law gives first hand
    whatever the catalogue says (``ReceptionNotPossible``); the decision in force is returned."""
    if actor.role is not Role.OFFICER:
        raise NotPermitted(N_("Bara antagningskansliet beslutar om ett vals mottagande."))
    where = f"choice {personal_id} {offering_code}"
    with uow:
        year_row = uow.admission.year(year)
        record = uow.admission.applicant_record(year_row.id, personal_id)
        if record is None:
            raise NotFound(
                N_("Det finns ingen sökande %(applicant)s år %(year)s."),
                applicant=personal_id,
                year=year,
            )
        chosen = uow.admission.choices(year_row.id, [personal_id]).get(personal_id, [])
        choice = next((c for c in chosen if c.offering_code == offering_code), None)
        if choice is None:
            raise NotFound(
                N_("Den sökande %(applicant)s har inte valt %(code)s."),
                applicant=personal_id,
                code=repr(offering_code),
            )
        derivation = receptions(uow, year_row, uow.admission.offerings(year_row.id))
        derived = derivation.derived(record.home_municipality, offering_code)
        before = derivation.of_choice(
            record.home_municipality,
            offering_code,
            choice.reception_override,
            choice.reception_reason,
        )
        if reception is None:
            if not reason.strip():
                raise InvalidInput(
                    [RowError(where, 0, "reason", N_("En ändring behöver en motivering."))]
                )
            decision = derived
            changed = replace(choice, reception="first_hand", reception_reason=None)
        else:
            decision = decide(derived, reception, reason, where=where)
            changed = replace(choice, reception=reception.value, reception_reason=decision.reason)
        rows = [changed if c is choice else c for c in chosen]
        uow.admission.replace_choices(year_row.id, {personal_id: rows})
        record_change(
            uow.audit,
            actor,
            "choice",
            f"{personal_id}:{offering_code}",
            "reception",
            before=before,
            after=ReceptionChange.of(decision, reason.strip(), derived),
            at=now,
        )
        uow.commit()
    return decision
