"""Notifications: one per person and event key, kept in the app and e-mailed when mail works."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import bindparam, func, insert, select, update

from .extensions import db
from .mail import send_mail
from .models import Notification, User, utcnow

# Keys looked up per query when checking which notifications already exist.
_CHUNK = 500


@dataclass(frozen=True)
class Message:
    """A notification to make: who, the event's key, and short Danish text."""

    user: User
    key: str  # e.g. "followup-overdue:17:2027-01-04": the same key is never sent twice
    title: str
    body: str = ""
    link: str = ""  # a path on this site, e.g. "/forloeb/17"


def notify_all(messages: list[Message]) -> list[Message]:
    """Store the notifications not made before; return those messages (not committed).

    Deactivated people get nothing. Existing keys are fetched in a few queries and the new
    rows are written as one multi-row insert, so a sweep over many placements does not make
    a statement per message.
    """
    wanted = [m for m in messages if m.user.active]
    existing: set[tuple[int, str]] = set()
    keys = sorted({m.key[:120] for m in wanted})
    for start in range(0, len(keys), _CHUNK):
        existing.update(tuple(row) for row in db.session.execute(
            select(Notification.user_id, Notification.key)
            .where(Notification.key.in_(keys[start:start + _CHUNK]))))
    made, rows, now = [], [], utcnow()
    for message in wanted:
        pair = (message.user.id, message.key[:120])
        if pair in existing:
            continue
        existing.add(pair)
        made.append(message)
        rows.append({"user_id": pair[0], "key": pair[1], "title": message.title[:200],
                     "body": message.body, "link": message.link[:300], "created_at": now})
    if rows:
        db.session.execute(insert(Notification), rows)
    return made


def notify(user: User, key: str, title: str, body: str = "", link: str = "") -> Message | None:
    made = notify_all([Message(user, key, title, body, link)])
    return made[0] if made else None


def send_emails(messages: list[Message]) -> int:
    """E-mail notifications after they are committed; return how many were sent.

    Without mail configured they stay in the app, and the log gives only their number: logs
    must not carry the names and events the notification text holds.
    """
    if current_app.config["MAIL_BACKEND"] == "log":
        if messages:
            current_app.logger.info("%d notification(s) kept in the app; mail is not "
                                    "configured.", len(messages))
        return 0
    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    sent = []
    for message in messages:
        body = message.body
        if message.link and base:
            body = f"{body}\n\n{base}{message.link}"
        if send_mail(message.user.email, message.title, body):
            sent.append({"b_user": message.user.id, "b_key": message.key[:120]})
    if sent:
        table = Notification.__table__  # a plain executemany, one row per pair
        db.session.connection().execute(
            update(table).where(table.c.user_id == bindparam("b_user"),
                                table.c.key == bindparam("b_key"))
            .values(emailed_at=utcnow()), sent)
    return len(sent)


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def for_user(user: User, limit: int = 100) -> list[Notification]:
    """The person's newest notifications, unread first."""
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.read_at.is_not(None), Notification.created_at.desc(),
                  Notification.id.desc())
        .limit(limit)))


def mark_read(user: User, notification_id: int) -> bool:
    """Mark one of the person's own notifications as read; False if it is not theirs."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.user_id == user.id,
               Notification.read_at.is_(None))
        .values(read_at=utcnow()))
    return result.rowcount == 1


def mark_all_read(user: User) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()))
    return result.rowcount
