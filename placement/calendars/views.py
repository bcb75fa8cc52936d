"""The calendar pages: the person's own feed link (make, renew, stop), the feed itself for
calendar apps (no login: the link is the key), and one follow-up as a .ics file."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from placement.accounts.security import roles_required
from placement.calendars import events, feeds
from placement.common.access import placements_for
from placement.common.policy import SECRET_LIMITS
from placement.extensions import db
from placement.models import FollowUp, Placement, Role
from placement.privacy.audit import AuditAction, AuditSubject, record
from placement.web import rate_limits

bp = Blueprint("calendars", __name__, url_prefix="/kalender")
CALENDAR = "text/calendar; charset=utf-8"
# A calendar app shows no page: a refusal is a line of text.
PLAIN = {"Content-Type": "text/plain; charset=utf-8"}
# Who may download a follow-up as a file: those whose pages show the follow-up.
FOLLOWUP_ROLES = (Role.CONSULTANT, Role.ADMIN, Role.EMPLOYER, Role.CITIZEN)


def _page(new_link: str | None = None):
    response = render_template(
        "calendars/calendar.html", feed=feeds.feed_of(current_user), new_link=new_link
    )
    # A new link is rendered straight into this answer (never into the session or a
    # redirect), and the answer must not be kept by the browser or a proxy.
    return response, 200, {"Cache-Control": "no-store"}


@bp.get("/")
@roles_required(*feeds.FEED_ROLES)
def index():
    return _page()


@bp.post("/forny")
@roles_required(*feeds.FEED_ROLES)
def renew():
    # The CSRF token is checked for every post by CSRFProtect.
    token = feeds.renew(current_user)
    db.session.commit()
    return _page(url_for(".feed", token=token, _external=True))


@bp.post("/stop")
@roles_required(*feeds.FEED_ROLES)
def stop():
    if feeds.stop(current_user):
        db.session.commit()
        flash(_("Kalenderlinket er slettet. Det virker ikke længere."), "success")
    return redirect(url_for(".index"))


def _feed_refused(message: str):
    return make_response(message, PLAIN)


# Per address only, as API keys: a link is 256 random bits, so there is no one person to
# guess against, only a client trying many links.
@bp.get("/<token>.ics")
@rate_limits.secret("Calendar link", SECRET_LIMITS, None, _feed_refused, methods=("GET",))
def feed(token: str):
    owner = feeds.owner_of(token)
    if owner is None:
        rate_limits.counts()
        # Answered, not raised: the limiter counts only an answer the view returns.
        return _("Kalenderlinket findes ikke. Lav et nyt på siden Kalender."), 404, PLAIN
    body = events.feed(owner)
    return (
        body,
        200,
        {"Content-Type": CALENDAR, "Cache-Control": "private, no-store"},
    )


@bp.get("/opfoelgning/<int:followup_id>.ics")
@roles_required(*FOLLOWUP_ROLES)
def followup(followup_id: int):
    visible = placements_for(current_user).with_only_columns(Placement.id)
    found = db.session.scalar(
        select(FollowUp).where(FollowUp.id == followup_id, FollowUp.placement_id.in_(visible))
    )
    if found is None:
        abort(404)
    record(AuditAction.VIEW, AuditSubject.FOLLOWUP, found.placement.candidate_id, found.id)
    body = events.single(current_user, found)
    return (
        body,
        200,
        {
            "Content-Type": CALENDAR,
            "Content-Disposition": f'attachment; filename="opfoelgning-{found.id}.ics"',
            "Cache-Control": "private, no-store",
        },
    )
