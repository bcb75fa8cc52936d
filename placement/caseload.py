"""The consultant's caseload: their own citizens first, then the rest of the municipality."""
from __future__ import annotations

from sqlalchemy import case, exists, func, select

from .access import candidates_for
from .extensions import db
from .lifecycle import OPEN_STATES
from .models import Candidate, CandidateStatus, OpeningInterest, Placement, User


def needs_proposal():
    """Looking for work, with nothing proposed, agreed or running."""
    has_open = exists().where(Placement.candidate_id == Candidate.id,
                              Placement.status.in_(OPEN_STATES))
    return (Candidate.status == CandidateStatus.LOOKING) & ~has_open


def caseload_query(user: User, search: str = "", status: CandidateStatus | None = None,
                   only_needing_proposal: bool = False):
    query = candidates_for(user)
    for word in search.split()[:5]:
        query = query.where(func.lower(Candidate.name).contains(word.lower(), autoescape=True))
    if status is not None:
        query = query.where(Candidate.status == status)
    if only_needing_proposal:
        query = query.where(needs_proposal())
    mine_first = case((Candidate.consultant_id == user.id, 0), else_=1)
    return query.order_by(mine_first, Candidate.name, Candidate.id)


def interest_counts(candidate_ids: list[int]) -> dict[int, int]:
    """How many openings each citizen has marked with "Jeg er interesseret"."""
    if not candidate_ids:
        return {}
    return dict(db.session.execute(
        select(OpeningInterest.candidate_id, func.count())
        .where(OpeningInterest.candidate_id.in_(candidate_ids))
        .group_by(OpeningInterest.candidate_id)
    ).all())
