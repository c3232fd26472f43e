"""Deciding the service fee or the admission fee asks first (issue 15 point 7): the form shows
every municipality's fee and the total before any invoice is made; only the confirmation
decides, audited as before."""

# The member fee pages' world is test_web_member_fees's, imported by name.
# ruff: noqa: F811

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select

from samverka.association.fees.db import tables as f
from samverka.platform.db import tables as pt

from .test_web_member_fees import (  # noqa: F401 (the fixtures)
    DECISION,
    REVENUE_CSV,
    _import,
    _post,
    app,
    database,
    staff,
)

ADMISSION = {
    **DECISION,
    "budgeted_cost": "3 000 000",
    "register_cost": "600 000",
    "admission_system_cost": "300 000",
    "admission_system_text": "50 % av 0,6 mnkr",
    "recovery_cost": "",
    "count_basis": "cohort",
    "reference_date": "2026-09-01",
}
SERVICE = {**DECISION, "rate_per_mille": "0,42", "cap_per_mille": "0,50", "base_year": "2024"}


def _counts(database: object) -> tuple[int, int]:
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        invoices = connection.execute(select(func.count()).select_from(f.fee_invoice))
        events = connection.execute(select(func.count()).select_from(pt.audit_event))
        found = (int(invoices.scalar_one()), int(events.scalar_one()))
    engine.dispose()
    return found


def test_deciding_the_service_fee_shows_each_members_fee_before_the_invoices(
    staff: TestClient, database: object
) -> None:
    _import(staff, REVENUE_CSV)
    before = _counts(database)
    status, page = _post(staff, "/forbund/avgifter/serviceavgift", SERVICE)
    assert status == 200
    assert "Fastställa serviceavgiften för 2027?" in page
    assert "25\xa0200\xa0000" in page  # Stockholm: 0.42 ‰ of 60 bn
    assert "2\xa0646\xa0000" in page  # Nacka
    assert "27\xa0846\xa0000" in page  # the total
    assert 'name="confirmed" value="ja"' in page
    assert _counts(database) == before
    status, page = _post(staff, "/forbund/avgifter/serviceavgift", {**SERVICE, "confirmed": "ja"})
    assert status == 200
    invoices, events = _counts(database)
    assert invoices > before[0]
    assert events > before[1]


def test_a_fee_above_the_cap_is_refused_before_any_confirmation(staff: TestClient) -> None:
    _import(staff, REVENUE_CSV)
    status, page = _post(
        staff, "/forbund/avgifter/serviceavgift", {**SERVICE, "rate_per_mille": "0,51"}
    )
    assert status == 422
    assert "exceeds the general assembly&#39;s cap of 0.50 per mille" in page
    assert 'name="confirmed"' not in page


def test_missing_revenue_is_named_and_nothing_can_be_confirmed(staff: TestClient) -> None:
    status, page = _post(staff, "/forbund/avgifter/serviceavgift", SERVICE)
    assert status == 200
    assert "Intäkter för 2024 saknas för:" in page
    assert 'name="confirmed"' not in page


def test_deciding_the_admission_fee_shows_each_municipalitys_fee_before_the_invoices(
    staff: TestClient, database: object
) -> None:
    """Three young people born 2010 share 3.9 million: Stockholm's two 2.6 million."""
    before = _counts(database)
    status, page = _post(staff, "/forbund/avgifter/antagningsavgift", ADMISSION)
    assert status == 200
    assert "Fastställa antagningsavgiften för 2027?" in page
    assert "1\xa0300\xa0000,00 kr per ungdom" in page
    assert "2\xa0600\xa0000" in page  # Stockholm
    assert "3\xa0900\xa0000" in page  # the total
    assert 'name="confirmed" value="ja"' in page
    assert 'name="register_cost" value="600000"' in page  # the decision repeated
    assert 'name="admission_system_text" value="50 % av 0,6 mnkr"' in page
    assert 'name="recovery_cost"' not in page  # an empty charge charges nothing
    assert _counts(database) == before
    answer = {**ADMISSION, "register_cost": "600000", "confirmed": "ja"}
    status, page = _post(staff, "/forbund/avgifter/antagningsavgift", answer)
    assert status == 200
    assert "Ungdoms- och elevdatabasen (UEDB): 600\xa0000 kr" in page
    invoices, events = _counts(database)
    assert invoices > before[0]
    assert events > before[1]


def test_an_admission_fee_nobody_would_pay_is_refused_before_any_confirmation(
    staff: TestClient, database: object
) -> None:
    before = _counts(database)
    status, page = _post(
        staff, "/forbund/avgifter/antagningsavgift", {**ADMISSION, "register_cost": "-5"}
    )
    assert status == 422
    assert "a cost cannot be negative" in page
    assert 'name="confirmed"' not in page
    status, page = _post(
        staff, "/forbund/avgifter/antagningsavgift", {**ADMISSION, "reference_date": "1990-01-01"}
    )
    assert status == 422
    assert 'name="confirmed"' not in page
    assert _counts(database) == before
