"""Writing the audit log, and keeping it append-only.

Views call `record(...)` when a person sees, makes, changes, exports or downloads a citizen's
personal data. The row joins the request's transaction: the view's own commit saves it, and
for pages that only read, the request's end commits it (`init_app`). Nothing in the app may
change or delete a row: the session refuses it here, and on PostgreSQL a trigger refuses it
in the database too (migration 0008).
"""

from __future__ import annotations

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from placement.extensions import db
from placement.models import AuditAction, AuditEvent, AuditSubject, Candidate, User


class AuditImmutable(RuntimeError):
    """Someone tried to change or delete an audit row."""


def record(
    action: AuditAction,
    subject: AuditSubject,
    candidate: Candidate | int | None,
    object_id: int | None = None,
    actor: User | None = None,
) -> AuditEvent:
    """One audit row: who (the logged-in person unless `actor` is given; None for the
    scheduler), when, what, which citizen, from which address."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    candidate_id = candidate.id if isinstance(candidate, Candidate) else candidate
    event_row = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_role=actor.role.value if actor else "system",
        candidate_id=candidate_id,
        action=action,
        subject=subject,
        object_id=object_id,
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
    if (
        (state.is_update or state.is_delete)
        and state.bind_mapper is not None
        and state.bind_mapper.class_ is AuditEvent
    ):
        raise AuditImmutable("audit rows cannot be changed or deleted")
