"""A login session's life: how it starts, when it ends for being idle, and when it must
show the password again before a sensitive action (showing a CPR number, exporting,
erasing)."""

from __future__ import annotations

import time
from functools import wraps

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from placement.accounts.security import local_path
from placement.web.i18n import SESSION_KEY as LANGUAGE_KEY
from placement.web.outage import PROBES

LAST_SEEN = "_last_seen"
PASSWORD_CONFIRMED = "_password_confirmed"
# The audience whose identity provider vouched for the person ("citizens", …); none for a
# password. Its logout ends the provider's session too, and its sign-in stands in for the
# password before a sensitive action.
SIGNED_IN_WITH = "_signed_in_with"
# The last-seen time is written at most this often, so not every page sets a new cookie.
SEEN_RESOLUTION_SECONDS = 60
# Requests that never look at who is logged in, which would need the database: the probes
# must answer during a database outage.
NO_SESSION_ENDPOINTS = {None, "static", *PROBES}


def start(user, via: str | None = None) -> None:
    """Log the person in on a fresh session: nothing planted before login survives but the
    chosen language. Typing the password, or signing in at the provider (`via`), counts as
    confirming who they are."""
    language = session.get(LANGUAGE_KEY)
    session.clear()
    if language:
        session[LANGUAGE_KEY] = language
    login_user(user)
    session[LAST_SEEN] = session[PASSWORD_CONFIRMED] = time.time()
    if via:
        session[SIGNED_IN_WITH] = via


def signed_in_with() -> str | None:
    return session.get(SIGNED_IN_WITH)


def end() -> None:
    """End this session in the browser: the cookie is cleared, the language kept."""
    language = session.get(LANGUAGE_KEY)
    logout_user()
    session.clear()
    if language:
        session[LANGUAGE_KEY] = language


def log_out() -> None:
    """Logging out: besides clearing this browser's cookie, the user's session token changes,
    so a copy of the cookie taken earlier (another tab's, a shared computer's, a thief's)
    opens nothing afterwards. That ends the person's sessions on other devices too, which is
    what someone who logs out on a shared computer needs. The caller commits."""
    if current_user.is_authenticated:
        current_user.end_sessions()
    end()


def mark_password_confirmed() -> None:
    session[PASSWORD_CONFIRMED] = time.time()


def password_confirmed_recently() -> bool:
    confirmed = session.get(PASSWORD_CONFIRMED)
    limit = current_app.config["REAUTH_MINUTES"] * 60
    return confirmed is not None and time.time() - confirmed < limit


def password_required(view):
    """The view runs only if the password was typed in the last REAUTH_MINUTES; otherwise
    the person is asked for it and comes back. After a refused post they come back to the
    page they posted from, to press the button again."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if password_confirmed_recently():
            return view(*args, **kwargs)
        if request.method == "GET":
            back = request.full_path.rstrip("?")
        else:
            back = _referring_path() or url_for("home.index")
        return redirect(url_for("auth.confirm_password", next=back))

    # tests/accounts/test_sessions.py lists the views that ask (a mark on the function object).
    wrapped.needs_password = True  # type: ignore[attr-defined]
    return wrapped


def _referring_path() -> str | None:
    referrer = request.referrer or ""
    host = request.host_url.rstrip("/")
    return local_path(referrer[len(host) :]) if referrer.startswith(host + "/") else None


def init_app(app) -> None:
    @app.before_request
    def _end_idle_session():
        if request.endpoint in NO_SESSION_ENDPOINTS or not current_user.is_authenticated:
            return None
        now = time.time()
        seen = session.get(LAST_SEEN)
        minutes = current_app.config["IDLE_TIMEOUT_MINUTES"]
        if seen is not None and now - seen > minutes * 60:
            end()
            flash(
                _(
                    "Du er blevet logget ud, fordi du ikke har brugt Placement i "
                    "%(minutes)d minutter. Log ind igen.",
                    minutes=minutes,
                ),
                "info",
            )
            back = request.full_path.rstrip("?") if request.method == "GET" else None
            return redirect(url_for("auth.login", next=back))
        if seen is None or now - seen >= SEEN_RESOLUTION_SECONDS:
            session[LAST_SEEN] = now
        return None
