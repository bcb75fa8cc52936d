"""Erasing a citizen: a consultant asks, a manager decides, and the retention job cleans up.

What erasure means here. Everything that says who the person is or describes them goes:
name, CPR number, contact details, free texts, goals, journal, wishes for places, invitations,
agreement versions (their content names the citizen), notifications about them, their consent
choices and the history of them, and their login. What the statistics count stays, without a
name: the candidate row (municipality, consultant, registration time, the kinds of work
wanted, which the IPS speed row counts), placements (kind, company, dates, hours, state,
outcome, hours plan, events) and follow-ups (due and done dates, outcome). So every figure
about what happened is the same after an erasure as before it (tests/privacy/test_erasure.py
compares the whole dashboard).

Two choices worth knowing:
- The status becomes "closed": an erased person is no longer worked with, so they leave the
  consultant's caseload and the "right now" figures (caseload, adaptations needed by citizens
  in the caseload) — and matching can never propose them. Their needs rows are deleted: the
  statistics count needs only for citizens in the caseload.
- The birth date is not used by any statistic; it becomes 1 January of the birth year, so the
  row cannot be matched to a person by date, while an age group can still be worked out.

Audit rows are kept (nothing may delete them); they hold ids, roles and addresses, no names.

This module finds the rows that belong to the citizen; what becomes of each column is declared
where the column is defined (models/personal.py), never listed here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from dateutil.relativedelta import relativedelta
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import (
    Date,
    and_,
    case,
    delete,
    exists,
    false,
    func,
    or_,
    select,
    type_coerce,
)

from placement.common import clock
from placement.common.refusals import Refusal
from placement.common.sql_portable import utc_day
from placement.extensions import db
from placement.models import (
    AuditAction,
    AuditSubject,
    Candidate,
    CandidateStatus,
    ErasureRequest,
    ErasureState,
    JournalEntry,
    Notification,
    OpeningInterest,
    Placement,
    PlacementEvent,
    PlacementStatus,
    Role,
    User,
    utcnow,
)
from placement.placements.lifecycle import OPEN_STATES
from placement.privacy import audit
from placement.privacy.personal_data import deletes_row, erase_collection, erase_row

# A placement in one of these is not over: the citizen cannot be erased until it is (ended,
# cancelled, or evaluated), or the statistics would lose what happens next.
UNFINISHED_STATES = (*OPEN_STATES, PlacementStatus.AWAITING_EVALUATION)
# The citizen's rows reached through each of their placements and through their profile (the
# relationships' names); what becomes of each row and column is the columns' marks.
PLACEMENT_ROWS = (
    "representative_approvals",  # before the agreement versions they answer
    "agreements",
    "adaptations",
    "events",
    "extensions",
    "followups",
    "absences",
    "mentor_grants",
    "check_ins",
)
CANDIDATE_ROWS = (
    "goals",
    "journal_entries",
    "consent_changes",
    "places",
    "needs",
    "invitations",
    "kinds",
)


class ErasureRefused(Refusal):
    """The request or decision is not allowed; the message says why, for the person."""


# --- asking and deciding -------------------------------------------------------------------------


def pending_request(candidate: Candidate) -> ErasureRequest | None:
    return db.session.scalar(
        select(ErasureRequest).where(
            ErasureRequest.candidate_id == candidate.id,
            ErasureRequest.state == ErasureState.PENDING,
        )
    )


def requests_for(user: User):
    """Erasure requests a person may see: a manager's own municipality's (none for others)."""
    query = select(ErasureRequest).join(ErasureRequest.candidate)
    if user.role != Role.MANAGER or user.municipality_id is None:
        return query.where(false())
    return query.where(Candidate.municipality_id == user.municipality_id)


def _unfinished_placement(candidate: Candidate) -> Placement | None:
    return db.session.scalar(
        select(Placement)
        .where(Placement.candidate_id == candidate.id, Placement.status.in_(UNFINISHED_STATES))
        .order_by(Placement.id)
        .limit(1)
    )


def _refuse_if_not_erasable(candidate: Candidate) -> None:
    if candidate.anonymised_at is not None:
        raise ErasureRefused(_("Borgerens data er allerede slettet."))
    unfinished = _unfinished_placement(candidate)
    if unfinished is not None:
        raise ErasureRefused(
            _(
                "Borgeren har et forløb, der ikke er afsluttet (%(title)s, %(status)s). Det skal "
                "afsluttes eller annulleres, før borgerens data kan slettes.",
                title=unfinished.opening.title,
                status=unfinished.status.label.lower(),
            )
        )


def request_erasure(candidate: Candidate, by: User, reason: str) -> ErasureRequest:
    """A consultant of the citizen's municipality asks for the citizen to be erased."""
    if by.role != Role.CONSULTANT or by.municipality_id != candidate.municipality_id:
        raise ErasureRefused(_("Kun en jobkonsulent i borgerens kommune kan anmode om sletning."))
    reason = (reason or "").strip()
    if not reason:
        raise ErasureRefused(_("Skriv hvorfor borgerens data skal slettes."))
    if pending_request(candidate) is not None:
        raise ErasureRefused(_("Der er allerede en anmodning om sletning, som venter på en leder."))
    _refuse_if_not_erasable(candidate)
    request = ErasureRequest(candidate=candidate, requested_by=by, reason=reason[:2000])
    db.session.add(request)
    db.session.flush()
    return request


