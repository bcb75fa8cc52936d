"""Telling the consultant when a running placement's absence without explanation adds up.

A few days away without a word is often the first sign that a placement is going wrong, and
the consultant is the one to act on it. The number of days is a setting
(ABSENCE_ALERT_DAYS, placement/config.py), since municipalities draw the line differently.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from placement.extensions import db
from placement.models import AbsenceDay, AbsenceReason, Notification, Placement, User
from placement.notifications import notices


def threshold() -> int:
    return int(current_app.config["ABSENCE_ALERT_DAYS"])


def unexplained_days(placement: Placement) -> int:
    return (
        db.session.scalar(
            select(func.count(AbsenceDay.id)).where(
                AbsenceDay.placement_id == placement.id,
                AbsenceDay.reason == AbsenceReason.UNEXPLAINED,
            )
        )
        or 0
    )


def responsible(placement: Placement) -> User | None:
    """The consultant who proposed the placement, else the citizen's own consultant (as the
    statistics count a placement's consultant)."""
    return placement.consultant or placement.candidate.consultant


def check(placement: Placement) -> Notification | None:
    """Tell the consultant once the unexplained days reach the threshold. The notification's
    key holds the placement and the threshold, so it is made once per placement (and again
    only if the setting changes): more days, the same days again, or a day removed and
    registered again tell nobody twice. The consultant is told also of days they registered
    themselves: the notice is about the sum, which another party's days may have made."""
    days, limit = unexplained_days(placement), threshold()
    consultant = responsible(placement)
    if days < limit or consultant is None:
        return None
    return notices.tell_of_unexplained_absence(placement, consultant, days, limit)
