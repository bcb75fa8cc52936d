"""What may this person see: one query filter per kind of object, used by every view.

Objects that exist but are outside a person's scope are answered with 404, so ids cannot be
probed; a page a role may not open at all is answered with 403.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import false, select

from placement.extensions import db
from placement.models import Candidate, Employer, Opening, Placement, Role, User


def candidates_for(user: User):
    query = select(Candidate)
    if user.role == Role.ADMIN:
        return query
    if user.role in (Role.CONSULTANT, Role.MANAGER):
        return query.where(Candidate.municipality_id == user.municipality_id)
    if user.role == Role.CITIZEN and user.candidate_id:
        return query.where(Candidate.id == user.candidate_id)
    return query.where(false())


def candidates_with_data_for(user: User):
    """The citizens one may still work on: an erased citizen's row stays for the statistics
    (placement/privacy/erasure.py), but nobody adds personal data to it again."""
    return candidates_for(user).where(Candidate.anonymised_at.is_(None))


def employers_for(user: User):
    query = select(Employer)
    if user.role in (Role.ADMIN, Role.CONSULTANT, Role.MANAGER):
        return query  # companies are shared across the municipalities of a deployment
    if user.role == Role.EMPLOYER and user.employer_id:
        return query.where(Employer.id == user.employer_id)
    return query.where(false())


def openings_for(user: User):
    query = select(Opening)
    if user.role in (Role.ADMIN, Role.CONSULTANT, Role.MANAGER):
        return query
    if user.role == Role.EMPLOYER and user.employer_id:
        return query.where(Opening.employer_id == user.employer_id)
    return query.where(false())


def placements_for(user: User):
    query = select(Placement)
    if user.role == Role.ADMIN:
        return query
    if user.role in (Role.CONSULTANT, Role.MANAGER):
        return query.join(Placement.candidate).where(
            Candidate.municipality_id == user.municipality_id
        )
    if user.role == Role.EMPLOYER and user.employer_id:
        return query.join(Placement.opening).where(Opening.employer_id == user.employer_id)
    if user.role == Role.CITIZEN and user.candidate_id:
        return query.where(Placement.candidate_id == user.candidate_id)
    return query.where(false())


def get_or_404(scoped_query, model, object_id: int):
    """Fetch one object through a scoped query; outside the scope it does not exist."""
    # unique(): the query may join a collection eagerly (agreement_versions.DOCUMENT_ROWS).
    found = db.session.scalars(scoped_query.where(model.id == object_id)).unique().one_or_none()
    if found is None:
        abort(404)
    return found
