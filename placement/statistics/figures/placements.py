"""Placements per kind and per month, and where they went (outcomes): one pass over the moves
of the placements in scope (moves), which the three tables add up; and the same totals per
municipality for the comparison."""

from __future__ import annotations

from dataclasses import replace

from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, or_, select

from placement.common.sql_portable import month_of, statistics_settings, utc_day
from placement.models import Candidate, FollowUp, Kind, Opening, Outcome, Placement
from placement.statistics import reading
from placement.statistics.figures.scope import (
    E,
    S,
    count_if,
    events,
    kind_label,
    kinds,
    period,
    placement_scope,
    share,
    total_row,
)
from placement.statistics.tables import Column, Filters, Table

# Where a citizen went that counts as the goal (Jobindsats: ordinary work or education).
GOOD_OUTCOMES = (Outcome.ORDINARY_JOB, Outcome.EDUCATION)
# The follow-up that records where the citizen is 3 months after the end (policy._OUTCOME).
OUTCOME_CHECK_KEY = "outcome_3m"


# What moves counts for each kind and month, in this order.
MOVES = (
    "started",
    "running",
    "completed",
    "ended_early",
    "declined",
    "ended",
    "good_at_end",
    "checked_3m",
    "good_at_3m",
)
Moves = dict[tuple[Kind, str | None], dict[str, int]]


def moves(f: Filters) -> Moves:
    """Per kind and month of the period (None: before the period), the moves of the placements
    in scope that the first three tables count, in one pass over them (the tables then add up
    these few rows):

    started, completed, ended early, declined: moves to that status in the period; running:
    every start before the period's end less every move out of "active" before it (to
    awaiting evaluation, completed or ended early), so summed over the months it is the
    placements running at the end; ended: moves to completed or ended early in the period,
    good_at_end of those with ordinary work or education as the placement's outcome, and
    checked_3m and good_at_3m the same at the follow-up 3 months later, when done.
    """
    start, end = period(f)
    in_period = E.at >= start  # and before its end: every move read is

    def moved_to(status):
        return count_if(and_(E.to_status == status, in_period))

    ended = and_(E.to_status.in_((S.COMPLETED, S.ENDED_EARLY)), in_period)
    # The follow-up 3 months after the end (one per placement at most: unique key), looked
    # up only for a placement that ended in the period: 0 not done, 1 done, 2 done and in
    # work or education then; NULL when there is none.
    check = (
        select(
            case((FollowUp.done_at.is_(None), 0), (FollowUp.outcome.in_(GOOD_OUTCOMES), 2), else_=1)
        )
        .where(FollowUp.placement_id == Placement.id, FollowUp.key == OUTCOME_CHECK_KEY)
        .correlate(Placement)
        .scalar_subquery()
    )
    at_3m = case((ended, check))
    running = func.coalesce(
        func.sum(case((E.to_status == S.ACTIVE, 1), (E.from_status == S.ACTIVE, -1), else_=0)), 0
    )
    month = case((in_period, month_of(utc_day(E.at)))).label("month")
    # Only the moves that count in a sum above: the rest add 0 to each (at national scale
    # they are two thirds of the history).
    counted = or_(
        E.to_status == S.ACTIVE,
        E.from_status == S.ACTIVE,
        and_(E.to_status.in_((S.COMPLETED, S.ENDED_EARLY, S.DECLINED)), in_period),
    )
    query = (
        placement_scope(
            events(
                Opening.kind,
                month,
                moved_to(S.ACTIVE),
                running,
                moved_to(S.COMPLETED),
                moved_to(S.ENDED_EARLY),
                moved_to(S.DECLINED),
                count_if(ended),
                count_if(and_(ended, Placement.outcome.in_(GOOD_OUTCOMES))),
                count_if(at_3m >= 1),
                count_if(at_3m == 2),
            ),
            f,
            uses=(Opening,),
        )
        .where(E.at < end, counted)
        .group_by(Opening.kind, month)
    )
    return {
        (kind, month): dict(zip(MOVES, counts))
        for kind, month, *counts in reading.session().execute(query)
    }


def added_up(moves: Moves, names: tuple[str, ...], *, kind=None, month=None) -> list[int]:
    """The named counts of the moves of this kind (all kinds: None), in this month (all
    months and before the period: None), added up."""
    found = [
        counts
        for (k, m), counts in moves.items()
        if (kind is None or k == kind) and (month is None or m == month)
    ]
    return [sum(counts[name] for counts in found) for name in names]


