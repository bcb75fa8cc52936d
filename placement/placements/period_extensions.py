"""Extensions (forlængelser) of a running placement: a later end date within the law's steps,
a reason, a new agreement version for the three parties to confirm, and the follow-ups moved.

An extension is its own action, not a change of period: it is allowed only while the placement
runs, and it raises the law's limit one step (duration_limits.py). It is a row of its own
(PeriodExtension), not an event: the placement stays "i gang", and the history allows one
event per status left. The form carries the end date it showed: posted twice, or by two
consultants at once, the second finds the end date moved and writes nothing.
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from placement.agreements import versions
from placement.extensions import db
from placement.followups import plans
from placement.models import PeriodExtension, Placement, PlacementStatus, User
from placement.notifications import notices
from placement.placements import duration_limits
from placement.placements.lifecycle import AlreadyDone, TransitionRefused
from placement.placements.locks import already_done, lock_placement, what_happened
from placement.web import edit_fields, edit_versions

REASON_MAX = 500


def may_extend(placement: Placement) -> bool:
    """Whether a page should offer the extension: a running placement with an end date whose
    kind and citizen the law lets be extended at all."""
    if placement.status != PlacementStatus.ACTIVE or placement.end_date is None:
        return False
    allowed = duration_limits.allowed_for_placement(placement)
    return allowed is None or not allowed.job_ready


def extend(
    placement: Placement, new_end: date | None, reason: str, by: User, shown_end: date | None
) -> PeriodExtension:
    """Extend the running placement to `new_end`. `shown_end`: the end date the form showed,
    so a second post of the same form (or a colleague's at the same time) changes nothing."""
    # The row lock first, then everything read again under it; the period's edit counter
    # moves too, so a period form opened before the extension cannot quietly undo it.
    edit = edit_versions.begin(placement, edit_fields.PERIOD, None)
    lock_placement(placement)
    latest = placement.extensions[-1] if placement.extensions else None
    if (
        latest is not None
        and new_end == latest.new_end == placement.end_date
        and shown_end == latest.previous_end
    ):
        raise AlreadyDone(already_done())
    if placement.status != PlacementStatus.ACTIVE:
        raise TransitionRefused(
            what_happened(placement)
            or _(
                "Kun et forløb, der er i gang, kan forlænges. Forløbet er %(status)s.",
                status=placement.status.label.lower(),
            )
        )
    if placement.end_date is None:
        raise TransitionRefused(_("Forløbet har ingen slutdato og skal ikke forlænges."))
    if shown_end != placement.end_date:
        raise TransitionRefused(
            _(
                "Slutdatoen er ændret, siden du åbnede siden: den er nu %(date)s. Se forløbet "
                "igen, før du forlænger det.",
                date=format_date(placement.end_date),
            )
        )
    if new_end is None or new_end <= placement.end_date:
        raise TransitionRefused(
            _(
                "Den nye slutdato skal ligge efter den nuværende, %(date)s.",
                date=format_date(placement.end_date),
            )
        )
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(_("Skriv hvorfor forløbet forlænges."))
    if len(reason) > REASON_MAX:
        raise TransitionRefused(_("Begrundelsen må højst være %(count)d tegn.", count=REASON_MAX))
    too_long = duration_limits.extension_refusal(placement, new_end)
    if too_long:
        raise TransitionRefused(too_long)
    extension = PeriodExtension(
        number=len(placement.extensions) + 1,
        previous_end=placement.end_date,
        new_end=new_end,
        reason=reason,
        actor=by,
    )
    placement.extensions.append(extension)
    placement.end_date = new_end
    edit.finish(by)
    db.session.flush()
    plans.plan(placement)  # the midway and end follow-ups move with the new end
    agreement = versions.refresh(placement, by, tell=notices.tell_of_extension)
    if agreement is None:  # cannot be: the end date is printed; but never extend unseen
        raise TransitionRefused(_("Aftalen kunne ikke laves i en ny version."))
    return extension
