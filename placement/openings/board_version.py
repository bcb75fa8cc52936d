"""The public board's version: which committed changes move it, and reading it.

The board keeps its rendered pages under this number (employers/board.py), so every change
to what the board shows must move it, or the board goes stale. Rather than a call in each
service that publishes, edits, fills, closes or expires an opening (and the placements that
take its seats, the company suspended, the adaptations' names, ...), one choke point watches
every session: a flush or a bulk statement that touches what `public_openings()` reads marks
the session, and the commit bumps the number in the same transaction, as its last statement.
So the number and the change commit together or not at all (a crash between the two cannot
leave the old number), a worker that reads the row sees the new number the moment it commits,
and the row lock is taken last, after every other lock of the transaction, so it cannot close
a deadlock cycle. What no commit changes, the day turning, is in the cache's key instead.

Reading the row is one round trip per board request, which on a kept page is most of its
cost; so on PostgreSQL the bump also NOTIFYs, and each worker hears the new number without
asking (placement/openings/board_listener.py), for anonymous visitors.

Redis is not used for the number although the app may have one: an INCR after the commit can
be lost (the process killed between the two, or Redis unreachable for a moment), and a Redis
that restarts without its data counts from 0 again; either leaves every worker serving an old
board. The row and its notice commit with the change, or neither does.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import Engine, create_engine, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from placement.common import clock, pool_health
from placement.config import engine_options
from placement.extensions import db
from placement.models import (
    Adaptation,
    CacheVersion,
    Employer,
    Opening,
    OpeningStatus,
    Placement,
    opening_adaptations,
)
from placement.openings import board_listener
from placement.placements.ratio import OCCUPYING

BOARD = "board"
_CHANGED = "board_changed"  # in session.info: this transaction changed what the board shows
_BUMPED = "board_bumped"  # in session.info: this transaction's commit moves the number

# Tables a bulk statement (update(...), delete(...), insert(...) through the session) may
# change the board by writing to; for placements only the columns below matter.
_BOARD_TABLES = {
    Opening.__tablename__,
    Employer.__tablename__,
    Adaptation.__tablename__,
    opening_adaptations.name,
    Placement.__tablename__,
}
_PLACEMENT_SEAT_COLUMNS = {"status", "opening_id"}
_EMPLOYER_SHOWN = ("name", "status")


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: datetime


def current(pushed: bool = False) -> Version | None:
    """The board's version now; None when its row is missing (a database emptied by hand or
    by the tests), and then nothing may be served from the cache until the next change
    writes the row again. `pushed`: the version PostgreSQL last told this process of, when
    it can be trusted (placement/openings/board_listener.py), else the row as read now. Only
    for someone who cannot have made a change a moment ago in another worker."""
    if pushed and current_app.config.get("BOARD_VERSION_LISTEN") and _on_postgresql():
        trusted, known = board_listener.for_database(_libpq_url(db.engine)).known()
        if trusted:
            return Version(*known) if known else None
    # A connection the database dropped is found out here, not by a ping before every read.
    row = pool_health.once_more_if_dropped(_read_row)
    return Version(row.number, row.changed_at) if row else None


def _read_row():
    with _reader().connect() as connection:
        return connection.execute(_READ).first()


def _on_postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


def _libpq_url(engine: Engine) -> str:
    """The database's address as psycopg itself takes it: the listener's key."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


_READ = select(CacheVersion.number, CacheVersion.changed_at).where(CacheVersion.name == BOARD)
_READER = "board_version_reader"


def _reader() -> Engine:
    """Where the version is read: in autocommit, so one round trip with no BEGIN and
    ROLLBACK around it (it is read before the board, a committed value either way). On
    PostgreSQL a small engine of the worker's own, without the app pool's ping before every
    checkout: on a kept page those round trips are most of the request's wait."""
    if not _on_postgresql():
        return db.engine.execution_options(isolation_level="AUTOCOMMIT")
    engine = current_app.extensions.get(_READER)
    if engine is None:
        options = engine_options(db.engine.url.render_as_string(hide_password=False))
        options.update(isolation_level="AUTOCOMMIT", pool_pre_ping=False, pool_size=2)
        engine = current_app.extensions.setdefault(_READER, create_engine(db.engine.url, **options))
    return engine


# --- which changes move it --------------------------------------------------------------------


