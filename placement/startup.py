"""Starting a process (a web worker, the scheduler, a command): the settings are checked first,
and a wrong one stops it with one line naming the setting (exit status 2), not a traceback."""

from __future__ import annotations

import logging
import sys

from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import make_url

from placement import create_app
from placement.config import ConfigError
from placement.extensions import db

log = logging.getLogger(__name__)
EXIT_WRONG_SETTING = 2


def app_or_exit() -> Flask:
    """The app, once its settings work: the database answers, and a configured Redis is tried.
    A setting that cannot work ends the process here, before it serves or sweeps anything."""
    try:
        app = create_app()
        check_database(app)
    except ConfigError as error:
        print(f"placement: {error}", file=sys.stderr, flush=True)
        raise SystemExit(EXIT_WRONG_SETTING) from None
    warn_if_redis_unreachable(app)
    return app


def check_settings() -> None:
    """For gunicorn's master (gunicorn.conf.py): the same checks, leaving no connection open
    for the workers to inherit."""
    app = app_or_exit()
    with app.app_context():
        db.engine.dispose()


def check_database(app: Flask) -> None:
    with app.app_context():
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as error:  # noqa: BLE001 — whatever the driver raises, say it in a line
            raise ConfigError(_unreachable(app.config["SQLALCHEMY_DATABASE_URI"], error)) from None


def _unreachable(url: str, error: Exception) -> str:
    parsed = make_url(url)
    cause = (str(getattr(error, "orig", None) or error).strip().splitlines() or [""])[0]
    if parsed.get_backend_name() == "sqlite":
        return f"DATABASE_URL: the SQLite file {parsed.database} cannot be opened ({cause})."
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database}"
    return (
        f"DATABASE_URL: the database {where} cannot be reached ({cause[:200]}). "
        "Check the host, port, name, user and password, and that the server is running."
    )


def warn_if_redis_unreachable(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    if not url or app.config["ENVIRONMENT"] == "testing":
        return
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as error:  # noqa: BLE001
        log.warning(
            "REDIS_URL: Redis cannot be reached (%s); until it can, each process counts "
            "login attempts and other limits on its own.",
            type(error).__name__,
        )
