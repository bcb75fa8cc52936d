"""Manager statistics: read-only SQL aggregates, the same on SQLite and PostgreSQL.

Every figure is computed in the database (GROUP BY, COUNT, SUM over CASE, and medians by
ROW_NUMBER()/COUNT() windows); no Python loop walks placements, follow-ups or citizens, so the
number of statements does not grow with the data. The tables here hold raw numbers; small
numbers are hidden by placement.small_numbers before anything is shown or exported.

At national scale (half a million placements, 1.5 million moves) the statements are shaped
for one municipality's dashboard: the filters apply before the moves are read (the
municipality's citizens, their placements, their moves, each through an index), the first
three tables share one pass over the moves (_moves), and counts are grouped once and then
joined to their names rather than asked row by row. bench/dashboard_profile.py times them.

Timestamps are stored in UTC and their day and month are taken in UTC: an event between
midnight and 01:00/02:00 Danish time counts on the day before. Dates (start, end, due,
contact) are plain dates and need no such care.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from placement.common.refusals import Refusal
from placement.common.sql_portable import (
    days_between,
    median,
    median_of,
    month_of,
    ranked,
    statistics_settings,
    utc_day,
    with_ranks,
)
from placement.models import (
    AbsenceDay,
    AbsenceReason,
    Adaptation,
    Candidate,
    CandidateAdaptation,
    CandidateKind,
    CandidateStatus,
    Employer,
    EmployerContact,
    EmployerStatus,
    FollowUp,
    HoursStep,
    Kind,
    MentorGrant,
    MentorKind,
    Opening,
    OpeningStatus,
    Outcome,
    PeriodExtension,
    Placement,
    PlacementEvent,
    PlacementStatus,
    Role,
    User,
    opening_adaptations,
)
from placement.placements.ratio import company_headroom_sql
from placement.statistics import reading
from placement.statistics.working_days import WorkingDays

S = PlacementStatus
E = PlacementEvent
# Where a citizen went that counts as the goal (Jobindsats: ordinary work or education).
GOOD_OUTCOMES = (Outcome.ORDINARY_JOB, Outcome.EDUCATION)
# The follow-up that records where the citizen is 3 months after the end (policy._OUTCOME).
OUTCOME_CHECK_KEY = "outcome_3m"
# Citizens a consultant works with now.
CASELOAD_STATES = (CandidateStatus.LOOKING, CandidateStatus.IN_PLACEMENT)
# IPS fidelity scale: a caseload of 20 or fewer per employment specialist; and the first
# employer contact within 30 days of referral ("rapid job search").
IPS_CASELOAD_MAX = 20
IPS_FIRST_CONTACT_DAYS = 30
# Misuse monitoring (DOMAIN.md, compliance figures): more than 2 internships for the same
# citizen at the same company within 12 months is flagged.
REPEATED_INTERNSHIPS_MAX = 2
REPEATED_INTERNSHIPS_MONTHS = 12
# An adaptation is "needed but rarely offered" when at least this many citizens need it and
# fewer openings offer it than half the number of citizens who need it.
RARE_NEED_MIN_CITIZENS = 5
YES, NO = "Ja", "Nej"


class PeriodError(Refusal):
    """The period cannot be counted; the message says why, for the person."""


@dataclass(frozen=True)
class Filters:
    """What the manager chose. municipality_id None means every municipality (admin only)."""

    date_from: date
    date_to: date
    municipality_id: int | None = None
    kind: Kind | None = None
    consultant_id: int | None = None
    industry: str | None = None  # Employer.industry, exact


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # plain Danish
    # "count" (people or placements: hidden when 1-4), "share" (0-1), "days", "hours",
    # "number" (not about people, never hidden, e.g. ratio headroom), "text".
    kind: str = "count"
    # For a share, median or average: the count column it is computed over. When that count
    # is hidden, so is this figure (a median of 3 people describes them).
    base: str | None = None
    # For a share: the count column it divides by the base. When that count is hidden, so is
    # the share (3 of 10 shown as 0.3 would give the 3 away).
    numerator: str | None = None


@dataclass
class Table:
    key: str  # e.g. "placements_by_kind"; used in CSV file names and the API
    title: str
    explanation: str  # one line in plain Danish: how it is counted
    columns: list[Column]
    rows: list[list] = field(default_factory=list)  # raw values: int, float, str, date, None
    # The last row is a total of the rows above it (for hiding a second cell when one is
    # hidden, so the hidden one cannot be worked out by subtraction).
    has_total: bool = False


def default_period(today: date) -> tuple[date, date]:
    """The period the dashboard shows first: twelve whole months of rows, up to today."""
    return today.replace(day=1) - relativedelta(months=11), today


def dashboard(filters: Filters, today: date) -> list[Table]:
    """All the dashboard's tables for these filters, in the order they are shown.

    Counts are int, shares/medians/averages float or None (nothing to compute over), so the
    rows serialise to JSON and CSV as they are. Raises PeriodError for a period that ends
    before it starts.
    """
    if filters.date_to < filters.date_from:
        raise PeriodError(_("Perioden slutter før den begynder."))
    statistics_settings(reading.session(), small=filters.municipality_id is not None)
    moves = _moves(filters)
    companies = _companies(filters)
    return [
        _placements_by_kind(filters, moves),
        _placements_by_month(filters, moves),
        _outcomes(filters, moves),
        _speed(filters),
        _length_and_hours(filters),
        _attendance(filters, today),
        _mentor_support(filters),
        _followups_by_consultant(filters, today),
        _caseload(filters),
        companies,
        _companies_summary(companies),
        _adaptations(filters),
    ]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _period(f: Filters) -> tuple[datetime, datetime]:
    """The period as UTC timestamps: from the first day's midnight to the day after the last."""
    return _start_of(f.date_from), _start_of(f.date_to + timedelta(days=1))


