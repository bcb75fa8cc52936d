"""Matching against the database: the hard limits as SQL, then the pure scorer on what is left."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, literal, or_, select
from sqlalchemy.orm import joinedload

from .extensions import db
from .lifecycle import OPEN_STATES
from .matching import CandidateProfile, Match, Need, OpeningProfile, rank_candidates, rank_openings
from .models import (
    Adaptation, Candidate, CandidateAdaptation, CandidateKind, CandidatePlace, CandidateStatus,
    Employer, Opening, Placement, opening_adaptations,
)
from .openings import public_openings
from .ratio import OCCUPYING, RATIO_KINDS_IN_ORDER, ratio_in_use_sql, ratio_limit_sql


@dataclass(frozen=True)
class RankedOpening:
    opening: Opening
    match: Match


@dataclass(frozen=True)
class RankedCandidate:
    candidate: Candidate
    match: Match


# --- the opening side: published, approved, before the deadline, a seat free, ratio room -------

def _seats_taken():
    return (select(func.count(Placement.id))
            .where(Placement.opening_id == Opening.id, Placement.status.in_(OCCUPYING))
            .correlate(Opening).scalar_subquery())


def open_openings(today: date | None = None):
    """Openings a person can be matched with now: the public board's, with a seat free and,
    for internships and wage subsidy, room under the company's ratio rule."""
    return public_openings(today).where(
        Opening.seats > _seats_taken(),
        or_(Opening.kind.not_in(RATIO_KINDS_IN_ORDER),
            ratio_in_use_sql() < ratio_limit_sql(Employer.employees)),
    )


def _reachable(candidate: Candidate) -> list[str] | None:
    """The postcodes a citizen can reach, or None for "anywhere" (none listed)."""
    places = [p.postcode for p in candidate.places]
    if not places:
        return None
    return sorted(set(places) | ({candidate.postcode} if candidate.postcode else set()))


def opening_filter(candidate: Candidate, today: date | None = None):
    """The hard limits for one citizen, as a select() of Opening."""
    query = open_openings(today).where(~exists().where(
        Placement.candidate_id == candidate.id, Placement.opening_id == Opening.id,
        Placement.status.in_(OPEN_STATES)))
    if candidate.kinds_wanted:
        query = query.where(Opening.kind.in_(candidate.kinds_wanted))
    if candidate.max_hours is not None:
        # The opening may go above the citizen's hours: starting lower and stepping up counts.
        query = query.where(Opening.hours_min <= candidate.max_hours)
    reachable = _reachable(candidate)
    if reachable is not None:
        query = query.where(Opening.postcode.in_(reachable))
    return query


# --- the candidate side ------------------------------------------------------------------------

def candidate_filter(opening: Opening, municipality_id: int):
    """The same hard limits seen from one opening, as a select() of Candidate."""
    has_places = exists().where(CandidatePlace.candidate_id == Candidate.id)
    reaches = exists().where(CandidatePlace.candidate_id == Candidate.id,
                             CandidatePlace.postcode == opening.postcode)
    has_kinds = exists().where(CandidateKind.candidate_id == Candidate.id)
    wants_kind = exists().where(CandidateKind.candidate_id == Candidate.id,
                                CandidateKind.kind == opening.kind)
    return select(Candidate).where(
        Candidate.municipality_id == municipality_id,
        Candidate.status == CandidateStatus.LOOKING,
        or_(~has_kinds, wants_kind),
        or_(Candidate.max_hours.is_(None), Candidate.max_hours >= opening.hours_min),
        or_(~has_places, reaches, Candidate.postcode == opening.postcode),
        ~exists().where(Placement.candidate_id == Candidate.id, Placement.opening_id == opening.id,
                        Placement.status.in_(OPEN_STATES)),
    )


# --- from rows to plain data -------------------------------------------------------------------

_OPENING_COLUMNS = (Opening.id, Opening.kind, Opening.hours_min, Opening.hours_max, Opening.title,
                    Opening.description, Opening.tasks, Opening.skills)


