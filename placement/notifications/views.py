"""Notifications (beskeder) for every role: the list, and marking one or all as read."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from placement.extensions import db
from placement.models import Notification
from placement.notifications import inbox as service
from placement.notifications import links

bp = Blueprint("notifications", __name__, url_prefix="/beskeder")
# The list shows this many; "mark all as read" still reaches the older ones.
LIST_LIMIT = 100


@bp.route("/")
@login_required
def index():
    notifications = service.for_user(current_user, limit=LIST_LIMIT)
    # Built now, for the reader's role, from what each notification is about.
    items = [
        (notification, links.path(notification, current_user.role))
        for notification in notifications
    ]
    return render_template(
        "notifications/notifications.html", items=items, limited=len(notifications) == LIST_LIMIT
    )


@bp.route("/<int:notification_id>/laest", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    if not service.mark_read(current_user, notification_id) and not _is_own(notification_id):
        abort(404)  # someone else's, or none at all: the same answer, so ids reveal nothing
    db.session.commit()
    flash(_("Beskeden er markeret som læst."), "success")
    return redirect(url_for(".index"))


@bp.route("/alle-laest", methods=["POST"])
@login_required
def mark_all_read():
    count = service.mark_all_read(current_user)
    db.session.commit()
    if count:
        flash(
            ngettext(
                "%(num)d besked er markeret som læst.",
                "%(num)d beskeder er markeret som læst.",
                count,
            ),
            "success",
        )
    else:
        flash(_("Du havde ingen ulæste beskeder."), "info")
    return redirect(url_for(".index"))


def _is_own(notification_id: int) -> bool:
    """True for the person's own notification, read before: marking it again is harmless."""
    return (
        db.session.scalar(
            select(Notification.id).where(
                Notification.id == notification_id, Notification.user_id == current_user.id
            )
        )
        is not None
    )
