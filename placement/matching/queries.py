"""Matching against the database: the hard limits as SQL, then the pure scorer on what is left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import joinedload

from placement.common import clock
from placement.extensions import db
from placement.matching.scoring import (
    CandidateProfile,
    Match,
    Need,
    OpeningProfile,
    best_candidates,
    best_openings,
)
from placement.models import (
    Adaptation,
    Candidate,
    CandidateAdaptation,
    CandidateKind,
    CandidatePlace,
    CandidateStatus,
    Opening,
    OpeningStatus,
    Placement,
    Workplace,
    opening_adaptations,
)
from placement.openings.public_board import public_openings
from placement.placements.lifecycle import OPEN_STATES
from placement.placements.ratio import (
    OCCUPYING,
    RATIO_KINDS_IN_ORDER,
    ratio_in_use_sql,
    ratio_limit_sql,
)


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
    return (
        select(func.count(Placement.id))
        .where(Placement.opening_id == Opening.id, Placement.status.in_(OCCUPYING))
        .correlate(Opening)
        .scalar_subquery()
    )


def open_openings(today: date | None = None):
    """Openings a person can be matched with now: the public board's, with a seat free and,
    for internships and wage subsidy, room under the ratio rule at the opening's workplace."""
    return public_openings(today).where(
        Opening.seats > _seats_taken(),
        or_(
            Opening.kind.not_in(RATIO_KINDS_IN_ORDER),
            exists()
            .where(
                Workplace.id == Opening.workplace_id,
                ratio_in_use_sql() < ratio_limit_sql(Workplace.employees),
            )
            .correlate(Opening),
        ),
    )


def _reachable(candidate: Candidate) -> list[str] | None:
    """The postcodes a citizen can reach, or None for "anywhere" (none listed)."""
    places = [p.postcode for p in candidate.places]
    if not places:
        return None
    return sorted(set(places) | ({candidate.postcode} if candidate.postcode else set()))


def _fits(candidate: Candidate, query):
    """The citizen's own hard limits (kinds, hours, places, not already proposed) added to a
    select() of Opening."""
    query = query.where(
        ~exists().where(
            Placement.candidate_id == candidate.id,
            Placement.opening_id == Opening.id,
            Placement.status.in_(OPEN_STATES),
        )
    )
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


def _none_listed_or_among(column, candidate_column, value):
    """No row for the citizen, or `value` among the rows: the largest of 1 (a row with the
    value) and 0 (another row), 1 without rows. Written as NOT EXISTS … OR EXISTS …,
    PostgreSQL hashes the whole table for each (0.3 s in a large municipality); this is one
    index lookup per citizen."""
    return (
        func.coalesce(
            select(func.max(case((column == value, 1), else_=0)))
            .where(candidate_column == Candidate.id)
            .scalar_subquery(),
            1,
        )
        == 1
    )


def candidate_filter(opening: Opening, municipality_id: int):
    """The same hard limits seen from one opening, as a select() of Candidate."""
    return select(Candidate).where(
        Candidate.municipality_id == municipality_id,
        Candidate.status == CandidateStatus.LOOKING,
        _none_listed_or_among(CandidateKind.kind, CandidateKind.candidate_id, opening.kind),
        or_(Candidate.max_hours.is_(None), Candidate.max_hours >= opening.hours_min),
        or_(
            Candidate.postcode == opening.postcode,
            _none_listed_or_among(
                CandidatePlace.postcode, CandidatePlace.candidate_id, opening.postcode
            ),
        ),
        # The opening's few open placements, read once (a NOT EXISTS here is planned as one
        # lookup per citizen). candidate_id is never NULL, so NOT IN is safe.
        Candidate.id.not_in(
            select(Placement.candidate_id).where(
                Placement.opening_id == opening.id, Placement.status.in_(OPEN_STATES)
            )
        ),
    )


# --- from rows to plain data -------------------------------------------------------------------

_OPENING_COLUMNS = (
    Opening.id,
    Opening.kind,
    Opening.hours_min,
    Opening.hours_max,
    Opening.title,
    Opening.description,
    Opening.tasks,
    Opening.skills,
)


def _opening_profiles(query, needed: set[int]) -> list[OpeningProfile]:
    """One statement, however many openings. An opening's adaptation_ids are only those among
    `needed` (the citizen's needs): the only ones a score looks at."""
    query = query.with_only_columns(*_OPENING_COLUMNS)
    if needed:
        query = query.outerjoin(
            opening_adaptations,
            and_(
                opening_adaptations.c.opening_id == Opening.id,
                opening_adaptations.c.adaptation_id.in_(sorted(needed)),
            ),
        ).add_columns(opening_adaptations.c.adaptation_id)
    rows: dict[int, tuple] = {}
    offered: dict[int, set[int]] = {}
    for row in _plain_rows(query):
        rows[row[0]] = row
        if needed and row[-1] is not None:
            offered.setdefault(row[0], set()).add(row[-1])
    nothing: frozenset[int] = frozenset()
    return [
        OpeningProfile(
            id_,
            kind,
            hours_min,
            hours_max,
            frozenset(offered[id_]) if id_ in offered else nothing,
            title,
            description or "",
            tasks or "",
            skills or "",
        )
        for id_, kind, hours_min, hours_max, title, description, tasks, skills, *_ in rows.values()
    ]


def _plain_rows(query):
    """Rows from the session's connection, without the ORM's bookkeeping per row: half the time
    for the thousands a citizen who takes any job anywhere has. Flushed first, as the
    session's own execute would."""
    db.session.flush()
    return db.session.connection().execute(query)


