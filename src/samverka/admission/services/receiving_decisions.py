"""Use cases of a receiving school (or the officer in its place) on one applicant's choice of
one of its offerings: the English dispensation and the over-age agreement.

* The English dispensation (SL 16 kap. 32 §) is the receiving organiser's decision, for its own
  offerings: recorded with the date, who decided and the decision's reference, it opens every
  offering of that organiser and no other's. A decision may be recorded anew (replacing the
  earlier) or withdrawn. It is not tried in the preliminary round.
* An over-age applicant (SL 15 kap. 5 §; ``conditions``) is admitted on a choice only with an
  agreement between the home municipality and the receiving organiser: recorded on the choice
  with its reference, who recorded it and when; it may be withdrawn. An applicant who is not
  over age needs none, and one is refused.

A school may act only on its own school units' offerings (``offering_settings.may_manage``),
and only for an applicant who chose the offering; otherwise ``NotFound``, as if neither
existed. Bad input (an empty or too long text, a decision dated in the future) is
``InvalidInput`` naming every problem, and changes nothing. Every change is in the audit trail,
before and after, in the same transaction.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from samverka.admission.domain.applicants import EnglishDispensationDecision, OverAgeAgreement
from samverka.admission.domain.conditions import is_over_age
from samverka.admission.domain.rule_set import default_rule_set
from samverka.admission.ports import ChoiceRow, OfferingRow, UnitOfWork
from samverka.admission.services.offering_settings import managed_offering
from samverka.errors import N_, InvalidInput, NotFound, RowError
from samverka.platform.access.domain.actors import Actor
from samverka.platform.services.audit_records import record_change

SWEDEN = ZoneInfo("Europe/Stockholm")  # "today" for a decision's date is the Swedish day
MAXIMUM_DECIDER = 200
MAXIMUM_REFERENCE = 100
# What the audit trail keeps of a decision and of an agreement (who recorded it: the event's actor).
AUDITED_DECISION = ("organiser", "decided_on", "decided_by", "reference")
AUDITED_AGREEMENT = ("reference", "recorded_by")


@dataclass(frozen=True, slots=True)
class DispensationRequest:
    """A receiving organiser's decision as a form or a request gives it."""

    decided_on: date
    decided_by: str
    reference: str = ""


def record_english_dispensation(
    uow: UnitOfWork,
    *,
    year: int,
    offering_code: str,
    personal_id: str,
    decision: DispensationRequest,
    actor: Actor,
    now: datetime,
) -> EnglishDispensationDecision:
    """Record the offering's organiser's decision on the applicant's English dispensation."""
    _check_decision(decision, now)
    with uow:
        year_id = uow.admission.year(year).id
        offering, _ = _chosen(uow, year_id, offering_code, personal_id, actor)
        before = _decision_of(uow, year_id, personal_id, offering.organiser)
        recorded = EnglishDispensationDecision(
            offering.organiser,
            decision.decided_on,
            decision.decided_by.strip(),
            decision.reference.strip(),
            now,
            actor.audit_name,
        )
        uow.admission.set_english_dispensation(year_id, personal_id, offering.organiser, recorded)
        record_change(
            uow.audit,
            actor,
            "english_dispensation",
            f"{personal_id}:{offering.organiser}",
            "decide",
            before=before,
            after=recorded,
            at=now,
            only=AUDITED_DECISION,
        )
        uow.commit()
    return recorded


def withdraw_english_dispensation(
    uow: UnitOfWork,
    *,
    year: int,
    offering_code: str,
    personal_id: str,
    actor: Actor,
    now: datetime,
) -> bool:
    """Withdraw the organiser's decision; False when there was none (nothing is written)."""
    with uow:
        year_id = uow.admission.year(year).id
        offering, _ = _chosen(uow, year_id, offering_code, personal_id, actor)
        before = _decision_of(uow, year_id, personal_id, offering.organiser)
        if before is None:
            return False
        uow.admission.set_english_dispensation(year_id, personal_id, offering.organiser, None)
        record_change(
            uow.audit,
            actor,
            "english_dispensation",
            f"{personal_id}:{offering.organiser}",
            "withdraw",
            before=before,
            after=None,
            at=now,
            only=AUDITED_DECISION,
        )
        uow.commit()
    return True


