"""The employee representative's (tillidsrepræsentantens) approval of a wage-subsidy agreement.

Why: a wage-subsidy job needs the approval of the workplace's employee representative
(VITAS asks for it after the employer, and Ankestyrelsen has found it missing in case files).
The representative has no account here: the company gives their name and e-mail on the
placement, or says it has no representative; each agreement version is then mailed to the
representative as a link of its own, which answers "Godkend" or "Gør indsigelse" once. The
placement cannot start before the current version is approved, or the company has said it has
no representative; an objection blocks the start until a new version is approved.

The link's token is stored only as a keyed hash (as invitation codes are); the answer is kept
with its time and address. The approval is printed from this state, not from the agreement's
content, so an answer never changes a version's SHA-256.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from placement.agreements.content import AgreementContent
from placement.agreements.pdf import local_time
from placement.common.refusals import Refusal
from placement.extensions import db
from placement.models import (
    Kind,
    Placement,
    PlacementStatus,
    RepresentativeApproval,
    RepresentativeDecision,
)
from placement.models.types import utcnow
from placement.notifications.mail import send_mail
from placement.placements.locks import lock_placement

D = RepresentativeDecision
# A placement has an agreement to approve from "agreed" on (as versions.VERSIONED_STATES).
ASKING_STATES = (PlacementStatus.AGREED, PlacementStatus.ACTIVE)
MAX_REASON = 2000


class RepresentativeRefused(Refusal):
    """The representative's details or answer cannot be taken like that; the message says why."""


class AlreadyAnswered(RepresentativeRefused):
    """The same answer posted twice: nothing is written, and nothing went wrong."""

    repeated = True


def applies(placement: Placement) -> bool:
    """A wage subsidy (løntilskud) needs the representative's approval; an internship
    (virksomhedspraktik) too where the municipality has chosen so
    (REPRESENTATIVE_APPROVAL_INTERNSHIPS)."""
    kind = placement.opening.kind
    return kind == Kind.WAGE_SUBSIDY or (
        kind == Kind.INTERNSHIP and bool(current_app.config["REPRESENTATIVE_APPROVAL_INTERNSHIPS"])
    )


def kind_words(placement: Placement) -> str:
    """The kind as the texts to the representative name it: "løntilskud", "virksomhedspraktik"."""
    return str(placement.opening.kind.label).lower()


def current_approval(placement: Placement) -> RepresentativeApproval | None:
    """The row for the placement's current agreement version, if a link was sent for it."""
    current = placement.agreement
    if current is None:
        return None
    return next(
        (a for a in placement.representative_approvals if a.agreement_id == current.id), None
    )


def start_refusal(placement: Placement) -> str | None:
    """Why the placement may not start for want of the representative's approval, or None."""
    if not applies(placement) or placement.no_staff_representative:
        return None
    approval = current_approval(placement)
    if approval is None or approval.decision is None:
        if not placement.staff_representative_email:
            return _(
                "Virksomheden skal oplyse tillidsrepræsentantens e-mail, "
                "eller at den ikke har en tillidsrepræsentant."
            )
        return _("Tillidsrepræsentanten har ikke godkendt den nyeste version af aftalen endnu.")
    if approval.decision == D.OBJECT:
        return _(
            "Tillidsrepræsentanten har gjort indsigelse mod aftalen: %(reason)s",
            reason=approval.reason,
        )
    return None


@dataclass(frozen=True)
class Status:
    """The representative's part, in words, for the agreement's panel and PDF."""

    text: str
    blocking: bool


def status(placement: Placement) -> Status | None:
    """None for the kinds that need no approval."""
    if not applies(placement):
        return None
    if placement.no_staff_representative:
        return Status(_("Ingen tillidsrepræsentant (oplyst af virksomheden)."), False)
    refusal = start_refusal(placement)
    if refusal:
        return Status(refusal, True)
    approval = current_approval(placement)
    assert approval is not None and approval.answered_at is not None
    return Status(
        _(
            "Godkendt af tillidsrepræsentant %(name)s %(when)s.",
            name=approval.name,
            when=_local(approval.answered_at),
        ),
        False,
    )


