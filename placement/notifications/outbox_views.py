"""Administration: the e-mails that could not be delivered, and "prøv igen"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from placement.accounts.security import roles_required
from placement.extensions import db
from placement.models import Role
from placement.notifications import outbox
from placement.placements.locks import already_done

bp = Blueprint("outbox", __name__, url_prefix="/admin/ikke-sendt")
# The newest this many; an admin who has more has a mail server to look at, not a list.
LIST_LIMIT = 200


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    return render_template(
        "notifications/undeliverable.html", rows=outbox.undeliverable(LIST_LIMIT), limit=LIST_LIMIT
    )


@bp.route("/<int:mail_id>/proev-igen", methods=["POST"])
@roles_required(Role.ADMIN)
def retry(mail_id: int):
    """`mail_id`: the notification whose mail could not be delivered."""
    if outbox.retry(mail_id):
        db.session.commit()
        flash(_("E-mailen sendes igen inden for et minut."), "success")
    elif outbox.was_retried(mail_id):  # pressed twice, or by another admin meanwhile
        flash(already_done(), "info")
    else:
        abort(404)  # no such mail, or one that was never undeliverable
    return redirect(url_for(".index"))