def record_over_age_agreement(
    uow: UnitOfWork,
    *,
    year: int,
    offering_code: str,
    personal_id: str,
    reference: str,
    actor: Actor,
    now: datetime,
) -> OverAgeAgreement:
    """Record on the applicant's choice the agreement that admits them although over age."""
    text = reference.strip()
    _check_text("reference", text, MAXIMUM_REFERENCE, required=True)
    with uow:
        year_id = uow.admission.year(year).id
        _, choice = _chosen(uow, year_id, offering_code, personal_id, actor)
        record = uow.admission.applicant_record(year_id, personal_id)
        rules = default_rule_set(year).conditions
        if record is None or not is_over_age(record.facts, rules):
            reason = N_("Den sökande är inte överårig, så ingen överenskommelse behövs.")
            raise InvalidInput([RowError("request", 0, "personal_id", reason)])
        agreement = OverAgeAgreement(text, actor.audit_name, now)
        _replace_choice(uow, year_id, personal_id, choice, agreement)
        record_change(
            uow.audit,
            actor,
            "choice",
            f"{personal_id}:{offering_code}",
            "over_age_agreement",
            before=choice.over_age_agreement,
            after=agreement,
            at=now,
            only=AUDITED_AGREEMENT,
        )
        uow.commit()
    return agreement


def withdraw_over_age_agreement(
    uow: UnitOfWork,
    *,
    year: int,
    offering_code: str,
    personal_id: str,
    actor: Actor,
    now: datetime,
) -> bool:
    """Withdraw the agreement from the choice; False when there was none."""
    with uow:
        year_id = uow.admission.year(year).id
        _, choice = _chosen(uow, year_id, offering_code, personal_id, actor)
        if choice.over_age_agreement is None:
            return False
        _replace_choice(uow, year_id, personal_id, choice, None)
        record_change(
            uow.audit,
            actor,
            "choice",
            f"{personal_id}:{offering_code}",
            "withdraw_over_age_agreement",
            before=choice.over_age_agreement,
            after=None,
            at=now,
            only=AUDITED_AGREEMENT,
        )
        uow.commit()
    return True


def _chosen(
    uow: UnitOfWork, year_id: int, offering_code: str, personal_id: str, actor: Actor
) -> tuple[OfferingRow, ChoiceRow]:
    """The actor's offering and the applicant's choice of it; ``NotFound`` otherwise."""
    offering = managed_offering(uow, year_id, offering_code, actor)
    chosen = uow.admission.choices(year_id, [personal_id]).get(personal_id, [])
    choice = next((c for c in chosen if c.offering_code == offering_code), None)
    if choice is None:
        raise NotFound(N_("Ingen sådan sökande har valt %(code)s."), code=repr(offering_code))
    return offering, choice


def _replace_choice(
    uow: UnitOfWork,
    year_id: int,
    personal_id: str,
    choice: ChoiceRow,
    agreement: OverAgeAgreement | None,
) -> None:
    chosen = uow.admission.choices(year_id, [personal_id])[personal_id]
    changed = [
        dataclasses.replace(c, over_age_agreement=agreement) if c == choice else c for c in chosen
    ]
    uow.admission.replace_choices(year_id, {personal_id: changed})


def _decision_of(
    uow: UnitOfWork, year_id: int, personal_id: str, organiser: str
) -> EnglishDispensationDecision | None:
    decisions = uow.admission.english_dispensations(year_id, personal_id)
    return next((d for d in decisions if d.organiser == organiser), None)


def _check_decision(decision: DispensationRequest, now: datetime) -> None:
    errors = _text_errors("decided_by", decision.decided_by.strip(), MAXIMUM_DECIDER, True)
    errors += _text_errors("reference", decision.reference.strip(), MAXIMUM_REFERENCE, False)
    if decision.decided_on > now.astimezone(SWEDEN).date():
        reason = N_("Beslutsdatumet %(day)s ligger i framtiden.")
        day = {"day": decision.decided_on.isoformat()}
        errors.append(RowError("request", 0, "decided_on", reason, day))
    if errors:
        raise InvalidInput(errors)


def _check_text(field: str, text: str, maximum: int, *, required: bool) -> None:
    errors = _text_errors(field, text, maximum, required)
    if errors:
        raise InvalidInput(errors)


def _text_errors(field: str, text: str, maximum: int, required: bool) -> list[RowError]:
    if required and not text:
        return [RowError("request", 0, field, N_("Fyll i fältet."))]
    if len(text) > maximum:
        return [
            RowError(
                "request",
                0,
                field,
                N_("Skriv högst %(max_length)s tecken."),
                {"max_length": maximum},
            )
        ]
    return []
