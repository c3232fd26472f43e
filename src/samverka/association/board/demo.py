"""The demo's board: loaded through the services the association's staff use.

From the association's published board summaries (``shared/seeds``): four meetings of the
year — February, May (mandates to the two political steering groups for the term, members to
the structural-fund partnership and the energy office, the RSS report), September and December
(the operations plan and budget for the next year). Meetings on or before today are held, with
adjusted minutes; later ones are planned. Two steering groups with members, two elected
representatives, and six agreements with revision dates relative to today: two are due for
revision within 90 days. The people are invented.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from samverka.association.board.demo_texts import (
    AGREEMENTS,
    DIGITALISATION_MANDATE,
    INFRASTRUCTURE_MANDATE,
    MEMBERS,
    RSS_REPORT,
)
from samverka.association.board.domain.agreements import AgreementKind
from samverka.association.board.domain.board import ItemKind
from samverka.association.board.ports import Party, UnitOfWork
from samverka.association.board.services.agreements import add_agreement
from samverka.association.board.services.board import (
    add_agenda_item,
    add_meeting,
    adjust_minutes,
    attach_document,
    mark_meeting_held,
    record_decision,
    write_minutes,
)
from samverka.association.board.services.steering_groups import (
    add_group_member,
    add_representative,
    add_steering_group,
)
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.domain.swedish_time import swedish_today

STAFF = Actor("demo", Role.ASSOCIATION_STAFF, "Förbundets kansli")
PLACE = "Storsthlm, Stockholm"


def _term(year: int) -> tuple[date, date]:
    """The four-year term (mandatperiod) holding ``year``: 2023–2026, 2027–2030, …"""
    first = 2023 + 4 * ((year - 2023) // 4)
    return date(first, 1, 1), date(first + 3, 12, 31)


def _meeting(
    uow: UnitOfWork, on: date, items: list[tuple[str, ItemKind, str]], now: datetime
) -> tuple[int, list[int]]:
    meeting_id = add_meeting(uow, actor=STAFF, on=on, place=PLACE, now=now)
    ids = [
        add_agenda_item(
            uow, actor=STAFF, meeting_id=meeting_id, title=t, kind=k, presenter=p, now=now
        )
        for t, k, p in items
    ]
    return meeting_id, ids


def _close(uow: UnitOfWork, meeting_id: int, on: date, minutes: str, now: datetime) -> None:
    """Hold the meeting and adjust its minutes, when it is not in the future."""
    if on > swedish_today(now):
        return
    mark_meeting_held(uow, actor=STAFF, meeting_id=meeting_id, now=now)
    write_minutes(uow, actor=STAFF, meeting_id=meeting_id, text=minutes, now=now)
    adjusted = min(on + timedelta(days=7), swedish_today(now))
    adjust_minutes(
        uow,
        actor=STAFF,
        meeting_id=meeting_id,
        adjusted_by="Justerare Demo",
        adjusted_on=adjusted,
        now=now,
    )


def _decide(uow: UnitOfWork, item: int, on: date, text: str, ref: str, now: datetime) -> int:
    return record_decision(
        uow, actor=STAFF, item_id=item, text=text, decided_on=on, reference=ref, now=now
    )


def _may(uow: UnitOfWork, year: int, now: datetime) -> None:
    on = date(year, 5, 11)
    meeting_id, (mandates, elections, rss) = _meeting(
        uow,
        on,
        [
            ("Uppdrag till politiska styrgrupper", ItemKind.DECISION, "Förbundsdirektören"),
            (
                "Val till Strukturfondspartnerskapet och Energikontoret",
                ItemKind.DECISION,
                "Ordföranden",
            ),
            ("Återrapport och plan för RSS", ItemKind.REPORT, "Välfärdsutveckling"),
        ],
        now,
    )
    attach_document(
        uow,
        actor=STAFF,
        item_id=rss,
        title="Återrapport RSS",
        file_name="rss-aterrapport.txt",
        content=RSS_REPORT.encode(),
        now=now,
    )
    decision = _decide(
        uow,
        mandates,
        on,
        "Styrelsen ger uppdrag till styrgrupp infrastruktur och "
        "bostadsbyggande och till styrgrupp digitalisering.",
        f"STH {year}/21",
        now,
    )
    election = _decide(
        uow,
        elections,
        on,
        "Styrelsen väljer ledamöter till Strukturfondspartnerskapet och Energikontoret.",
        f"STH {year}/22",
        now,
    )
    start, end = _term(year)
    for name, mandate, members in (
        ("Styrgrupp infrastruktur och bostadsbyggande", INFRASTRUCTURE_MANDATE, MEMBERS[:4]),
        ("Styrgrupp digitalisering", DIGITALISATION_MANDATE, MEMBERS[4:]),
    ):
        group = add_steering_group(
            uow,
            actor=STAFF,
            name=name,
            mandate=mandate,
            start=start,
            end=end,
            decision_id=decision,
            now=now,
        )
        for person, organisation, role in members:
            add_group_member(
                uow,
                actor=STAFF,
                group_id=group,
                name=person,
                organisation=organisation,
                role=role,
                now=now,
            )
    for person, body in (
        ("Karin Sjöberg", "Storsthlms energikontor"),
        ("Per Ekman", "Strukturfondspartnerskapet Stockholm"),
    ):
        add_representative(
            uow,
            actor=STAFF,
            person=person,
            body=body,
            start=on,
            end=end,
            decision_id=election,
            now=now,
        )
    minutes = (
        "§ 1 Uppdrag till politiska styrgrupper: beslut.\n§ 2 Val: beslut.\n"
        "§ 3 RSS: återrapporten lades till handlingarna."
    )
    _close(uow, meeting_id, on, minutes, now)


def _december(uow: UnitOfWork, year: int, now: datetime) -> None:
    on = date(year, 12, 11)
    meeting_id, (plan, budget, _) = _meeting(
        uow,
        on,
        [
            (f"Verksamhetsplan {year + 1}", ItemKind.DECISION, "Förbundsdirektören"),
            (f"Budget {year + 1} och serviceavgift", ItemKind.DECISION, "Ekonomichefen"),
            ("Information om statliga stimulansmedel", ItemKind.INFORMATION, "Välfärdsutveckling"),
        ],
        now,
    )
    _decide(
        uow,
        plan,
        on,
        f"Styrelsen fastställer verksamhetsplanen för {year + 1}.",
        f"STH {year}/58",
        now,
    )
    _decide(
        uow,
        budget,
        on,
        f"Styrelsen fastställer budgeten för {year + 1} och serviceavgiften "
        "0,42 promille av kommunernas skatte- och bidragsintäkter.",
        f"STH {year}/59",
        now,
    )
    _close(
        uow,
        meeting_id,
        on,
        "§ 1 Verksamhetsplan: beslut.\n§ 2 Budget: beslut.\n§ 3 Information.",
        now,
    )


def _others(uow: UnitOfWork, year: int, now: datetime) -> None:
    for on, title in ((date(year, 2, 9), "Årsredovisning"), (date(year, 9, 14), "Delårsrapport")):
        meeting_id, (report,) = _meeting(
            uow,
            on,
            [
                (
                    f"{title} {year - 1 if on.month == 2 else year}",
                    ItemKind.DECISION,
                    "Ekonomichefen",
                )
            ],
            now,
        )
        _decide(
            uow,
            report,
            on,
            f"Styrelsen godkänner {title.lower()}en.",
            f"STH {year}/{on.month:02d}",
            now,
        )
        _close(uow, meeting_id, on, f"§ 1 {title}: beslut.", now)


def _agreements(uow: UnitOfWork, today: date, now: datetime) -> None:
    region = Party(organisation="Region Stockholm")
    with uow:
        members = uow.catalogue.municipality_codes()
    municipalities = [Party(municipality_code=code) for code in members]
    for title, kind, first_year, end, owner, days in AGREEMENTS:
        parties = [region, *municipalities] if kind is AgreementKind.REGION else municipalities
        start = date(first_year, 1, 1)
        add_agreement(
            uow,
            actor=STAFF,
            title=title,
            kind=kind,
            parties=parties,
            start=start,
            end=end,
            owner=owner,
            revision_date=today + timedelta(days=days),
            follow_up_dates=[today + timedelta(days=days // 2)],
            now=now,
        )


def load_demo_board(uow: UnitOfWork, year: int, now: datetime) -> None:
    """Load the demo's board for ``year``, as it stands at ``now`` (held meetings are those
    before today, Swedish time)."""
    _others(uow, year, now)
    _may(uow, year, now)
    _december(uow, year, now)
    _agreements(uow, swedish_today(now), now)
