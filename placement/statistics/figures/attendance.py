"""Absence and attendance: the working days planned in the period and the absence registered."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case, func, or_, select

from placement.common.sql_portable import utc_day
from placement.models import AbsenceDay, AbsenceReason, Kind, Opening, Placement
from placement.statistics import reading
from placement.statistics.figures.scope import (
    RAN,
    E,
    S,
    kind_label,
    kinds,
    placement_scope,
    total_row,
)
from placement.statistics.tables import Column, Filters, Table
from placement.statistics.working_days import WorkingDays

ABSENCE_COLUMNS = (
    (AbsenceReason.ILLNESS, "illness"),
    (AbsenceReason.AGREED, "agreed"),
    (AbsenceReason.UNEXPLAINED, "unexplained"),
)


def attendance(f: Filters, today: date) -> Table:
    """Per kind: the placements that ran in the period, their planned working days in it, their
    registered absence by reason, and the attendance rate (1 - absent / planned).

    Planned: the working days of the overlap of the placement's period and the statistics'
    period, counted up to today (days to come were neither attended nor missed). A placement
    ended early ran to the day it was ended, not to its planned end."""
    last = min(f.date_to, today)
    ended_early_on = (
        select(func.min(utc_day(E.at)))
        .where(E.placement_id == Placement.id, E.to_status == S.ENDED_EARLY)
        .correlate(Placement)
        .scalar_subquery()
    )
    end = func.coalesce(ended_early_on, Placement.end_date)
    first_day = case((Placement.start_date > f.date_from, Placement.start_date), else_=f.date_from)
    last_day = case((or_(end.is_(None), end > last), last), else_=end)
    working = WorkingDays(f.date_from, last) if f.date_from <= last else None

    def absent(reason: AbsenceReason):
        return (
            select(func.count(AbsenceDay.id))
            .where(
                AbsenceDay.placement_id == Placement.id,
                AbsenceDay.reason == reason,
                AbsenceDay.day >= first_day,
                AbsenceDay.day <= last_day,
            )
            .correlate(Placement)
            .scalar_subquery()
        )

    found: dict[Kind, list] = {}
    if working is not None:  # a period wholly in the future has nothing to count yet
        inner = (
            placement_scope(
                select(
                    Opening.kind.label("kind"),
                    working.between(first_day, last_day).label("planned"),
                    *(absent(reason).label(key) for reason, key in ABSENCE_COLUMNS),
                ),
                f,
                uses=(Opening,),
            )
            .where(
                Placement.status.in_(RAN),
                Placement.start_date.is_not(None),
                Placement.start_date <= last,
                or_(end.is_(None), end >= f.date_from),
                first_day <= last_day,  # ended early before its start: no day planned
            )
            .subquery()
        )
        query = select(
            inner.c.kind,
            func.count(),
            func.sum(inner.c.planned),
            *(func.sum(inner.c[key]) for _reason, key in ABSENCE_COLUMNS),
        ).group_by(inner.c.kind)
        found = {
            kind: [count] + [float(value or 0) for value in sums]
            for kind, count, *sums in reading.session().execute(query)
        }
    rows = [[kind_label(kind)] + found.get(kind, [0, 0.0, 0.0, 0.0, 0.0]) for kind in kinds(f)]
    rows.append(total_row(_("I alt"), rows))
    for row in rows:
        planned, absent_days = row[2], sum(row[3:6])
        row.append(1 - absent_days / planned if planned else None)
    return Table(
        key="attendance_by_kind",
        title=_("Fravær og fremmøde"),
        explanation=_(
            "Forløb, der var i gang i perioden: planlagte arbejdsdage i perioden indtil i dag "
            "(hverdage uden helligdage), registrerede fraværsdage efter årsag, og fremmøde "
            "som 1 minus fraværsdage delt med planlagte arbejdsdage."
        ),
        columns=[
            Column("kind", _("Type"), "text"),
            Column("placements", _("Forløb i gang")),
            # Days of a few people describe them (illness above all): hidden with their count.
            Column("planned_days", _("Planlagte arbejdsdage"), "days", base="placements"),
            Column("illness_days", _("Fravær: sygdom"), "days", base="placements"),
            Column("agreed_days", _("Fravær: anden aftalt"), "days", base="placements"),
            Column("unexplained_days", _("Fravær: uden forklaring"), "days", base="placements"),
            Column("attendance", _("Fremmøde"), "share", base="placements"),
        ],
        rows=rows,
        has_total=True,
    )
