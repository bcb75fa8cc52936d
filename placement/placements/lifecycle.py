"""Placement transitions: guarded, written to the event history, flushed (the request commits)."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from placement.agreements import representative, versions
from placement.common import clock
from placement.common.policy import FULL_TIME_HOURS
from placement.common.refusals import Refusal
from placement.extensions import db
from placement.followups import plans
from placement.models import (
    Answer,
    Candidate,
    Opening,
    Outcome,
    Placement,
    PlacementEvent,
    PlacementStatus,
    User,
)
from placement.notifications import notices
from placement.openings.public_board import public_openings
from placement.placements import duration_limits, net_growth, ratio
from placement.placements.locks import (
    already_done,
    latest_event,
    lock_company_and_opening,
    lock_opening,
    lock_placement,
    what_happened,
)
from placement.privacy import consent
from placement.web import edit_fields, edit_versions

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


class TransitionRefused(Refusal):
    """The action is not allowed now; the message says why, for the person."""


class AlreadyDone(TransitionRefused):
    """The very move asked for was made already (a second click, a second tab, the other
    party at the same moment): nothing is written, and nothing went wrong."""

    repeated = True


def _move(placement: Placement, to: PlacementStatus, actor: User | None, note: str = "") -> None:
    if to not in ALLOWED.get(placement.status, set()):
        raise TransitionRefused(
            _(
                "Forløbet er %(status)s og kan ikke ændres sådan.",
                status=placement.status.label.lower(),
            )
        )
    placement.events.append(
        PlacementEvent(
            from_status=placement.status,
            to_status=to,
            actor=actor,
            note=note[:500],
        )
    )
    if placement.status == S.PROPOSED:  # over before the company answered: keep what it saw
        consent.freeze(placement)
    placement.status = to
    notices.tell_of_move(placement, to, actor)  # in this transaction: the outbox


def _sources(to: PlacementStatus) -> set[PlacementStatus]:
    """The states a placement may move to `to` from."""
    return {state for state, targets in ALLOWED.items() if to in targets}


def _reachable(status: PlacementStatus) -> set[PlacementStatus]:
    """Every state a placement in this one may still come to, this one included."""
    found, todo = {status}, [status]
    while todo:
        for later in ALLOWED.get(todo.pop(), ()):
            if later not in found:
                found.add(later)
                todo.append(later)
    return found


def _begin(placement: Placement, to: PlacementStatus, *, agreements: bool = False) -> None:
    """Lock the placement, read it again, and go on only if it may move to `to` now.

    Every transition starts here, so two actions on one placement happen one after the other
    and the second decides on what the first left: the same move again is AlreadyDone (the
    latest event made it), a move the first one made impossible is refused with what
    happened and who did it. `agreements`: read those again too (a start checks them)."""
    seen = placement.status
    lock_placement(placement, agreements=agreements)
    if to in ALLOWED.get(placement.status, set()):
        return
    latest = latest_event(placement)
    if placement.status == to and latest is not None and latest.to_status == to:
        raise AlreadyDone(already_done())
    raise TransitionRefused(_why_not(placement, seen, _sources(to)))


def _why_not(placement: Placement, seen: PlacementStatus, sources: set[PlacementStatus]) -> str:
    """Why a placement that is in none of `sources` cannot do what was asked. `seen`: its
    state when the request read it, before the lock."""
    if not _reachable(placement.status) & sources:
        # It went past them for good: what moved it there is what the person needs to hear.
        happened = what_happened(placement)
        if happened:
            return happened
    if placement.status != seen:
        return _("Forløbet er lige blevet ændret af en anden. Prøv igen.")
    return _(
        "Forløbet er %(status)s og kan ikke ændres sådan.", status=placement.status.label.lower()
    )


def seats_taken(opening: Opening) -> int:
    return db.session.execute(
        select(func.count(Placement.id)).where(
            Placement.opening_id == opening.id, Placement.status.in_(ratio.OCCUPYING)
        )
    ).scalar_one()


def propose(
    candidate: Candidate,
    opening: Opening,
    consultant: User,
    note: str = "",
    today: date | None = None,
) -> Placement:
    # One proposal of a pair at a time: a second click waits here for the first to finish.
    lock_opening(opening)
    duplicate = db.session.scalar(
        select(Placement).where(
            Placement.candidate_id == candidate.id,
            Placement.opening_id == opening.id,
            Placement.status.in_(OPEN_STATES),
        )
    )
    if duplicate is not None:
        latest = latest_event(duplicate)
        if duplicate.status == S.PROPOSED and latest is not None and latest.to_status == S.PROPOSED:
            raise AlreadyDone(already_done())
        raise TransitionRefused(
            _("%(name)s er allerede foreslået til dette opslag.", name=candidate.name)
        )
    # Full seats first: the board leaves a full opening out too, and this says why.
    if seats_taken(opening) >= opening.seats:
        raise TransitionRefused(_("Alle pladser i opslaget er besat."))
    # Only what is on the public board: published, an approved company, dates not passed.
    on_board = db.session.scalar(public_openings(today).where(Opening.id == opening.id))
    if on_board is None:
        raise TransitionRefused(_("Opslaget er ikke åbent for forslag lige nu."))
    try:
        ratio.check_room(opening)
    except ratio.RatioRuleError as error:
        raise TransitionRefused(str(error)) from None
    end_date = opening.end_date
    if end_date is None and opening.start_date and opening.duration_weeks:
        end_date = opening.start_date + timedelta(weeks=opening.duration_weeks, days=-1)
    placement = Placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=S.PROPOSED,
        hours_per_week=opening.hours_min,
        start_date=opening.start_date,
        end_date=end_date,
        tasks=opening.tasks,
        mentor_name=opening.mentor_name,
        mentor_role=opening.mentor_role,
    )
    # A first draft of the agreed adaptations: what the citizen needs and the company offers,
    # but only when the citizen lets employers see their needs.
    if candidate.share_adaptations:
        offered = {adaptation.id for adaptation in opening.adaptations}
        placement.adaptations = [
            need.adaptation for need in candidate.needs if need.adaptation_id in offered
        ]
    placement.events.append(
        PlacementEvent(from_status=None, to_status=S.PROPOSED, actor=consultant, note=note[:500])
    )
    db.session.add(placement)
    db.session.flush()
    notices.tell_of_proposal(placement, consultant)
    return placement


def _after_answer(placement: Placement, actor: User, reason: str) -> None:
    if Answer.NO in (placement.citizen_answer, placement.employer_answer):
        _move(placement, S.DECLINED, actor, reason)
    elif placement.citizen_answer == placement.employer_answer == Answer.YES:
        _move(placement, S.ACCEPTED, actor)
    db.session.flush()


def _record_answer(
    placement: Placement, party: str, yes: bool, by: User, reason: str, already_answered: str
) -> None:
    # Under the lock, so two yeses at the same moment see each other and end in "accepted".
    seen = placement.status
    lock_placement(placement)
    answer = Answer.YES if yes else Answer.NO
    given = getattr(placement, f"{party}_answer")
    if given == answer:
        raise AlreadyDone(already_done())
    if given is not None:
        raise TransitionRefused(already_answered)
    if placement.status != S.PROPOSED:
        raise TransitionRefused(_why_not(placement, seen, {S.PROPOSED}))
    setattr(placement, f"{party}_answer", answer)
    setattr(placement, f"{party}_answered_at", clock.now())
    if party == "employer":  # it answered on what it saw: later consent adds nothing to it
        consent.freeze(placement)
    reason = reason.strip()
    setattr(placement, f"{party}_reason", reason)
    _after_answer(placement, by, reason)


def answer_as_employer(placement: Placement, yes: bool, by: User, reason: str = "") -> None:
    _record_answer(placement, "employer", yes, by, reason, _("Forslaget er allerede besvaret."))


def answer_as_citizen(placement: Placement, yes: bool, by: User, reason: str = "") -> None:
    _record_answer(placement, "citizen", yes, by, reason, _("Du har allerede svaret på tilbuddet."))


def _refuse_unless(placement: Placement, *states: PlacementStatus) -> None:
    """Refuse early, before any other check, so the person hears about the state first."""
    if placement.status not in states:
        raise TransitionRefused(
            _(
                "Forløbet er %(status)s og kan ikke ændres sådan.",
                status=placement.status.label.lower(),
            )
        )


def agree(placement: Placement, by: User, today: date | None = None, note: str = "") -> None:
    """Both parties said yes; the consultant makes it an agreement. It now holds a seat."""
    today = today or clock.today()
    # Two consultants agreeing placements at the same moment would otherwise both count the
    # same free seat (or the same room under the ratio rule, which spans all the company's
    # openings): company, opening, then the placement (placement_locks: one order everywhere).
    lock_company_and_opening(placement.opening)
    _begin(placement, S.AGREED)
    if placement.start_date is None:
        raise TransitionRefused(_("Skriv en startdato, før forløbet aftales."))
    if placement.end_date is not None and placement.end_date < placement.start_date:
        raise TransitionRefused(_("Slutdatoen ligger før startdatoen."))
    if placement.end_date is not None and placement.end_date < today:
        raise TransitionRefused(_("Slutdatoen er passeret. Ret datoerne, før forløbet aftales."))
    too_long = duration_limits.agreement_refusal(placement)  # read again under the lock
    if too_long:
        raise TransitionRefused(too_long)
    if not placement.hours_per_week:
        raise TransitionRefused(_("Skriv timer om ugen, før forløbet aftales."))
    if placement.hours_per_week > FULL_TIME_HOURS:
        raise TransitionRefused(
            _("Timer om ugen må ikke være over fuld tid (%(hours)d timer).", hours=FULL_TIME_HOURS)
        )
    opening = placement.opening
    if seats_taken(opening) >= opening.seats:
        raise TransitionRefused(_("Alle pladser i opslaget er besat."))
    try:
        ratio.check_room(opening)
    except ratio.RatioRuleError as error:
        raise TransitionRefused(str(error)) from None
    no_growth = net_growth.refusal(placement)  # read again under the placement's lock
    if no_growth:
        raise TransitionRefused(no_growth)
    _move(placement, S.AGREED, by, note)
    db.session.flush()
    plans.plan(placement, today)  # before version 1, which prints the dates
    versions.refresh(placement, by)


def start(placement: Placement, by: User | None, today: date | None = None, note: str = "") -> None:
    today = today or clock.today()
    _begin(placement, S.ACTIVE, agreements=True)  # all three must have confirmed, still
    if placement.start_date is None or today < placement.start_date:
        raise TransitionRefused(
            _("Forløbet starter først %(date)s.", date=_day(placement.start_date))
        )
    missing = versions.missing_parties(placement)
    if missing:
        raise TransitionRefused(
            _(
                "Aftalen mangler bekræftelse fra: %(parties)s.",
                parties=", ".join(str(p.label).lower() for p in missing),
            )
        )
    not_approved = representative.start_refusal(placement)
    if not_approved:
        raise TransitionRefused(not_approved)
    no_growth = net_growth.refusal(placement)
    if no_growth:
        raise TransitionRefused(no_growth)
    _move(placement, S.ACTIVE, by, note)
    db.session.flush()


def end_for_evaluation(
    placement: Placement, by: User | None, today: date | None = None, note: str = ""
) -> None:
    """The planned period is over; the result is still to be written."""
    today = today or clock.today()
    _begin(placement, S.AWAITING_EVALUATION)
    if placement.end_date is None:
        raise TransitionRefused(_("Forløbet har ingen slutdato. Afslut det med et resultat."))
    if today <= placement.end_date:
        raise TransitionRefused(
            _("Forløbet slutter først %(date)s.", date=_day(placement.end_date))
        )
    _move(placement, S.AWAITING_EVALUATION, by, note)
    db.session.flush()


def complete(placement: Placement, by: User, outcome: Outcome | None, note: str = "") -> None:
    """Over as planned; outcome is where the citizen went next (None: not known yet)."""
    _begin(placement, S.COMPLETED)
    if outcome is not None and not isinstance(outcome, Outcome):
        raise TransitionRefused(_("Vælg et resultat fra listen."))
    placement.outcome = outcome
    _move(placement, S.COMPLETED, by, note)
    db.session.flush()
    plans.close_plan(placement)


def end_early(placement: Placement, by: User, reason: str) -> None:
    """Stopped before its end date. The planned end date stays; the event says when it ended."""
    _begin(placement, S.ENDED_EARLY)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(_("Skriv hvorfor forløbet slutter før tid."))
    placement.end_reason = reason
    _move(placement, S.ENDED_EARLY, by, reason)
    db.session.flush()
    plans.close_plan(placement)


def cancel(placement: Placement, by: User, reason: str = "") -> None:
    """Called off before it started."""
    _begin(placement, S.CANCELLED)
    _move(placement, S.CANCELLED, by, reason.strip())
    db.session.flush()
    plans.close_plan(placement)


def check_period(
    placement: Placement, start_date: date | None, end_date: date | None, hours_per_week: int | None
) -> None:
    """Refuse a period without a start or hours, ending before it starts, above full time, or
    longer than the law allows this placement."""
    if start_date is None or hours_per_week is None:
        raise TransitionRefused(_("Skriv en startdato og timer om ugen ved start."))
    if end_date is not None and end_date < start_date:
        raise TransitionRefused(_("Slutdatoen ligger før startdatoen."))
    if not 1 <= hours_per_week <= FULL_TIME_HOURS:
        raise TransitionRefused(
            _("Timer om ugen skal være mellem 1 og %(hours)d.", hours=FULL_TIME_HOURS)
        )
    # The law's limit, with the extensions the placement has had; once agreed, a limited kind
    # keeps an end date.
    too_long = duration_limits.period_refusal(
        placement, start_date, end_date, need_end=placement.status in versions.VERSIONED_STATES
    )
    if too_long:
        raise TransitionRefused(too_long)


def set_period(
    placement: Placement,
    start_date: date,
    end_date: date | None,
    hours_per_week: int,
    by: User | None = None,
    seen: edit_versions.Seen | None = None,
) -> bool:
    """The period and weekly hours. After the agreement, a change makes its next version.
    Return whether they changed: the same period saved again writes nothing. `seen`: what the
    form showed; a change made since to what it shows refuses the save (EditConflict)."""
    edit = edit_versions.begin(placement, edit_fields.PERIOD, seen)
    _refuse_unless(placement, *PLAN_STATES)
    check_period(placement, start_date, end_date, hours_per_week)
    if (placement.start_date, placement.end_date, placement.hours_per_week) == (
        start_date,
        end_date,
        hours_per_week,
    ):
        return False
    placement.start_date, placement.end_date = start_date, end_date
    placement.hours_per_week = hours_per_week
    edit.finish(by)
    db.session.flush()
    plans.plan(placement)
    versions.refresh(placement, by)
    return True


def allowed_actions(placement: Placement, today: date | None = None) -> set[str]:
    """The actions a page may offer now. Seats and the ratio rule are checked only when
    agreeing, so the refusal can say which of them is in the way."""
    today = today or clock.today()
    status = placement.status
    actions: set[str] = set()
    if status == S.PROPOSED:
        if placement.citizen_answer is None:
            actions.add("answer_as_citizen")
        if placement.employer_answer is None:
            actions.add("answer_as_employer")
    if status == S.ACCEPTED:
        actions.add("agree")
    if (
        status == S.AGREED
        and placement.start_date
        and today >= placement.start_date
        and not versions.missing_parties(placement)
    ):
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
