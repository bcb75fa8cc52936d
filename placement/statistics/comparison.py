"""Municipalities side by side: a few headline figures of the dashboard, one row each."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from placement.models import Municipality
from placement.statistics import reading
from placement.statistics.figures.placements import headlines_by_municipality
from placement.statistics.tables import Column, Filters, Table

COMPARISON = "municipalities"


def compare_municipalities(filters: Filters, today: date, overall: list[Table]) -> Table:
    """One row per municipality with a few headline figures, the same filters otherwise.

    The figures are the totals the municipality's own dashboard shows, counted for every
    municipality in one grouped query (one dashboard per municipality took minutes for the
    whole country).
    """
    found = headlines_by_municipality(filters)
    rows = []
    for municipality in reading.session().scalars(select(Municipality).order_by(Municipality.name)):
        started, completed, ended_early, ended, good_at_end = found.get(municipality.id, [0] * 5)
        rows.append(
            [
                municipality.name,
                started,
                completed,
                ended_early,
                ended,
                good_at_end,
                _share(good_at_end, ended),
            ]
        )
    rows.append([_("I alt")] + _headline(overall))
    return Table(
        key=COMPARISON,
        title=_("Kommuner sammenlignet"),
        explanation=_(
            "Én række pr. kommune med de samme filtre: forløb startet, gennemført og "
            "afbrudt i perioden, og hvor mange af de sluttede forløb der gik til "
            "ordinært job eller uddannelse ved slut."
        ),
        columns=[
            Column("municipality", _("Kommune"), "text"),
            Column("started", _("Startet")),
            Column("completed", _("Gennemført")),
            Column("ended_early", _("Afbrudt før tid")),
            Column("ended", _("Sluttet")),
            Column("good_at_end", _("Job eller uddannelse ved slut")),
            Column(
                "share_at_end", _("Andel ved slut"), "share", base="ended", numerator="good_at_end"
            ),
        ],
        rows=rows,
        has_total=True,
    )


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _headline(tables: list[Table]) -> list:
    by_key = {table.key: table for table in tables}

    def total(key: str, *columns: str) -> list:
        table = by_key[key]
        index = [next(i for i, c in enumerate(table.columns) if c.key == k) for k in columns]
        return [table.rows[-1][i] for i in index]  # the "I alt" row

    return total("placements_by_kind", "started", "completed", "ended_early") + total(
        "outcomes", "ended", "good_at_end", "share_at_end"
    )
