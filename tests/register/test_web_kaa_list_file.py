"""The municipality's KAA list as a file (``register.web.kaa_list_file``): every page of the list
as narrowed on the page, in CSV for Swedish Excel and XLSX, read back with ``csv`` and openpyxl;
protected identities masked as on the page. The world is ``test_web_register``'s: pupils 2 and
3 (3 protected) of Stockholm are in the group on 1 September 2026."""

# The register pages' world is test_web_register's, imported by name.
# ruff: noqa: F811

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from web_support import personal_id

from samverka.platform.web.i18n import LANGUAGE_COOKIE
from samverka.register.web import kaa as kaa_pages

from .test_web_register import (  # noqa: F401 (the fixtures)
    PROTECTED_NAME,
    app,
    officer,
    official,
)

DAY = {"datum": "2026-09-01"}
HEADER = [
    "Personnummer",
    "Namn",
    "Födelsedatum",
    "Ålder",
    "I aktivitetsansvaret sedan",
    "Status",
    "Senaste anteckning",
]


def _csv_rows(client: TestClient, **params: str) -> list[list[str]]:
    answer = client.get("/kommun/kaa/lista/fil", params={**DAY, "format": "csv", **params})
    assert answer.status_code == 200
    assert answer.content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))


def test_the_kaa_list_file_holds_every_page_of_the_list_with_the_protected_person_masked(
    official: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kaa_pages, "PAGE_SIZE", 1)
    page = official.get("/kommun/kaa", params=DAY)
    assert 'rel="next"' in page.text  # the page shows one of two
    assert 'href="/kommun/kaa/lista/fil?datum=2026-09-01&amp;format=xlsx"' in page.text
    header, *rows = _csv_rows(official)
    assert header == HEADER
    assert len(rows) == 2
    by_name = {row[1]: row for row in rows}
    assert by_name["Elev 2"][0] == personal_id(2)
    assert by_name["Elev 2"][2] == "2010-03-01"
    assert by_name["Elev 2"][5] == "Ej kontaktad"  # the status's name, not its code
    masked = by_name["Skyddad identitet"]
    assert masked[0] == masked[2] == masked[3] == ""
    answer = official.get("/kommun/kaa/lista/fil", params={**DAY, "format": "csv"})
    for hidden in (PROTECTED_NAME, personal_id(3), "Elev 1", "Elev 4"):
        assert hidden not in answer.content.decode("utf-8-sig")


def test_the_kaa_list_workbook_has_the_same_rows_with_dates_as_dates(official: TestClient) -> None:
    answer = official.get("/kommun/kaa/lista/fil", params={**DAY, "format": "xlsx"})
    assert answer.status_code == 200
    assert "aktivitetsansvar-0180-2026-09-01.xlsx" in answer.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(answer.content), read_only=True)["Aktivitetsansvaret"]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header == HEADER
    assert len(rows) == 2
    shown = next(row for row in rows if row[1] == "Elev 2")
    assert shown[2].date() == date(2010, 3, 1)
    assert shown[3] == 16


def test_the_kaa_list_file_follows_the_search_and_the_status_of_the_page(
    official: TestClient,
) -> None:
    assert [row[1] for row in _csv_rows(official, sok="elev 2")[1:]] == ["Elev 2"]
    assert _csv_rows(official, status="working")[1:] == []
    assert len(_csv_rows(official, status="not_contacted")[1:]) == 2
    refused = official.get("/kommun/kaa/lista/fil", params={**DAY, "sok": "20100301-0000"})
    assert refused.status_code == 422


def test_the_officer_gets_the_protected_person_in_the_municipality_chosen_and_must_choose(
    officer: TestClient,
) -> None:
    names = [row[1] for row in _csv_rows(officer, kommun="0180")[1:]]
    assert sorted(names) == ["Elev 2", PROTECTED_NAME]
    assert officer.get("/kommun/kaa/lista/fil", params=DAY).status_code == 422


def test_the_kaa_list_file_speaks_english_when_asked(official: TestClient) -> None:
    official.cookies.set(LANGUAGE_COOKIE, "en")
    header, *rows = _csv_rows(official)
    assert header[2] == "Date of birth"
    assert "Not contacted" in {row[5] for row in rows}