def decide(
    request: ErasureRequest, by: User, approve: bool, note: str = "", now: datetime | None = None
) -> None:
    """A manager of the citizen's municipality approves (the citizen is erased now) or rejects."""
    candidate = request.candidate
    if by.role != Role.MANAGER or by.municipality_id != candidate.municipality_id:
        raise ErasureRefused(_("Kun en leder i borgerens kommune kan behandle anmodningen."))
    if request.state != ErasureState.PENDING:
        raise ErasureRefused(_("Anmodningen er allerede behandlet."))
    if request.requested_by_id == by.id:
        raise ErasureRefused(_("En anden leder skal behandle din egen anmodning."))
    now = now or utcnow()
    if approve:
        # Something may have changed since the request (a new proposal, say).
        _refuse_if_not_erasable(candidate)
    request.state = ErasureState.APPROVED if approve else ErasureState.REJECTED
    request.decided_by = by
    request.decided_at = now
    request.decision_note = (note or "").strip()[:2000]
    if approve:
        anonymise(candidate, by=by, now=now)
    db.session.flush()


# --- anonymising ---------------------------------------------------------------------------------


def anonymise(candidate: Candidate, by: User | None = None, now: datetime | None = None) -> bool:
    """Remove what identifies or describes the citizen, keep what the statistics count.

    This walks the rows that belong to the citizen; what happens to each column of each row
    is declared on the column (models/personal.py), so a new field is erased by marking it.
    Returns False if the citizen was anonymised before. `by` is None for the retention job.
    Flushes; the caller commits.
    """
    if candidate.anonymised_at is not None:
        return False
    now = now or utcnow()
    placements = db.session.scalars(
        select(Placement).where(Placement.candidate_id == candidate.id)
    ).all()
    _delete_notifications(candidate)
    for placement in placements:
        erase_row(placement)
        for collection in PLACEMENT_ROWS:
            erase_collection(placement, collection)
    if deletes_row(OpeningInterest):  # no collection on the candidate: one statement
        db.session.execute(
            delete(OpeningInterest).where(OpeningInterest.candidate_id == candidate.id)
        )
    for collection in CANDIDATE_ROWS:
        erase_collection(candidate, collection)
    erase_row(candidate)
    if candidate.user is not None:
        _erase_account(candidate.user)
    for request in db.session.scalars(
        select(ErasureRequest).where(ErasureRequest.candidate_id == candidate.id)
    ):
        erase_row(request)
    candidate.anonymised_at = now
    audit.record(AuditAction.ERASE, AuditSubject.PROFILE, candidate, actor=by)
    db.session.flush()
    return True


