"""Which citizens a consultant may link an employer contact to: their own caseload."""

from __future__ import annotations

from sqlalchemy import select

from placement.extensions import db
from placement.models import Candidate, CandidateStatus, User


def own_caseload(consultant: User) -> list[Candidate]:
    """The consultant's citizens still worked with, by name (none for other roles)."""
    if consultant.municipality_id is None:
        return []
    return list(
        db.session.scalars(
            select(Candidate)
            .where(
                Candidate.consultant_id == consultant.id,
                Candidate.municipality_id == consultant.municipality_id,
                Candidate.anonymised_at.is_(None),
                Candidate.status != CandidateStatus.CLOSED,
            )
            .order_by(Candidate.name, Candidate.id)
        )
    )


def chosen_citizens(consultant: User, ids: list[int]) -> list[Candidate] | None:
    """The citizens of these ids from the consultant's caseload; None if any is not on it."""
    wanted = set(ids)
    found = [c for c in own_caseload(consultant) if c.id in wanted]
    return found if len(found) == len(wanted) else None