def _opening_profiles(query) -> list[OpeningProfile]:
    """Two statements, however many openings: the columns, then every offered adaptation."""
    ids = query.with_only_columns(Opening.id)
    offered: dict[int, set[int]] = {}
    for opening_id, adaptation_id in db.session.execute(
            select(opening_adaptations.c.opening_id, opening_adaptations.c.adaptation_id)
            .where(opening_adaptations.c.opening_id.in_(ids))):
        offered.setdefault(opening_id, set()).add(adaptation_id)
    return [
        OpeningProfile(id=row.id, kind=row.kind, hours_min=row.hours_min,
                       hours_max=row.hours_max, adaptation_ids=frozenset(offered.get(row.id, ())),
                       title=row.title, description=row.description or "",
                       tasks=row.tasks or "", skills=row.skills or "")
        for row in db.session.execute(query.with_only_columns(*_OPENING_COLUMNS))
    ]


def _needs_by_candidate(candidate_ids) -> dict[int, list[Need]]:
    needs: dict[int, list[Need]] = {}
    for row in db.session.execute(
            select(CandidateAdaptation.candidate_id, CandidateAdaptation.must_have, Adaptation)
            .join(Adaptation, Adaptation.id == CandidateAdaptation.adaptation_id)
            .where(CandidateAdaptation.candidate_id.in_(candidate_ids))
            .order_by(CandidateAdaptation.candidate_id, Adaptation.id)):
        needs.setdefault(row.candidate_id, []).append(
            Need(adaptation_id=row.Adaptation.id, label=row.Adaptation.label,
                 must_have=row.must_have))
    return needs


def _candidate_profile(candidate: Candidate, kinds, needs) -> CandidateProfile:
    return CandidateProfile(
        id=candidate.id, max_hours=candidate.max_hours, kinds=tuple(sorted(kinds)),
        needs=tuple(needs), skills=candidate.skills or "", interests=candidate.interests or "",
    )


def _opening_profile(opening: Opening) -> OpeningProfile:
    return OpeningProfile(
        id=opening.id, kind=opening.kind, hours_min=opening.hours_min,
        hours_max=opening.hours_max, adaptation_ids=frozenset(a.id for a in opening.adaptations),
        title=opening.title, description=opening.description or "", tasks=opening.tasks or "",
        skills=opening.skills or "",
    )


# --- entry points ------------------------------------------------------------------------------

def rank_openings_for(candidate: Candidate, limit: int = 20,
                      today: date | None = None) -> list[RankedOpening]:
    """The openings that fit one citizen, best first, at most `limit`."""
    profile = _candidate_profile(candidate, candidate.kinds_wanted,
                                 _needs_by_candidate([candidate.id]).get(candidate.id, []))
    matches = rank_openings(profile, _opening_profiles(opening_filter(candidate, today)))[:limit]
    openings = {o.id: o for o in db.session.scalars(
        select(Opening).options(joinedload(Opening.employer))
        .where(Opening.id.in_([m.opening_id for m in matches])))}
    return [RankedOpening(openings[m.opening_id], m) for m in matches]


def rank_candidates_for(opening: Opening, municipality_id: int, limit: int = 20,
                        today: date | None = None) -> list[RankedCandidate]:
    """The looking citizens of one municipality who fit an opening, best first. An opening
    that is not open for matching (unpublished, past deadline, full, ratio reached) has none."""
    still_open = db.session.scalar(
        open_openings(today).with_only_columns(literal(1)).where(Opening.id == opening.id))
    if not still_open:
        return []
    query = candidate_filter(opening, municipality_id)
    ids = query.with_only_columns(Candidate.id)
    kinds: dict[int, list] = {}
    for candidate_id, kind in db.session.execute(
            select(CandidateKind.candidate_id, CandidateKind.kind)
            .where(CandidateKind.candidate_id.in_(ids))):
        kinds.setdefault(candidate_id, []).append(kind)
    needs = _needs_by_candidate(ids)
    candidates = list(db.session.scalars(query))
    target = _opening_profile(opening)
    matches = rank_candidates(
        [_candidate_profile(c, kinds.get(c.id, ()), needs.get(c.id, ())) for c in candidates],
        target)[:limit]
    by_id = {c.id: c for c in candidates}
    return [RankedCandidate(by_id[m.candidate_id], m) for m in matches]
