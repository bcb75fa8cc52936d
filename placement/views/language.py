"""The language switch: a small form, so it works without JavaScript."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_login import current_user

from ..extensions import db
from ..i18n import SESSION_KEY

bp = Blueprint("language", __name__)


def _safe_next(target: str | None) -> str:
    """Only local paths: the switch must not become an open redirect."""
    if not target:
        return url_for("home.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("home.index")
    return target


@bp.route("/sprog", methods=["POST"])
def switch():
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session[SESSION_KEY] = language
        if current_user.is_authenticated:
            current_user.language = language
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")))
