"""The public board: the openings anyone may see, also without logging in, its search and its
pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, literal, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from placement.common import clock
from placement.common.policy import OPENING_START_GRACE_DAYS
from placement.extensions import db
from placement.models import (
    Employer,
    EmployerStatus,
    Kind,
    Opening,
    OpeningStatus,
    Placement,
    opening_adaptations,
)
from placement.placements.ratio import OCCUPYING
from placement.web.listing import Page, contains_text, paginate

BOARD_PAGE_SIZE = 20


@dataclass
class BoardFilter:
    words: str = ""
    kind: Kind | None = None
    hours: int | None = None  # "I can work at most this many hours a week"
    adaptation_ids: list[int] = field(default_factory=list)
    place: str = ""  # a postcode or a town


def public_openings(today: date | None = None):
    """Published openings of approved companies that someone can still take: what anyone may
    see, also without login. An opening leaves by itself, with no one pressing a button or
    waiting for the scheduler's sweep: when its deadline or its period is over, when its start
    lies further back than the grace, and while agreed or running placements fill all its
    seats (a placement cancelled before it starts gives its seat back, and the opening returns).
    The same dates keep it from being published (`_dates_problem`)."""
    today = today or clock.today()
    return (
        select(Opening)
        .join(Opening.employer)
        .where(
            Opening.status == OpeningStatus.PUBLISHED,
            Employer.status == EmployerStatus.APPROVED,
            or_(Opening.deadline.is_(None), Opening.deadline >= today),
            or_(Opening.end_date.is_(None), Opening.end_date >= today),
            or_(
                Opening.start_date.is_(None),
                Opening.start_date >= today - timedelta(days=OPENING_START_GRACE_DAYS),
            ),
            _seats_held() < Opening.seats,
        )
    )


def _seats_held():
    """How many of the opening's seats agreed or running placements hold.

    Asked per opening, so the board's page, which reads the newest openings until it has 20,
    asks it about 20 times (a set of all full openings, worked out first, cost the page as
    much again as it saved the count). Each answer reads an index of only the placements that
    hold a seat (migration 0018); the statuses are written into the SQL, not bound, so the
    database knows that partial index fits."""
    return (
        select(func.count())
        .select_from(Placement)
        .where(
            Placement.opening_id == Opening.id,
            Placement.status.in_([literal(s.value, literal_execute=True) for s in OCCUPYING]),
        )
        .correlate(Opening)
        .scalar_subquery()
    )


def board_query(criteria: BoardFilter):
    query = public_openings()
    for word in criteria.words.split()[:8]:
        query = query.where(
            or_(
                *(
                    contains_text(column, word)
                    for column in (
                        Opening.title,
                        Opening.description,
                        Opening.tasks,
                        Opening.skills,
                        Employer.name,
                    )
                )
            )
        )
    if criteria.kind:
        query = query.where(Opening.kind == criteria.kind)
    if criteria.hours is not None:
        query = query.where(Opening.hours_min <= criteria.hours)
    for adaptation_id in criteria.adaptation_ids:
        query = query.where(
            Opening.id.in_(
                select(opening_adaptations.c.opening_id).where(
                    opening_adaptations.c.adaptation_id == adaptation_id
                )
            )
        )
    place = criteria.place.strip()
    if place.isdigit():
        query = query.where(Opening.postcode == place)
    elif place:
        query = query.where(contains_text(Opening.city, place))
    return query


def board_page(criteria: BoardFilter, number: int = 1, size: int = BOARD_PAGE_SIZE) -> Page:
    """One page of the board, newest first: the count and the page's ids from the index of
    published openings (migration 0018; on PostgreSQL an index-only scan), then the page's
    cards, each with its company and adaptations, in one statement."""
    ids = (
        board_query(criteria)
        .with_only_columns(Opening.id)
        .order_by(Opening.published_at.desc(), Opening.id.desc())
    )
    page = paginate(ids, number, size)
    cards = db.session.scalars(
        select(Opening)
        .join(Opening.employer)
        .where(Opening.id.in_(page.items))
        .options(contains_eager(Opening.employer), joinedload(Opening.adaptations))
    ).unique()
    by_id = {opening.id: opening for opening in cards}
    page.items = [by_id[opening_id] for opening_id in page.items if opening_id in by_id]
    return page
