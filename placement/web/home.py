"""The front door: each role lands on its own home page."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, send_from_directory, url_for
from flask_login import current_user

from placement.accounts.security import roles_required
from placement.models import Role
from placement.notifications import waiting
from placement.statistics import views

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


@bp.route("/favicon.ico")
def favicon():
    # Browsers and bookmarks ask for /favicon.ico whatever the page links; served from the
    # app's own files, like every asset.
    assert current_app.static_folder is not None  # the app serves its own assets
    return send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon", max_age=86400
    )


@bp.route("/leder")
@roles_required(Role.MANAGER)
def manager():
    # The dashboard for the last twelve months, shown here rather than redirected to, so the
    # address a manager logs in to stays /leder.
    return views.render_page(waiting=waiting.for_user(current_user))
