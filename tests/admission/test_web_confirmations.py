"""Irreversible actions ask first (issue 15 point 7): publishing a round and closing an offering
show what will happen on a confirmation page; a POST without the confirmation does nothing, and
the confirmation's POST does it, audited as before."""

# The school and officer pages' world is test_web_school_and_municipality's, imported by name.
# ruff: noqa: F811

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from web_support import form_token

from samverka.admission.db import tables as at
from samverka.admission.domain.rounds import RoundKind
from samverka.admission.services.rounds import run_round
from samverka.unit_of_work import SqlUnitOfWork

from .test_web_school_and_municipality import (  # noqa: F401 (the fixtures)
    AFTER_FINAL,
    COMMAND_LINE,
    YEAR,
    _audit,
    app,
    database,
    officer,
    published,
    school,
)


def _status(database: sessionmaker[Session], table: str, key: object) -> str:
    with database() as session:
        if table == "round":
            r = at.admission_round
            return str(session.execute(select(r.c.status).where(r.c.id == key)).scalar_one())
        o = at.offering
        return str(session.execute(select(o.c.status).where(o.c.code == key)).scalar_one())


def test_publishing_a_round_shows_the_changes_first_and_only_the_confirmation_publishes(
    officer: TestClient, database: sessionmaker[Session], published: int
) -> None:
    reserve = run_round(
        SqlUnitOfWork(database),
        year=YEAR,
        kind=RoundKind.RESERVE,
        seed=9,
        actor=COMMAND_LINE,
        now=AFTER_FINAL,
    ).round_id
    rounds = officer.get("/antagning").text
    assert f'href="/antagning/omgangar/{reserve}/publicera"' in rounds
    path = f"/antagning/omgangar/{reserve}/publicera"
    page = officer.get(path)
    assert page.status_code == 200
    assert f"Publicera omgång {reserve}?" in page.text
    assert f"Jämfört med omgång {published}, som publicerades senast:" in page.text
    for line in ("Antagna", "Flyttas till en annan utbildning", "Förlorar sin plats"):
        assert f'<th scope="row">{line}</th>' in page.text
    assert "Det går inte att ångra." in page.text
    assert 'name="confirmed" value="ja"' in page.text
    publications = len(_audit(database, "publish"))
    unconfirmed = officer.post(path, data={"csrf_token": form_token(officer, path)})
    assert unconfirmed.status_code == 200
    assert f"Publicera omgång {reserve}?" in unconfirmed.text
    assert _status(database, "round", reserve) == "stored"
    assert len(_audit(database, "publish")) == publications
    form = {"csrf_token": form_token(officer, path), "confirmed": "ja"}
    done = officer.post(path, data=form, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, f"/antagning?published={reserve}")
    assert _status(database, "round", reserve) == "published"
    assert _audit(database, "publish")[publications:] == ["officer:alva"]


def test_the_first_publication_of_the_year_says_so(
    officer: TestClient, database: sessionmaker[Session]
) -> None:
    final = run_round(
        SqlUnitOfWork(database),
        year=YEAR,
        kind=RoundKind.FINAL,
        seed=7,
        actor=COMMAND_LINE,
        now=AFTER_FINAL,
    ).round_id
    page = officer.get(f"/antagning/omgangar/{final}/publicera").text
    assert "Det är årets första publicerade omgång." in page
    assert "Flyttas till en annan utbildning" not in page


def test_closing_an_offering_says_whom_it_concerns_and_the_way_back_first(
    school: TestClient, database: sessionmaker[Session], published: int
) -> None:
    offering = school.get("/skola/utbildningar/NORRA-EK").text
    assert 'href="/skola/utbildningar/NORRA-EK/stang"' in offering
    path = "/skola/utbildningar/NORRA-EK/stang"
    page = school.get(path)
    assert page.status_code == 200
    assert "Stänga NORRA-EK?" in page.text
    assert "Sökande som har valt utbildningen: 2." in page.text
    assert "Antagna här i senaste publicerade omgången: 1." in page.text
    assert "öppna utbildningen igen, men bara tills nästa antagningsomgång har körts" in page.text
    unconfirmed = school.post(path, data={"csrf_token": form_token(school, path)})
    assert unconfirmed.status_code == 200
    assert "Stänga NORRA-EK?" in unconfirmed.text
    assert _status(database, "offering", "NORRA-EK") == "open"
    assert _audit(database, "close") == []
    form = {"csrf_token": form_token(school, path), "confirmed": "ja"}
    done = school.post(path, data=form)
    assert done.status_code == 200
    assert _status(database, "offering", "NORRA-EK") == "closed"
    assert _audit(database, "close") == ["school:rektor"]
