"""Manager statistics: read-only SQL aggregates, the same on SQLite and PostgreSQL.

Every figure is computed in the database (GROUP BY, COUNT, SUM over CASE, and medians by
ROW_NUMBER()/COUNT() windows); no Python loop walks placements, follow-ups or citizens, so the
number of statements does not grow with the data. The tables here hold raw numbers; small
numbers are hidden by placement.small_numbers before anything is shown or exported.

Timestamps are stored in UTC and their day and month are taken in UTC: an event between
midnight and 01:00/02:00 Danish time counts on the day before. Dates (start, end, due,
contact) are plain dates and need no such care.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from dateutil.relativedelta import relativedelta
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, case, exists, func, or_, select

from .extensions import db
from .models import (
    Adaptation, Candidate, CandidateAdaptation, CandidateKind, CandidateStatus, Employer,
    EmployerContact, EmployerStatus, FollowUp, HoursStep, Kind, Opening, OpeningStatus, Outcome,
    Placement, PlacementEvent, PlacementStatus, Role, User, opening_adaptations,
)
from .ratio import ratio_in_use_sql, ratio_limit_sql
from .sql_portable import days_between, median, month_of, ranked, utc_day

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


class PeriodError(ValueError):
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


def dashboard(filters: Filters, today: date) -> list[Table]:
    """All the dashboard's tables for these filters, in the order they are shown.

    Counts are int, shares/medians/averages float or None (nothing to compute over), so the
    rows serialise to JSON and CSV as they are. Raises PeriodError for a period that ends
    before it starts.
    """
    if filters.date_to < filters.date_from:
        raise PeriodError(_("Perioden slutter før den begynder."))
    companies = _companies(filters)
    return [
        _placements_by_kind(filters),
        _placements_by_month(filters),
        _outcomes(filters),
        _speed(filters),
        _length_and_hours(filters),
        _followups_by_consultant(filters, today),
        _caseload(filters),
        companies,
        _companies_summary(companies),
        _adaptations(filters),
    ]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def _period(f: Filters) -> tuple[datetime, datetime]:
    """The period as UTC timestamps: from the first day's midnight to the day after the last."""
    return _start_of(f.date_from), _start_of(f.date_to + timedelta(days=1))


def _responsible():
    """The consultant a placement belongs to: who proposed it, else the citizen's consultant."""
    return func.coalesce(Placement.consultant_id, Candidate.consultant_id)


def _placement_scope(query, f: Filters):
    """Join a query that already has Placement to what the filters look at, and apply them."""
    query = (query.join(Candidate, Candidate.id == Placement.candidate_id)
             .join(Opening, Opening.id == Placement.opening_id)
             .join(Employer, Employer.id == Opening.employer_id))
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


# --- placements per kind and per month ---------------------------------------------------------

def _moves_in_period(start: datetime):
    def moved_to(status):
        return _count_if(and_(E.to_status == status, E.at >= start))
    return moved_to(S.ACTIVE), moved_to(S.COMPLETED), moved_to(S.ENDED_EARLY), moved_to(S.DECLINED)


def _placements_by_kind(f: Filters) -> Table:
    start, end = _period(f)
    started, completed, ended_early, declined = _moves_in_period(start)
    # Running at the end of the period: every start before it, less every move out of
    # "active" before it (to awaiting evaluation, completed or ended early).
    running = func.coalesce(func.sum(case((E.to_status == S.ACTIVE, 1),
                                          (E.from_status == S.ACTIVE, -1), else_=0)), 0)
    query = _placement_scope(
        _events(Opening.kind, started, running, completed, ended_early, declined), f
    ).where(E.at < end).group_by(Opening.kind)
    found = {row[0]: list(row[1:]) for row in db.session.execute(query)}
    rows = [[_kind_label(kind)] + found.get(kind, [0] * 5) for kind in _kinds(f)]
    rows.append(_total_row(_("I alt"), rows))
    return Table(
        key="placements_by_kind", title=_("Forløb pr. type"),
        explanation=_("Startet, gennemført, afbrudt og sagt nej tak tæller skift i perioden; "
                      "i gang tæller forløb, der var startet og ikke sluttet ved periodens "
                      "sidste dag."),
        columns=[Column("kind", _("Type"), "text"), Column("started", _("Startet")),
                 Column("active", _("I gang ved periodens slutning")),
                 Column("completed", _("Gennemført")),
                 Column("ended_early", _("Afbrudt før tid")),
                 Column("declined", _("Sagt nej tak"))],
        rows=rows, has_total=True,
    )


