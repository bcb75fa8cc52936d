"""Every sign-in, made or refused, as a row of the audit log: who (when known), how, from where,
and for a refusal why. Never the CPR number or the token."""

from __future__ import annotations

from placement.identity.outcomes import Reason
from placement.identity.settings import Audience
from placement.models import AuditAction, AuditSubject, Role, User
from placement.privacy import audit

_HOW = {
    None: AuditSubject.PASSWORD,
    Audience.CITIZENS: AuditSubject.MITID,
    Audience.COMPANIES: AuditSubject.MITID_BUSINESS,
    Audience.STAFF: AuditSubject.STAFF_LOGIN,
}


def _citizen_of(user: User | None) -> int | None:
    # A citizen's sign-ins stand in their own "Hvem har set mine oplysninger".
    return user.candidate_id if user is not None and user.role is Role.CITIZEN else None


def signed_in(user: User, audience: Audience | None) -> None:
    audit.record(AuditAction.SIGN_IN, _HOW[audience], _citizen_of(user), actor=user)


def refused(reason: Reason, audience: Audience | None, user: User | None = None) -> None:
    """`user` when the refusal knows who it was (a deactivated user, a removed staff member)."""
    row = audit.record(AuditAction.SIGN_IN_REFUSED, _HOW[audience], _citizen_of(user), actor=user)
    row.detail = reason.value
    if user is None:
        row.actor_id, row.actor_role = None, ""
