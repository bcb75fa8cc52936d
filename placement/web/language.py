"""The language switch: a small form, so it works without JavaScript."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_login import current_user

from placement.accounts.security import local_path
from placement.extensions import db
from placement.web.i18n import SESSION_KEY

bp = Blueprint("language", __name__)


@bp.route("/sprog", methods=["POST"])
def switch():
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session[SESSION_KEY] = language
        if current_user.is_authenticated:
            current_user.language = language
            db.session.commit()
    return redirect(local_path(request.form.get("next")) or url_for("home.index"))