def _months(f: Filters) -> list[str]:
    months, month = [], f.date_from.replace(day=1)
    while month <= f.date_to:
        months.append(month.strftime("%Y-%m"))
        month += relativedelta(months=1)
    return months


def _placements_by_month(f: Filters) -> Table:
    start, end = _period(f)
    started, completed, ended_early, declined = _moves_in_period(start)
    month = month_of(utc_day(E.at))
    query = _placement_scope(
        _events(month, started, completed, ended_early, declined), f
    ).where(E.at >= start, E.at < end,
            E.to_status.in_((S.ACTIVE, S.COMPLETED, S.ENDED_EARLY, S.DECLINED))
            ).group_by(month)
    found = {row[0]: list(row[1:]) for row in db.session.execute(query)}
    rows = [[month] + found.get(month, [0] * 4) for month in _months(f)]
    rows.append(_total_row(_("I alt"), rows))
    return Table(
        key="placements_by_month", title=_("Forløb pr. måned"),
        explanation=_("Skift i hver måned af perioden. Et skift mellem midnat og kl. 2 dansk "
                      "tid den 1. i måneden kan tælle med i måneden før."),
        columns=[Column("month", _("Måned"), "text"), Column("started", _("Startet")),
                 Column("completed", _("Gennemført")),
                 Column("ended_early", _("Afbrudt før tid")),
                 Column("declined", _("Sagt nej tak"))],
        rows=rows, has_total=True,
    )


# --- outcomes ----------------------------------------------------------------------------------

def _ended_in_period(query, f: Filters):
    start, end = _period(f)
    return query.where(E.to_status.in_((S.COMPLETED, S.ENDED_EARLY)), E.at >= start, E.at < end)


def _outcomes(f: Filters) -> Table:
    checked = FollowUp.done_at.is_not(None)
    query = _ended_in_period(_placement_scope(
        _events(Opening.kind, func.count(E.id), _count_if(Placement.outcome.in_(GOOD_OUTCOMES)),
                _count_if(checked), _count_if(and_(checked, FollowUp.outcome.in_(GOOD_OUTCOMES))))
        # One outcome check per placement at most (unique key), so the join adds no rows.
        .outerjoin(FollowUp, and_(FollowUp.placement_id == Placement.id,
                                  FollowUp.key == OUTCOME_CHECK_KEY)), f), f
    ).group_by(Opening.kind)
    found = {row[0]: list(row[1:]) for row in db.session.execute(query)}
    counts = [[_kind_label(kind)] + found.get(kind, [0] * 4) for kind in _kinds(f)]
    counts.append(_total_row(_("I alt"), counts))
    rows = [[label, ended, good_end, _share(good_end, ended), checked_n, good_3m,
             _share(good_3m, checked_n)]
            for label, ended, good_end, checked_n, good_3m in counts]
    return Table(
        key="outcomes", title=_("Ordinært job eller uddannelse bagefter"),
        explanation=_("Forløb, der sluttede i perioden (gennemført eller afbrudt): hvor mange "
                      "gik til ordinært job eller uddannelse ved slut, og ved opfølgningen 3 "
                      "måneder efter, blandt dem hvor den er gennemført."),
        columns=[Column("kind", _("Type"), "text"), Column("ended", _("Sluttet")),
                 Column("good_at_end", _("Job eller uddannelse ved slut")),
                 Column("share_at_end", _("Andel ved slut"), "share", base="ended",
                        numerator="good_at_end"),
                 Column("checked_3m", _("Opfølgning efter 3 måneder gennemført")),
                 Column("good_at_3m", _("Job eller uddannelse efter 3 måneder")),
                 Column("share_at_3m", _("Andel efter 3 måneder"), "share", base="checked_3m",
                        numerator="good_at_3m")],
        rows=rows, has_total=True,
    )


