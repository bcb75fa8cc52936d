"""Municipalities side by side: a few headline figures of the dashboard, one row each."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from .extensions import db
from .models import Municipality
from .statistics import Column, Filters, Table, dashboard

COMPARISON = "municipalities"


def compare_municipalities(filters: Filters, today: date, overall: list[Table]) -> Table:
    """One row per municipality with a few headline figures, the same filters otherwise.

    One dashboard() per municipality: a deployment serves a handful, and each call is a fixed
    number of aggregate queries.
    """
    rows = []
    for municipality in db.session.scalars(select(Municipality).order_by(Municipality.name)):
        rows.append([municipality.name] + _headline(
            dashboard(replace(filters, municipality_id=municipality.id), today)))
    rows.append([_("I alt")] + _headline(overall))
    return Table(
        key=COMPARISON, title=_("Kommuner sammenlignet"),
        explanation=_("Én række pr. kommune med de samme filtre: forløb startet, gennemført og "
                      "afbrudt i perioden, og hvor mange af de sluttede forløb der gik til "
                      "ordinært job eller uddannelse ved slut."),
        columns=[Column("municipality", _("Kommune"), "text"), Column("started", _("Startet")),
                 Column("completed", _("Gennemført")),
                 Column("ended_early", _("Afbrudt før tid")), Column("ended", _("Sluttet")),
                 Column("good_at_end", _("Job eller uddannelse ved slut")),
                 Column("share_at_end", _("Andel ved slut"), "share", base="ended",
                        numerator="good_at_end")],
        rows=rows, has_total=True,
    )


def _headline(tables: list[Table]) -> list:
    by_key = {table.key: table for table in tables}

    def total(key: str, *columns: str) -> list:
        table = by_key[key]
        index = [next(i for i, c in enumerate(table.columns) if c.key == k) for k in columns]
        return [table.rows[-1][i] for i in index]  # the "I alt" row

    return (total("placements_by_kind", "started", "completed", "ended_early")
            + total("outcomes", "ended", "good_at_end", "share_at_end"))
