"""The dashboard of all municipalities for the default period, computed each morning.

Counting the whole country takes seconds (every placement and move of the twelve months, and
the comparison of municipalities: about 5 s for 500 000 placements on PostgreSQL), too long
for a page. The admin's first view, all municipalities and the default period, is therefore
computed once a day by the scheduler's "statistics" sweep, in each language, and the page
shows it with the time it was computed. Any other filters, and "Tæl tallene igen nu", are
computed while one waits. A municipality's own dashboard takes a twentieth of that and is
always counted on the spot.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime

from flask_babel import force_locale
from sqlalchemy import delete, select

from placement.common import clock
from placement.extensions import db
from placement.models import StatisticsSnapshot
from placement.statistics import reading
from placement.statistics.aggregates import dashboard
from placement.statistics.comparison import COMPARISON, compare_municipalities
from placement.statistics.tables import Column, Filters, Table, default_period

LANGUAGES = ("da", "en")


def compute(filters: Filters, today: date, *, compare: bool) -> list[Table]:
    """The page's tables for these filters, counted now; with the comparison of
    municipalities first when compare (an admin's view of all municipalities)."""
    tables = dashboard(filters, today)
    return ([compare_municipalities(filters, today, tables)] if compare else []) + tables


def tables_for(
    filters: Filters,
    today: date,
    language: str,
    *,
    compare: bool,
    fresh: bool = False,
    only: str | None = None,
) -> tuple[list[Table], datetime | None]:
    """The tables the page shows, and when they were computed: the morning's snapshot when
    the filters are its own (all municipalities, the default period, today) and fresh figures
    were not asked for, else counted now (None). `only`: the key of the one table wanted (a
    CSV export); counted now, the comparison is then left out unless it is that table."""
    if compare and not fresh and filters == _snapshot_filters(today):
        found = reading.session().scalar(
            select(StatisticsSnapshot).where(
                StatisticsSnapshot.day == today, StatisticsSnapshot.language == language
            )
        )
        if found is not None:
            return _tables(found.tables_json), found.computed_at
    return compute(filters, today, compare=compare and only in (None, COMPARISON)), None


def take(now: datetime) -> int:
    """The sweep: today's snapshot in each language that lacks one (a rerun finds them made
    and counts nothing), and earlier days' snapshots deleted. Returns how many were made."""
    today = clock.today(now)
    have = set(
        db.session.scalars(
            select(StatisticsSnapshot.language).where(StatisticsSnapshot.day == today)
        )
    )
    made = 0
    for language in LANGUAGES:
        if language in have:
            continue
        with force_locale(language):
            # Counted on the replica when there is one; written to the primary.
            tables, read = reading.read(
                lambda: compute(_snapshot_filters(today), today, compare=True)
            )
        db.session.add(
            StatisticsSnapshot(
                day=today,
                language=language,
                computed_at=read.counted_at(now),
                tables_json=_json(tables),
            )
        )
        made += 1
    db.session.execute(delete(StatisticsSnapshot).where(StatisticsSnapshot.day < today))
    return made


def _snapshot_filters(today: date) -> Filters:
    first, last = default_period(today)
    return Filters(date_from=first, date_to=last)


def _json(tables: list[Table]) -> str:
    return json.dumps([asdict(table) for table in tables], ensure_ascii=False)


def _tables(text: str) -> list[Table]:
    return [
        Table(**{**table, "columns": [Column(**column) for column in table["columns"]]})
        for table in json.loads(text)
    ]