# --- speed -------------------------------------------------------------------------------------

def _first_event(status: PlacementStatus, f: Filters, *, placement_filters: bool):
    """Per citizen, when the first of their placements moved to `status` (of the chosen kind
    and industry when placement_filters)."""
    query = (_events(Placement.candidate_id.label("candidate_id"),
                     func.min(E.at).label("first_at"))
             .join(Opening, Opening.id == Placement.opening_id)
             .join(Employer, Employer.id == Opening.employer_id)
             .where(E.to_status == status))
    if placement_filters and f.kind is not None:
        query = query.where(Opening.kind == f.kind)
    if placement_filters and f.industry is not None:
        query = query.where(Employer.industry == f.industry)
    return query.group_by(Placement.candidate_id).subquery()


def _days_to_first(status: PlacementStatus, f: Filters) -> tuple[int, float | None]:
    """Citizens whose first move to `status` was in the period, and the median days from
    their registration to it."""
    start, end = _period(f)
    first = _first_event(status, f, placement_filters=True)
    inner = (select(days_between(utc_day(Candidate.created_at),
                                 utc_day(first.c.first_at)).label("value"))
             .select_from(first).join(Candidate, Candidate.id == first.c.candidate_id)
             .where(first.c.first_at >= start, first.c.first_at < end,
                    *_candidate_conditions(f)))
    rows = ranked(inner, grouped=False)
    citizens, middle = db.session.execute(
        select(func.count(), median(rows)).select_from(rows)).one()
    return citizens, _number(middle)


def _speed(f: Filters) -> Table:
    start, end = _period(f)
    first = _first_event(S.PROPOSED, f, placement_filters=False)
    days = days_between(utc_day(Candidate.created_at), utc_day(first.c.first_at))
    wants_ips = exists().where(CandidateKind.candidate_id == Candidate.id,
                               CandidateKind.kind == Kind.SUPPORTED_JOB)
    ips_citizens, ips_fast = db.session.execute(
        select(func.count(Candidate.id), _count_if(days <= IPS_FIRST_CONTACT_DAYS))
        .select_from(Candidate).outerjoin(first, first.c.candidate_id == Candidate.id)
        .where(wants_ips, Candidate.created_at >= start, Candidate.created_at < end,
               *_candidate_conditions(f))).one()
    proposed = _days_to_first(S.PROPOSED, f)
    started = _days_to_first(S.ACTIVE, f)
    return Table(
        key="speed", title=_("Hurtighed"),
        explanation=_("Dage fra borgerens første registrering til det første forslag (den "
                      "første kontakt til en arbejdsgiver for borgeren) og til den første "
                      "start, for borgere hvis første forslag eller start var i perioden."),
        columns=[Column("measure", _("Måling"), "text"), Column("citizens", _("Borgere")),
                 Column("median_days", _("Median dage"), "days", base="citizens"),
                 Column("within_30", _("Første forslag inden 30 dage")),
                 Column("share_within_30", _("Andel inden 30 dage"), "share", base="citizens",
                        numerator="within_30")],
        rows=[
            [_("Registrering til første forslag"), proposed[0], proposed[1], None, None],
            [_("Registrering til første start"), started[0], started[1], None, None],
            # IPS: citizens who want a job with support, registered in the period.
            [_("IPS: første arbejdsgiverkontakt inden 30 dage"), ips_citizens, None, ips_fast,
             _share(ips_fast, ips_citizens)],
        ],
    )


