"""Money between municipalities in the database: price lists, supplement tiers, compensation
runs and their pupil-month lines, the placed pupil-months left unpaid with their reasons, and
closed months.

Lines are append-only: a run adds its lines with ``add_lines`` (``bulk_insert``: COPY on
PostgreSQL) and nothing here changes or deletes one. Reading the booked history for a run is
the hot path of a year's recompute, so rows are read through the driver's cursor and turned
into ``PupilMonthLine``s with months, organisers, amounts and dates shared through caches.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from samverka.compensation.db import tables as t
from samverka.compensation.domain.digest import RecheckBasis
from samverka.compensation.domain.month_lines import (
    BookedLine,
    LineKey,
    LineKind,
    LinePurpose,
    PupilMonthLine,
    Unpaid,
)
from samverka.compensation.domain.monthly_compensation import CompensationSettings
from samverka.compensation.domain.organiser import Organiser, OrganiserKind
from samverka.compensation.domain.period import Month
from samverka.compensation.domain.price_list import CostType, Price, PriceList, PriceSource
from samverka.compensation.domain.reconciliation import TotalKey
from samverka.compensation.domain.structure_supplement import SupplementSchedule, SupplementTier
from samverka.compensation.ports import CompensationRunRow
from samverka.platform.db.inserts import bulk_insert, bulk_insert_values, insert_returning_id

_COSTS = tuple(CostType)
_ZERO = Decimal(0)
_CENT = Decimal("0.01")
_CHUNK = 900  # pupil ids per IN list (SQLite's old limit of bound parameters is 999)
_LINE_COLUMNS = (
    "run_id", "pupil_id", "service_month", "booked_in", "kind", "payer", "payee_kind",
    "payee_code", "school_unit", "programme", "orientation", "price_amount",
    "supplement_amount", "amount", "measurement_date", "price_source", "admin_amount",
    "vat_amount", "purpose", "decision_id", "invoice",
)  # fmt: skip
_PURPOSES = {purpose.value: purpose for purpose in LinePurpose}
_AMOUNT_COLUMNS = re.compile(r"\b(price_amount|supplement_amount|admin_amount|vat_amount)\b")


def _decimal(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value.quantize(_CENT)
    if isinstance(value, float):
        return Decimal(f"{value:.2f}")
    return Decimal(str(value)).quantize(_CENT)


def _date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class SqlCompensationRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    # -- price lists --------------------------------------------------------------------------
    def price_list(self, year: int, kind: str) -> PriceList | None:
        pl, p = t.price_list, t.price
        list_id = self._s.execute(
            select(pl.c.id).where(pl.c.year == year, pl.c.kind == kind)
        ).scalar_one_or_none()
        if list_id is None:
            return None
        rows = self._s.execute(select(p).where(p.c.price_list_id == list_id).order_by(p.c.id))
        prices = []
        for row in rows:
            m = row._mapping
            components = tuple(
                (cost, Decimal(m[cost.value])) for cost in _COSTS if m[cost.value] is not None
            )
            prices.append(
                Price(
                    programme=m["programme"],
                    orientation=m["orientation"],
                    yearly=Decimal(m["yearly"]),
                    components=components,
                    municipality=m["municipality_code"],
                )
            )
        return PriceList(year, tuple(prices))

    def replace_price_list(
        self, price_list: PriceList, kind: str, *, actor: str, at: datetime
    ) -> int:
        pl, p = t.price_list, t.price
        old = self._s.execute(
            select(pl.c.id).where(pl.c.year == price_list.year, pl.c.kind == kind)
        ).scalar_one_or_none()
        if old is not None:
            self._s.execute(delete(p).where(p.c.price_list_id == old))
            self._s.execute(delete(pl).where(pl.c.id == old))
        list_id = insert_returning_id(
            self._s,
            pl,
            {"year": price_list.year, "kind": kind, "created_at": at, "created_by": actor},
        )
        rows = []
        for price in price_list.prices:
            row: dict[str, Any] = {
                "price_list_id": list_id,
                "programme": price.programme,
                "orientation": price.orientation,
                "municipality_code": price.municipality,
                "yearly": price.yearly,
            }
            given = dict(price.components)
            for cost in _COSTS:
                row[cost.value] = given.get(cost) if price.components else None
            rows.append(row)
        if rows:
            self._s.execute(insert(p), rows)
        return list_id

    # -- structure supplement -----------------------------------------------------------------
    def supplement_schedule(self, year: int) -> SupplementSchedule | None:
        s = t.supplement_tier
        rows = self._s.execute(select(s).where(s.c.year == year).order_by(s.c.level)).all()
        if not rows:
            return None
        tiers = tuple(
            SupplementTier(row.level, Decimal(row.below), Decimal(row.yearly_amount))
            for row in rows
        )
        return SupplementSchedule(year, tiers)

    def replace_supplement_schedule(self, schedule: SupplementSchedule) -> None:
        s = t.supplement_tier
        self._s.execute(delete(s).where(s.c.year == schedule.year))
        rows = [
            {
                "year": schedule.year,
                "level": tier.level,
                "below": tier.below,
                "yearly_amount": tier.yearly_amount,
            }
            for tier in schedule.tiers
        ]
        if rows:
            self._s.execute(insert(s), rows)

    # -- the region's settings ----------------------------------------------------------------
    def settings(self) -> CompensationSettings | None:
        c = t.compensation_setting
        stored = self._s.execute(select(c.c.settings).where(c.c.id == 1)).scalar()
        return None if stored is None else CompensationSettings.from_dict(stored)

    def set_settings(self, settings: CompensationSettings, *, at: datetime, by: str) -> None:
        c = t.compensation_setting
        self._s.execute(delete(c).where(c.c.id == 1))
        values = {"id": 1, "settings": settings.to_dict(), "changed_at": at, "changed_by": by}
        self._s.execute(insert(c).values(values))

    # -- closed months ------------------------------------------------------------------------
    def closing(self, month: Month) -> tuple[datetime, str] | None:
        c = t.month_closing
        row = self._s.execute(
            select(c.c.closed_at, c.c.closed_by).where(c.c.month == str(month))
        ).first()
        return None if row is None else (row.closed_at, row.closed_by)

    def close_month(self, month: Month, *, at: datetime, by: str) -> None:
        self._s.execute(
            insert(t.month_closing).values(month=str(month), closed_at=at, closed_by=by)
        )

    # -- runs and lines -----------------------------------------------------------------------
    def booked_months(self, first: Month, last: Month) -> list[Month]:
        """The service months from ``first`` to ``last`` with lines or unpaid pupil-months."""
        found: set[str] = set()
        for table in (t.compensation_line, t.compensation_unpaid):
            found.update(
                self._s.execute(
                    select(table.c.service_month)
                    .where(table.c.service_month.between(str(first), str(last)))
                    .distinct()
                ).scalars()
            )
        return sorted(Month.parse(text) for text in found)

    def replace_unpaid(
        self,
        run_id: int,
        unpaid: Sequence[Unpaid],
        *,
        month: Month,
        rechecked: Sequence[Month],
        pupils: Collection[str] | None,
    ) -> None:
        """The run's unpaid pupil-months replace those of what it examined: ``month`` for
        everyone, the ``rechecked`` months for ``pupils`` (None: everyone)."""
        u = t.compensation_unpaid
        everyone = [str(month)] + ([str(m) for m in rechecked] if pupils is None else [])
        self._s.execute(delete(u).where(u.c.service_month.in_(everyone)))
        if pupils is not None and rechecked:
            months = [str(m) for m in rechecked]
            ids = sorted(set(pupils))
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                self._s.execute(
                    delete(u).where(u.c.service_month.in_(months), u.c.pupil_id.in_(chunk))
                )
        rows = [
            {
                "run_id": run_id,
                "pupil_id": item.pupil_id,
                "service_month": str(item.service_month),
                "reason": item.reason.value,
                "measurement_date": item.measurement_date,
                "payer": item.payer,
                "school_unit": item.school_unit,
                "programme": item.programme,
                "orientation": item.orientation,
                "detail": item.detail[:300],
            }
            for item in unpaid
        ]
        if rows:
            bulk_insert(self._s, u, rows)

    def booked_lines(self, service_months: Collection[Month]) -> list[PupilMonthLine]:
        if not service_months:
            return []
        return self._lines("service_month", service_months)

    def booked_history(
        self, service_months: Collection[Month], pupils: Collection[str] | None = None
    ) -> list[BookedLine]:
        """The lines booked for ``service_months`` as light records for the corrections; only
        those of ``pupils`` when given (each pupil's lines in the order booked)."""
        if not service_months or (pupils is not None and not pupils):
            return []
        rows = self._fetch(
            "pupil_id, service_month, payer, payee_kind, payee_code, school_unit, programme,"
            " orientation, price_amount, supplement_amount, measurement_date, price_source,"
            " admin_amount, vat_amount, purpose, decision_id, invoice",
            "service_month",
            service_months,
            pupils,
        )
        months: dict[str, Month] = {}
        keys: dict[tuple[str, str, str, str, str, str | None, str, int | None], LineKey] = {}
        amounts: dict[object, Decimal] = {}
        days: dict[object, date] = {}
        sources: dict[str, PriceSource] = {source.value: source for source in PriceSource}
        new = tuple.__new__
        out: list[BookedLine] = []
        append = out.append
        for (pupil, service, payer, payee_kind, payee_code, unit, programme, orientation,
             price_value, supplement_value, day_value, source, admin_value, vat_value,
             purpose, decision, invoice) in rows:  # fmt: skip
            service_month = months.get(service)
            if service_month is None:
                service_month = months[service] = Month.parse(service)
            raw_key = (
                payer,
                payee_kind,
                payee_code,
                unit,
                programme,
                orientation,
                purpose,
                decision,
            )
            key = keys.get(raw_key)
            if key is None:
                payee = Organiser(OrganiserKind(payee_kind), payee_code)
                key = keys[raw_key] = (
                    payer, payee, unit, programme, orientation, _PURPOSES[purpose], decision,
                )  # fmt: skip
            price_amount = amounts.get(price_value)
            if price_amount is None:
                price_amount = amounts[price_value] = _decimal(price_value)
            supplement_amount = amounts.get(supplement_value)
            if supplement_amount is None:
                supplement_amount = amounts[supplement_value] = _decimal(supplement_value)
            day = days.get(day_value)
            if day is None:
                day = days[day_value] = _date(day_value)
            admin_amount = amounts.get(admin_value)
            if admin_amount is None:
                admin_amount = amounts[admin_value] = _decimal(admin_value)
            vat_amount = amounts.get(vat_value)
            if vat_amount is None:
                vat_amount = amounts[vat_value] = _decimal(vat_value)
            append(
                new(
                    BookedLine,
                    (
                        pupil,
                        service_month,
                        key,
                        price_amount,
                        supplement_amount,
                        day,
                        sources[source],
                        admin_amount,
                        vat_amount,
                        bool(invoice),
                    ),
                )
            )
        return out

    def _fetch(
        self,
        columns: str,
        column: str,
        months: Collection[Month],
        pupils: Collection[str] | None = None,
    ) -> list[Any]:
        """Rows of ``columns`` of the lines whose ``column`` is one of ``months`` (and, when
        ``pupils`` is given, whose pupil is one of them: by the pupil index, in chunks),
        through the driver's own cursor (no per-row type processing), in the order booked
        (per pupil, when ``pupils`` is given). PostgreSQL takes the pupils as one array;
        SQLite in lists of at most ``_CHUNK`` parameters."""
        # The months are formatted from integers (``Month.__str__``), so inlining is safe.
        listed = ", ".join(f"'{month}'" for month in sorted(set(months)))
        postgresql = self._s.get_bind().dialect.name == "postgresql"
        if postgresql:  # amounts as text: a few distinct values, each made a Decimal once
            columns = _AMOUNT_COLUMNS.sub(r"\1::text", columns)
        sql = f"SELECT {columns} FROM compensation_line WHERE {column} IN ({listed})"
        raw = self._s.connection().connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            if pupils is None:
                cursor.execute(sql + " ORDER BY id")
                return list(cursor.fetchall())
            ids = sorted(set(pupils))
            if postgresql:  # one array, one round trip
                cursor.execute(f"{sql} AND pupil_id = ANY(%s) ORDER BY id", [ids])
                return list(cursor.fetchall())
            marker = "?"
            out: list[Any] = []
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                markers = ", ".join([marker] * len(chunk))
                cursor.execute(f"{sql} AND pupil_id IN ({markers}) ORDER BY id", chunk)
                out.extend(cursor.fetchall())
            return out
        finally:
            cursor.close()

    def lines_booked_in(self, months: Collection[Month]) -> list[PupilMonthLine]:
        if not months:
            return []
        return self._lines("booked_in", months)

    def _lines(self, column: str, months: Collection[Month]) -> list[PupilMonthLine]:
        """The lines whose ``column`` (service_month or booked_in) is one of ``months``.

        Read through the driver's own cursor, without SQLAlchemy's per-row type processing:
        amounts, dates and months repeat a great deal, so each distinct value is converted
        once (SQLite gives floats and ISO text, PostgreSQL Decimals and dates).
        """
        rows = self._fetch(
            "pupil_id, service_month, booked_in, kind, payer, payee_kind, payee_code,"
            " school_unit, programme, orientation, price_amount, supplement_amount,"
            " measurement_date, price_source, admin_amount, vat_amount, purpose, decision_id,"
            " invoice",
            column,
            months,
        )
        parsed_months: dict[str, Month] = {}
        organisers: dict[tuple[str, str], Organiser] = {}
        amounts: dict[object, Decimal] = {}
        days: dict[object, date] = {}
        kinds: dict[str, LineKind] = {kind.value: kind for kind in LineKind}
        sources: dict[str, PriceSource] = {source.value: source for source in PriceSource}
        out: list[PupilMonthLine] = []
        append = out.append
        for (pupil, service, booked, kind, payer, payee_kind, payee_code, unit, programme,
             orientation, price_value, supplement_value, day_value, source, admin_value,
             vat_value, purpose, decision, invoice) in rows:  # fmt: skip
            service_month = parsed_months.get(service)
            if service_month is None:
                service_month = parsed_months[service] = Month.parse(service)
            booked_in = parsed_months.get(booked)
            if booked_in is None:
                booked_in = parsed_months[booked] = Month.parse(booked)
            payee = organisers.get((payee_kind, payee_code))
            if payee is None:
                payee = Organiser(OrganiserKind(payee_kind), payee_code)
                organisers[(payee_kind, payee_code)] = payee
            price_amount = amounts.get(price_value)
            if price_amount is None:
                price_amount = amounts[price_value] = _decimal(price_value)
            supplement_amount = amounts.get(supplement_value)
            if supplement_amount is None:
                supplement_amount = amounts[supplement_value] = _decimal(supplement_value)
            day = days.get(day_value)
            if day is None:
                day = days[day_value] = _date(day_value)
            admin_amount = amounts.get(admin_value)
            if admin_amount is None:
                admin_amount = amounts[admin_value] = _decimal(admin_value)
            vat_amount = amounts.get(vat_value)
            if vat_amount is None:
                vat_amount = amounts[vat_value] = _decimal(vat_value)
            append(
                PupilMonthLine(
                    pupil, service_month, booked_in, kinds[kind], payer, payee, unit,
                    programme, orientation, price_amount, supplement_amount,
                    price_amount + supplement_amount + admin_amount + vat_amount, day,
                    sources[source], admin_amount, vat_amount, _PURPOSES[purpose], decision,
                    bool(invoice),
                )
            )  # fmt: skip
        return out

    def add_run(self, row: CompensationRunRow) -> int:
        return insert_returning_id(
            self._s,
            t.compensation_run,
            {
                "month": str(row.month),
                "kind": row.kind,
                "status": row.status,
                "created_at": row.created_at,
                "created_by": row.created_by,
                "settings": row.settings,
                "rechecked": [str(month) for month in row.rechecked],
                "lines": row.lines,
                "regular_total": row.regular_total,
                "correction_total": row.correction_total,
                "total": row.total,
                "anomalies": row.anomalies,
                "timings": row.timings,
            },
        )

    def add_lines(self, run_id: int, lines: Sequence[PupilMonthLine]) -> None:
        texts: dict[Month, str] = {}

        def text(month: Month) -> str:
            found = texts.get(month)
            if found is None:
                found = texts[month] = str(month)
            return found

        values = [
            (
                run_id,
                line.pupil_id,
                text(line.service_month),
                text(line.booked_in),
                line.kind.value,
                line.payer,
                line.payee.kind.value,
                line.payee.code,
                line.school_unit,
                line.programme,
                line.orientation,
                line.price_amount,
                line.supplement_amount,
                line.amount,
                line.measurement_date,
                line.price_source.value,
                line.admin_amount,
                line.vat_amount,
                line.purpose.value,
                line.decision_id,
                line.invoice,
            )
            for line in lines
        ]
        bulk_insert_values(self._s, t.compensation_line, _LINE_COLUMNS, values)

    def add_run_totals(
        self, run_id: int, totals: Mapping[TotalKey, Decimal], counts: Mapping[TotalKey, int]
    ) -> None:
        """What the run states it books per payer, payee (and its own month)."""
        rows = [
            {
                "run_id": run_id,
                "payer": payer,
                "payee_kind": payee.kind.value,
                "payee_code": payee.code,
                "lines": counts[(payer, payee, booked_in)],
                "amount": amount,
            }
            for (payer, payee, booked_in), amount in totals.items()
        ]
        if rows:
            self._s.execute(insert(t.compensation_run_total), rows)

    def stored_totals(self, run_id: int) -> dict[TotalKey, Decimal]:
        """The database's own sums of the run's lines per (payer, payee, month booked in)."""
        line = t.compensation_line
        query = (
            select(
                line.c.payer,
                line.c.payee_kind,
                line.c.payee_code,
                line.c.booked_in,
                func.sum(line.c.amount),
            )
            .where(line.c.run_id == run_id)
            .group_by(line.c.payer, line.c.payee_kind, line.c.payee_code, line.c.booked_in)
        )
        return {
            (payer, Organiser(OrganiserKind(kind), code), Month.parse(booked)): Decimal(total)
            for payer, kind, code, booked, total in self._s.execute(query)
        }

    # -- digests of the incremental run ------------------------------------------------------
    def pupil_digests(self) -> dict[str, str]:
        d = t.compensation_pupil_digest
        return dict(self._s.execute(select(d.c.pupil_id, d.c.digest)).all())

    def store_pupil_digests(
        self, run_id: int, changed: Mapping[str, str], removed: Collection[str]
    ) -> None:
        """Drop the digests of ``removed`` pupils, then store those of ``changed`` (new or
        replacing one in ``removed``) as stored by ``run_id``."""
        d = t.compensation_pupil_digest
        gone = sorted(set(removed))
        for start in range(0, len(gone), _CHUNK):
            self._s.execute(delete(d).where(d.c.pupil_id.in_(gone[start : start + _CHUNK])))
        rows = [
            {"pupil_id": pupil, "digest": digest, "run_id": run_id}
            for pupil, digest in changed.items()
        ]
        if rows:
            bulk_insert(self._s, d, rows)

    def recheck_basis(self) -> RecheckBasis | None:
        """The basis the latest run left (None before any run with one)."""
        b = t.compensation_recheck_basis
        row = self._s.execute(select(b).order_by(b.c.run_id.desc()).limit(1)).first()
        if row is None:
            return None
        return RecheckBasis(
            settings=row.settings_digest,
            tariffs={int(year): digest for year, digest in dict(row.tariff_digests).items()},
            covered=tuple(Month.parse(text) for text in row.covered),
        )

    def add_recheck_basis(self, run_id: int, basis: RecheckBasis) -> None:
        self._s.execute(
            insert(t.compensation_recheck_basis).values(
                run_id=run_id,
                settings_digest=basis.settings,
                tariff_digests={str(year): digest for year, digest in basis.tariffs.items()},
                covered=[str(month) for month in basis.covered],
            )
        )

    def runs(self, month: Month | None = None) -> list[CompensationRunRow]:
        r = t.compensation_run
        query = select(r).order_by(r.c.id)
        if month is not None:
            query = query.where(r.c.month == str(month))
        return [
            CompensationRunRow(
                id=row.id,
                month=Month.parse(row.month),
                kind=row.kind,
                status=row.status,
                created_at=row.created_at,
                created_by=row.created_by,
                settings=dict(row.settings),
                rechecked=tuple(Month.parse(text) for text in row.rechecked),
                lines=row.lines,
                regular_total=Decimal(row.regular_total),
                correction_total=Decimal(row.correction_total),
                total=Decimal(row.total),
                anomalies=list(row.anomalies),
                timings=dict(row.timings),
            )
            for row in self._s.execute(query)
        ]
