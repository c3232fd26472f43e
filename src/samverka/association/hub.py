"""The association's own pages start at ``/forbund``: a hub linking member fees, state grants,
the operations plan and budget, board work and agreements.

The association's staff (``association_staff``) keep these; a board member reads them
(``association.http.AssociationRead``; each part declares who may read and change its pages and API
once, in its ``http.py``: ``FeesRead``, ``GrantsWrite``, ``PlanRead``, ``BoardWrite``, …). A
municipality reaches its own fees and grants from its own pages (``/kommun/...``).
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from samverka.association.http import AssociationRead
from samverka.platform.web.i18n import N_
from samverka.platform.web.templating import render

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Section:
    href: str
    title: str  # Swedish, translated when shown
    summary: str


SECTIONS: tuple[Section, ...] = (
    Section(
        "/forbund/avgifter",
        N_("Medlemsavgifter"),
        N_("Serviceavgift i promille av skatteintäkterna och antagningsavgift per 16-åring."),
    ),
    Section(
        "/forbund/stimulansmedel",
        N_("Stimulansmedel"),
        N_("Statsbidrag som fördelas till kommunerna, och uppföljning av hur de används."),
    ),
    Section(
        "/forbund/verksamhetsplan",
        N_("Verksamhetsplan"),
        N_("Fokusområden, mål, uppdrag och aktiviteter med timmar och uppföljning."),
    ),
    Section(
        "/forbund/budget",
        N_("Budget"),
        N_("Budget per enhet och år bredvid de två föregående åren, och personalfördelning."),
    ),
    Section(
        "/forbund/styrelse",
        N_("Styrelse och styrgrupper"),
        N_("Sammanträden med föredragningslista, handlingar, beslut och protokoll."),
    ),
    Section(
        "/forbund/avtal",
        N_("Avtal"),
        N_("Avtal med regionen och mellan kommunerna, och de som ska revideras."),
    ),
)


@router.get("/forbund", name="association", response_class=HTMLResponse)
def association_hub(request: Request, actor: AssociationRead) -> Response:
    return render(request, "association/hub.html", {"sections": SECTIONS, "actor": actor})
