"""What every table's query shares: the period as timestamps, the filters applied to a query
of placements, moves or citizens, and small helpers for counts, shares and totals."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import force_locale
from sqlalchemy import case, func, select

from placement.models import (
    Candidate,
    CandidateStatus,
    Employer,
    Kind,
    Opening,
    Placement,
    PlacementEvent,
    PlacementStatus,
)
from placement.statistics.tables import Filters

S = PlacementStatus
E = PlacementEvent

# Citizens a consultant works with now.
CASELOAD_STATES = (CandidateStatus.LOOKING, CandidateStatus.IN_PLACEMENT)
# The placements that ran: started, whether still running or ended since (one cancelled or
# declined before its start had no days to attend and used no mentor support).
RAN = (S.ACTIVE, S.AWAITING_EVALUATION, S.COMPLETED, S.ENDED_EARLY)
YES, NO = "Ja", "Nej"


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def period(f: Filters) -> tuple[datetime, datetime]:
    """The period as UTC timestamps: from the first day's midnight to the day after the last."""
    return start_of(f.date_from), start_of(f.date_to + timedelta(days=1))


def responsible():
    """The consultant a placement belongs to: who proposed it, else the citizen's consultant."""
    return func.coalesce(Placement.consultant_id, Candidate.consultant_id)


def placement_scope(query, f: Filters, *, uses=()):
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
        query = query.where(responsible() == f.consultant_id)
    if f.kind is not None:
        query = query.where(Opening.kind == f.kind)
    if f.industry is not None:
        query = query.where(Employer.industry == f.industry)
    return query


def events(*columns):
    return select(*columns).select_from(E).join(Placement, Placement.id == E.placement_id)


def candidate_conditions(f: Filters) -> list:
    conditions = []
    if f.municipality_id is not None:
        conditions.append(Candidate.municipality_id == f.municipality_id)
    if f.consultant_id is not None:
        conditions.append(Candidate.consultant_id == f.consultant_id)
    return conditions


def count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def kinds(f: Filters) -> list[Kind]:
    return [f.kind] if f.kind is not None else list(Kind)


def kind_label(kind: Kind) -> str:
    # Always Danish, so an export reads the same whoever made it.
    with force_locale("da"):
        return str(kind.label)


def share(part, whole):
    return part / whole if whole else None


def number(value):
    """Decimal (PostgreSQL's AVG) or float to float; None stays None."""
    return None if value is None else float(value)


def total_row(label: str, rows: list[list]) -> list:
    """The label, then each column's sum (every column but the first holds counts)."""
    return [label] + [sum(column) for column in list(zip(*rows))[1:]]