def _needs_by_candidate(candidate_ids: list[int]) -> dict[int, list[Need]]:
    needs: dict[int, list[Need]] = {}
    for row in db.session.execute(
        select(CandidateAdaptation.candidate_id, CandidateAdaptation.must_have, Adaptation)
        .join(Adaptation, Adaptation.id == CandidateAdaptation.adaptation_id)
        .where(CandidateAdaptation.candidate_id.in_(candidate_ids))
        .order_by(CandidateAdaptation.candidate_id, Adaptation.id)
    ):
        needs.setdefault(row.candidate_id, []).append(
            Need(
                adaptation_id=row.Adaptation.id, label=row.Adaptation.label, must_have=row.must_have
            )
        )
    return needs


def _candidate_profile(candidate: Candidate, kinds, needs) -> CandidateProfile:
    return CandidateProfile(
        id=candidate.id,
        max_hours=candidate.max_hours,
        kinds=tuple(sorted(kinds)),
        needs=tuple(needs),
        skills=candidate.skills or "",
        interests=candidate.interests or "",
    )


def _opening_profile(opening: Opening) -> OpeningProfile:
    return OpeningProfile(
        id=opening.id,
        kind=opening.kind,
        hours_min=opening.hours_min,
        hours_max=opening.hours_max,
        adaptation_ids=frozenset(a.id for a in opening.adaptations),
        title=opening.title,
        description=opening.description or "",
        tasks=opening.tasks or "",
        skills=opening.skills or "",
    )


# --- entry points ------------------------------------------------------------------------------


def rank_openings_for(
    candidate: Candidate, limit: int = 20, today: date | None = None
) -> list[RankedOpening]:
    """The openings that fit one citizen, best first, at most `limit`."""
    needs = _needs_by_candidate([candidate.id]).get(candidate.id, [])
    profile = _candidate_profile(candidate, candidate.kinds_wanted, needs)
    # First the openings' own columns (published, deadline) and the citizen's limits. The rest
    # of the rule (the company approved, a free seat, room under the ratio rule) takes a join
    # and counts per opening: open_openings answers it only for the openings that can still
    # reach the top, a batch at a time, and has the last word on all of it.
    published = select(Opening).where(
        Opening.status == OpeningStatus.PUBLISHED,
        or_(Opening.deadline.is_(None), Opening.deadline >= (today or clock.today())),
    )
    fitting = _opening_profiles(_fits(candidate, published), {n.adaptation_id for n in needs})

    def still_open(batch: list[OpeningProfile]) -> list[int]:
        return list(
            db.session.scalars(
                open_openings(today)
                .with_only_columns(Opening.id)
                .where(Opening.id.in_([o.id for o in batch]))
            )
        )

    matches = best_openings(profile, fitting, limit, keep=still_open)
    openings = {
        o.id: o
        for o in db.session.scalars(
            select(Opening)
            .options(joinedload(Opening.employer))
            .where(Opening.id.in_([m.opening_id for m in matches]))
        )
    }
    return [RankedOpening(openings[m.opening_id], m) for m in matches]


def rank_candidates_for(
    opening: Opening, municipality_id: int, limit: int = 20, today: date | None = None
) -> list[RankedCandidate]:
    """The looking citizens of one municipality who fit an opening, best first. An opening
    that is not open for matching (unpublished, past deadline, full, ratio reached) has none."""
    still_open = db.session.scalar(
        open_openings(today).with_only_columns(literal(1)).where(Opening.id == opening.id)
    )
    if not still_open:
        return []
    # One statement for the citizens who fit: only the columns a score reads, one row per need
    # (whole rows only for the few that are shown). Of their kinds only "listed any" is read:
    # the filter let through those who listed none or this opening's kind, and a score
    # against this opening asks no more.
    listed_kinds = exists().where(CandidateKind.candidate_id == Candidate.id)
    query = (
        candidate_filter(opening, municipality_id)
        .with_only_columns(
            Candidate.id,
            Candidate.max_hours,
            Candidate.skills,
            Candidate.interests,
            listed_kinds,
            CandidateAdaptation.adaptation_id,
            CandidateAdaptation.must_have,
        )
        .outerjoin(CandidateAdaptation, CandidateAdaptation.candidate_id == Candidate.id)
    )
    labels = {a.id: a.label for a in db.session.scalars(select(Adaptation))}
    fitting: dict[int, tuple] = {}
    needs: dict[int, list[Need]] = {}
    for id_, max_hours, skills, interests, listed, adaptation_id, must_have in _plain_rows(query):
        fitting[id_] = (max_hours, skills or "", interests or "", (opening.kind,) if listed else ())
        if adaptation_id is not None:
            needs.setdefault(id_, []).append(Need(adaptation_id, labels[adaptation_id], must_have))
    matches = best_candidates(
        [
            CandidateProfile(
                id_,
                max_hours,
                kinds,
                tuple(sorted(needs.get(id_, ()), key=lambda n: n.adaptation_id)),
                skills,
                interests,
            )
            for id_, (max_hours, skills, interests, kinds) in fitting.items()
        ],
        _opening_profile(opening),
        limit,
    )
    if not matches:
        return []
    by_id = {
        c.id: c
        for c in db.session.scalars(
            select(Candidate).where(Candidate.id.in_([m.candidate_id for m in matches]))
        )
    }
    return [RankedCandidate(by_id[m.candidate_id], m) for m in matches]
