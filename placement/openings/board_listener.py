"""The board's version pushed to each worker by PostgreSQL (LISTEN/NOTIFY), so that a kept
page of the board costs no database round trip.

A thread per worker holds one connection that LISTENs on the channel the board's bump
NOTIFYs in its own transaction (placement/openings/board_version.py): PostgreSQL delivers the
notice when that transaction commits. On each notice, and at least every second, the thread
reads the row again: reads on one connection follow each other, so what it knows only moves
forward, and a notice that arrives while it reads waits in psycopg's backlog for the next
turn. The version it knows is used only while it can be trusted:

- the thread has read the row within the last few seconds (a dropped or stuck connection is
  given up on; the requests read the row themselves until it is back);
- no bump has committed in this process since the read began: the process's own commit is
  then on its next page at once, not after the notice has made its way round.

Another worker's commit reaches this one when its notice is read, a few milliseconds after
the commit; the board asks for it only for anonymous visitors, who cannot have caused the
change. A logged-in person, who may just have published, gets the row read per request.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import UTC, datetime

import psycopg

CHANNEL = "board_version"
READ = "SELECT number, changed_at FROM cache_versions WHERE name = 'board'"
# With no notice, the row is read again this often: it keeps the connection proven, and
# ends the wait after this process's own commit whose notice the thread had already read.
QUIET_SECONDS = 1.0
# A thread not heard from this long is not believed.
TRUST_SECONDS = 5.0
RETRY_SECONDS = 2.0
# Its connection, as pg_stat_activity names it.
APPLICATION_NAME = "placement board listener"

log = logging.getLogger(__name__)

Known = tuple[int, datetime] | None


class Listener:
    """One database's board version, as one process hears of it."""

    def __init__(self, url: str):
        self.url = url
        self._lock = threading.Lock()
        self._known: Known = None
        self._heard = float("-inf")  # monotonic time of the last read
        self._commits = 0  # this process's bumps committed
        self._read_after = -1  # how many of them the last read began after
        self._thread: threading.Thread | None = None

    def known(self) -> tuple[bool, Known]:
        """(True, the version) when it can be trusted, else (False, None): read it then."""
        with self._lock:
            if self._read_after == self._commits and time.monotonic() - self._heard < TRUST_SECONDS:
                return True, self._known
        self._start()
        return False, None

    def committed_a_bump(self) -> None:
        with self._lock:
            self._commits += 1

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(
                target=self._run, name="board-version-listener", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                self._listen()
            except (psycopg.Error, OSError) as error:
                log.warning("Board version: not listening (%s); reading per request.", error)
            with self._lock:
                self._heard = float("-inf")
            time.sleep(RETRY_SECONDS)

    def _listen(self) -> None:
        with psycopg.connect(
            self.url, autocommit=True, connect_timeout=5, application_name=APPLICATION_NAME
        ) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            while True:
                with self._lock:
                    commits = self._commits
                row = connection.execute(READ).fetchone()
                with self._lock:
                    self._known = (row[0], row[1].astimezone(UTC)) if row else None
                    self._read_after = commits
                    self._heard = time.monotonic()
                for _notice in connection.notifies(timeout=QUIET_SECONDS, stop_after=1):
                    pass


_listeners: dict[tuple[int, str], Listener] = {}
_listeners_lock = threading.Lock()


def for_database(url: str) -> Listener:
    """This process's listener for the database at `url` (a libpq URL). Per process: a
    gunicorn worker forked from a parent with one starts its own (threads do not fork)."""
    key = (os.getpid(), url)
    with _listeners_lock:
        listener = _listeners.get(key)
        if listener is None:
            listener = _listeners[key] = Listener(url)
        return listener


def committed_a_bump(url: str) -> None:
    with _listeners_lock:
        listener = _listeners.get((os.getpid(), url))
    if listener is not None:
        listener.committed_a_bump()
