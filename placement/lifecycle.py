"""Placement transitions: guarded, written to the event history, flushed (the request commits)."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from . import agreement_versions, followups, ratio
from .extensions import db
from .models import (
    Answer, Candidate, Employer, Opening, Outcome, Placement, PlacementEvent,
    PlacementStatus, User, utcnow,
)
from .openings import public_openings
from .policy import FULL_TIME_HOURS

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
# The planned hours, period and terms may change until the placement is over; once agreed,
# every change makes a new version of the agreement.
PLAN_STATES = OPEN_STATES


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


def seats_taken(opening: Opening) -> int:
    return db.session.scalar(select(func.count(Placement.id)).where(
        Placement.opening_id == opening.id, Placement.status.in_(ratio.OCCUPYING)))


def propose(candidate: Candidate, opening: Opening, consultant: User, note: str = "",
            today: date | None = None) -> Placement:
    # Only what is on the public board: published, an approved company, deadline not passed.
    on_board = db.session.scalar(public_openings(today).where(Opening.id == opening.id))
    if on_board is None:
        raise TransitionRefused(_("Opslaget er ikke åbent for forslag lige nu."))
    if seats_taken(opening) >= opening.seats:
        raise TransitionRefused(_("Alle pladser i opslaget er besat."))
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
    end_date = opening.end_date
    if end_date is None and opening.start_date and opening.duration_weeks:
        end_date = opening.start_date + timedelta(weeks=opening.duration_weeks, days=-1)
    placement = Placement(candidate=candidate, opening=opening, consultant=consultant,
                          status=S.PROPOSED, hours_per_week=opening.hours_min,
                          start_date=opening.start_date, end_date=end_date,
                          tasks=opening.tasks, mentor_name=opening.mentor_name,
                          mentor_role=opening.mentor_role)
    # A first draft of the agreed adaptations: what the citizen needs and the company offers,
    # but only when the citizen lets employers see their needs.
    if candidate.share_adaptations:
        offered = {adaptation.id for adaptation in opening.adaptations}
        placement.adaptations = [need.adaptation for need in candidate.needs
                                 if need.adaptation_id in offered]
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
    reason = reason.strip()
    setattr(placement, f"{party}_reason", reason)
    _after_answer(placement, by, reason)


def answer_as_employer(placement: Placement, yes: bool, by: User, reason: str = "") -> None:
    _record_answer(placement, "employer", yes, by, reason, _("Forslaget er allerede besvaret."))


def answer_as_citizen(placement: Placement, yes: bool, by: User, reason: str = "") -> None:
    _record_answer(placement, "citizen", yes, by, reason,
                   _("Du har allerede svaret på tilbuddet."))


def _refuse_unless(placement: Placement, *states: PlacementStatus) -> None:
    """Refuse early, before any other check, so the person hears about the state first."""
    if placement.status not in states:
        raise TransitionRefused(_("Forløbet er %(status)s og kan ikke ændres sådan.",
                                  status=placement.status.label.lower()))


def _lock_places(placement: Placement) -> None:
    """Lock the company and the opening until the transaction ends.

    Two consultants agreeing placements at the same moment would otherwise both count the
    same free seat (or the same room under the ratio rule, which spans all the company's
    openings). The company first, then the opening: one order everywhere, so no deadlock.
    SQLite ignores FOR UPDATE, but it lets only one writer in at a time anyway.
    """
    opening = placement.opening
    db.session.execute(select(Employer).where(Employer.id == opening.employer_id)
                       .with_for_update().execution_options(populate_existing=True))
    db.session.execute(select(Opening).where(Opening.id == opening.id)
                       .with_for_update().execution_options(populate_existing=True))
    # Someone may have moved this very placement while we waited for the lock.
    current = db.session.scalar(select(Placement.status).where(Placement.id == placement.id))
    if current is not None and current != placement.status:
        raise TransitionRefused(_("Forløbet er lige blevet ændret af en anden. Prøv igen."))


def agree(placement: Placement, by: User, today: date | None = None, note: str = "") -> None:
    """Both parties said yes; the consultant makes it an agreement. It now holds a seat."""
    today = today or date.today()
    _refuse_unless(placement, S.ACCEPTED)
    if placement.start_date is None:
        raise TransitionRefused(_("Skriv en startdato, før forløbet aftales."))
    if placement.end_date is not None and placement.end_date < placement.start_date:
        raise TransitionRefused(_("Slutdatoen ligger før startdatoen."))
    if placement.end_date is not None and placement.end_date < today:
        raise TransitionRefused(_("Slutdatoen er passeret. Ret datoerne, før forløbet aftales."))
    if not placement.hours_per_week:
        raise TransitionRefused(_("Skriv timer om ugen, før forløbet aftales."))
    if placement.hours_per_week > FULL_TIME_HOURS:
        raise TransitionRefused(_("Timer om ugen må ikke være over fuld tid (%(hours)d timer).",
                                  hours=FULL_TIME_HOURS))
    db.session.flush()
    _lock_places(placement)
    opening = placement.opening
    if seats_taken(opening) >= opening.seats:
        raise TransitionRefused(_("Alle pladser i opslaget er besat."))
    try:
        ratio.check_room(opening)
    except ratio.RatioRuleError as error:
        raise TransitionRefused(str(error)) from None
    _move(placement, S.AGREED, by, note)
    db.session.flush()
    followups.plan(placement, today)  # before version 1, which prints the dates
    agreement_versions.refresh(placement, by)


def start(placement: Placement, by: User, today: date | None = None, note: str = "") -> None:
    today = today or date.today()
    _refuse_unless(placement, S.AGREED)
    if placement.start_date is None or today < placement.start_date:
        raise TransitionRefused(_("Forløbet starter først %(date)s.",
                                  date=_day(placement.start_date)))
    missing = agreement_versions.missing_parties(placement)
    if missing:
        raise TransitionRefused(_("Aftalen mangler bekræftelse fra: %(parties)s.",
                                  parties=", ".join(str(p.label).lower() for p in missing)))
    _move(placement, S.ACTIVE, by, note)
    db.session.flush()


def end_for_evaluation(placement: Placement, by: User, today: date | None = None,
                       note: str = "") -> None:
    """The planned period is over; the result is still to be written."""
    today = today or date.today()
    _refuse_unless(placement, S.ACTIVE)
    if placement.end_date is None:
        raise TransitionRefused(_("Forløbet har ingen slutdato. Afslut det med et resultat."))
    if today <= placement.end_date:
        raise TransitionRefused(_("Forløbet slutter først %(date)s.",
                                  date=_day(placement.end_date)))
    _move(placement, S.AWAITING_EVALUATION, by, note)
    db.session.flush()


def complete(placement: Placement, by: User, outcome: Outcome | None, note: str = "") -> None:
    """Over as planned; outcome is where the citizen went next (None: not known yet)."""
    _refuse_unless(placement, S.ACTIVE, S.AWAITING_EVALUATION)
    if outcome is not None and not isinstance(outcome, Outcome):
        raise TransitionRefused(_("Vælg et resultat fra listen."))
    placement.outcome = outcome
    _move(placement, S.COMPLETED, by, note)
    db.session.flush()
    followups.close_plan(placement)


def end_early(placement: Placement, by: User, reason: str) -> None:
    """Stopped before its end date. The planned end date stays; the event says when it ended."""
    _refuse_unless(placement, S.ACTIVE)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(_("Skriv hvorfor forløbet slutter før tid."))
    placement.end_reason = reason
    _move(placement, S.ENDED_EARLY, by, reason)
    db.session.flush()
    followups.close_plan(placement)


def cancel(placement: Placement, by: User, reason: str = "") -> None:
    """Called off before it started."""
    _refuse_unless(placement, S.PROPOSED, S.ACCEPTED, S.AGREED)
    _move(placement, S.CANCELLED, by, reason.strip())
    db.session.flush()
    followups.close_plan(placement)


def set_period(placement: Placement, start_date: date, end_date: date | None,
               hours_per_week: int, by: User | None = None) -> bool:
    """The period and weekly hours. After the agreement, a change makes its next version.
    Return whether they changed: the same period saved again writes nothing."""
    _refuse_unless(placement, *PLAN_STATES)
    if end_date is not None and end_date < start_date:
        raise TransitionRefused(_("Slutdatoen ligger før startdatoen."))
    if not 1 <= hours_per_week <= FULL_TIME_HOURS:
        raise TransitionRefused(_("Timer om ugen skal være mellem 1 og %(hours)d.",
                                  hours=FULL_TIME_HOURS))
    if (placement.start_date, placement.end_date, placement.hours_per_week) == (
            start_date, end_date, hours_per_week):
        return False
    placement.start_date, placement.end_date = start_date, end_date
    placement.hours_per_week = hours_per_week
    db.session.flush()
    followups.plan(placement)
    agreement_versions.refresh(placement, by)
    return True


def allowed_actions(placement: Placement, today: date | None = None) -> set[str]:
    """The actions a page may offer now. Seats and the ratio rule are checked only when
    agreeing, so the refusal can say which of them is in the way."""
    today = today or date.today()
    status = placement.status
    actions: set[str] = set()
    if status == S.PROPOSED:
        if placement.citizen_answer is None:
            actions.add("answer_as_citizen")
        if placement.employer_answer is None:
            actions.add("answer_as_employer")
    if status == S.ACCEPTED:
        actions.add("agree")
    if (status == S.AGREED and placement.start_date and today >= placement.start_date
            and not agreement_versions.missing_parties(placement)):
        actions.add("start")
    if status == S.ACTIVE:
        actions |= {"complete", "end_early"}
        if placement.end_date and today > placement.end_date:
            actions.add("end_for_evaluation")
    if status == S.AWAITING_EVALUATION:
        actions.add("complete")
    if status in (S.PROPOSED, S.ACCEPTED, S.AGREED):
        actions.add("cancel")
    if status in PLAN_STATES:
        actions.add("set_hours_plan")
    if status in PLAN_STATES:
        actions |= {"set_period", "set_terms"}
    return actions


def _day(day: date | None) -> str:
    return format_date(day) if day else _("(ingen dato)")
