"""The read replica the statistics may read from: its engine, how far behind it is, and a pause
after it failed so that not every page waits for a replica that is down.

A hot standby (PostgreSQL streaming replication, `STATISTICS_DATABASE_URL`) takes the
statistics' long reads off the primary. It replays the primary's changes a moment later, so
every reading says how far behind it was (`Lag`). When the replica does not answer, the
statistics read from the primary instead (placement/statistics/reading.py); the failure opens
a short pause (`RETRY_AFTER_SECONDS`) during which the replica is not tried, so a replica that
is gone costs one connect timeout per process and pause, not one per request.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from placement.common import clock
from placement.config import engine_options

# libpq's smallest connect timeout: a replica that is gone (not one that refuses) holds the
# page no longer than this once per pause.
CONNECT_TIMEOUT_SECONDS = 2
# After a failure the replica is left alone this long, then tried again.
RETRY_AFTER_SECONDS = 30
_EXTENSION = "statistics_replica"

# One statement, the transaction's first, so that what it says is the snapshot the figures
# are read in (REPEATABLE READ: every table of a page from the same moment of the replay).
# The replay timestamp alone cannot tell lag from an idle primary (nothing to replay, and the
# last replayed transaction hours old): a replica has caught up when it has replayed all it
# has received and is still receiving.
_LAG = text(
    """
    SELECT now(),
           pg_is_in_recovery(),
           pg_last_xact_replay_timestamp(),
           pg_last_wal_receive_lsn() IS NOT NULL
             AND pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn()
             AND EXISTS (SELECT FROM pg_stat_wal_receiver)
    """
)


@dataclass(frozen=True)
class Lag:
    """When the replica was read and whether it had caught up with the primary then."""

    read_at: datetime
    caught_up: bool
    # The commit time of the last change it had replayed (None: none since it started).
    replayed_until: datetime | None

    @property
    def behind_seconds(self) -> int | None:
        """At most this many seconds of the newest changes may be missing; None when it had
        caught up, or when it cannot say (nothing replayed since it started)."""
        if self.caught_up or self.replayed_until is None:
            return None
        return max(0, round((self.read_at - self.replayed_until).total_seconds()))


class Replica:
    """The replica's engine and its pause after a failure, one per app and process."""

    def __init__(self, url: str):
        # The primary's settings (parameters hidden, no prepared statements), with a ping
        # before each checkout: a replica may be gone for a while, and a counting is long
        # next to the round trip.
        options = {**engine_options(url), "pool_pre_ping": True}
        if url.startswith("postgresql"):
            options["connect_args"]["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
            options["isolation_level"] = "REPEATABLE READ"
        self.engine: Engine = create_engine(url, **options)
        self._lock = threading.Lock()
        self._resting_until = 0.0

    def resting(self) -> bool:
        """True during the pause after a failure: read from the primary without trying."""
        return time.monotonic() < self._resting_until

    def failed(self) -> None:
        with self._lock:
            self._resting_until = time.monotonic() + RETRY_AFTER_SECONDS
        self.engine.dispose()  # its connections may be broken; new ones after the pause

    def rest_over(self) -> None:
        """Try the replica again on the next reading (tests; an operator's restart does it)."""
        with self._lock:
            self._resting_until = 0.0

    def lag(self, session: Session) -> Lag:
        if session.get_bind().dialect.name != "postgresql":
            return Lag(read_at=clock.now(), caught_up=True, replayed_until=None)
        now, recovering, replayed_until, caught_up = session.execute(_LAG).one()
        # Not in recovery: the URL names a primary (or a promoted replica), never behind.
        return Lag(
            read_at=now, caught_up=caught_up or not recovering, replayed_until=replayed_until
        )


def init_app(app: Flask) -> None:
    url = app.config.get("STATISTICS_DATABASE_URL")
    if url:
        app.extensions[_EXTENSION] = Replica(url)


def configured() -> Replica | None:
    """The app's replica, or None when the statistics read from the primary."""
    return current_app.extensions.get(_EXTENSION)
