"""The consultant's caseload: their own citizens first, then the rest of the municipality."""
from __future__ import annotations

import math

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import selectinload

from .access import candidates_for
from .extensions import db
from .lifecycle import OPEN_STATES
from .listing import Page
from .models import Candidate, CandidateStatus, OpeningInterest, Placement, User

PAGE_SIZE = 50


def needs_proposal():
    """Looking for work, with nothing proposed, agreed or running."""
    has_open = exists().where(Placement.candidate_id == Candidate.id,
                              Placement.status.in_(OPEN_STATES))
    return (Candidate.status == CandidateStatus.LOOKING) & ~has_open


def _filtered(user: User, search: str, status: CandidateStatus | None,
              only_needing_proposal: bool):
    query = candidates_for(user)
    for word in search.split()[:5]:
        query = query.where(func.lower(Candidate.name).contains(word.lower(), autoescape=True))
    if status is not None:
        query = query.where(Candidate.status == status)
    if only_needing_proposal:
        query = query.where(needs_proposal())
    return query


def caseload_query(user: User, search: str = "", status: CandidateStatus | None = None,
                   only_needing_proposal: bool = False):
    mine_first = case((Candidate.consultant_id == user.id, 0), else_=1)
    return _filtered(user, search, status, only_needing_proposal).order_by(
        mine_first, Candidate.name, Candidate.id)


def caseload_page(user: User, search: str = "", status: CandidateStatus | None = None,
                  only_needing_proposal: bool = False, number: int = 1,
                  size: int = PAGE_SIZE) -> Page:
    """Page `number` (from 1) of caseload_query; a page past the end shows the last one.

    Read as the consultant's own citizens, then the others, each in name order (an index), so
    the first pages cost about the same in a municipality of 10 000 citizens as in one of 300;
    the one query sorted by "mine first" reads and sorts the whole municipality every time."""
    query = _filtered(user, search, status, only_needing_proposal)
    mine = Candidate.consultant_id == user.id
    own, total = _count(query.where(mine)), _count(query)
    number = min(max(number, 1), max(1, math.ceil(total / size)))
    start = (number - 1) * size
    items: list[Candidate] = []
    if start < own:
        items += db.session.scalars(query.where(mine).order_by(Candidate.name, Candidate.id)
                                    .offset(start).limit(size)).all()
    if len(items) < size and start + len(items) < total:
        others = or_(Candidate.consultant_id != user.id, Candidate.consultant_id.is_(None))
        items += db.session.scalars(
            query.where(others).options(selectinload(Candidate.consultant))
            .order_by(Candidate.name, Candidate.id)
            .offset(max(start - own, 0)).limit(size - len(items))).all()
    return Page(items=items, number=number, total=total, size=size)


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def interest_counts(candidate_ids: list[int]) -> dict[int, int]:
    """How many openings each citizen has marked with "Jeg er interesseret"."""
    if not candidate_ids:
        return {}
    return dict(db.session.execute(
        select(OpeningInterest.candidate_id, func.count())
        .where(OpeningInterest.candidate_id.in_(candidate_ids))
        .group_by(OpeningInterest.candidate_id)
    ).all())
