"""Language and time zone choice: Danish first, English second."""

from __future__ import annotations

from flask import current_app, has_request_context, session
from flask_login import current_user

SESSION_KEY = "language"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI and scheduler: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen: str | None = session.get(SESSION_KEY)
    if chosen is not None and chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]
