"""The public board's version: which committed changes move it, and reading it.

The board keeps its rendered pages under this number (employers/board.py), so every change
to what the board shows must move it, or the board goes stale. Rather than a call in each
service that publishes, edits, fills, closes or expires an opening (and the placements that
take its seats, the company suspended, the adaptations' names, ...), one choke point watches
every session: a flush or a bulk statement that touches what `public_openings()` reads marks
the session, and the commit bumps the number in the same transaction, as its last statement.
So the number and the change commit together or not at all (a crash between the two cannot
leave the old number), every gunicorn worker sees the new number the moment it commits, and
the row lock is taken last, after every other lock of the transaction, so it cannot close a
deadlock cycle. What no commit changes, the day turning, is in the cache's key instead.

Redis is not used for the number although the app may have one: an INCR after the commit can
be lost (the process killed between the two, or Redis unreachable for a moment), and a Redis
that restarts without its data counts from 0 again; either leaves every worker serving an old
board. The database's row costs one primary-key read per board request.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from placement.common import clock
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
from placement.placements.ratio import OCCUPYING

BOARD = "board"
_CHANGED = "board_changed"  # in session.info: this transaction changed what the board shows

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


def current() -> Version | None:
    """The board's version now; None when its row is missing (a database emptied by hand or
    by the tests), and then nothing may be served from the cache until the next change
    writes the row again.

    Read on a connection of its own in autocommit: one round trip, no BEGIN and ROLLBACK
    around it, which on a kept page are most of the request's wait. It is read before
    the board and is a committed value either way."""
    with db.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        row = connection.execute(_READ).first()
    return Version(row.number, row.changed_at) if row else None


_READ = select(CacheVersion.number, CacheVersion.changed_at).where(CacheVersion.name == BOARD)


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
    # The commit flushes after this event: flush now, so the pending changes are seen and
    # the bump is the transaction's last statement.
    session.flush()
    if session.info.pop(_CHANGED, False):
        bump(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_on_rollback(session: Session, transaction) -> None:
    # Only the outermost transaction's end: a savepoint rolled back leaves the rest's changes.
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)


def bump(session: Session) -> None:
    """Move the number in the session's transaction; write the row if it is missing. A new
    row starts at a random number, so a database emptied and filled again cannot come back
    to a number a worker still keeps pages under."""
    now = clock.now()
    table = CacheVersion.__table__
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(
        name=BOARD, number=secrets.randbelow(2**62), changed_at=now
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.name],
            set_={"number": table.c.number + 1, "changed_at": statement.excluded.changed_at},
        )
    )