def _was_or_is(row, name: str, values) -> bool:
    history = inspect(row).attrs[name].history
    return any(value in values for value in (*history.added, *history.deleted, *history.unchanged))


def _changed(row, *names: str) -> bool:
    return any(inspect(row).attrs[name].history.has_changes() for name in names)


def _row_changes_board(row, session: Session, how: str) -> bool:
    """Whether adding, changing or deleting (`how`) this row changes what the board shows."""
    if isinstance(row, Opening):
        # Drafts and closed openings are not on the board; an opening published before or
        # after the change is, whatever changed (a field on its card, its adaptations).
        return _was_or_is(row, "status", (OpeningStatus.PUBLISHED,)) and (
            how != "dirty" or session.is_modified(row)
        )
    if isinstance(row, Employer):
        # A new company has no openings yet; its name is on the cards, its status decides.
        return how == "deleted" or (how == "dirty" and _changed(row, *_EMPLOYER_SHOWN))
    if isinstance(row, Adaptation):  # the cards' and the search form's labels
        return how != "dirty" or session.is_modified(row)
    if isinstance(row, Placement):  # an agreed or running placement holds one of the seats
        if how == "dirty":
            return _changed(row, *_PLACEMENT_SEAT_COLUMNS) and _was_or_is(row, "status", OCCUPYING)
        return _was_or_is(row, "status", OCCUPYING)
    return False


@event.listens_for(Session, "after_flush")
def _notice_flushed_changes(session: Session, _context) -> None:
    if session.info.get(_CHANGED):
        return
    for how, rows in (("new", session.new), ("dirty", session.dirty), ("deleted", session.deleted)):
        if any(_row_changes_board(row, session, how) for row in rows):
            session.info[_CHANGED] = True
            return


def _columns_written(state) -> set[str] | None:
    """The columns an UPDATE sets, when the statement says; None when it cannot be told."""
    values = getattr(state.statement, "_values", None)
    if values:
        return {getattr(column, "key", column) for column in values}
    parameters = state.parameters
    if isinstance(parameters, dict) and parameters:
        return set(parameters)
    if isinstance(parameters, list) and parameters:
        return set().union(*(set(row) for row in parameters))
    return None


@event.listens_for(Session, "do_orm_execute")
def _notice_bulk_statements(state) -> None:
    """update(), delete() and insert() statements run past the flush, so they are seen here."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name not in _BOARD_TABLES:
        return
    if name == Placement.__tablename__ and state.is_update:
        columns = _columns_written(state)
        if columns is not None and not columns & _PLACEMENT_SEAT_COLUMNS:
            return  # e.g. the follow-up sweep's planning marks
    state.session.info[_CHANGED] = True


@event.listens_for(Session, "before_commit")
def _bump_with_the_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint's release: the outer commit bumps
        return
    # The commit flushes after this event: flush now, so the pending changes are seen and
    # the bump is the transaction's last statement.
    session.flush()
    if session.info.pop(_CHANGED, False):
        bump(session)
        session.info[_BUMPED] = True


@event.listens_for(Session, "after_commit")
def _tell_this_process(session: Session) -> None:
    if session.in_nested_transaction():
        return
    if session.info.pop(_BUMPED, False) and session.get_bind().dialect.name == "postgresql":
        board_listener.committed_a_bump(_libpq_url(session.get_bind().engine))


@event.listens_for(Session, "after_transaction_end")
def _forget_on_rollback(session: Session, transaction) -> None:
    # Only the outermost transaction's end: a savepoint rolled back leaves the rest's changes.
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)
        session.info.pop(_BUMPED, None)


def bump(session: Session) -> None:
    """Move the number in the session's transaction; write the row if it is missing. A new
    row starts at a random number, so a database emptied and filled again cannot come back
    to a number a worker still keeps pages under."""
    now = clock.now()
    table = CacheVersion.__table__
    on_postgresql = session.get_bind().dialect.name == "postgresql"
    dialect = postgresql if on_postgresql else sqlite
    statement = dialect.insert(table).values(
        name=BOARD, number=secrets.randbelow(2**62), changed_at=now
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.name],
            set_={"number": table.c.number + 1, "changed_at": statement.excluded.changed_at},
        )
    )
    if on_postgresql:  # delivered to every worker's listener when this transaction commits
        session.execute(select(func.pg_notify(board_listener.CHANNEL, "")))