def _responsible():
    """The consultant a placement belongs to: who proposed it, else the citizen's consultant."""
    return func.coalesce(Placement.consultant_id, Candidate.consultant_id)


def _placement_scope(query, f: Filters, *, uses=()):
    """Join a query that already has Placement to what the filters look at and to the tables
    in `uses` (Candidate, Opening, Employer) that it reads, and apply the filters.

    A join nothing reads is left out: every placement has its citizen and opening, and every
    opening its company (foreign keys, not null), so such a join would neither add nor remove
    a row, only time (at national scale, a join of half a million rows)."""
    with_employer = Employer in uses or f.industry is not None
    if Candidate in uses or f.municipality_id is not None or f.consultant_id is not None:
        query = query.join(Candidate, Candidate.id == Placement.candidate_id)
    if with_employer or Opening in uses or f.kind is not None:
        query = query.join(Opening, Opening.id == Placement.opening_id)
    if with_employer:
        query = query.join(Employer, Employer.id == Opening.employer_id)
    if f.municipality_id is not None:
        query = query.where(Candidate.municipality_id == f.municipality_id)
    if f.consultant_id is not None:
        query = query.where(_responsible() == f.consultant_id)
    if f.kind is not None:
        query = query.where(Opening.kind == f.kind)
    if f.industry is not None:
        query = query.where(Employer.industry == f.industry)
    return query


def _events(*columns):
    return select(*columns).select_from(E).join(Placement, Placement.id == E.placement_id)


def _candidate_conditions(f: Filters) -> list:
    conditions = []
    if f.municipality_id is not None:
        conditions.append(Candidate.municipality_id == f.municipality_id)
    if f.consultant_id is not None:
        conditions.append(Candidate.consultant_id == f.consultant_id)
    return conditions


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _kinds(f: Filters) -> list[Kind]:
    return [f.kind] if f.kind is not None else list(Kind)


def _kind_label(kind: Kind) -> str:
    # Always Danish, so an export reads the same whoever made it.
    with force_locale("da"):
        return str(kind.label)


def _share(part, whole):
    return part / whole if whole else None


def _number(value):
    """Decimal (PostgreSQL's AVG) or float to float; None stays None."""
    return None if value is None else float(value)


def _total_row(label: str, rows: list[list]) -> list:
    """The label, then each column's sum (every column but the first holds counts)."""
    return [label] + [sum(column) for column in list(zip(*rows))[1:]]


# --- placements per kind and per month, and outcomes ------------------------------------------

# What _moves counts for each kind and month, in this order.
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


