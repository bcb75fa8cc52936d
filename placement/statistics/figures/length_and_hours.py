"""How long the placements that ended lasted, how many were extended, and their weekly hours
at the start and at the end."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import case, exists, func, select

from placement.common.sql_portable import days_between, median, ranked, utc_day
from placement.models import HoursStep, Opening, PeriodExtension, Placement
from placement.statistics import reading
from placement.statistics.figures.scope import (
    E,
    S,
    events,
    kind_label,
    kinds,
    number,
    period,
    placement_scope,
)
from placement.statistics.tables import Column, Filters, Table


def ended_in_period(query, f: Filters):
    start, end = period(f)
    return query.where(E.to_status.in_((S.COMPLETED, S.ENDED_EARLY)), E.at >= start, E.at < end)


def length_and_hours(f: Filters) -> Table:
    end_day = case(
        (E.to_status == S.ENDED_EARLY, utc_day(E.at)),
        else_=func.coalesce(Placement.end_date, utc_day(E.at)),
    )
    length = days_between(Placement.start_date, end_day)
    weeks_reached = length // 7 + 1

    def step_hours(*conditions, last: bool):
        order = HoursStep.from_week.desc() if last else HoursStep.from_week
        return func.coalesce(
            select(HoursStep.hours_per_week)
            .where(HoursStep.placement_id == Placement.id, *conditions)
            # Correlated to the ending move too: weeks_reached reads it. (Correlated to the
            # placement alone, the subquery would read every move of every placement.)
            .order_by(order)
            .limit(1)
            .correlate(Placement, E)
            .scalar_subquery(),
            Placement.hours_per_week,
        )

    inner = ended_in_period(
        placement_scope(
            events(
                Opening.kind.label("grp"),
                length.label("value"),
                step_hours(last=False).label("hours_start"),
                # The last step reached before the end: a placement ended early in week 3 did not
                # get to the plan's week-5 hours.
                step_hours(HoursStep.from_week <= weeks_reached, last=True).label("hours_end"),
                # An extension is no new start: the length above runs to the extended end date, and
                # this says how many of the placements were extended.
                case(
                    (exists().where(PeriodExtension.placement_id == Placement.id), 1), else_=0
                ).label("extended"),
            ),
            f,
            uses=(Opening,),
        ),
        f,
    ).where(Placement.start_date.is_not(None))
    per_kind = ranked(inner, grouped=True)
    query = select(
        per_kind.c.grp,
        func.count(),
        func.sum(per_kind.c.extended),
        median(per_kind),
        func.avg(per_kind.c.hours_start),
        func.avg(per_kind.c.hours_end),
    ).group_by(per_kind.c.grp)
    found = {
        row[0]: [row[1], int(row[2] or 0)] + [number(v) for v in row[3:]]
        for row in reading.session().execute(query)
    }
    rows = [[kind_label(kind)] + found.get(kind, [0, 0, None, None, None]) for kind in kinds(f)]
    return Table(
        key="length_and_hours",
        title=_("Længde og timer"),
        explanation=_(
            "Forløb, der sluttede i perioden: hvor mange der blev forlænget, median "
            "dage fra start til slutdato (afbrudte til den dag, de blev afbrudt), og "
            "gennemsnitlige timer om ugen ved start og ved slut (efter optrapning)."
        ),
        columns=[
            Column("kind", _("Type"), "text"),
            Column("ended", _("Sluttet")),
            Column("extended", _("Heraf forlænget")),
            Column("median_days", _("Median længde i dage"), "days", base="ended"),
            Column("hours_start", _("Timer om ugen ved start"), "hours", base="ended"),
            Column("hours_end", _("Timer om ugen ved slut"), "hours", base="ended"),
        ],
        rows=rows,
    )
