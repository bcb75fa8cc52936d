"""Placement transitions: guarded, written to the event history, flushed (the request commits)."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from . import ratio
from .extensions import db
from .models import (
    Answer, Candidate, Opening, OpeningStatus, Placement, PlacementEvent, PlacementStatus, User,
    utcnow,
)

S = PlacementStatus
# Where each state may go next. Anything else is refused.
ALLOWED: dict[PlacementStatus, set[PlacementStatus]] = {
    S.PROPOSED: {S.ACCEPTED, S.DECLINED, S.CANCELLED},
    S.ACCEPTED: {S.AGREED, S.CANCELLED},
    S.AGREED: {S.ACTIVE, S.CANCELLED},
    S.ACTIVE: {S.AWAITING_EVALUATION, S.COMPLETED, S.ENDED_EARLY},
    S.AWAITING_EVALUATION: {S.COMPLETED},
}
# A placement in one of these is still alive: a second proposal of the same pair is refused.
OPEN_STATES = (S.PROPOSED, S.ACCEPTED, S.AGREED, S.ACTIVE)


class TransitionRefused(ValueError):
    """The action is not allowed now; the message says why, for the person."""


def _move(placement: Placement, to: PlacementStatus, actor: User | None, note: str = "") -> None:
    if to not in ALLOWED.get(placement.status, set()):
        raise TransitionRefused(_("Forløbet er %(status)s og kan ikke ændres sådan.",
                                  status=placement.status.label.lower()))
    placement.events.append(PlacementEvent(
        from_status=placement.status, to_status=to, actor=actor, note=note[:500],
    ))
    placement.status = to


def propose(candidate: Candidate, opening: Opening, consultant: User, note: str = "") -> Placement:
    if opening.status != OpeningStatus.PUBLISHED:
        raise TransitionRefused(_("Opslaget er ikke slået op og kan ikke foreslås."))
    duplicate = db.session.scalar(select(Placement.id).where(
        Placement.candidate_id == candidate.id, Placement.opening_id == opening.id,
        Placement.status.in_(OPEN_STATES)))
    if duplicate:
        raise TransitionRefused(_("%(name)s er allerede foreslået til dette opslag.",
                                  name=candidate.name))
    try:
        ratio.check_room(opening)
    except ratio.RatioRuleError as error:
        raise TransitionRefused(str(error)) from None
    placement = Placement(candidate=candidate, opening=opening, consultant=consultant,
                          status=S.PROPOSED, hours_per_week=opening.hours_min,
                          start_date=opening.start_date, end_date=opening.end_date)
    placement.events.append(PlacementEvent(from_status=None, to_status=S.PROPOSED,
                                           actor=consultant, note=note[:500]))
    db.session.add(placement)
    db.session.flush()
    return placement


def _after_answer(placement: Placement, actor: User, reason: str) -> None:
    if Answer.NO in (placement.citizen_answer, placement.employer_answer):
        _move(placement, S.DECLINED, actor, reason)
    elif placement.citizen_answer == placement.employer_answer == Answer.YES:
        _move(placement, S.ACCEPTED, actor)
    db.session.flush()


def _record_answer(placement: Placement, party: str, yes: bool, by: User, reason: str,
                   already_answered: str) -> None:
    if placement.status != S.PROPOSED or getattr(placement, f"{party}_answer") is not None:
        raise TransitionRefused(already_answered)
    setattr(placement, f"{party}_answer", Answer.YES if yes else Answer.NO)
    setattr(placement, f"{party}_answered_at", utcnow())
    setattr(placement, f"{party}_reason", reason.strip())
    _after_answer(placement, by, reason)


def answer_as_employer(placement: Placement, yes: bool, by: User, reason: str = "") -> None:
    _record_answer(placement, "employer", yes, by, reason, _("Forslaget er allerede besvaret."))


def answer_as_citizen(placement: Placement, yes: bool, by: User, reason: str = "") -> None:
    _record_answer(placement, "citizen", yes, by, reason,
                   _("Du har allerede svaret på tilbuddet."))