def _moves(f: Filters) -> Moves:
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
    start, end = _period(f)
    in_period = E.at >= start  # and before its end: every move read is

    def moved_to(status):
        return _count_if(and_(E.to_status == status, in_period))

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
        _placement_scope(
            _events(
                Opening.kind,
                month,
                moved_to(S.ACTIVE),
                running,
                moved_to(S.COMPLETED),
                moved_to(S.ENDED_EARLY),
                moved_to(S.DECLINED),
                _count_if(ended),
                _count_if(and_(ended, Placement.outcome.in_(GOOD_OUTCOMES))),
                _count_if(at_3m >= 1),
                _count_if(at_3m == 2),
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


def _added_up(moves: Moves, names: tuple[str, ...], *, kind=None, month=None) -> list[int]:
    """The named counts of the moves of this kind (all kinds: None), in this month (all
    months and before the period: None), added up."""
    found = [
        counts
        for (k, m), counts in moves.items()
        if (kind is None or k == kind) and (month is None or m == month)
    ]
    return [sum(counts[name] for counts in found) for name in names]


def _placements_by_kind(f: Filters, moves: Moves) -> Table:
    names = ("started", "running", "completed", "ended_early", "declined")
    rows = [[_kind_label(kind)] + _added_up(moves, names, kind=kind) for kind in _kinds(f)]
    rows.append(_total_row(_("I alt"), rows))
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


def _months(f: Filters) -> list[str]:
    months, month = [], f.date_from.replace(day=1)
    while month <= f.date_to:
        months.append(month.strftime("%Y-%m"))
        month += relativedelta(months=1)
    return months


def _placements_by_month(f: Filters, moves: Moves) -> Table:
    names = ("started", "completed", "ended_early", "declined")
    rows = [[month] + _added_up(moves, names, month=month) for month in _months(f)]
    rows.append(_total_row(_("I alt"), rows))
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


# --- outcomes ----------------------------------------------------------------------------------


def _ended_in_period(query, f: Filters):
    start, end = _period(f)
    return query.where(E.to_status.in_((S.COMPLETED, S.ENDED_EARLY)), E.at >= start, E.at < end)


def _outcomes(f: Filters, moves: Moves) -> Table:
    names = ("ended", "good_at_end", "checked_3m", "good_at_3m")
    counts = [[_kind_label(kind)] + _added_up(moves, names, kind=kind) for kind in _kinds(f)]
    counts.append(_total_row(_("I alt"), counts))
    rows = [
        [
            label,
            ended,
            good_end,
            _share(good_end, ended),
            checked_n,
            good_3m,
            _share(good_3m, checked_n),
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
    start, end = _period(f)
    statistics_settings(reading.session(), small=False)
    ended = E.to_status.in_((S.COMPLETED, S.ENDED_EARLY))
    query = (
        _placement_scope(
            _events(
                Candidate.municipality_id,
                _count_if(E.to_status == S.ACTIVE),
                _count_if(E.to_status == S.COMPLETED),
                _count_if(E.to_status == S.ENDED_EARLY),
                _count_if(ended),
                _count_if(and_(ended, Placement.outcome.in_(GOOD_OUTCOMES))),
            ),
            replace(f, municipality_id=None),
            uses=(Candidate,),
        )
        .where(E.at >= start, E.at < end, E.to_status.in_((S.ACTIVE, S.COMPLETED, S.ENDED_EARLY)))
        .group_by(Candidate.municipality_id)
    )
    return {row[0]: list(row[1:]) for row in reading.session().execute(query)}


# --- speed -------------------------------------------------------------------------------------


def _first_moves(f: Filters):
    """Per citizen in scope with a proposal or a start: when the first of their placements
    was proposed (any kind: the first contact to an employer for them), when the first of the
    chosen kind and industry was proposed, and when the first of those started; one pass
    over the moves, the citizen filters applied before it."""
    chosen = []
    query = _events(Placement.candidate_id.label("candidate_id"))
    if f.kind is not None or f.industry is not None:
        query = query.join(Opening, Opening.id == Placement.opening_id)
    if f.kind is not None:
        chosen.append(Opening.kind == f.kind)
    if f.industry is not None:
        query = query.join(Employer, Employer.id == Opening.employer_id)
        chosen.append(Employer.industry == f.industry)
    if _candidate_conditions(f):
        query = query.join(Candidate, Candidate.id == Placement.candidate_id)

    def first(*conditions):
        return func.min(case((and_(*conditions), E.at)))

    proposed = E.to_status == S.PROPOSED
    return (
        query.add_columns(
            first(proposed).label("any_proposal"),
            first(proposed, *chosen).label("proposal"),
            first(E.to_status == S.ACTIVE, *chosen).label("start"),
        )
        .where(E.to_status.in_((S.PROPOSED, S.ACTIVE)), *_candidate_conditions(f))
        .group_by(Placement.candidate_id)
        .subquery()
    )


def _speed(f: Filters) -> Table:
    start, end = _period(f)
    first = _first_moves(f)
    registered = utc_day(Candidate.created_at)

    def in_period(at):
        return and_(at >= start, at < end)

    def days_if_in_period(at):
        """Days from registration to `at` for a citizen whose first such move was in the
        period, else NULL (not counted)."""
        return case((in_period(at), days_between(registered, utc_day(at))))

    # IPS: citizens who want a job with support, registered in the period. (One row at most
    # per citizen and kind, so the join adds no rows.)
    wants_ips = and_(
        CandidateKind.candidate_id == Candidate.id, CandidateKind.kind == Kind.SUPPORTED_JOB
    )
    ips = and_(CandidateKind.candidate_id.is_not(None), in_period(Candidate.created_at))
    fast = days_between(registered, utc_day(first.c.any_proposal)) <= IPS_FIRST_CONTACT_DAYS
    per_citizen = with_ranks(
        select(
            days_if_in_period(first.c.proposal).label("to_proposal"),
            days_if_in_period(first.c.start).label("to_start"),
            case((ips, 1), else_=0).label("ips"),
            case((and_(ips, fast), 1), else_=0).label("ips_fast"),
        )
        .select_from(Candidate)
        .outerjoin(first, first.c.candidate_id == Candidate.id)
        .outerjoin(CandidateKind, wants_ips)
        .where(
            or_(in_period(first.c.proposal), in_period(first.c.start), ips),
            *_candidate_conditions(f),
        ),
        "to_proposal",
        "to_start",
    )
    c = per_citizen.c
    proposed_n, proposed_median, started_n, started_median, ips_citizens, ips_fast = (
        reading.session()
        .execute(
            select(
                func.count(c.to_proposal),
                median_of(per_citizen, "to_proposal"),
                func.count(c.to_start),
                median_of(per_citizen, "to_start"),
                func.coalesce(func.sum(c.ips), 0),
                func.coalesce(func.sum(c.ips_fast), 0),
            )
        )
        .one()
    )
    proposed = proposed_n, _number(proposed_median)
    started = started_n, _number(started_median)
    return Table(
        key="speed",
        title=_("Hurtighed"),
        explanation=_(
            "Dage fra borgerens første registrering til det første forslag (den "
            "første kontakt til en arbejdsgiver for borgeren) og til den første "
            "start, for borgere hvis første forslag eller start var i perioden."
        ),
        columns=[
            Column("measure", _("Måling"), "text"),
            Column("citizens", _("Borgere")),
            Column("median_days", _("Median dage"), "days", base="citizens"),
            Column("within_30", _("Første forslag inden 30 dage")),
            Column(
                "share_within_30",
                _("Andel inden 30 dage"),
                "share",
                base="citizens",
                numerator="within_30",
            ),
        ],
        rows=[
            [_("Registrering til første forslag"), proposed[0], proposed[1], None, None],
            [_("Registrering til første start"), started[0], started[1], None, None],
            [
                _("IPS: første arbejdsgiverkontakt inden 30 dage"),
                ips_citizens,
                None,
                ips_fast,
                _share(ips_fast, ips_citizens),
            ],
        ],
    )


# --- length and hours --------------------------------------------------------------------------


def _length_and_hours(f: Filters) -> Table:
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

    inner = _ended_in_period(
        _placement_scope(
            _events(
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
        row[0]: [row[1], int(row[2] or 0)] + [_number(v) for v in row[3:]]
        for row in reading.session().execute(query)
    }
    rows = [[_kind_label(kind)] + found.get(kind, [0, 0, None, None, None]) for kind in _kinds(f)]
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


# --- absence and attendance ------------------------------------------------------------------

# The placements that ran: started, whether still running or ended since (one cancelled or
# declined before its start had no days to attend and used no mentor support).
RAN = (S.ACTIVE, S.AWAITING_EVALUATION, S.COMPLETED, S.ENDED_EARLY)
ABSENCE_COLUMNS = (
    (AbsenceReason.ILLNESS, "illness"),
    (AbsenceReason.AGREED, "agreed"),
    (AbsenceReason.UNEXPLAINED, "unexplained"),
)


def _attendance(f: Filters, today: date) -> Table:
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
            _placement_scope(
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
    rows = [[_kind_label(kind)] + found.get(kind, [0, 0.0, 0.0, 0.0, 0.0]) for kind in _kinds(f)]
    rows.append(_total_row(_("I alt"), rows))
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


# --- mentor support ----------------------------------------------------------------------------


def _mentor_support(f: Filters) -> Table:
    """Placements with mentor support (mentorstøtte) in the period, per kind: a grant whose
    days overlap the period. Counted by placement, not by grant: two periods of support for one
    placement are one placement with support."""

    def granted(*conditions):
        return exists().where(
            MentorGrant.placement_id == Placement.id,
            MentorGrant.start_date <= f.date_to,
            MentorGrant.end_date >= f.date_from,
            *conditions,
        )

    query = _placement_scope(
        select(
            Opening.kind,
            func.count(),
            _count_if(granted(MentorGrant.mentor_kind == MentorKind.INTERNAL)),
            _count_if(granted(MentorGrant.mentor_kind == MentorKind.EXTERNAL)),
        ).select_from(Placement),
        f,
        uses=(Opening,),
    ).where(Placement.status.in_(RAN), granted())
    found = {
        row[0]: [row[1], int(row[2]), int(row[3])]
        for row in reading.session().execute(query.group_by(Opening.kind))
    }
    rows = [[_kind_label(kind)] + found.get(kind, [0, 0, 0]) for kind in _kinds(f)]
    rows.append(_total_row(_("I alt"), rows))
    return Table(
        key="mentor_support",
        title=_("Forløb med mentorstøtte"),
        explanation=_(
            "Forløb, der er startet, og som havde bevilget mentorstøtte på en eller flere "
            "dage i perioden; et forløb med både intern og ekstern mentor tæller med i begge."
        ),
        columns=[
            Column("kind", _("Type"), "text"),
            Column("with_mentor", _("Med mentorstøtte")),
            Column("internal", _("Heraf intern mentor")),
            Column("external", _("Heraf ekstern mentor")),
        ],
        rows=rows,
        has_total=True,
    )


# --- follow-ups and caseload per consultant ----------------------------------------------------


def _followups_by_consultant(f: Filters, today: date) -> Table:
    who = _responsible()
    done = FollowUp.done_at.is_not(None)
    done_day = utc_day(FollowUp.done_at)
    # Counted per consultant first, then joined to the few consultants for their names.
    per_consultant = (
        _placement_scope(
            select(
                who.label("who"),
                _count_if(and_(done, done_day <= FollowUp.due_date)).label("on_time"),
                _count_if(and_(done, done_day > FollowUp.due_date)).label("late"),
                _count_if(and_(~done, FollowUp.due_date < today)).label("overdue"),
            )
            .select_from(FollowUp)
            .join(Placement, Placement.id == FollowUp.placement_id),
            f,
            uses=(Candidate,),
        )
        .where(
            FollowUp.due_date >= f.date_from,
            FollowUp.due_date <= f.date_to,
        )
        .group_by(who)
        .subquery()
    )
    c = per_consultant.c
    consultant = select(User.name).where(User.id == c.who).scalar_subquery().label("name")
    query = select(consultant, c.on_time, c.late, c.overdue).order_by(consultant, c.who)
    rows = [
        [name or _("Ingen konsulent"), on_time, late, overdue]
        for name, on_time, late, overdue in reading.session().execute(query)
    ]
    rows.append(_total_row(_("I alt"), rows) if rows else [_("I alt"), 0, 0, 0])
    return Table(
        key="followups_by_consultant",
        title=_("Opfølgninger pr. konsulent"),
        explanation=_(
            "Opfølgninger med frist i perioden: gennemført senest på fristen, "
            "gennemført efter fristen, eller ikke gennemført og fristen er overskredet "
            "i dag."
        ),
        columns=[
            Column("consultant", _("Konsulent"), "text"),
            Column("on_time", _("Til tiden")),
            Column("late", _("For sent")),
            Column("overdue", _("Overskredet nu")),
        ],
        rows=rows,
        has_total=True,
    )


def _caseload(f: Filters) -> Table:
    consultants = [User.role == Role.CONSULTANT, User.active.is_(True)]
    if f.municipality_id is not None:
        consultants.append(User.municipality_id == f.municipality_id)
    if f.consultant_id is not None:
        consultants.append(User.id == f.consultant_id)
    # Counted per consultant in one pass each, then joined to the consultants.
    caseload = (
        select(Candidate.consultant_id.label("user_id"), func.count(Candidate.id).label("n"))
        .where(Candidate.status.in_(CASELOAD_STATES), *_candidate_conditions(f))
        .group_by(Candidate.consultant_id)
        .subquery()
    )
    contacts_made = select(
        EmployerContact.consultant_id.label("user_id"), func.count(EmployerContact.id).label("n")
    ).where(
        EmployerContact.consultant_id.in_(select(User.id).where(*consultants)),
        EmployerContact.contact_date >= f.date_from,
        EmployerContact.contact_date <= f.date_to,
    )
    if f.industry is not None:
        contacts_made = contacts_made.join(
            Employer, Employer.id == EmployerContact.employer_id
        ).where(Employer.industry == f.industry)
    contacts = contacts_made.group_by(EmployerContact.consultant_id).subquery()
    query = (
        select(User.name, func.coalesce(caseload.c.n, 0), func.coalesce(contacts.c.n, 0))
        .outerjoin(caseload, caseload.c.user_id == User.id)
        .outerjoin(contacts, contacts.c.user_id == User.id)
        .where(*consultants)
    )
    weeks = ((f.date_to - f.date_from).days + 1) / 7
    rows = [
        [
            name,
            citizens,
            YES if citizens > IPS_CASELOAD_MAX else NO,
            round(contact_count / weeks, 1),
        ]
        for name, citizens, contact_count in reading.session().execute(
            query.order_by(User.name, User.id)
        )
    ]
    return Table(
        key="caseload",
        title=_("Sagsstamme pr. konsulent"),
        explanation=_(
            "Borgere, der søger eller er i forløb, lige nu (IPS anbefaler højst 20 "
            "pr. konsulent), og kontakter til virksomheder pr. uge i perioden."
        ),
        columns=[
            Column("consultant", _("Konsulent"), "text"),
            Column("citizens", _("Borgere i sagsstammen")),
            Column("over_ips", _("Over 20 (IPS)"), "text"),
            Column("contacts_per_week", _("Virksomhedskontakter pr. uge"), "number"),
        ],
        rows=rows,
    )


# --- companies ---------------------------------------------------------------------------------


def _companies(f: Filters) -> Table:
    start, end = _period(f)
    # Per company: its placements started in the period (moved to active in it; counted once
    # however often) and its placements active now, in one pass over the placements in scope
    # with their moves to active in the period, keeping only the placements that count: every
    # company found has one of them.
    started = aliased(E)
    per_company = (
        _placement_scope(
            select(
                Opening.employer_id.label("employer_id"),
                func.count(started.placement_id.distinct()).label("started"),
                func.count(case((Placement.status == S.ACTIVE, Placement.id)).distinct()).label(
                    "active"
                ),
            )
            .select_from(Placement)
            .outerjoin(
                started,
                and_(
                    started.placement_id == Placement.id,
                    started.to_status == S.ACTIVE,
                    started.at >= start,
                    started.at < end,
                ),
            ),
            f,
            uses=(Opening,),
        )
        .where(or_(started.id.is_not(None), Placement.status == S.ACTIVE))
        .group_by(Opening.employer_id)
    ).subquery()
    # Internships started in the 12 months up to the period's end, counted per company and
    # citizen; the municipality filter applies, the others do not (the flag is about the pair).
    window_start = _start_of(
        f.date_to - relativedelta(months=REPEATED_INTERNSHIPS_MONTHS) + timedelta(days=1)
    )
    repeats = (
        _events(Opening.employer_id)
        .join(Opening, Opening.id == Placement.opening_id)
        .where(
            E.to_status == S.ACTIVE,
            Opening.kind == Kind.INTERNSHIP,
            E.at >= window_start,
            E.at < end,
        )
    )
    if f.municipality_id is not None:
        repeats = repeats.join(Candidate, Candidate.id == Placement.candidate_id).where(
            Candidate.municipality_id == f.municipality_id
        )
    repeats = repeats.group_by(Opening.employer_id, Placement.candidate_id).having(
        func.count(E.id) > REPEATED_INTERNSHIPS_MAX
    )
    query = (
        select(
            Employer.name,
            per_company.c.started,
            per_company.c.active,
            case((Employer.id.in_(repeats), 1), else_=0),
            company_headroom_sql(),
        )
        .join(per_company, per_company.c.employer_id == Employer.id)
        .order_by(
            per_company.c.started.desc(), per_company.c.active.desc(), Employer.name, Employer.id
        )
    )
    rows = [
        [name, started_n, active_n, YES if repeated else "", headroom]
        for name, started_n, active_n, repeated, headroom in reading.session().execute(query)
    ]
    return Table(
        key="companies",
        title=_("Virksomheder"),
        explanation=_(
            "Virksomheder med et forløb i gang nu eller startet i perioden. Gentagne "
            "praktikker: mere end 2 praktikker for samme borger på 12 måneder op til "
            "periodens slutning. Plads: hvor mange flere i praktik eller løntilskud "
            "rimelighedskravet tillader nu, lagt sammen over virksomhedens arbejdssteder "
            "(negativ: over grænsen)."
        ),
        columns=[
            Column("company", _("Virksomhed"), "text"),
            Column("started", _("Startet i perioden")),
            Column("active", _("I gang nu")),
            Column("repeated_internships", _("Gentagne praktikker"), "text"),
            Column("ratio_headroom", _("Plads efter rimelighedskravet"), "number"),
        ],
        rows=rows,
    )


def _companies_summary(companies: Table) -> Table:
    # One row per company with activity is already an aggregate: counting those rows is the
    # COUNT(DISTINCT employer) of the same query.
    return Table(
        key="companies_summary",
        title=_("Aktive virksomheder"),
        explanation=_("Virksomheder med mindst ét forløb i gang nu eller startet i perioden."),
        columns=[Column("measure", _("Måling"), "text"), Column("companies", _("Antal"), "number")],
        rows=[[_("Aktive virksomheder"), len(companies.rows)]],
    )


# --- adaptations -------------------------------------------------------------------------------


def _adaptations(f: Filters) -> Table:
    # Counted per adaptation in one pass each, then joined to the catalogue.
    needed = (
        select(
            CandidateAdaptation.adaptation_id.label("adaptation_id"),
            func.count(CandidateAdaptation.candidate_id).label("n"),
        )
        .join(Candidate, Candidate.id == CandidateAdaptation.candidate_id)
        .where(Candidate.status.in_(CASELOAD_STATES), *_candidate_conditions(f))
        .group_by(CandidateAdaptation.adaptation_id)
        .subquery()
    )
    offer_filters = []
    if f.kind is not None:
        offer_filters.append(Opening.kind == f.kind)
    if f.industry is not None:
        offer_filters.append(Employer.industry == f.industry)
    offered = (
        select(
            opening_adaptations.c.adaptation_id.label("adaptation_id"),
            func.count(opening_adaptations.c.opening_id).label("n"),
        )
        .join(Opening, Opening.id == opening_adaptations.c.opening_id)
        .join(Employer, Employer.id == Opening.employer_id)
        .where(
            Opening.status == OpeningStatus.PUBLISHED,
            Employer.status == EmployerStatus.APPROVED,
            *offer_filters,
        )
        .group_by(opening_adaptations.c.adaptation_id)
        .subquery()
    )
    needed_n = func.coalesce(needed.c.n, 0).label("needed")
    offered_n = func.coalesce(offered.c.n, 0).label("offered")
    query = (
        select(Adaptation.label_da, needed_n, offered_n)
        .outerjoin(needed, needed.c.adaptation_id == Adaptation.id)
        .outerjoin(offered, offered.c.adaptation_id == Adaptation.id)
        .order_by(needed_n.desc(), offered_n.desc(), Adaptation.label_da)
    )
    rows = [
        [
            label,
            citizens,
            openings,
            YES if citizens >= RARE_NEED_MIN_CITIZENS and openings * 2 < citizens else "",
        ]
        for label, citizens, openings in reading.session().execute(query)
    ]
    return Table(
        key="adaptations",
        title=_("Tilpasninger"),
        explanation=_(
            "Borgere, der søger eller er i forløb og har brug for tilpasningen, og "
            "opslag, der er slået op og tilbyder den. Sjældent tilbudt: mindst 5 "
            "borgere har brug for den, og færre end halvt så mange opslag tilbyder den."
        ),
        columns=[
            Column("adaptation", _("Tilpasning"), "text"),
            Column("citizens", _("Borgere med behov")),
            Column("openings", _("Opslag der tilbyder den"), "number"),
            Column("rarely_offered", _("Sjældent tilbudt"), "text"),
        ],
        rows=rows,
    )
