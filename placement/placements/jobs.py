"""The placements' scheduled sweep: start agreed placements on their start date, and move
running ones to evaluation after their end date (placement/common/jobs.py)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, and_, cast, distinct, exists, func, literal, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from placement.agreements import versions
from placement.common import clock
from placement.common.jobs import SweepResult, parties
from placement.extensions import db
from placement.models import (
    Agreement,
    AgreementConfirmation,
    Notification,
    Opening,
    Party,
    Placement,
    PlacementStatus,
)
from placement.models.placements import END_DATE_PASSED, STARTED_ON_START_DATE
from placement.notifications.inbox import Message, notify_all
from placement.placements import lifecycle

S = PlacementStatus
UNCONFIRMED_KEY = "agreement-unconfirmed:"
# What the messages about a placement name, loaded with the placements rather than one
# statement per placement and relationship: a placement whose agreement waits for a
# confirmation is looked at again every day until it is confirmed (458 of them at national
# scale took a second).
_WORDED = (
    joinedload(Placement.consultant),
    joinedload(Placement.candidate),
    joinedload(Placement.opening).joinedload(Opening.employer),
)


def advance_placements(now: datetime) -> SweepResult:
    """Start agreed placements on their start date once all three confirmed the agreement;
    move running ones to evaluation after their end date.

    Each move takes the placement's row lock and reads it again, as a person's action does
    (lifecycle): one a consultant cancelled, completed or started while the sweep ran is
    refused there and left be, with no event and no error. In id order, so two sweeps would
    lock the same placements in the same order."""
    today = clock.today(now)
    result = SweepResult()
    messages = []
    with force_locale("da"):
        for placement in _loaded(
            select(Placement.id).where(
                Placement.status == S.AGREED,
                Placement.start_date <= today,
                ~_still_waiting_and_told(),
            ),
            selectinload(Placement.agreements).selectinload(Agreement.confirmations),
        ):
            missing = versions.missing_parties(placement)
            consultant = placement.consultant
            if missing:
                if consultant and placement.agreement:
                    messages.append(
                        Message(
                            consultant,
                            f"{UNCONFIRMED_KEY}{placement.id}:{placement.agreement.version}",
                            _l(
                                "Aftalen med %(name)s er ikke bekræftet",
                                name=placement.candidate.name,
                            ),
                            _l(
                                "Forløbet skulle starte, men aftalen mangler bekræftelse fra: "
                                "%(parties)s.",
                                parties=parties(missing),
                            ),
                            placement=placement,
                        )
                    )
                continue
            try:
                lifecycle.start(placement, None, today=today, note=STARTED_ON_START_DATE)
            except lifecycle.TransitionRefused:
                continue  # changed under the sweep: someone else decided
            result.done += 1
            if consultant:
                messages.append(
                    Message(
                        consultant,
                        f"placement-started:{placement.id}",
                        _l(
                            "%(name)s er startet hos %(company)s",
                            name=placement.candidate.name,
                            company=placement.opening.employer.name,
                        ),
                        placement=placement,
                    )
                )
        for placement in _loaded(
            select(Placement.id).where(Placement.status == S.ACTIVE, Placement.end_date < today)
        ):
            try:
                lifecycle.end_for_evaluation(placement, None, today=today, note=END_DATE_PASSED)
            except lifecycle.TransitionRefused:
                continue  # completed, ended early or moved by another sweep meanwhile
            result.done += 1
            if placement.consultant:
                messages.append(
                    Message(
                        placement.consultant,
                        f"placement-ended:{placement.id}",
                        _l(
                            "Forløbet med %(name)s er slut og venter på evaluering",
                            name=placement.candidate.name,
                        ),
                        placement=placement,
                    )
                )
    result.notifications = notify_all(messages)
    return result


def _loaded(ids_query, *options) -> list[Placement]:
    """The placements the ids query finds, in id order, with what the messages name. The ids
    first: on a day with nothing to do they are none, and the database plans the light query
    on its own instead of joining every table for rows it only guesses at."""
    ids = list(db.session.scalars(ids_query.order_by(Placement.id)))
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Placement)
            .where(Placement.id.in_(ids))
            .options(*_WORDED, *options)
            .order_by(Placement.id)
        ).unique()
    )


def _still_waiting_and_told():
    """An agreed placement the loop below would only look at: its current agreement still
    lacks a confirmation, and its consultant has been told (or it has no agreement, or no
    consultant, and so nobody to tell). Such placements wait until someone confirms; every
    day's run read them all with their agreements to find that out (379 at national scale)."""
    newest = aliased(Agreement)
    current = (
        select(func.max(newest.version))
        .where(newest.placement_id == Placement.id)
        .correlate(Placement)
        .scalar_subquery()
    )
    confirmed = (
        select(func.count(distinct(AgreementConfirmation.party)))
        .join(Agreement, Agreement.id == AgreementConfirmation.agreement_id)
        .where(Agreement.placement_id == Placement.id, Agreement.version == current)
        .correlate(Placement)
        .scalar_subquery()
    )
    told = exists().where(
        Notification.user_id == Placement.consultant_id,
        Notification.key
        == literal(UNCONFIRMED_KEY)
        + cast(Placement.id, String)
        + literal(":")
        + cast(current, String),
    )
    return or_(
        current.is_(None),
        and_(confirmed < len(Party), or_(Placement.consultant_id.is_(None), told)),
    )
