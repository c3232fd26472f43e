"""Issue 15 point 3: the catalogue's free text finds what an applicant types — names with Å, Ä
and Ö in any case, several words in any order, a programme by its name — on SQLite and
PostgreSQL alike (``admission.queries.catalogue``; the names: ``domain.programme_names``,
skollagen 16 kap. 2 § and gymnasieförordningen bilaga 1)."""

from __future__ import annotations

from datetime import UTC, datetime

from admission_year_builders import MUNICIPALITIES, OFFICE, YEAR
from sqlalchemy.orm import Session

from samverka.admission.domain.calendar import stockholm_calendar
from samverka.admission.domain.catalogue import (
    Catalogue,
    Municipality,
    Offering,
    Organiser,
    SchoolUnit,
)
from samverka.admission.domain.programme_names import PROGRAMME_NAMES, programme_name
from samverka.admission.domain.year_settings import YearSettings
from samverka.admission.queries.catalogue import (
    CatalogueSearch,
    kept_catalogue,
    search_catalogue,
    search_kept,
)
from samverka.admission.services.admission_year import open_admission_year
from samverka.unit_of_work import SqlUnitOfWork


def _region(uow: SqlUnitOfWork) -> None:
    catalogue = Catalogue(
        organisers=[
            Organiser("Österåkers kommun", "municipal", "0117"),
            Organiser("Stockholms stad", "municipal", "0180"),
        ],
        school_units=[
            SchoolUnit("33333333", "Åva gymnasium", "Österåkers kommun", "0117"),
            SchoolUnit("44444444", "Östra Real", "Stockholms stad", "0180"),
        ],
        offerings=[
            Offering("AVA-NA", "33333333", "NA", 30, orientation="Naturvetenskap"),
            Offering("AVA-TE", "33333333", "TE", 30, orientation="Informations- och medieteknik"),
            Offering("OSTRA-NA", "44444444", "NA", 60, orientation="Naturvetenskap och samhälle"),
            Offering("OSTRA-SA", "44444444", "SA", 60),
        ],
    )
    open_admission_year(
        uow,
        year=YEAR,
        region="Storsthlm",
        calendar=stockholm_calendar(YEAR),
        settings=YearSettings(),
        municipalities=[*MUNICIPALITIES, Municipality("0117", "Österåker", 47000)],
        catalogue=catalogue,
        actor=OFFICE,
        now=datetime(YEAR, 1, 2, tzinfo=UTC),
    )


def _found(session: Session, text: str = "", orientation: str = "") -> list[str]:
    search = CatalogueSearch(text=text, orientation=orientation, limit=50)
    return [entry.code for entry in search_catalogue(session, YEAR, search).entries]


def test_a_municipality_or_school_with_a_swedish_letter_is_found_in_any_case(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _region(uow)
    assert _found(session, "Österåker") == ["AVA-NA", "AVA-TE"]
    assert _found(session, "österåker") == ["AVA-NA", "AVA-TE"]
    assert _found(session, "ÖSTRA") == ["OSTRA-NA", "OSTRA-SA"]
    assert _found(session, "åva") == ["AVA-NA", "AVA-TE"]


def test_every_word_must_be_found_in_any_order(uow: SqlUnitOfWork, session: Session) -> None:
    _region(uow)
    assert _found(session, "na östra") == ["OSTRA-NA"]
    assert _found(session, "samhälle naturvetenskap") == ["OSTRA-NA"]
    assert _found(session, "teknik österåker") == ["AVA-TE"]
    assert _found(session, "teknik östra") == []


def test_a_programme_is_found_by_its_name(uow: SqlUnitOfWork, session: Session) -> None:
    _region(uow)
    assert _found(session, "Naturvetenskapsprogrammet") == ["AVA-NA", "OSTRA-NA"]
    assert _found(session, "samhällsvetenskap") == ["OSTRA-SA"]
    assert _found(session, "teknikprogrammet") == ["AVA-TE"]


def test_the_orientation_narrows_by_its_words(uow: SqlUnitOfWork, session: Session) -> None:
    _region(uow)
    assert _found(session, orientation="SAMHÄLLE") == ["OSTRA-NA"]
    assert _found(session, "österåker", orientation="medieteknik") == ["AVA-TE"]


def test_the_kept_catalogue_finds_what_the_database_finds_in_the_same_order(
    uow: SqlUnitOfWork, session: Session
) -> None:
    _region(uow)
    kept = kept_catalogue(session, YEAR)
    searches = [
        CatalogueSearch(),
        CatalogueSearch(limit=1),
        CatalogueSearch(limit=2, offset=1),
        CatalogueSearch(limit=2, offset=3),
        CatalogueSearch(offset=10),
        CatalogueSearch(programme=" na "),
        CatalogueSearch(programme="XX"),
        CatalogueSearch(municipality_code="0180"),
        CatalogueSearch(school_unit_code="33333333"),
        CatalogueSearch(text="Österåker", limit=1, offset=1),
        CatalogueSearch(text="naturvetenskap", programme="NA", municipality_code="0117"),
        CatalogueSearch(text="ingenting"),
        CatalogueSearch(orientation="samhälle"),
    ]
    for search in searches:
        assert search_kept(kept, search) == search_catalogue(session, YEAR, search), search
    assert [entry.code for entry in kept.entries] == ["AVA-NA", "OSTRA-NA", "OSTRA-SA", "AVA-TE"]
    assert len(kept_catalogue(session, YEAR + 1).entries) == 0


def test_the_eighteen_national_and_the_introduction_programmes_have_their_names() -> None:
    national = [code for code in PROGRAMME_NAMES if not code.startswith("IM")]
    assert len(national) == 18
    assert all(PROGRAMME_NAMES[code].endswith("programmet") for code in national)
    assert programme_name("na") == "Naturvetenskapsprogrammet"
    assert programme_name("IMS") == "Språkintroduktion"
    assert programme_name("XX") is None
