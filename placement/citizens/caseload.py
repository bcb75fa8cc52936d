"""The consultant's caseload: their own citizens first, then the rest of the municipality."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import case, exists, func, or_, select

from placement.common.access import candidates_for
from placement.extensions import db
from placement.models import Candidate, CandidateStatus, OpeningInterest, Placement, User
from placement.placements.lifecycle import OPEN_STATES
from placement.web.listing import Page

PAGE_SIZE = 50


def needs_proposal():
    """Looking for work, with nothing proposed, agreed or running."""
    has_open = exists().where(
        Placement.candidate_id == Candidate.id, Placement.status.in_(OPEN_STATES)
    )
    return (Candidate.status == CandidateStatus.LOOKING) & ~has_open


def _filtered(user: User, search: str, status: CandidateStatus | None, only_needing_proposal: bool):
    query = candidates_for(user)
    for word in search.split()[:5]:
        query = query.where(func.lower(Candidate.name).contains(word.lower(), autoescape=True))
    if status is not None:
        query = query.where(Candidate.status == status)
    if only_needing_proposal:
        query = query.where(needs_proposal())
    return query


def caseload_query(
    user: User,
    search: str = "",
    status: CandidateStatus | None = None,
    only_needing_proposal: bool = False,
):
    mine_first = case((Candidate.consultant_id == user.id, 0), else_=1)
    return _filtered(user, search, status, only_needing_proposal).order_by(
        mine_first, Candidate.name, Candidate.id
    )


@dataclass(frozen=True)
class CaseloadRow:
    """One line of the caseload table: what it shows, read as plain columns (loading 50
    whole citizens, then their consultants and interests, cost more than the rest of the
    page together)."""

    id: int
    name: str
    postcode: str
    city: str
    status: CandidateStatus
    consultant_id: int | None
    consultant_name: str | None
    interests: int  # openings the citizen marked "Jeg er interesseret"


def _row_columns():
    consultant_name = (
        select(User.name)
        .where(User.id == Candidate.consultant_id)
        .correlate(Candidate)
        .scalar_subquery()
    )
    interests = (
        select(func.count())
        .select_from(OpeningInterest)
        .where(OpeningInterest.candidate_id == Candidate.id)
        .correlate(Candidate)
        .scalar_subquery()
    )
    return (
        Candidate.id,
        Candidate.name,
        Candidate.postcode,
        Candidate.city,
        Candidate.status,
        Candidate.consultant_id,
        consultant_name,
        interests,
    )


def caseload_page(
    user: User,
    search: str = "",
    status: CandidateStatus | None = None,
    only_needing_proposal: bool = False,
    number: int = 1,
    size: int = PAGE_SIZE,
) -> Page:
    """Page `number` (from 1) of caseload_query, as CaseloadRows; a page past the end shows
    the last one.

    Read as the consultant's own citizens, then the others, each in name order (an index), so
    the first pages cost about the same in a municipality of 10 000 citizens as in one of 300;
    the one query sorted by "mine first" reads and sorts the whole municipality every time."""
    query = _filtered(user, search, status, only_needing_proposal)
    mine = Candidate.consultant_id == user.id
    total, own = db.session.execute(
        query.with_only_columns(func.count(), func.coalesce(func.sum(case((mine, 1), else_=0)), 0))
    ).one()
    number = min(max(number, 1), max(1, math.ceil(total / size)))
    start = (number - 1) * size
    rows = query.with_only_columns(*_row_columns()).order_by(Candidate.name, Candidate.id)
    items: list[CaseloadRow] = []
    if start < own:
        items += _rows(rows.where(mine).offset(start).limit(size))
    if len(items) < size and start + len(items) < total:
        others = or_(Candidate.consultant_id != user.id, Candidate.consultant_id.is_(None))
        items += _rows(rows.where(others).offset(max(start - own, 0)).limit(size - len(items)))
    return Page(items=items, number=number, total=total, size=size)


def _rows(query) -> list[CaseloadRow]:
    return [CaseloadRow(*row) for row in db.session.execute(query)]
