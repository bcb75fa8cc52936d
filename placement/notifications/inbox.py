"""Notifications: one per person and event, written with the change that causes it.

Telling someone something is one call, inside the transaction of the change:

    from flask_babel import lazy_gettext as _l
    from placement.notifications.inbox import notify

    notify(placement.consultant, f"placement-answer:employer:{placement.id}",
           _l("Svar fra %(who)s", who=company.name), body, placement=placement)

- `key` names the event for this person. A (person, key) pair is written once, ever, so a
  request sent twice or a sweep run twice never tells anyone twice: put the ids that make
  the event one of a kind in it ("followup-due:17:2027-01-15").
- `title` (at most 200 characters) and `body` are stored in the recipient's language. Pass
  lazy texts (`_l(...)`, whose values may be lazy too) or a function of no arguments that
  returns the text: they are worked out in the recipient's language. A plain string is
  stored as it is.
- `placement=`, `candidate=`, `opening=` say what it is about. The link ("Åbn" in Beskeder,
  the address in the mail) is built from them for the reader's role when it is shown
  (placement/notifications/links.py); without any, it leads to the reader's start page.
  A text that names a citizen must refer to them (placement= or candidate=): that is how
  erasure finds it. A placement brings its citizen along.
- Deactivated people get nothing. A person with an address also gets it by e-mail: the row
  is the outbox, and the sender (placement/notifications/outbox.py) mails it within a minute of the
  commit, or never if the transaction is rolled back.
- notify flushes; the caller commits (a view once, the scheduler per sweep).

notify_all(messages) is the same for many at once (the sweeps): a few queries, one insert.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Union, cast

from flask import current_app
from flask_babel import LazyString, force_locale
from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult

from placement.common import clock
from placement.extensions import db
from placement.models import Candidate, EmailState, Notification, Opening, Placement, User
from placement.notifications import bell

# A text as callers give it: final, lazy (worked out in the recipient's language), or a
# function that returns it.
Text = Union[str, LazyString, Callable[[], str]]
# Keys looked up per query when checking which notifications already exist.
_CHUNK = 500


@dataclass(frozen=True)
class Message:
    """A notification to make: who, the event's key, its words, and what it is about."""

    user: User
    key: str  # e.g. "followup-overdue:17:2027-01-04": the same key is never sent twice
    title: Text
    body: Text = ""
    placement: Placement | None = None
    candidate: Candidate | None = None
    opening: Opening | None = None


def notify(
    user: User,
    key: str,
    title: Text,
    body: Text = "",
    *,
    placement: Placement | None = None,
    candidate: Candidate | None = None,
    opening: Opening | None = None,
) -> Notification | None:
    """Write one notification (flushed, not committed); None if the person was told before
    or is deactivated."""
    message = Message(user, key, title, body, placement, candidate, opening)
    bell.forget()
    if not user.active or _existing([message]):
        return None
    # ON CONFLICT DO NOTHING: the same event told by two requests at the same moment is
    # written by the first; the second request's own change still commits. (Not a savepoint:
    # on SQLite one opened before any other write commits when it is released.)
    insert_into = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    written = db.session.scalar(
        insert_into(Notification)
        .values(**_rows([message], clock.now())[0])
        .on_conflict_do_nothing(index_elements=["user_id", "key"])
        .returning(Notification.id)
    )
    return db.session.get(Notification, written) if written is not None else None


def notify_all(messages: list[Message]) -> list[Message]:
    """Write the notifications not made before; return those messages (not committed).

    Existing keys are fetched in a few queries and the new rows are written as one
    multi-row insert, so a sweep over many placements does not make a statement per message.
    """
    wanted = [m for m in messages if m.user.active]
    existing = _existing(wanted)
    made = []
    for message in wanted:
        pair = (message.user.id, message.key[:120])
        if pair not in existing:
            existing.add(pair)
            made.append(message)
    if made:
        bell.forget()
        db.session.execute(insert(Notification), _rows(made, clock.now()))
    return made


def wants_mail(user: User) -> bool:
    """Whether the person's notifications are also mailed: they have a real address (an
    erased person's is made to end in .invalid)."""
    return bool(user.email) and not user.email.endswith(".invalid")


def language_of(user) -> str:
    """The language the person reads Placement in (a user, or a row with `language`)."""
    languages = current_app.config["LANGUAGES"]
    return user.language if user.language in languages else languages[0]


def _existing(messages: list[Message]) -> set[tuple[int, str]]:
    keys = sorted({m.key[:120] for m in messages})
    found: set[tuple[int, str]] = set()
    for start in range(0, len(keys), _CHUNK):
        found.update(
            (user_id, key)
            for user_id, key in db.session.execute(
                select(Notification.user_id, Notification.key).where(
                    Notification.key.in_(keys[start : start + _CHUNK])
                )
            )
        )
    return found & {(m.user.id, m.key[:120]) for m in messages}


def _rows(messages: list[Message], now) -> list[dict]:
    """The rows to insert, with each text in its recipient's language (one switch of
    language per language, not per message)."""
    by_language = defaultdict(list)
    for index, message in enumerate(messages):
        by_language[language_of(message.user)].append(index)
    rows: list[dict] = [{}] * len(messages)
    for language, indexes in by_language.items():
        with force_locale(language):
            for index in indexes:
                rows[index] = _row(messages[index], now)
    return rows


def _row(message: Message, now) -> dict:
    placement, candidate = message.placement, message.candidate
    mailed = wants_mail(message.user)
    return {
        "user_id": message.user.id,
        "key": message.key[:120],
        "title": _text(message.title)[:200],
        "body": _text(message.body),
        "placement_id": placement.id if placement else None,
        "candidate_id": (
            candidate.id if candidate else placement.candidate_id if placement else None
        ),
        "opening_id": message.opening.id if message.opening else None,
        "created_at": now,
        "email_state": EmailState.PENDING if mailed else EmailState.NONE,
        "email_next_at": now if mailed else None,
        "email_attempts": 0,
    }


def _text(value: Text) -> str:
    return str(value() if callable(value) else value)


def unread_count(user: User) -> int:
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def for_user(user: User, limit: int = 100) -> list[Notification]:
    """The person's newest notifications, unread first."""
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(
                Notification.read_at.is_not(None),
                Notification.created_at.desc(),
                Notification.id.desc(),
            )
            .limit(limit)
        )
    )


def mark_read(user: User, notification_id: int) -> bool:
    """Mark one of the person's own notifications as read; False if it is not theirs."""
    bell.forget()
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.id == notification_id,
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
        )
        .values(read_at=clock.now())
    )
    return cast(CursorResult, result).rowcount == 1


def mark_all_read(user: User) -> int:
    bell.forget()
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=clock.now())
    )
    return cast(CursorResult, result).rowcount