# --- length and hours --------------------------------------------------------------------------

def _length_and_hours(f: Filters) -> Table:
    end_day = case((E.to_status == S.ENDED_EARLY, utc_day(E.at)),
                   else_=func.coalesce(Placement.end_date, utc_day(E.at)))
    length = days_between(Placement.start_date, end_day)
    weeks_reached = length // 7 + 1

    def step_hours(*conditions, last: bool):
        order = HoursStep.from_week.desc() if last else HoursStep.from_week
        return func.coalesce(
            select(HoursStep.hours_per_week)
            .where(HoursStep.placement_id == Placement.id, *conditions)
            .order_by(order).limit(1).correlate(Placement).scalar_subquery(),
            Placement.hours_per_week)

    inner = _ended_in_period(_placement_scope(_events(
        Opening.kind.label("grp"), length.label("value"),
        step_hours(last=False).label("hours_start"),
        # The last step reached before the end: a placement ended early in week 3 did not
        # get to the plan's week-5 hours.
        step_hours(HoursStep.from_week <= weeks_reached, last=True).label("hours_end"),
    ), f), f).where(Placement.start_date.is_not(None))
    per_kind = ranked(inner, grouped=True)
    query = select(per_kind.c.grp, func.count(), median(per_kind), func.avg(per_kind.c.hours_start),
                   func.avg(per_kind.c.hours_end)).group_by(per_kind.c.grp)
    found = {row[0]: [row[1]] + [_number(v) for v in row[2:]]
             for row in db.session.execute(query)}
    rows = [[_kind_label(kind)] + found.get(kind, [0, None, None, None]) for kind in _kinds(f)]
    return Table(
        key="length_and_hours", title=_("Længde og timer"),
        explanation=_("Forløb, der sluttede i perioden: median dage fra start til slutdato "
                      "(afbrudte til den dag, de blev afbrudt), og gennemsnitlige timer om ugen "
                      "ved start og ved slut (efter optrapning)."),
        columns=[Column("kind", _("Type"), "text"), Column("ended", _("Sluttet")),
                 Column("median_days", _("Median længde i dage"), "days", base="ended"),
                 Column("hours_start", _("Timer om ugen ved start"), "hours", base="ended"),
                 Column("hours_end", _("Timer om ugen ved slut"), "hours", base="ended")],
        rows=rows,
    )


# --- follow-ups and caseload per consultant ----------------------------------------------------

def _followups_by_consultant(f: Filters, today: date) -> Table:
    who = _responsible()
    done = FollowUp.done_at.is_not(None)
    done_day = utc_day(FollowUp.done_at)
    query = _placement_scope(
        select(who, User.name, _count_if(and_(done, done_day <= FollowUp.due_date)),
               _count_if(and_(done, done_day > FollowUp.due_date)),
               _count_if(and_(~done, FollowUp.due_date < today)))
        .select_from(FollowUp).join(Placement, Placement.id == FollowUp.placement_id), f
    ).outerjoin(User, User.id == who).where(
        FollowUp.due_date >= f.date_from, FollowUp.due_date <= f.date_to,
    ).group_by(who, User.name).order_by(User.name, who)
    rows = [[name or _("Ingen konsulent"), on_time, late, overdue]
            for _id, name, on_time, late, overdue in db.session.execute(query)]
    rows.append(_total_row(_("I alt"), rows) if rows else [_("I alt"), 0, 0, 0])
    return Table(
        key="followups_by_consultant", title=_("Opfølgninger pr. konsulent"),
        explanation=_("Opfølgninger med frist i perioden: gennemført senest på fristen, "
                      "gennemført efter fristen, eller ikke gennemført og fristen er overskredet "
                      "i dag."),
        columns=[Column("consultant", _("Konsulent"), "text"),
                 Column("on_time", _("Til tiden")), Column("late", _("For sent")),
                 Column("overdue", _("Overskredet nu"))],
        rows=rows, has_total=True,
    )


