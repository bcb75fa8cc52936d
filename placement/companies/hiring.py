"""Employers who hire: per company and workplace, the internships and wage subsidies that ended
in the last 24 months and how many led to ordinary work or a flex job at the same company.

Counted for all companies at once in one query (a list of companies does not make one per
company). A placement counts when it ended (completed, awaiting evaluation, or stopped early)
within HIRING_WINDOW_MONTHS up to today; its end is the planned end date, or for one stopped
early the day it stopped. It led to a hire when the hire recorded with its outcome
(placement/placements/hires.py) is at the placement's own company, on a day at most
HIRED_WITHIN_MONTHS after that end. A hire before the end (the internship cut short because
the citizen was hired) counts too. The company is the CVR: a hire counts for the workplace
where the placement was, whichever of the company's workplaces the citizen works at.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import and_, or_, select

from placement.common import clock
from placement.common.policy import HIRED_WITHIN_MONTHS, HIRING_WINDOW_MONTHS, RATIO_KINDS
from placement.extensions import db
from placement.models import Candidate, Kind, Opening, Placement, PlacementEvent, PlacementStatus

S = PlacementStatus
ENDED = (S.COMPLETED, S.AWAITING_EVALUATION, S.ENDED_EARLY)
KINDS_IN_ORDER = sorted(RATIO_KINDS)  # internship and wage subsidy, in a stable order


@dataclass
class Hiring:
    """One company's or workplace's figures."""

    placements: int = 0  # internships and wage subsidies ended in the window
    hired: int = 0  # of those, led to a hire at the company within 6 months of the end
    internships: int = 0
    internships_hired: int = 0

    def add(self, internship: bool, hired: bool) -> None:
        self.placements += 1
        self.hired += hired
        self.internships += internship
        self.internships_hired += internship and hired


@dataclass
class CompanyHiring:
    total: Hiring = field(default_factory=Hiring)
    workplaces: dict[int, Hiring] = field(default_factory=lambda: defaultdict(Hiring))

    def at(self, workplace_id: int) -> Hiring:
        return self.workplaces.get(workplace_id) or Hiring()


@dataclass(frozen=True)
class Ended:
    """One ended placement, as the figures read it."""

    placement_id: int
    opening_id: int
    employer_id: int
    workplace_id: int
    kind: Kind
    consultant_id: int | None
    candidate_consultant_id: int | None
    end: date
    hired: bool


def window_start(today: date) -> date:
    """The first day of the window: a placement that ended on this day or later counts."""
    return today - relativedelta(months=HIRING_WINDOW_MONTHS)


def ended_placements(today: date, employer_ids: Iterable[int] | None = None) -> list[Ended]:
    """Every internship and wage subsidy that ended in the window, with whether it led to a
    hire at its company (one query)."""
    since = window_start(today)
    stopped = PlacementEvent
    query = (
        select(
            Placement.id,
            Placement.opening_id,
            Opening.employer_id,
            Opening.workplace_id,
            Opening.kind,
            Placement.consultant_id,
            Candidate.consultant_id,
            Placement.end_date,
            stopped.at,
            Placement.hired_by_employer_id,
            Placement.hired_on,
        )
        .join(Opening, Opening.id == Placement.opening_id)
        .join(Candidate, Candidate.id == Placement.candidate_id)
        # The move into its present state: for one stopped early, the day it stopped.
        .outerjoin(
            stopped,
            and_(stopped.placement_id == Placement.id, stopped.to_status == Placement.status),
        )
        .where(
            Placement.status.in_(ENDED),
            Opening.kind.in_(KINDS_IN_ORDER),
            # A loose bound here (the event's UTC time, the planned end), the exact day below.
            or_(Placement.end_date >= since, stopped.at >= _start_of(since)),
        )
        .order_by(Placement.id)
    )
    if employer_ids is not None:
        query = query.where(Opening.employer_id.in_(list(employer_ids)))
    found = []
    for row in db.session.execute(query):
        pid, opening_id, employer_id, workplace_id, kind, consultant_id, own_consultant = row[:7]
        end_date, stopped_at, hired_by, hired_on = row[7:]
        end = _end(end_date, stopped_at)
        if end is None or not since <= end <= today:
            continue
        hired = (
            hired_by == employer_id
            and hired_on is not None
            and hired_on <= end + relativedelta(months=HIRED_WITHIN_MONTHS)
        )
        found.append(
            Ended(
                pid,
                opening_id,
                employer_id,
                workplace_id,
                kind,
                consultant_id,
                own_consultant,
                end,
                hired,
            )
        )
    return found


def _start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=clock.COPENHAGEN) - relativedelta(days=1)


def _end(end_date: date | None, moved_at: datetime | None) -> date | None:
    """The planned end, or the day it moved into its end state when that came first (stopped
    early, or completed before its planned end)."""
    days = [d for d in (end_date, clock.today(moved_at) if moved_at else None) if d is not None]
    return min(days) if days else None


def figures(
    today: date | None = None, employer_ids: Iterable[int] | None = None
) -> dict[int, CompanyHiring]:
    """Per company id: its figures and its workplaces'. A company with nothing ended in the
    window is not in it (`of` gives it empty figures)."""
    today = today or clock.today()
    companies: dict[int, CompanyHiring] = defaultdict(CompanyHiring)
    for ended in ended_placements(today, employer_ids):
        internship = ended.kind is Kind.INTERNSHIP
        company = companies[ended.employer_id]
        company.total.add(internship, ended.hired)
        company.workplaces[ended.workplace_id].add(internship, ended.hired)
    return dict(companies)


def of(employer_id: int, today: date | None = None) -> CompanyHiring:
    """One company's figures."""
    return figures(today, [employer_id]).get(employer_id) or CompanyHiring()
