"""Where the statistics read their figures: the read replica when one is configured and answers,
else the primary; and the sentence that says when figures read from the replica were read.

The statistics' queries ask `session()` for their session instead of using db.session, so
that the same code counts on either database; `read()` runs a whole counting on the replica
and, when the replica fails at any point of it, runs it again on the primary. Only reads go
to the replica: the filters' choices, who may see what, and everything written stay on the
primary, so a page's scope is decided exactly as without a replica.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from flask_babel import format_time, ngettext
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from placement.common import clock
from placement.extensions import db
from placement.statistics import replica as replicas
from placement.web.outage import is_unavailable

log = logging.getLogger(__name__)
T = TypeVar("T")
# Up to this many seconds behind, the sentence counts seconds; beyond, minutes.
SECONDS_SHOWN_UP_TO = 120


@dataclass(frozen=True)
class Reading:
    """Where and when figures were read."""

    from_replica: bool
    read_at: datetime
    # The replica had not replayed (at most) this many seconds of the newest changes; None
    # when it had caught up, or could not say how far behind it was (caught_up False).
    behind_seconds: int | None = None
    caught_up: bool = True

    def counted_at(self, now: datetime) -> datetime:
        """The moment the figures describe: `now`, unless the replica was behind."""
        if self.caught_up:
            return now
        return min(now, self.read_at - timedelta(seconds=self.behind_seconds or 0))


_current: ContextVar[tuple[Session, Reading] | None] = ContextVar("statistics", default=None)


def session() -> Session:
    """The session the statistics' queries run in: the replica's inside read(), else the app's."""
    current = _current.get()
    return current[0] if current else db.session()


def read(count: Callable[[], T]) -> tuple[T, Reading]:
    """count() on the replica when there is one that answers, else on the primary; with where
    and when it was read. A replica that fails (down, refused, timed out, its statement
    cancelled by the replay) is left alone for a while (replica.RETRY_AFTER_SECONDS)."""
    current = _current.get()
    if current is not None:  # already reading (a sweep's counting inside another's)
        return count(), current[1]
    replica = replicas.configured()
    if replica is not None and not replica.resting():
        try:
            with _on(replica) as reading:
                return count(), reading
        except Exception as error:
            if not is_unavailable(error):
                raise
            replica.failed()
            log.warning(
                "The statistics replica cannot be read (%s); the statistics are read from "
                "the primary database for the next %d s.",
                type(getattr(error, "orig", None) or error).__name__,
                replicas.RETRY_AFTER_SECONDS,
            )
    return count(), Reading(from_replica=False, read_at=clock.now())


@contextmanager
def _on(replica: replicas.Replica) -> Iterator[Reading]:
    with Session(replica.engine) as replica_session:
        lag = replica.lag(replica_session)
        reading = Reading(
            from_replica=True,
            read_at=lag.read_at,
            behind_seconds=lag.behind_seconds,
            caught_up=lag.caught_up,
        )
        token = _current.set((replica_session, reading))
        try:
            yield reading
        finally:
            _current.reset(token)


def notice(reading: Reading) -> str | None:
    """What the page, the CSV file and the API say about figures read from the replica: when,
    and that the newest changes may be missing when it was behind."""
    if not reading.from_replica:
        return None
    at = format_time(reading.read_at, "HH:mm")
    if reading.caught_up:
        return _("Tallene er læst fra en kopi af databasen kl. %(time)s.", time=at)
    seconds = reading.behind_seconds
    if seconds is None:
        return _(
            "Tallene er læst fra en kopi af databasen kl. %(time)s; "
            "de nyeste ændringer kan mangle.",
            time=at,
        )
    if seconds <= SECONDS_SHOWN_UP_TO:
        return ngettext(
            "Tallene er læst fra en kopi af databasen kl. %(time)s; de nyeste ændringer fra "
            "det sidste sekund kan mangle.",
            "Tallene er læst fra en kopi af databasen kl. %(time)s; de nyeste ændringer fra "
            "de sidste %(num)d sekunder kan mangle.",
            seconds,
            time=at,
        )
    return ngettext(
        "Tallene er læst fra en kopi af databasen kl. %(time)s; de nyeste ændringer fra "
        "det sidste minut kan mangle.",
        "Tallene er læst fra en kopi af databasen kl. %(time)s; de nyeste ændringer fra "
        "de sidste %(num)d minutter kan mangle.",
        -(-seconds // 60),
        time=at,
    )
