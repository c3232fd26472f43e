"""The state grants' payouts (``services.grant_payments``, ``files.grant_payment_file``) on the
unit of work in memory: the payees' payment details checked by the platform's one check, the
payment file read back as CSV and as XLSX adding up to what the allocation pays, and a payout
with a payee lacking details refused, naming it, with no file written."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from state_grant_examples import BOARD, DUE, NOW, PSYCHIATRIC, STAFF

from samverka.association.grants.domain.grant_allocation import REGION, AllocationKeyKind
from samverka.association.grants.files.grant_payment_file import grant_payment_sheet
from samverka.association.grants.ports import GrantPayee, MemberMunicipality
from samverka.association.grants.services.grant_payments import (
    grant_payout,
    register_grant_payee,
)
from samverka.association.grants.services.state_grants import (
    KeyRequest,
    allocate_grant,
    create_grant,
)
from samverka.errors import Conflict, InvalidInput, NotPermitted
from samverka.platform.domain.payment_details import payment_detail_problems
from samverka.platform.files.exports import FileFormat, write_table
from samverka.platform.files.payment_file import PAYMENT_HEADER

from .fakes import FakeUnitOfWork, StateGrants

PAYEES = (
    GrantPayee(REGION, "Region Stockholm", "232100-0016", "5050-1055"),
    GrantPayee("0180", "Stockholms kommun", "212000-0142", None, "4711-2"),
    GrantPayee("0182", "Nacka kommun", "212000-0167", "123-4567"),
)
DAY = date(2026, 4, 30)


def _allocated() -> tuple[FakeUnitOfWork, int]:
    members = [
        MemberMunicipality("0180", "Stockholm", 975_551),
        MemberMunicipality("0182", "Nacka", 105_201),
    ]
    uow = FakeUnitOfWork(StateGrants(municipalities=members))
    grant_id = create_grant(
        uow, actor=STAFF, name="Psykisk hälsa", year=2026, terms=PSYCHIATRIC, report_due=DUE,
        now=NOW,
    )  # fmt: skip
    key = KeyRequest(AllocationKeyKind.POPULATION)
    allocate_grant(uow, actor=STAFF, grant_id=grant_id, key=key, now=NOW)
    return uow, grant_id


def _with_payees(uow: FakeUnitOfWork, payees: tuple[GrantPayee, ...] = PAYEES) -> None:
    for payee in payees:
        register_grant_payee(uow, actor=STAFF, payee=payee, now=NOW)


def _written(uow: FakeUnitOfWork, grant_id: int, path: Path, fmt: FileFormat) -> Path:
    sheet = grant_payment_sheet(grant_payout(uow, actor=STAFF, grant_id=grant_id), DAY)
    target = path.with_suffix(fmt.suffix)
    write_table(target, sheet.header, sheet.rows, file_format=fmt, sheet=sheet.name)
    return target


def test_the_payment_file_read_as_csv_adds_up_to_what_the_allocation_pays(
    tmp_path: Path,
) -> None:
    uow, grant_id = _allocated()
    _with_payees(uow)
    path = _written(uow, grant_id, tmp_path / "betalningar", FileFormat.CSV)
    with path.open(encoding="utf-8-sig", newline="") as opened:
        header, *rows = list(csv.reader(opened, delimiter=";"))
    assert tuple(header) == PAYMENT_HEADER
    column = {name: index for index, name in enumerate(header)}
    amounts = [Decimal(row[column["Belopp"]].replace(",", ".")) for row in rows]
    allocation = uow.state_grants.allocation(grant_id)
    assert allocation is not None
    a = allocation.allocation
    assert sum(amounts) == a.total - a.set_aside_total == Decimal(960_000)
    assert [row[column["Mottagarkod"]] for row in rows] == [REGION, "0180", "0182"]
    assert [row[column["Bankgiro"]] for row in rows] == ["5050-1055", "", "123-4567"]
    assert rows[1][column["Plusgiro"]] == "4711-2"
    assert {row[column["Förfallodag"]] for row in rows} == {"2026-04-30"}
    assert {row[column["Referens"]] for row in rows} == {"Stimulansmedel 2026 Psykisk hälsa"}
    assert {row[column["Valuta"]] for row in rows} == {"SEK"}


def test_the_payment_file_read_as_xlsx_adds_up_to_the_same_total(tmp_path: Path) -> None:
    uow, grant_id = _allocated()
    _with_payees(uow)
    path = _written(uow, grant_id, tmp_path / "betalningar", FileFormat.XLSX)
    sheet = openpyxl.load_workbook(path)["Betalningar"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert tuple(header) == PAYMENT_HEADER
    amounts = [Decimal(str(row[PAYMENT_HEADER.index("Belopp")])) for row in rows]
    assert sum(amounts) == grant_payout(uow, actor=STAFF, grant_id=grant_id).total == 960_000


def test_a_payee_without_bank_details_is_refused_by_name_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    uow, grant_id = _allocated()
    _with_payees(uow, PAYEES[:2])
    path = tmp_path / "betalningar.csv"
    with pytest.raises(Conflict) as refused:
        _written(uow, grant_id, path, FileFormat.CSV)
    assert "Nacka" in str(refused.value)
    assert "Stockholm" not in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_a_grant_not_yet_keyed_out_has_no_payout() -> None:
    uow = FakeUnitOfWork(StateGrants())
    grant_id = create_grant(uow, actor=STAFF, name="Nytt", year=2026, terms=PSYCHIATRIC, now=NOW)
    with pytest.raises(Conflict, match="inte fördelade"):
        grant_payout(uow, actor=STAFF, grant_id=grant_id)


def test_bad_payment_details_are_refused_whole_and_nothing_is_stored() -> None:
    uow, _ = _allocated()
    bad = GrantPayee("0999", " ", "2120000142", "50501055", "ABC")
    with pytest.raises(InvalidInput) as refused:
        register_grant_payee(uow, actor=STAFF, payee=bad, now=NOW)
    assert [e.field for e in refused.value.errors] == [
        "recipient",
        "organisation_number",
        "bankgiro",
        "plusgiro",
        "name",
    ]
    with pytest.raises(InvalidInput, match="bankgironummer eller ett plusgironummer"):
        register_grant_payee(uow, actor=STAFF, payee=GrantPayee("0180", "Stockholm"), now=NOW)
    with pytest.raises(NotPermitted):
        register_grant_payee(uow, actor=BOARD, payee=PAYEES[1], now=NOW)
    assert uow.state_grants.payees() == {}


def test_recorded_payment_details_replace_the_earlier_and_are_audited() -> None:
    uow, _ = _allocated()
    _with_payees(uow, PAYEES[2:])
    moved = GrantPayee("0182", " Nacka kommun ", None, " 5050-1055 ")
    register_grant_payee(uow, actor=STAFF, payee=moved, now=NOW)
    assert uow.state_grants.payees()["0182"] == GrantPayee(
        "0182", "Nacka kommun", None, "5050-1055"
    )
    events = uow.audit.events("state_grant_payee", "0182")
    assert events[0]["before"] is None
    assert events[-1]["after"]["bankgiro"] == "5050-1055"


@pytest.mark.parametrize(
    ("organisation_number", "bankgiro", "plusgiro", "fields"),
    [
        ("212000-0142", "123-4567", None, []),
        (None, "1234-5678", None, []),
        (None, None, "12345678-9", []),
        (None, "123-4567", "4711-2", []),
        ("2120000142", "123-4567", None, ["organisation_number"]),
        (None, "12-34567", None, ["bankgiro"]),
        (None, "12345-678", None, ["bankgiro"]),
        (None, None, "123456789-0", ["plusgiro"]),
        (None, None, "4711", ["plusgiro"]),
        (None, None, None, ["bankgiro"]),
    ],
)
def test_the_payment_details_check_is_the_form_the_payment_file_is_read_in(
    organisation_number: str | None, bankgiro: str | None, plusgiro: str | None, fields: list[str]
) -> None:
    problems = payment_detail_problems("payee", organisation_number, bankgiro, plusgiro)
    assert [problem.field for problem in problems] == fields
