"""A pooled PostgreSQL connection that the server has closed is left behind at checkout,
without a round trip to ask.

The pool used to "pre-ping" every connection it handed out (SQLAlchemy's pool_pre_ping: a
round trip to the server on every request, a fifth of a logged-in page's). A connection the
server ended (a restart, pg_terminate_backend, an idle timeout) has had the server's last
word and its end-of-stream arrive on its socket: an idle connection has nothing to read
unless it is broken. So at checkout the socket is polled, which asks the kernel, not the
server; a readable one is replaced by a new connection before the request uses it. A
connection that broke without a word (a network that went away) still fails on its first
statement: the statements that come first (the user's lookup, placement/accounts/session_user.py;
the board's version, placement/openings/board_version.py) are tried once more on a new
connection by once_more_if_dropped.
"""

from __future__ import annotations

import select
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import event, exc
from sqlalchemy.pool import Pool

T = TypeVar("T")


def looks_broken(dbapi_connection) -> bool:
    """Whether an idle psycopg connection is closed or has the server's last words waiting."""
    if getattr(dbapi_connection, "pgconn", None) is None:  # not psycopg (SQLite)
        return False
    if dbapi_connection.closed or dbapi_connection.broken:
        return True
    try:
        poller = select.poll()
        poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLPRI)
    except Exception:  # noqa: BLE001 — a connection without its socket is a broken one
        return True
    # POLLHUP and POLLERR are reported whether asked for or not.
    return bool(poller.poll(0))


@event.listens_for(Pool, "checkout")
def _leave_broken_behind(dbapi_connection, _record, _proxy) -> None:
    if looks_broken(dbapi_connection):
        # The pool closes this one and hands out a new connection in its place.
        raise exc.DisconnectionError("the server closed this pooled connection")


def once_more_if_dropped(run: Callable[[], T], reset: Callable[[], None] | None = None) -> T:
    """run(), and once more on a new connection if its connection turned out broken
    (SQLAlchemy has then discarded the pool's connections); `reset` first ends what is left
    of the failed transaction. Only for a statement with nothing before it in its
    transaction: nothing read or written is lost by running it again. A second failure is a
    real outage (placement/web/outage.py)."""
    try:
        return run()
    except exc.DBAPIError as error:
        if not error.connection_invalidated:
            raise
        if reset is not None:
            reset()
        return run()