def _caseload(f: Filters) -> Table:
    caseload = (select(func.count(Candidate.id))
                .where(Candidate.consultant_id == User.id, Candidate.status.in_(CASELOAD_STATES),
                       *_candidate_conditions(f))
                .correlate(User).scalar_subquery())
    contacts = (select(func.count(EmployerContact.id))
                .join(Employer, Employer.id == EmployerContact.employer_id)
                .where(EmployerContact.consultant_id == User.id,
                       EmployerContact.contact_date >= f.date_from,
                       EmployerContact.contact_date <= f.date_to,
                       *([Employer.industry == f.industry] if f.industry is not None else []))
                .correlate(User).scalar_subquery())
    query = select(User.name, caseload, contacts).where(User.role == Role.CONSULTANT,
                                                        User.active.is_(True))
    if f.municipality_id is not None:
        query = query.where(User.municipality_id == f.municipality_id)
    if f.consultant_id is not None:
        query = query.where(User.id == f.consultant_id)
    weeks = ((f.date_to - f.date_from).days + 1) / 7
    rows = [[name, citizens, YES if citizens > IPS_CASELOAD_MAX else NO,
             round(contact_count / weeks, 1)]
            for name, citizens, contact_count in db.session.execute(
                query.order_by(User.name, User.id))]
    return Table(
        key="caseload", title=_("Sagsstamme pr. konsulent"),
        explanation=_("Borgere, der søger eller er i forløb, lige nu (IPS anbefaler højst 20 "
                      "pr. konsulent), og kontakter til virksomheder pr. uge i perioden."),
        columns=[Column("consultant", _("Konsulent"), "text"),
                 Column("citizens", _("Borgere i sagsstammen")),
                 Column("over_ips", _("Over 20 (IPS)"), "text"),
                 Column("contacts_per_week", _("Virksomhedskontakter pr. uge"), "number")],
        rows=rows,
    )


# --- companies ---------------------------------------------------------------------------------

def _companies(f: Filters) -> Table:
    start, end = _period(f)
    started = exists().where(E.placement_id == Placement.id, E.to_status == S.ACTIVE,
                             E.at >= start, E.at < end)
    per_placement = _placement_scope(
        select(Opening.employer_id.label("employer_id"),
               case((started, 1), else_=0).label("started"),
               case((Placement.status == S.ACTIVE, 1), else_=0).label("active"))
        .select_from(Placement), f).subquery()
    per_company = (select(per_placement.c.employer_id,
                          func.sum(per_placement.c.started).label("started"),
                          func.sum(per_placement.c.active).label("active"))
                   .group_by(per_placement.c.employer_id)
                   .having(or_(func.sum(per_placement.c.started) > 0,
                               func.sum(per_placement.c.active) > 0))).subquery()
    # Internships started in the 12 months up to the period's end, counted per company and
    # citizen; the municipality filter applies, the others do not (the flag is about the pair).
    window_start = _start_of(f.date_to - relativedelta(months=REPEATED_INTERNSHIPS_MONTHS)
                             + timedelta(days=1))
    repeats = (_events(Opening.employer_id)
               .join(Opening, Opening.id == Placement.opening_id)
               .join(Candidate, Candidate.id == Placement.candidate_id)
               .where(E.to_status == S.ACTIVE, Opening.kind == Kind.INTERNSHIP,
                      E.at >= window_start, E.at < end,
                      *([Candidate.municipality_id == f.municipality_id]
                        if f.municipality_id is not None else []))
               .group_by(Opening.employer_id, Placement.candidate_id)
               .having(func.count(E.id) > REPEATED_INTERNSHIPS_MAX))
    query = (select(Employer.name, per_company.c.started, per_company.c.active,
                    case((Employer.id.in_(repeats), 1), else_=0),
                    ratio_limit_sql(Employer.employees) - ratio_in_use_sql())
             .join(per_company, per_company.c.employer_id == Employer.id)
             .order_by(per_company.c.started.desc(), per_company.c.active.desc(), Employer.name,
                       Employer.id))
    rows = [[name, started_n, active_n, YES if repeated else "", headroom]
            for name, started_n, active_n, repeated, headroom in db.session.execute(query)]
    return Table(
        key="companies", title=_("Virksomheder"),
        explanation=_("Virksomheder med et forløb i gang nu eller startet i perioden. Gentagne "
                      "praktikker: mere end 2 praktikker for samme borger på 12 måneder op til "
                      "periodens slutning. Plads: hvor mange flere i praktik eller løntilskud "
                      "rimelighedskravet tillader nu (negativ: over grænsen)."),
        columns=[Column("company", _("Virksomhed"), "text"),
                 Column("started", _("Startet i perioden")), Column("active", _("I gang nu")),
                 Column("repeated_internships", _("Gentagne praktikker"), "text"),
                 Column("ratio_headroom", _("Plads efter rimelighedskravet"), "number")],
        rows=rows,
    )


