"""The front door: each role lands on its own home page."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..access import candidates_for, placements_for
from ..extensions import db
from ..models import PlacementStatus, Role
from ..security import roles_required

bp = Blueprint("home", __name__)

HOME_ENDPOINTS = {
    Role.ADMIN: "admin.index",
    Role.MANAGER: "home.manager",
    Role.CONSULTANT: "candidates.caseload",
    Role.EMPLOYER: "employers.home",
    Role.CITIZEN: "candidates.portal",
}


def home_url(user) -> str:
    return url_for(HOME_ENDPOINTS[user.role])


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/healthz")
def healthz():
    return {"status": "ok"}


@bp.route("/leder")
@roles_required(Role.MANAGER)
def manager():
    placements = placements_for(current_user).subquery()
    by_status = dict(
        db.session.execute(
            select(placements.c.status, func.count()).group_by(placements.c.status)
        ).all()
    )
    candidate_count = db.session.scalar(
        select(func.count()).select_from(candidates_for(current_user).subquery())
    )
    return render_template(
        "placement/manager_home.html",
        by_status=[(status, by_status.get(status, 0)) for status in PlacementStatus],
        candidate_count=candidate_count,
    )