def _erase_account(user: User) -> None:
    """The citizen's login, and the notifications to it."""
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    erase_row(user)


def _delete_notifications(candidate: Candidate) -> None:
    """Notifications about the citizen, whoever they were for: their titles and bodies may
    name them. Every one refers to the citizen or to one of their placements
    (placement/notifications/inbox.py), mailed or not; one not yet mailed is never mailed."""
    db.session.execute(
        delete(Notification).where(
            or_(
                Notification.candidate_id == candidate.id,
                Notification.placement_id.in_(
                    select(Placement.id).where(Placement.candidate_id == candidate.id)
                ),
            )
        )
    )


# --- retention -----------------------------------------------------------------------------------


def retention_cutoff(now: datetime) -> date:
    """Citizens whose last placement ended before this day are anonymised."""
    return clock.today(now) - relativedelta(years=current_app.config["RETENTION_YEARS"])


def due_for_retention(now: datetime):
    """One query: the citizens the retention rule says to anonymise now.

    - With placements: none is open (proposed, accepted, agreed or running), and the last one
      ended before the cutoff. A placement ended on the later of its end date and the day of
      its last event (a completion, a cancellation); without either, the day it was made.
    - Without placements: the case is closed and was registered before the cutoff.
    - In both cases no journal note dated on or after the cutoff: a recent note means someone
      still works with the citizen.
    """
    cutoff = retention_cutoff(now)
    last_event = (
        select(PlacementEvent.placement_id, func.max(utc_day(PlacementEvent.at)).label("day"))
        .group_by(PlacementEvent.placement_id)
        .subquery()
    )
    end, event_day = Placement.end_date, last_event.c.day
    ended_on = type_coerce(
        case(
            (and_(end.is_(None), event_day.is_(None)), utc_day(Placement.created_at)),
            (end.is_(None), event_day),
            (event_day.is_(None), end),
            (end > event_day, end),
            else_=event_day,
        ),
        Date,
    )
    per_candidate = (
        select(
            Placement.candidate_id.label("candidate_id"),
            func.max(ended_on).label("last_end"),
            func.sum(case((Placement.status.in_(OPEN_STATES), 1), else_=0)).label("open"),
        )
        .outerjoin(last_event, last_event.c.placement_id == Placement.id)
        .group_by(Placement.candidate_id)
        .subquery()
    )
    last_end = type_coerce(per_candidate.c.last_end, Date)
    recent_note = exists().where(
        JournalEntry.candidate_id == Candidate.id, JournalEntry.entry_date >= cutoff
    )
    registered_before = datetime.combine(cutoff, time.min, tzinfo=UTC)
    return (
        select(Candidate.id)
        .outerjoin(per_candidate, per_candidate.c.candidate_id == Candidate.id)
        .where(
            Candidate.anonymised_at.is_(None),
            ~recent_note,
            or_(
                and_(
                    per_candidate.c.candidate_id.is_not(None),
                    per_candidate.c.open == 0,
                    last_end < cutoff,
                ),
                and_(
                    per_candidate.c.candidate_id.is_(None),
                    Candidate.status == CandidateStatus.CLOSED,
                    Candidate.created_at < registered_before,
                ),
            ),
        )
        .order_by(Candidate.id)
    )


def retention_sweep(now: datetime) -> int:
    """Anonymise every citizen the retention rule finds (RETENTION_YEARS, default 5); return
    how many. Idempotent: an anonymised citizen is never found again."""
    ids = list(db.session.scalars(due_for_retention(now)))
    for start in range(0, len(ids), 200):
        for candidate in db.session.scalars(
            select(Candidate).where(Candidate.id.in_(ids[start : start + 200]))
        ):
            anonymise(candidate, by=None, now=now)
    return len(ids)