def _companies_summary(companies: Table) -> Table:
    # One row per company with activity is already an aggregate: counting those rows is the
    # COUNT(DISTINCT employer) of the same query.
    return Table(
        key="companies_summary", title=_("Aktive virksomheder"),
        explanation=_("Virksomheder med mindst ét forløb i gang nu eller startet i perioden."),
        columns=[Column("measure", _("Måling"), "text"),
                 Column("companies", _("Antal"), "number")],
        rows=[[_("Aktive virksomheder"), len(companies.rows)]],
    )


# --- adaptations -------------------------------------------------------------------------------

def _adaptations(f: Filters) -> Table:
    needed = (select(func.count(CandidateAdaptation.candidate_id))
              .join(Candidate, Candidate.id == CandidateAdaptation.candidate_id)
              .where(CandidateAdaptation.adaptation_id == Adaptation.id,
                     Candidate.status.in_(CASELOAD_STATES), *_candidate_conditions(f))
              .correlate(Adaptation).scalar_subquery().label("needed"))
    offer_filters = []
    if f.kind is not None:
        offer_filters.append(Opening.kind == f.kind)
    if f.industry is not None:
        offer_filters.append(Employer.industry == f.industry)
    offered = (select(func.count(opening_adaptations.c.opening_id))
               .join(Opening, Opening.id == opening_adaptations.c.opening_id)
               .join(Employer, Employer.id == Opening.employer_id)
               .where(opening_adaptations.c.adaptation_id == Adaptation.id,
                      Opening.status == OpeningStatus.PUBLISHED,
                      Employer.status == EmployerStatus.APPROVED, *offer_filters)
               .correlate(Adaptation).scalar_subquery().label("offered"))
    query = select(Adaptation.label_da, needed, offered).order_by(
        needed.desc(), offered.desc(), Adaptation.label_da)
    rows = [[label, citizens, openings,
             YES if citizens >= RARE_NEED_MIN_CITIZENS and openings * 2 < citizens else ""]
            for label, citizens, openings in db.session.execute(query)]
    return Table(
        key="adaptations", title=_("Tilpasninger"),
        explanation=_("Borgere, der søger eller er i forløb og har brug for tilpasningen, og "
                      "opslag, der er slået op og tilbyder den. Sjældent tilbudt: mindst 5 "
                      "borgere har brug for den, og færre end halvt så mange opslag tilbyder den."),
        columns=[Column("adaptation", _("Tilpasning"), "text"),
                 Column("citizens", _("Borgere med behov")),
                 Column("openings", _("Opslag der tilbyder den"), "number"),
                 Column("rarely_offered", _("Sjældent tilbudt"), "text")],
        rows=rows,
    )
