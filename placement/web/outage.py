"""While the database cannot be reached: 503 pages that need nothing of it, one log line when
it goes and one when it is back, and the probes that tell a load balancer."""

from __future__ import annotations

import logging
import threading
import time
from typing import TypeGuard

from flask import Blueprint, current_app, g, jsonify, make_response, render_template, request
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.pool import Pool

from placement.extensions import db, login_manager

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)

# Seconds a browser or a client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30


def is_unavailable(error: BaseException | None) -> TypeGuard[BaseException]:
    """A database that cannot answer now (down, restarting, unreachable, out of connections),
    as opposed to a bug in a statement."""
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


class _Outage:
    """This process's view of the database: since when it failed, and how many answers were
    503 meanwhile. One line when it starts, one when it ends: a traceback per request would
    bury everything else in the log (hundreds a minute)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.since: float | None = None
        self.refused = 0

    def failed(self, error: BaseException) -> None:
        with self._lock:
            self.refused += 1
            if self.since is not None:
                return
            self.since = time.monotonic()
        log.error(
            "The database cannot be reached (%s); pages answer 503 until it is back.",
            _summary(error),
        )

    def recovered(self) -> None:
        if self.since is None:  # the usual case, checked without the lock
            return
        with self._lock:
            if self.since is None:
                return
            seconds, refused = time.monotonic() - self.since, self.refused
            self.since, self.refused = None, 0
        log.warning(
            "The database is back after %.0f s; %d request(s) were answered 503.", seconds, refused
        )


outage = _Outage()


def _summary(error: BaseException) -> str:
    """The driver's first line, without the statement or its parameters."""
    original = getattr(error, "orig", None) or error
    first = (str(original).strip().splitlines() or [""])[0]
    return f"{type(original).__name__}: {first[:200]}"


@event.listens_for(Pool, "connect")
def _connected(_connection, _record) -> None:
    # A new connection could be opened: if the database was gone, it is back.
    outage.recovered()


def unavailable_page(error: BaseException):
    """The 503 answer: the Danish (or English) page with nobody logged in, since knowing who
    is logged in needs the database, or JSON under the API."""
    outage.failed(error)
    _roll_back()
    g._login_user = login_manager.anonymous_user()  # Flask-Login's cache: no user lookup
    if request.blueprint == "api":
        from placement.api.routes import error_response

        response = error_response(503)
    else:
        response = make_response(render_template("errors/503.html"), 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


# --- probes -------------------------------------------------------------------------------------

PROBES = {"health.healthz", "health.readyz"}


@bp.route("/healthz")
def healthz():
    """Liveness: the process answers. It needs nothing else, so a database outage does not
    make an orchestrator restart workers that would only find the same outage."""
    return {"status": "ok"}


@bp.route("/readyz")
def readyz():
    """Readiness: 503 while the database does not answer, so a load balancer sends people
    elsewhere or shows its own page. Redis, when one is configured, is checked and reported,
    but without it the app still works (each process counts the rate limits on its own), so
    it makes the answer "degraded", not 503: one shared Redis down must not take every
    worker out of service."""
    checks = {"database": _check_database()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _check_redis(current_app.config["REDIS_URL"])
    ready = checks["database"] == "ok"
    status = (
        "unavailable" if not ready else "ok" if checks.get("redis", "ok") == "ok" else "degraded"
    )
    response = jsonify(status=status, **checks)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    if not ready:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _check_database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 — any failure means not ready
        if is_unavailable(error):
            outage.failed(error)
        return "unavailable"
    finally:
        _roll_back()
    return "ok"


def _roll_back() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 — the connection is gone; teardown discards the session
        pass


def _check_redis(url: str) -> str:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception:  # noqa: BLE001
        return "unavailable"
    return "ok"