def placements_by_kind(f: Filters, moves: Moves) -> Table:
    names = ("started", "running", "completed", "ended_early", "declined")
    rows = [[kind_label(kind)] + added_up(moves, names, kind=kind) for kind in kinds(f)]
    rows.append(total_row(_("I alt"), rows))
    return Table(
        key="placements_by_kind",
        title=_("Forløb pr. type"),
        explanation=_(
            "Startet, gennemført, afbrudt og sagt nej tak tæller skift i perioden; "
            "i gang tæller forløb, der var startet og ikke sluttet ved periodens "
            "sidste dag."
        ),
        columns=[
            Column("kind", _("Type"), "text"),
            Column("started", _("Startet")),
            Column("active", _("I gang ved periodens slutning")),
            Column("completed", _("Gennemført")),
            Column("ended_early", _("Afbrudt før tid")),
            Column("declined", _("Sagt nej tak")),
        ],
        rows=rows,
        has_total=True,
    )


def months(f: Filters) -> list[str]:
    months, month = [], f.date_from.replace(day=1)
    while month <= f.date_to:
        months.append(month.strftime("%Y-%m"))
        month += relativedelta(months=1)
    return months


def placements_by_month(f: Filters, moves: Moves) -> Table:
    names = ("started", "completed", "ended_early", "declined")
    rows = [[month] + added_up(moves, names, month=month) for month in months(f)]
    rows.append(total_row(_("I alt"), rows))
    return Table(
        key="placements_by_month",
        title=_("Forløb pr. måned"),
        explanation=_(
            "Skift i hver måned af perioden. Et skift mellem midnat og kl. 2 dansk "
            "tid den 1. i måneden kan tælle med i måneden før."
        ),
        columns=[
            Column("month", _("Måned"), "text"),
            Column("started", _("Startet")),
            Column("completed", _("Gennemført")),
            Column("ended_early", _("Afbrudt før tid")),
            Column("declined", _("Sagt nej tak")),
        ],
        rows=rows,
        has_total=True,
    )


def outcomes(f: Filters, moves: Moves) -> Table:
    names = ("ended", "good_at_end", "checked_3m", "good_at_3m")
    counts = [[kind_label(kind)] + added_up(moves, names, kind=kind) for kind in kinds(f)]
    counts.append(total_row(_("I alt"), counts))
    rows = [
        [
            label,
            ended,
            good_end,
            share(good_end, ended),
            checked_n,
            good_3m,
            share(good_3m, checked_n),
        ]
        for label, ended, good_end, checked_n, good_3m in counts
    ]
    return Table(
        key="outcomes",
        title=_("Ordinært job eller uddannelse bagefter"),
        explanation=_(
            "Forløb, der sluttede i perioden (gennemført eller afbrudt): hvor mange "
            "gik til ordinært job eller uddannelse ved slut, og ved opfølgningen 3 "
            "måneder efter, blandt dem hvor den er gennemført."
        ),
        columns=[
            Column("kind", _("Type"), "text"),
            Column("ended", _("Sluttet")),
            Column("good_at_end", _("Job eller uddannelse ved slut")),
            Column(
                "share_at_end", _("Andel ved slut"), "share", base="ended", numerator="good_at_end"
            ),
            Column("checked_3m", _("Opfølgning efter 3 måneder gennemført")),
            Column("good_at_3m", _("Job eller uddannelse efter 3 måneder")),
            Column(
                "share_at_3m",
                _("Andel efter 3 måneder"),
                "share",
                base="checked_3m",
                numerator="good_at_3m",
            ),
        ],
        rows=rows,
        has_total=True,
    )


def headlines_by_municipality(f: Filters) -> dict[int, list]:
    """Per municipality (f.municipality_id aside), the totals the dashboard shows for it:
    started, completed, ended early (placements per kind) and ended, of those to ordinary
    work or education at the end (outcomes); one pass over the moves in the period for all
    municipalities. Municipalities without any are left out."""
    start, end = period(f)
    statistics_settings(reading.session(), small=False)
    ended = E.to_status.in_((S.COMPLETED, S.ENDED_EARLY))
    query = (
        placement_scope(
            events(
                Candidate.municipality_id,
                count_if(E.to_status == S.ACTIVE),
                count_if(E.to_status == S.COMPLETED),
                count_if(E.to_status == S.ENDED_EARLY),
                count_if(ended),
                count_if(and_(ended, Placement.outcome.in_(GOOD_OUTCOMES))),
            ),
            replace(f, municipality_id=None),
            uses=(Candidate,),
        )
        .where(E.at >= start, E.at < end, E.to_status.in_((S.ACTIVE, S.COMPLETED, S.ENDED_EARLY)))
        .group_by(Candidate.municipality_id)
    )
    return {row[0]: list(row[1:]) for row in reading.session().execute(query)}
