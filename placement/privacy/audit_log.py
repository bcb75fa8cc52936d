"""Reading the audit log: the admin's search, paging, and the words each row is shown in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import false, or_, select
from sqlalchemy.orm import selectinload

from placement.common.clock import COPENHAGEN
from placement.identity.outcomes import Reason
from placement.models import AuditEvent, Candidate, Role, User
from placement.web import whole_numbers
from placement.web.listing import Page, contains_text, paginate


def history_of(candidate_id: int):
    """Everything recorded about one citizen, newest first."""
    return (
        select(AuditEvent)
        .where(AuditEvent.candidate_id == candidate_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )


PAGE_SIZE = 50


def _day_starts(day: date) -> datetime:
    """Midnight in Copenhagen, as UTC: the admin's "from 3 March" means the Danish day."""
    return datetime.combine(day, time.min, COPENHAGEN).astimezone(UTC)


def search(
    citizen: str = "", user: str = "", date_from: date | None = None, date_to: date | None = None
):
    """The admin's search, newest first. `citizen` is part of a name or a candidate's number
    (the number in /borgere/<number>); `user` is part of a name or an e-mail address; the
    period counts whole Danish days, both ends included. Empty fields do not filter."""
    query = select(AuditEvent)
    citizen, user = (citizen or "").strip(), (user or "").strip()
    if citizen:
        if citizen.isdigit():
            number = whole_numbers.parse(citizen)  # None: no citizen has it, nothing is found
            query = query.where(AuditEvent.candidate_id == number if number else false())
        else:
            query = query.where(
                AuditEvent.candidate_id.in_(
                    select(Candidate.id).where(contains_text(Candidate.name, citizen))
                )
            )
    if user:
        query = query.where(
            AuditEvent.actor_id.in_(
                select(User.id).where(
                    or_(contains_text(User.name, user), contains_text(User.email, user))
                )
            )
        )
    if date_from:
        query = query.where(AuditEvent.at >= _day_starts(date_from))
    if date_to:
        query = query.where(AuditEvent.at < _day_starts(date_to + timedelta(days=1)))
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def page_of(query, number: int = 1, size: int = PAGE_SIZE) -> Page:
    """One page of the log, with the people named on it loaded in the same go."""
    return paginate(
        query.options(selectinload(AuditEvent.actor), selectinload(AuditEvent.candidate)),
        number,
        size,
    )


def what(event: AuditEvent) -> str:
    """What was done, in plain words: "Så profil", "Hentede aftale"."""
    text = _("%(action)s %(subject)s", action=event.action.label, subject=event.subject.label)
    if event.detail:  # a refused sign-in: why
        try:
            text = _("%(what)s (%(why)s)", what=text, why=Reason(event.detail).short)
        except ValueError:
            text = f"{text} ({event.detail})"
    return text[:1].upper() + text[1:]


def role_label(event: AuditEvent) -> str:
    """The role the person had when they did it (kept on the row: roles can change)."""
    if not event.actor_role:  # a refused sign-in by someone not known here
        return _("Ukendt")
    try:
        return str(Role(event.actor_role).label)
    except ValueError:
        return _("Systemet")


def who_for_citizen(event: AuditEvent, viewer: User) -> str:
    """Who did it, as the citizen reads it: "Jens Hansen, jobkonsulent", "Dig selv", or
    "Systemet" for the scheduler. A company's people are named with their company."""
    if event.actor_id is None:
        return _("Systemet")
    if event.actor_id == viewer.id:
        return _("Dig selv")
    actor = event.actor
    if actor is None:  # not expected (users are deactivated, not deleted), but never a crash
        return role_label(event)
    if event.actor_role == Role.EMPLOYER.value and actor.employer is not None:
        return _("%(name)s, %(company)s", name=actor.name, company=actor.employer.name)
    return _("%(name)s, %(role)s", name=actor.name, role=role_label(event).lower())


def citizen_name(event: AuditEvent) -> str:
    """The citizen as the admin's list shows them: never a CPR number, and no name once the
    personal data has been erased."""
    candidate = event.candidate
    if candidate is None:
        return "–"
    if candidate.anonymised_at is not None:
        return _("Anonymiseret borger")
    return candidate.name