def pdf_line(agreement, placement: Placement) -> str:
    """The line the agreement's PDF prints for this version ("" for other kinds), in Danish."""
    if not applies(placement):
        return ""
    if placement.no_staff_representative:
        return "Ingen tillidsrepræsentant (oplyst af virksomheden)"
    approval = next(
        (a for a in placement.representative_approvals if a.agreement_id == agreement.id), None
    )
    if approval is not None and approval.decision == D.APPROVE and approval.answered_at:
        return f"Godkendt af tillidsrepræsentant {approval.name} {_local(approval.answered_at)}"
    if approval is not None and approval.decision == D.OBJECT:
        return f"Tillidsrepræsentanten har gjort indsigelse: {approval.reason}"
    return "Afventer tillidsrepræsentantens godkendelse"


def _local(at: datetime) -> str:
    return local_time(at)


# --- the link ----------------------------------------------------------------------------------


def _hash(token: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def _link(token: str) -> str:
    if has_request_context():
        return url_for("representative.answer", token=token, _external=True)
    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    return base + current_app.url_map.bind("localhost").build(
        "representative.answer", {"token": token}
    )


def ask(placement: Placement) -> RepresentativeApproval | None:
    """Mail the representative a link to the current version, unless one went already to the
    same address. Called when a version is made and when the company gives the address."""
    current = placement.agreement
    if (
        current is None
        or not applies(placement)
        or placement.no_staff_representative
        or not placement.staff_representative_email
        or placement.status not in ASKING_STATES
    ):
        return None
    approval = current_approval(placement)
    if approval is not None and (
        approval.decision is not None or approval.email == placement.staff_representative_email
    ):
        return None
    token = secrets.token_urlsafe(32)
    if approval is None:
        approval = RepresentativeApproval(agreement=current)
        placement.representative_approvals.append(approval)
    # A new address replaces the unanswered link: the old one no longer opens anything.
    approval.token_hash = _hash(token)
    approval.name = placement.staff_representative
    approval.email = placement.staff_representative_email
    approval.sent_at = utcnow()
    db.session.flush()
    with force_locale("da"):
        body = render_template(
            "agreements/representative_mail.txt",
            name=approval.name,
            company=placement.opening.employer.name,
            kind=kind_words(placement),
            link=_link(token),
        )
        send_mail(approval.email, _("Godkend aftale om %(kind)s", kind=kind_words(placement)), body)
    return approval


def by_token(token: str) -> RepresentativeApproval | None:
    return db.session.scalar(
        select(RepresentativeApproval).where(RepresentativeApproval.token_hash == _hash(token))
    )


def superseded(approval: RepresentativeApproval) -> bool:
    """A newer version was made after this link: it can no longer be answered."""
    placement = db.session.get(Placement, approval.placement_id)
    assert placement is not None
    return placement.agreement is not None and placement.agreement.id != approval.agreement_id


def content_of(approval: RepresentativeApproval) -> AgreementContent:
    return AgreementContent.from_json(approval.agreement.content_json)


def answer(
    token: str, decision: RepresentativeDecision, reason: str, address: str
) -> RepresentativeApproval:
    """The representative's "Godkend" or "Gør indsigelse", once per link."""
    approval = by_token(token)
    if approval is None:
        raise RepresentativeRefused(_("Linket findes ikke."))
    placement = db.session.get(Placement, approval.placement_id)
    assert placement is not None
    placement = lock_placement(placement, agreements=True)
    db.session.refresh(approval)  # read again under the lock: a second post finds the first
    if approval.decision is not None:
        if approval.decision == decision:
            raise AlreadyAnswered(_("Dit svar er allerede registreret."))
        raise RepresentativeRefused(_("Du har allerede svaret på denne version af aftalen."))
    if placement.agreement is None or placement.agreement.id != approval.agreement_id:
        raise RepresentativeRefused(
            _("Aftalen er ændret, siden linket blev sendt. Du får et nyt link til den nye version.")
        )
    reason = (reason or "").strip()
    if decision == D.OBJECT and not reason:
        raise RepresentativeRefused(_("Skriv hvorfor du gør indsigelse."), field="reason")
    approval.decision = decision
    approval.reason = reason[:MAX_REASON] if decision == D.OBJECT else ""
    approval.answered_at = utcnow()
    approval.answered_from = (address or "")[:45]
    db.session.flush()
    return approval
