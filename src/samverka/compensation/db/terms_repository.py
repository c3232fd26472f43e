"""The terms of the money between municipalities in the database (``compensation_ports``):
organiser shares per year, clearing decisions, tilläggsbelopp decisions, payees (and school
units outside the area), price proposals and the municipalities' decisions on them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select, true, update
from sqlalchemy.orm import Session

from samverka.admission.db import tables as at
from samverka.compensation.db import tables as t
from samverka.compensation.db import terms_tables as c
from samverka.compensation.domain.additional_grant import (
    AdditionalGrant,
    AdditionalGrantDecision,
    AdditionalKind,
    AmountPeriod,
)
from samverka.compensation.domain.net_settlement import ClearingDecision, SettlementMode
from samverka.compensation.domain.organiser import Organiser, OrganiserKind
from samverka.compensation.domain.organiser_shares import OrganiserShares
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_proposal import (
    DecisionOutcome,
    PriceDecision,
    PriceProposal,
)
from samverka.compensation.ports import OutsideSchoolUnit, Payee
from samverka.platform.db import tables as pt
from samverka.platform.db.inserts import insert_returning_id

CATALOGUE_KINDS = {
    OrganiserKind.MUNICIPALITY: "municipal",
    OrganiserKind.REGION: "regional",
    OrganiserKind.INDEPENDENT: "independent",
}


def _month(text: str | None) -> Month | None:
    return None if text is None else Month.parse(text)


class SqlCompensationTermsRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def member_codes(self) -> list[str]:
        m = pt.municipality
        return list(self._s.execute(select(m.c.code).where(m.c.member == true())).scalars())

    def municipality_codes(self) -> list[str]:
        return list(self._s.execute(select(pt.municipality.c.code)).scalars())

    # -- organiser shares per year --------------------------------------------------------
    def year_shares(self, year: int) -> OrganiserShares | None:
        s = c.compensation_year_setting
        row = self._s.execute(select(s).where(s.c.year == year)).first()
        if row is None:
            return None
        return OrganiserShares(
            year,
            Decimal(row.administration_percent),
            Decimal(row.vat_percent),
            bool(row.included),
            row.decided_on,
            row.reference,
        )

    def set_year_shares(self, shares: OrganiserShares, *, at: datetime, by: str) -> None:
        s = c.compensation_year_setting
        self._s.execute(delete(s).where(s.c.year == shares.year))
        self._s.execute(
            insert(s).values(
                year=shares.year,
                administration_percent=shares.administration,
                vat_percent=shares.vat,
                included=shares.included,
                decided_on=shares.decided_on,
                reference=shares.reference,
                changed_at=at,
                changed_by=by,
            )
        )

    # -- clearing between municipalities --------------------------------------------------
    def clearing_decisions(self) -> list[ClearingDecision]:
        d = c.clearing_decision
        return [
            ClearingDecision(
                SettlementMode(row.mode), Month.parse(row.from_month), row.decided_on, row.reference
            )
            for row in self._s.execute(select(d).order_by(d.c.id))
        ]

    def add_clearing_decision(self, decision: ClearingDecision, *, at: datetime, by: str) -> int:
        return insert_returning_id(
            self._s,
            c.clearing_decision,
            {
                "mode": decision.mode.value,
                "from_month": str(decision.from_month),
                "decided_on": decision.decided_on,
                "reference": decision.reference,
                "recorded_at": at,
                "recorded_by": by,
            },
        )

    # -- tilläggsbelopp -------------------------------------------------------------------
    def additional_grants(self, municipality: str | None = None) -> list[AdditionalGrantDecision]:
        g = c.additional_grant
        query = select(g).order_by(g.c.id)
        if municipality is not None:
            query = query.where(g.c.municipality_code == municipality)
        return [_grant_decision(row) for row in self._s.execute(query)]

    def additional_grant(self, decision_id: int) -> AdditionalGrantDecision | None:
        g = c.additional_grant
        row = self._s.execute(select(g).where(g.c.id == decision_id)).first()
        return None if row is None else _grant_decision(row)

    def grants_in_force(self, first: Month, last: Month) -> dict[str, list[AdditionalGrant]]:
        """Per pupil, the decisions whose period overlaps ``first`` to ``last``."""
        g = c.additional_grant
        overlapping = and_(
            g.c.first_month <= str(last),
            or_(g.c.last_month.is_(None), g.c.last_month >= str(first)),
        )
        found: dict[str, list[AdditionalGrant]] = defaultdict(list)
        for row in self._s.execute(select(g).where(overlapping).order_by(g.c.id)):
            found[row.pupil_id].append(_grant_decision(row).grant)
        return dict(found)

    def add_additional_grants(
        self, decisions: Sequence[AdditionalGrantDecision], *, at: datetime, by: str
    ) -> list[int]:
        ids = []
        for decision in decisions:
            grant = decision.grant
            values: dict[str, Any] = {
                "pupil_id": decision.pupil_id,
                "municipality_code": grant.municipality,
                "kind": grant.kind.value,
                "amount": grant.amount,
                "per": grant.per.value,
                "first_month": str(grant.first),
                "last_month": None if grant.last is None else str(grant.last),
                "decided_on": decision.decided_on,
                "reference": decision.reference,
                "recorded_at": at,
                "recorded_by": by,
            }
            ids.append(insert_returning_id(self._s, c.additional_grant, values))
        return ids

    def end_additional_grant(self, decision_id: int, last: Month) -> None:
        g = c.additional_grant
        self._s.execute(update(g).where(g.c.id == decision_id).values(last_month=str(last)))

    # -- payees ---------------------------------------------------------------------------
    def payees(self) -> list[Payee]:
        p = c.compensation_payee
        rows = self._s.execute(select(p).order_by(p.c.name, p.c.kind, p.c.code))
        return [_payee(row) for row in rows]

    def payee(self, organiser: Organiser) -> Payee | None:
        p = c.compensation_payee
        row = self._s.execute(
            select(p).where(p.c.kind == organiser.kind.value, p.c.code == organiser.code)
        ).first()
        return None if row is None else _payee(row)

    def set_payee(self, payee: Payee, *, at: datetime, by: str) -> None:
        p = c.compensation_payee
        organiser = payee.organiser
        self._s.execute(
            delete(p).where(p.c.kind == organiser.kind.value, p.c.code == organiser.code)
        )
        self._s.execute(
            insert(p).values(
                kind=organiser.kind.value,
                code=organiser.code,
                name=payee.name,
                organisation_number=payee.organisation_number,
                bankgiro=payee.bankgiro,
                plusgiro=payee.plusgiro,
                outside_area=payee.outside_area,
                changed_at=at,
                changed_by=by,
            )
        )

    def school_unit_codes(self) -> list[str]:
        return list(self._s.execute(select(at.school_unit.c.code)).scalars())

    def add_outside_school_units(self, payee: Payee, units: Collection[OutsideSchoolUnit]) -> None:
        """The payee as a catalogue organiser (once, by name) and its school units outside the
        area, each in its municipality (added, not a member, when it is not known)."""
        m, g = pt.municipality, at.organiser
        known = set(self.municipality_codes())
        for unit in units:
            if unit.municipality_code not in known:
                self._s.execute(
                    insert(m).values(
                        code=unit.municipality_code, name=unit.municipality_name, member=False
                    )
                )
                known.add(unit.municipality_code)
        organiser = payee.organiser
        organiser_id = self._s.execute(
            select(g.c.id).where(g.c.name == payee.name)
        ).scalar_one_or_none()
        if organiser_id is None:
            is_municipality = organiser.kind is OrganiserKind.MUNICIPALITY
            organiser_id = insert_returning_id(
                self._s,
                g,
                {
                    "name": payee.name,
                    "kind": CATALOGUE_KINDS[organiser.kind],
                    "municipality_code": organiser.code if is_municipality else None,
                    "organisation_number": None if is_municipality else organiser.code,
                },
            )
        rows = [
            {
                "code": unit.code,
                "name": unit.name,
                "organiser_id": organiser_id,
                "municipality_code": unit.municipality_code,
            }
            for unit in units
        ]
        if rows:
            self._s.execute(insert(at.school_unit), rows)

    # -- price proposals and decisions ----------------------------------------------------
    def price_proposal(self, year: int) -> PriceProposal | None:
        p = c.price_proposal
        row = self._s.execute(select(p).where(p.c.year == year)).first()
        if row is None:
            return None
        levels = tuple((int(level), Decimal(str(percent))) for level, percent in row.level_percent)
        return PriceProposal(
            row.year, row.from_year, Decimal(row.percent), levels, row.proposed_on, row.reference
        )

    def proposed_years(self) -> list[int]:
        p = c.price_proposal
        return list(self._s.execute(select(p.c.year).order_by(p.c.year)).scalars())

    def add_price_proposal(self, proposal: PriceProposal, *, at: datetime, by: str) -> None:
        p = c.price_proposal
        self._s.execute(delete(p).where(p.c.year == proposal.year))
        self._s.execute(
            insert(p).values(
                year=proposal.year,
                from_year=proposal.from_year,
                percent=proposal.percent,
                level_percent=[[level, str(percent)] for level, percent in proposal.level_percent],
                proposed_on=proposal.proposed_on,
                reference=proposal.reference,
                created_at=at,
                created_by=by,
            )
        )

    def price_decisions(self, year: int | None = None) -> list[PriceDecision]:
        d = c.price_decision
        query = select(d).order_by(d.c.year, d.c.municipality_code)
        if year is not None:
            query = query.where(d.c.year == year)
        return [
            PriceDecision(
                row.year,
                row.municipality_code,
                DecisionOutcome(row.outcome),
                row.decided_on,
                row.reference,
            )
            for row in self._s.execute(query)
        ]

    def set_price_decision(self, decision: PriceDecision, *, at: datetime, by: str) -> None:
        d = c.price_decision
        self._s.execute(
            delete(d).where(
                d.c.year == decision.year, d.c.municipality_code == decision.municipality
            )
        )
        self._s.execute(
            insert(d).values(
                year=decision.year,
                municipality_code=decision.municipality,
                outcome=decision.outcome.value,
                decided_on=decision.decided_on,
                reference=decision.reference,
                recorded_at=at,
                recorded_by=by,
            )
        )

    def common_list_years(self) -> list[int]:
        pl = t.price_list
        query = select(pl.c.year).where(pl.c.kind == "common").order_by(pl.c.year)
        return list(self._s.execute(query).scalars())


def _grant_decision(row: Any) -> AdditionalGrantDecision:
    grant = AdditionalGrant(
        decision_id=row.id,
        municipality=row.municipality_code,
        kind=AdditionalKind(row.kind),
        amount=Decimal(row.amount).quantize(Decimal("0.01")),
        per=AmountPeriod(row.per),
        first=Month.parse(row.first_month),
        last=_month(row.last_month),
    )
    return AdditionalGrantDecision(row.pupil_id, grant, row.decided_on, row.reference)


def _payee(row: Any) -> Payee:
    return Payee(
        Organiser(OrganiserKind(row.kind), row.code),
        row.name,
        row.organisation_number,
        row.bankgiro,
        row.plusgiro,
        bool(row.outside_area),
    )
