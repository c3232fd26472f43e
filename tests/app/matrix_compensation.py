"""The authorisation matrix's rows for the money's terms (issue 13, points 3–7): tilläggsbelopp,
the price proposal, the year's terms, payees and the invoices to other counties, as pages and
API.

A municipality decides tilläggsbelopp and records its price decision for itself (the officer
for the municipality chosen with ``kommun``/``municipality``); the proposal is read by the
officer, the municipalities, the association's staff and the board, and made by the staff and
the officer; the terms (shares, clearing) are read by the officer, the municipalities and the
analyst and set by the officer, who alone keeps the payees and the invoices and starts
the month's compensation run (its page and API).

``build`` adds a price list for 2026 (unless there is one), the proposal of 2027, and a
tilläggsbelopp decision of Stockholm (0180) for every protected person, so that the scans see
that the decisions' lists mask them (``test_protected_identity_scan``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from matrix_support import Row, only
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import Price, PriceList, PriceRounding
from samverka.compensation.services.additional_grants import GrantRequest, record_additional_grants
from samverka.compensation.services.compensation import COMMON, import_price_list
from samverka.compensation.services.price_proposals import propose_prices
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.db.protection import protected_persons
from samverka.unit_of_work import SqlUnitOfWork

OFFICER, ANALYST = Role.OFFICER, Role.ANALYST
MUNICIPALITY, STAFF, BOARD = Role.MUNICIPALITY, Role.ASSOCIATION_STAFF, Role.BOARD_MEMBER
PLACE = only(MUNICIPALITY, OFFICER)
PROPOSAL_READERS = only(OFFICER, MUNICIPALITY, STAFF, BOARD)
TERMS_READERS = only(OFFICER, MUNICIPALITY, ANALYST)
BUILT = datetime(2026, 7, 2, 12, tzinfo=UTC)
GRANT = "/ersattning/tillaggsbelopp"
API = "/api/v1/compensation"
DECISION = {"decision_id": "1"}
NEXT_YEAR = {"year": "2027"}

ROWS: list[Row] = [
    Row("GET", GRANT, PLACE, note="the officer without a municipality: the chooser"),
    Row("GET", GRANT, PLACE, query="kommun=0180"),
    Row("GET", GRANT, only(OFFICER), query="kommun=0182", note="an official: not theirs, 403"),
    Row("POST", GRANT, PLACE, form={}, note="an empty form: 422"),
    Row("POST", GRANT + "/fil", PLACE, form={}, note="no file: 422"),
    Row(
        "POST",
        GRANT + "/{decision_id}/avsluta",
        PLACE,
        fill=DECISION,
        query="kommun=0180",
        form={"last": "2026-12"},
    ),
    Row("GET", "/ersattning/prislista", PROPOSAL_READERS),
    Row("GET", "/ersattning/prislista", PROPOSAL_READERS, query="ar=2027"),
    Row("POST", "/ersattning/prislista/forslag", only(OFFICER, STAFF), form={}),
    Row("POST", "/ersattning/prislista/beslut", PLACE, form={}),
    Row("POST", "/ersattning/prislista/egen", PLACE, form={}),
    Row("GET", "/ersattning/villkor", only(OFFICER)),
    Row("GET", "/ersattning/villkor", only(OFFICER), query="ar=2026"),
    Row("POST", "/ersattning/villkor/andelar", only(OFFICER), form={}),
    Row("POST", "/ersattning/villkor/nettning", only(OFFICER), form={}),
    Row("POST", "/ersattning/villkor/mottagare", only(OFFICER), form={}),
    Row("GET", "/ersattning/fakturor", only(OFFICER), query="manad=2026-09"),
    Row(
        "GET",
        "/ersattning/fakturor/fil",
        only(OFFICER),
        query="kommun=0182&manad=2026-09&format=xlsx",
    ),
    Row("GET", API + "/additional-grants", PLACE, query="municipality=0180"),
    Row("GET", API + "/additional-grants", only(OFFICER), query="municipality=0182"),
    Row("POST", API + "/additional-grants", PLACE, query="municipality=0180", json={}),
    Row(
        "POST",
        API + "/additional-grants/{decision_id}/end",
        PLACE,
        fill=DECISION,
        query="municipality=0180",
        json={"last": "2026-11"},
    ),
    Row("GET", API + "/price-proposals/{year}", PROPOSAL_READERS, fill=NEXT_YEAR),
    Row("POST", API + "/price-proposals", only(OFFICER, STAFF), json={}),
    Row(
        "PUT",
        API + "/price-proposals/{year}/decision",
        PLACE,
        fill=NEXT_YEAR,
        query="municipality=0180",
        json={},
    ),
    Row("GET", API + "/year-settings/{year}", TERMS_READERS, fill={"year": "2026"}),
    Row("PUT", API + "/year-settings/{year}", only(OFFICER), fill={"year": "2026"}, json={}),
    Row("GET", API + "/clearing", TERMS_READERS),
    Row("POST", API + "/clearing", only(OFFICER), json={}),
    Row("GET", API + "/payees", only(OFFICER)),
    Row("PUT", API + "/payees", only(OFFICER), json={}),
    Row("GET", API + "/invoices", only(OFFICER), query="month=2026-09"),
    # the month's run, started by the officer alone (empty inputs: 422, nothing is run)
    Row("GET", "/ersattning/korning", only(OFFICER)),
    Row("POST", "/ersattning/korning", only(OFFICER), form={}, note="an empty form: 422"),
    Row("GET", "/ersattning/korning/{job_id}", only(OFFICER), note="unknown run: 404"),
    Row("POST", API + "/runs", only(OFFICER), json={}, note="no month: 422"),
]


def build(database: sessionmaker[Session]) -> None:
    """A 2026 list, the 2027 proposal and Stockholm's decisions for the protected persons."""
    uow = SqlUnitOfWork(database)
    officer = Actor("matrix", Role.OFFICER, "Matrix")
    with uow:
        listed = uow.compensation.price_list(2026, COMMON) is not None
    if not listed:
        prices = PriceList(2026, (Price("NA", None, Decimal(120000)),))
        import_price_list(uow, price_list=prices, kind=COMMON, actor=officer, now=BUILT)
    propose_prices(
        uow,
        actor=officer,
        year=2027,
        percent=Decimal("2.8"),
        level_percent={},
        rounding=PriceRounding(),
        proposed_on=date(2026, 7, 1),
        reference="Styrelsen 2026-07-01 § 3",
        now=BUILT,
        replace=True,
    )
    with database() as session:
        protected = sorted(session.execute(select(protected_persons().subquery())).scalars())
    requests = [
        GrantRequest(
            pid,
            "0180",
            "niu",
            Decimal(24000),
            "year",
            Month(2026, 9),
            None,
            date(2026, 6, 1),
            "UN 1",
        )
        for pid in protected
    ]
    if requests:
        record_additional_grants(uow, actor=officer, requests=requests, now=BUILT)
