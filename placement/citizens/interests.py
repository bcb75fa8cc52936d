"""A citizen's "Jeg er interesseret" on a public opening, and the word to their consultant
(a notification, mailed by the outbox)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from placement.common.refusals import Refusal
from placement.extensions import db
from placement.models import Candidate, Opening, OpeningInterest
from placement.notifications.inbox import notify
from placement.openings.public_board import public_openings


class InterestRefused(Refusal):
    """Interest cannot be registered; the message says why, for the person."""


class AlreadyInterested(InterestRefused):
    """The citizen has pressed before: nothing new happens, and they are told so."""

    repeated = True


def has_shown_interest(candidate: Candidate, opening: Opening) -> bool:
    return (
        db.session.scalar(
            select(OpeningInterest.id).where(
                OpeningInterest.candidate_id == candidate.id,
                OpeningInterest.opening_id == opening.id,
            )
        )
        is not None
    )


def show_interest(candidate: Candidate, opening: Opening) -> OpeningInterest:
    """Record the interest and tell the citizen's consultant. Flushes; the caller commits."""
    on_board = db.session.scalar(public_openings().where(Opening.id == opening.id))
    if on_board is None:
        raise InterestRefused(_("Pladsen er ikke længere ledig."))
    if has_shown_interest(candidate, opening):
        raise AlreadyInterested(_("Du har allerede vist interesse for denne plads."))
    interest = OpeningInterest(candidate_id=candidate.id, opening_id=opening.id)
    # A savepoint, so a double click racing past the check above costs only this row.
    try:
        with db.session.begin_nested():
            db.session.add(interest)
    except IntegrityError:
        raise AlreadyInterested(_("Du har allerede vist interesse for denne plads.")) from None
    _tell_consultant(candidate, opening)
    return interest


def consultant_to_tell(candidate: Candidate):
    """The consultant who hears of the citizen's interest, if the citizen has an active one."""
    consultant = candidate.consultant
    return consultant if consultant is not None and consultant.active else None


def _tell_consultant(candidate: Candidate, opening: Opening) -> None:
    consultant = consultant_to_tell(candidate)
    if consultant is None:
        return
    # Name and opening only: the consultant finds the rest in Placement, never a CPR in a mail.
    # The link leads to the citizen's profile (placement/notifications/links.py).
    notify(
        consultant,
        f"interest:{candidate.id}:{opening.id}",
        _l("%(citizen)s er interesseret i %(title)s", citizen=candidate.name, title=opening.title),
        lambda: "\n\n".join(
            [
                _("%(citizen)s har vist interesse for en ledig plads:", citizen=candidate.name),
                f"{opening.title}\n{opening.employer.name}, {opening.postcode} {opening.city}\n"
                f"{opening.kind.label}",
            ]
        ),
        candidate=candidate,
        opening=opening,
    )
