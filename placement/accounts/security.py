"""Login wiring and the role guard the views use."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from placement.accounts import session_user
from placement.extensions import login_manager
from placement.models import User


def init_login(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log ind for at se siden.")
    login_manager.login_message_category = "info"
    # A stolen cookie used from elsewhere is cut off rather than trusted.
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    return session_user.load(session_token)


def local_path(target: str | None) -> str | None:
    """The target if it is a path on this site, else None: redirects must never lead away."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def roles_required(*roles):
    """Only these roles may open the view; others get 403, anonymous people the login page."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
