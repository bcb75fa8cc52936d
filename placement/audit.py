"""Writing the audit log, and keeping it append-only.

Views call `record(...)` when a person sees, makes, changes, exports or downloads a citizen's
personal data. The row joins the request's transaction: the view's own commit saves it, and
for pages that only read, the request's end commits it (`init_app`). Nothing in the app may
change or delete a row: the session refuses it here, and on PostgreSQL a trigger refuses it
in the database too (migration 0008).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import g, has_request_context, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import event, func, or_, select
from sqlalchemy.orm import Session, selectinload

from .extensions import db
from .models import AuditAction, AuditEvent, AuditSubject, Candidate, Role, User


class AuditImmutable(RuntimeError):
    """Someone tried to change or delete an audit row."""


def record(action: AuditAction, subject: AuditSubject, candidate: Candidate | int | None,
           object_id: int | None = None, actor: User | None = None) -> AuditEvent:
    """One audit row: who (the logged-in person unless `actor` is given; None for the
    scheduler), when, what, which citizen, from which address."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    candidate_id = candidate.id if isinstance(candidate, Candidate) else candidate
    event_row = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_role=actor.role.value if actor else "system",
        candidate_id=candidate_id, action=action, subject=subject, object_id=object_id,
        address=(request.remote_addr or "")[:45] if has_request_context() else "",
    )
    db.session.add(event_row)
    if has_request_context():
        g.audit_pending = True
    return event_row


def init_app(app) -> None:
    @app.after_request
    def _save_audit_rows(response):
        # A page that only reads has no commit of its own; its audit rows are saved here.
        # Pages that failed (4xx/5xx) showed nothing, so their rows are not kept.
        if g.pop("audit_pending", False):
            if response.status_code < 400:
                db.session.commit()
            else:
                db.session.rollback()
        return response


@event.listens_for(Session, "before_flush")
def _refuse_changed_rows(session, _context, _instances) -> None:
    for row in session.deleted:
        if isinstance(row, AuditEvent):
            raise AuditImmutable("audit rows cannot be deleted")
    for row in session.dirty:
        if isinstance(row, AuditEvent) and session.is_modified(row):
            raise AuditImmutable("audit rows cannot be changed")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_statements(state) -> None:
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ is AuditEvent:
        raise AuditImmutable("audit rows cannot be changed or deleted")


def history_of(candidate_id: int):
    """Everything recorded about one citizen, newest first."""
    return (select(AuditEvent).where(AuditEvent.candidate_id == candidate_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))


# --- reading the log -------------------------------------------------------------------------

PAGE_SIZE = 50
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# A number this long is no candidate's id (and would overflow PostgreSQL's integer).
_MAX_ID_DIGITS = 9


def _contains(column, text: str):
    """Case-insensitive "contains" where the person's % and _ are plain characters."""
    return func.lower(column).contains(text.lower(), autoescape=True)


def _day_starts(day: date) -> datetime:
    """Midnight in Copenhagen, as UTC: the admin's "from 3 March" means the Danish day."""
    return datetime.combine(day, time.min, COPENHAGEN).astimezone(timezone.utc)


def search(citizen: str = "", user: str = "", date_from: date | None = None,
           date_to: date | None = None):
    """The admin's search, newest first. `citizen` is part of a name or a candidate's number
    (the number in /borgere/<number>); `user` is part of a name or an e-mail address; the
    period counts whole Danish days, both ends included. Empty fields do not filter."""
    query = select(AuditEvent)
    citizen, user = (citizen or "").strip(), (user or "").strip()
    if citizen:
        if citizen.isdigit():
            number = int(citizen) if len(citizen) <= _MAX_ID_DIGITS else -1
            query = query.where(AuditEvent.candidate_id == number)
        else:
            query = query.where(AuditEvent.candidate_id.in_(
                select(Candidate.id).where(_contains(Candidate.name, citizen))))
    if user:
        query = query.where(AuditEvent.actor_id.in_(
            select(User.id).where(or_(_contains(User.name, user), _contains(User.email, user)))))
    if date_from:
        query = query.where(AuditEvent.at >= _day_starts(date_from))
    if date_to:
        query = query.where(AuditEvent.at < _day_starts(date_to + timedelta(days=1)))
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


@dataclass
class Page:
    items: list
    number: int
    total: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))


def page_of(query, number: int = 1, size: int = PAGE_SIZE) -> Page:
    """One page of a search; a page past the end shows the last one."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    number = min(max(number, 1), max(1, math.ceil(total / size)))
    rows = db.session.scalars(query.options(selectinload(AuditEvent.actor),
                                            selectinload(AuditEvent.candidate))
                              .limit(size).offset((number - 1) * size)).all()
    return Page(items=list(rows), number=number, total=total, size=size)


def what(event: AuditEvent) -> str:
    """What was done, in plain words: "Så profil", "Hentede aftale"."""
    text = _("%(action)s %(subject)s", action=event.action.label, subject=event.subject.label)
    return text[:1].upper() + text[1:]


def role_label(event: AuditEvent) -> str:
    """The role the person had when they did it (kept on the row: roles can change)."""
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
