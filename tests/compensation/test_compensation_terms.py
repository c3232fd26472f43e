"""The money's terms through the services and the database (SQLite and PostgreSQL), issue 13
points 3–7: the independent organisers' shares per year (skollagen 16 kap. 52–53 §§), the
tilläggsbelopp (16 kap. 54 §), other counties' pupils invoiced (admissions-rules.md §6),
bilateral netting by default and clearing by the members' decision (§7.3), and the price
proposal with each municipality's decision (seed 001, "Gemensam gymnasieregion"): one happy path
per use case, and what the queries read of it. The pupils come from a small in-memory source
standing in for the register. The services' refusals and what they audit are tested in memory
in ``test_compensation_terms_rules.py``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from compensation_terms_examples import (
    EBBA,
    NOW,
    OCTOBER,
    OFFICER,
    SEPTEMBER,
    STAFF,
    STOCKHOLM_OFFICIAL,
    UPPSALA,
    YEAR,
    grant_request,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from samverka.admission.domain.catalogue import Municipality
from samverka.compensation.db.compensation_repository import SqlCompensationRepository
from samverka.compensation.domain.month_lines import LineKind, LinePurpose
from samverka.compensation.domain.net_settlement import ClearingDecision, SettlementMode
from samverka.compensation.domain.organiser import Organiser
from samverka.compensation.domain.organiser_shares import OrganiserShares
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, PriceRounding
from samverka.compensation.domain.price_proposal import DecisionOutcome, PriceDecision
from samverka.compensation.domain.pupil_record import Placement, PupilRecord, Registration
from samverka.compensation.domain.structure_supplement import SupplementTier
from samverka.compensation.files.additional_grant_file import read_additional_grant_file
from samverka.compensation.files.compensation_files import (
    PaymentTerms,
    payment_sheet,
    statement_sheets,
)
from samverka.compensation.ports import OutsideSchoolUnit, Payee
from samverka.compensation.queries.compensation_terms_view import (
    additional_grants,
    booked_runs,
    export_names,
    invoice_statement,
    invoice_totals,
    payee_details,
    proposal_overview,
)
from samverka.compensation.queries.compensation_view import payer_statement, settlement
from samverka.compensation.services.additional_grants import (
    end_additional_grant,
    record_additional_grants,
)
from samverka.compensation.services.compensation import (
    COMMON,
    import_price_list,
    run_month,
    set_supplement_tiers,
)
from samverka.compensation.services.compensation_terms import (
    record_clearing_decision,
    register_payee,
    set_year_shares,
)
from samverka.compensation.services.price_proposals import (
    import_own_price_list,
    propose_prices,
    record_price_decision,
)
from samverka.errors import Conflict, NotFound, NotPermitted
from samverka.platform.db import tables as pt
from samverka.platform.db.audit_repository import SqlAuditTrail
from samverka.unit_of_work import SqlUnitOfWork

STOCKHOLM, NACKA, SOLNA = "0180", "0182", "0184"
FRISKOLAN = Organiser.independent("556000-1111")


@dataclass
class FakeRegister:
    pupils: list[PupilRecord] = field(default_factory=list)

    def pupil_records(self, first: date, last: date) -> list[PupilRecord]:
        return list(self.pupils)


def _pupil(pid: str, home: str, organiser: Organiser, unit: str = "22222222") -> PupilRecord:
    placement = Placement(organiser, unit, "NA", None, date(YEAR, 8, 15))
    return PupilRecord(pid, (placement,), (Registration(home, date(2010, 1, 1)),), Decimal(250))


def _members(uow: SqlUnitOfWork) -> None:
    with uow:
        names = {STOCKHOLM: "Stockholm", NACKA: "Nacka", SOLNA: "Solna"}
        uow.catalogue.add_municipalities([Municipality(c, n) for c, n in names.items()])
        uow.commit()


def _prices(uow: SqlUnitOfWork, year: int = YEAR, na: int = 120000) -> None:
    prices = PriceList(year, (Price("NA", None, Decimal(na)),))
    import_price_list(uow, price_list=prices, kind=COMMON, actor=OFFICER, now=NOW)


def _run(uow: SqlUnitOfWork, month: Month, *pupils: PupilRecord) -> None:
    run_month(uow, month=month, actor=OFFICER, now=NOW, source=FakeRegister(list(pupils)))


def _lines(session: Session, month: Month) -> list[tuple[str, str, Decimal, Decimal, Decimal]]:
    found = SqlCompensationRepository(session).lines_booked_in([month])
    return [
        (ln.pupil_id, ln.purpose.value, ln.amount, ln.admin_amount, ln.vat_amount) for ln in found
    ]


# -- point 3: the independent organisers' shares -----------------------------------------------
def test_an_independent_organiser_is_paid_the_shares_of_the_year_and_the_setting_is_audited(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _members(uow)
    _prices(uow)
    _run(uow, SEPTEMBER, _pupil("p1", STOCKHOLM, FRISKOLAN))
    assert _lines(session, SEPTEMBER) == [
        ("p1", "programme", Decimal("10918.00"), Decimal("300.00"), Decimal("618.00"))
    ]
    shares = OrganiserShares(YEAR, Decimal(2), Decimal(6), False, date(YEAR, 10, 1), "KF § 4")
    set_year_shares(uow, actor=OFFICER, shares=shares, now=NOW)
    _run(uow, OCTOBER, _pupil("p1", STOCKHOLM, FRISKOLAN))
    october = SqlCompensationRepository(session).lines_booked_in([OCTOBER])
    corrected = [(ln.service_month, ln.kind, ln.admin_amount) for ln in october]
    assert corrected == [  # September corrected back with the year's new share
        (SEPTEMBER, LineKind.REVERSAL, Decimal("-300.00")),
        (SEPTEMBER, LineKind.RETROACTIVE, Decimal("200.00")),
        (OCTOBER, LineKind.REGULAR, Decimal("200.00")),
    ]
    [event] = SqlAuditTrail(session).events("compensation_year_setting", str(YEAR))
    assert event["after"]["administration"] == "2"


# -- point 4: tilläggsbelopp -----------------------------------------------------------------------
def test_a_municipality_records_a_tillaggsbelopp_that_the_next_run_pays_and_ending_corrects(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _members(uow)
    _prices(uow)
    (decision_id,) = record_additional_grants(
        uow, actor=STOCKHOLM_OFFICIAL, requests=[grant_request()], now=NOW
    )
    pupil = _pupil(EBBA, STOCKHOLM, Organiser.municipality(NACKA))
    _run(uow, SEPTEMBER, pupil)
    assert [(p, purpose, amount) for p, purpose, amount, _, _ in _lines(session, SEPTEMBER)] == [
        (EBBA, "programme", Decimal("10000.00")),
        (EBBA, "niu", Decimal("2000.00")),
    ]
    _run(uow, OCTOBER, pupil)
    end_additional_grant(
        uow, actor=STOCKHOLM_OFFICIAL, decision_id=decision_id, last=SEPTEMBER, now=NOW
    )
    _run(uow, OCTOBER, pupil)
    history = SqlCompensationRepository(session).lines_booked_in([OCTOBER])
    niu = [(ln.kind, ln.amount) for ln in history if ln.purpose is LinePurpose.NIU]
    assert niu == [(LineKind.REGULAR, Decimal("2000.00")), (LineKind.REVERSAL, Decimal("-2000.00"))]
    events = SqlAuditTrail(session).events("additional_grant", str(decision_id))
    assert [e["action"] for e in events] == ["recorded", "ended"]


def test_a_file_of_decisions_is_read_and_recorded_whole(
    uow: SqlUnitOfWork, session: Session, tmp_path: Path
) -> None:
    _members(uow)
    file = tmp_path / "tillagg.csv"
    file.write_text(
        "personnummer;slag;belopp;per;fran;till;beslutsdatum;diarienummer\n"
        f"{EBBA};modersmal;1 500,50;manad;2026-09;2026-12;2026-08-30;UN 1\n"
        f"{EBBA};extraordinart_stod;60000;ar;2026-10;;2026-09-30;UN 2\n",
        encoding="utf-8",
    )
    requests = read_additional_grant_file(file, municipality=STOCKHOLM)
    record_additional_grants(uow, actor=STOCKHOLM_OFFICIAL, requests=requests, now=NOW)
    rows = additional_grants(session, STOCKHOLM_OFFICIAL, STOCKHOLM)
    assert [(r.decision.grant.kind.value, r.decision.grant.amount) for r in rows] == [
        ("mother_tongue", Decimal("1500.50")),
        ("extraordinary_support", Decimal("60000.00")),
    ]
    with pytest.raises(NotPermitted):
        additional_grants(session, STOCKHOLM_OFFICIAL, NACKA)


# -- point 5: other counties ------------------------------------------------------------------
def test_a_pupil_from_another_county_is_invoiced_and_left_out_of_the_settlement(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _members(uow)
    _prices(uow)
    _run(
        uow,
        SEPTEMBER,
        _pupil("p1", UPPSALA, Organiser.municipality(SOLNA)),
        _pupil("p2", STOCKHOLM, Organiser.municipality(SOLNA)),
    )
    (total,) = invoice_totals(session, OFFICER, SEPTEMBER)
    assert (total.municipality, total.pupil_months, total.total) == (UPPSALA, 1, Decimal(10000))
    (row,) = invoice_statement(session, OFFICER, UPPSALA, SEPTEMBER).rows
    assert (row.payee, row.invoice, row.amount) == (Organiser.municipality(SOLNA), True, 10000)
    result = settlement(session, OFFICER, months=[SEPTEMBER])
    assert [(f.payer, f.payee) for f in result.gross] == [(STOCKHOLM, SOLNA)]
    with pytest.raises(NotFound):
        invoice_statement(session, OFFICER, "9999", SEPTEMBER)


def test_a_payee_outside_the_area_is_recorded_with_its_school_units_and_payment_details(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _members(uow)
    _prices(uow)
    uppsala = Payee(
        Organiser.municipality(UPPSALA), "Uppsala kommun", "212000-3005", "5050-1055", None, True
    )
    unit = OutsideSchoolUnit("99990001", "Katedralskolan", UPPSALA, "Uppsala")
    register_payee(uow, actor=OFFICER, payee=uppsala, now=NOW, school_units=[unit])
    member = session.execute(
        select(pt.municipality.c.member).where(pt.municipality.c.code == UPPSALA)
    ).scalar_one()
    assert member is False
    _run(uow, SEPTEMBER, _pupil("p1", STOCKHOLM, Organiser.municipality(UPPSALA), "99990001"))
    statement = payer_statement(session, OFFICER, STOCKHOLM, SEPTEMBER)
    names = export_names(session)
    [run] = booked_runs(session, SEPTEMBER)  # the one run whose lines are booked in September
    terms = PaymentTerms.of(SEPTEMBER, [run])
    rows = list(payment_sheet(statement, payee_details(session), terms, names).rows)
    assert rows == [
        [
            STOCKHOLM,
            names.municipalities[STOCKHOLM],
            UPPSALA,
            "Uppsala kommun",
            "212000-3005",
            "5050-1055",
            None,
            Decimal("10000.00"),
            Decimal("0.00"),
            "SEK",
            date(2026, 9, 30),
            f"Interkommunal ersättning 2026-09 körning {run}",
        ]
    ]
    [line] = statement_sheets(statement, names)[0].rows
    assert line[6:8] == ["99990001", "Katedralskolan"]
    assert settlement(session, OFFICER, months=[SEPTEMBER]).gross == ()  # paid gross
    with pytest.raises(Conflict, match="Skolenheterna finns redan"):
        register_payee(uow, actor=OFFICER, payee=uppsala, now=NOW, school_units=[unit])


# -- point 6: bilateral by default, clearing by the members' decision ---------------------------
def test_municipalities_settle_bilaterally_until_the_members_decide_to_clear(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _members(uow)
    _prices(uow)
    pupils = [
        _pupil("p1", STOCKHOLM, Organiser.municipality(NACKA)),
        _pupil("p2", NACKA, Organiser.municipality(SOLNA)),
    ]
    _run(uow, SEPTEMBER, *pupils)
    bilateral = settlement(session, OFFICER, months=[SEPTEMBER])
    assert bilateral.mode is SettlementMode.BILATERAL
    assert [(t.payer, t.payee) for t in bilateral.transfers] == [(STOCKHOLM, NACKA), (NACKA, SOLNA)]
    decision = ClearingDecision(SettlementMode.MULTILATERAL, SEPTEMBER, date(YEAR, 6, 1), "S § 9")
    record_clearing_decision(uow, actor=OFFICER, decision=decision, now=NOW)
    cleared = settlement(session, OFFICER, months=[SEPTEMBER])
    assert cleared.mode is SettlementMode.MULTILATERAL
    assert [(t.payer, t.payee) for t in cleared.transfers] == [(STOCKHOLM, SOLNA)]
    assert payer_statement(session, OFFICER, STOCKHOLM, SEPTEMBER).rows[0].payee.code == NACKA
    [event] = SqlAuditTrail(session).events("clearing_decision")
    assert event["after"]["mode"] == "multilateral"


# -- point 7: the price proposal and the list each payer adopted ---------------------------------
def _proposal(uow: SqlUnitOfWork) -> None:
    _members(uow)
    _prices(uow, YEAR)
    set_supplement_tiers(
        uow,
        year=YEAR,
        tiers=[SupplementTier(2, Decimal(200), Decimal(1200))],
        actor=OFFICER,
        now=NOW,
    )
    propose_prices(
        uow,
        actor=STAFF,
        year=YEAR + 1,
        percent=Decimal(10),
        level_percent={2: Decimal(50)},
        rounding=PriceRounding(),
        proposed_on=date(YEAR, 10, 1),
        reference="Styrelsen 2026-10-01 § 7",
        now=NOW,
    )


def test_the_proposal_is_next_years_list_and_tiers_and_shows_who_has_not_decided(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _proposal(uow)
    with uow:
        proposed = uow.compensation.price_list(YEAR + 1, COMMON)
        tiers = uow.compensation.supplement_schedule(YEAR + 1)
    assert proposed is not None
    assert tiers is not None
    assert proposed.prices[0].yearly == Decimal(132000)
    assert tiers.tiers[0].yearly_amount == Decimal(1800)  # the tier's own 50 %
    decision = PriceDecision(
        YEAR + 1, STOCKHOLM, DecisionOutcome.ADOPTED, date(YEAR, 10, 15), "KF 2026/1"
    )
    record_price_decision(uow, actor=STOCKHOLM_OFFICIAL, decision=decision, now=NOW)
    overview = proposal_overview(session, STAFF, YEAR + 1)
    assert overview.proposal is not None
    assert overview.proposal.deadline == date(YEAR, 12, 1)
    assert overview.undecided == (NACKA, SOLNA)
    [event] = SqlAuditTrail(session).events("price_decision", f"{YEAR + 1}:{STOCKHOLM}")
    assert event["after"]["decision"]["outcome"] == "adopted"


def test_each_payer_pays_by_the_list_it_adopted_its_own_or_the_last_it_adopted(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _proposal(uow)
    later = datetime(YEAR + 1, 3, 20, 12, tzinfo=UTC)
    adopted = PriceDecision(YEAR + 1, STOCKHOLM, DecisionOutcome.ADOPTED, date(YEAR, 11, 2), "a")
    record_price_decision(uow, actor=OFFICER, decision=adopted, now=later)
    own = PriceList(YEAR + 1, (Price("NA", None, Decimal(108000)),))
    import_own_price_list(uow, actor=OFFICER, municipality=NACKA, price_list=own, now=later)
    own_decision = PriceDecision(YEAR + 1, NACKA, DecisionOutcome.OWN_LIST, date(YEAR, 11, 3), "b")
    record_price_decision(uow, actor=OFFICER, decision=own_decision, now=later)
    march = Month(YEAR + 1, 3)
    pupils = [
        _pupil("p1", STOCKHOLM, Organiser.municipality(SOLNA)),
        _pupil("p2", NACKA, Organiser.municipality(SOLNA)),
        _pupil("p3", SOLNA, Organiser.municipality(NACKA)),  # Solna has not decided
    ]
    run_month(uow, month=march, actor=OFFICER, now=later, source=FakeRegister(pupils))
    paid = {
        ln.pupil_id: ln.price_amount
        for ln in SqlCompensationRepository(session).lines_booked_in([march])
    }
    assert paid == {"p1": Decimal(11000), "p2": Decimal(9000), "p3": Decimal(10000)}
    with uow:
        (run,) = uow.compensation.runs(march)
    assert run.settings["price_lists"][str(YEAR + 1)]["payers"] == {
        NACKA: f"own {YEAR + 1}",
        SOLNA: f"common {YEAR}",
    }
