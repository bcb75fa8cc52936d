"""The outbox's sender: mails the notifications that are due, each marked sent the moment the
mail server has accepted it.

A notification to be mailed is written PENDING, due at once, in the transaction of the change
it tells of (placement/notifications/inbox.py). The sender takes due rows one at a time, oldest
first, over one SMTP connection per batch of BATCH_SIZE, and for each:

- accepted by the server: SENT, and committed before the next. A crash (kill -9) loses
  nothing: a row is either committed as sent or still due, so at most the mail in flight
  goes twice, with the same Message-ID, which mail clients show once;
- refused for good (a 5xx answer to the recipient or the message): UNDELIVERABLE at once;
- refused for now (4xx), or the server failed (no connection, no login, the connection
  broke): tried again after RETRY_WAITS (1 min, 5 min, 30 min, 2 h, 12 h); a failure on
  the last try makes it UNDELIVERABLE. A server that cannot be reached at all fails every
  due row, so an outage moves them along the schedule together instead of one a minute.

The admin lists the undeliverable ones and can make one due again (`retry`).

Several senders: on PostgreSQL each takes its row with FOR UPDATE SKIP LOCKED and holds the
lock while the server takes the mail, so no two senders send one row, and a sender that dies
lets go of its row at once. SQLite cannot hold a row without holding up every writer, so
there one sender runs at a time, by an operating-system lock on a file beside the database,
which the OS releases when the process dies.

Without MAIL_SERVER, development prints each mail and tests keep them in memory
(placement/notifications/mail.py); production keeps them in the app only (NONE) and logs their
number: nothing personal is logged, and setting MAIL_SERVER later does not mail a backlog of old
news.

Language: title and body were written in the recipient's language; the frame (greeting, the
words before the link) is made in the recipient's language as the mail is.

The sender commits, row by row: it is a job like the scheduler's sweeps, never called from a
request's transaction.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult

from placement.common import clock
from placement.extensions import db
from placement.models import EmailState, Notification, User
from placement.notifications import links, mail
from placement.notifications.inbox import language_of

try:
    import fcntl
except ImportError:  # not on Windows, where the SQLite lock is not taken
    fcntl = None  # type: ignore[assignment]  # checked before each use

log = logging.getLogger(__name__)
# How long to wait after the 1st, 2nd, ... failed try; a failure after the last is final.
RETRY_WAITS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
# Mails per SMTP connection: servers often close a session after about 100.
BATCH_SIZE = 100
_CHUNK = 500
S = EmailState


@dataclass
class Report:
    """What one run of the sender did."""

    sent: int = 0
    retried: int = 0  # failed this time, to be tried again
    undeliverable: int = 0  # failed for good this time
    kept: int = 0  # kept in the app only: mail is not configured
    busy: bool = False  # another sender was at work (SQLite)

    @property
    def failed(self) -> bool:
        return bool(self.retried or self.undeliverable)

    def __str__(self) -> str:
        if self.busy:
            return "another sender is at work; nothing sent"
        text = f"{self.sent} sent, {self.retried} to retry, {self.undeliverable} undeliverable"
        if self.kept:
            text += f", {self.kept} kept in the app (mail is not configured)"
        return text


def send_due(now: datetime | None = None, batch_size: int = BATCH_SIZE) -> Report:
    """Mail every notification due at `now` (default: now). Commits as it goes."""
    now = now or clock.now()
    report = Report()
    with _sole_sender_on_sqlite() as alone:
        if not alone:
            report.busy = True
            return report
        if current_app.config["MAIL_BACKEND"] == "log":
            report.kept = _keep_in_app(now)
            if report.kept:
                log.info("%d notification(s) kept in the app; mail is not configured.", report.kept)
            return report
        while _send_batch(now, batch_size, report):
            pass
    return report


def _send_batch(now: datetime, size: int, report: Report) -> bool:
    """Up to `size` mails over one connection; True when there may be more to send."""
    connection, sent_here = None, 0
    try:
        for _turn in range(size):
            row = _take_next(now)
            if row is None:
                return False
            if connection is None:
                try:
                    connection = mail.connect()
                except mail.MAIL_ERRORS as error:
                    _server_failed(now, error, report)
                    return False
            try:
                connection.send(_mail_for(row))
            except mail.MAIL_ERRORS as error:
                if isinstance(error, smtplib.SMTPServerDisconnected) and sent_here:
                    # Servers end a session after so many mails: this one goes again on a
                    # new connection, not counted as a try (a new one that fails counts).
                    db.session.rollback()
                    return True
                _row_failed(row, now, error, report, _permanent(error))
                if not _refused_only(error):
                    return False  # the connection may be gone: the next run starts afresh
                continue
            except Exception as error:  # noqa: BLE001 — this mail cannot be made (a bad address)
                # Not the server's fault, and no later try would mend it: set it aside, so it
                # does not stop every run, and go on with the next.
                _row_failed(row, now, error, report, permanent=True)
                continue
            db.session.execute(
                update(Notification)
                .where(Notification.id == row.id)
                .values(
                    email_state=S.SENT,
                    emailed_at=clock.now(),
                    email_next_at=None,
                    email_attempts=row.email_attempts + 1,
                )
            )
            db.session.commit()
            report.sent += 1
            sent_here += 1
        return True
    except BaseException:
        db.session.rollback()
        raise
    finally:
        db.session.commit()  # ends a read of nothing due; a no-op otherwise
        if connection is not None:
            connection.close()


_COLUMNS = (
    Notification.id,
    Notification.user_id,
    Notification.key,
    Notification.title,
    Notification.body,
    Notification.created_at,
    Notification.email_attempts,
    Notification.placement_id,
    Notification.candidate_id,
    Notification.opening_id,
    User.email,
    User.name,
    User.language,
    User.role,
    User.active,
)


def _due(now: datetime):
    return (Notification.email_state == S.PENDING) & (Notification.email_next_at <= now)


def _take_next(now: datetime):
    """The next due row, locked for this transaction on PostgreSQL (skipping those other
    senders hold). Rows whose person has since been deactivated are not mailed."""
    while True:
        row = db.session.execute(
            select(*_COLUMNS)
            .join(User, User.id == Notification.user_id)
            .where(_due(now))
            .order_by(Notification.email_next_at, Notification.id)
            .limit(1)
            .with_for_update(skip_locked=True, of=Notification)
        ).first()
        if row is None or row.active:
            return row
        db.session.execute(
            update(Notification)
            .where(Notification.id == row.id)
            .values(email_state=S.NONE, email_next_at=None)
        )
        db.session.commit()


def _mail_for(row) -> mail.Mail:
    with force_locale(language_of(row)):
        parts = [_("Hej %(name)s", name=row.name), row.body or row.title]
        link = links.mail_url(row, row.role)
        if link:
            # Not inside the f-string: the message extractor would not find it there.
            parts.append(_("Se mere i Placement:") + " " + link)
    return mail.Mail(row.email, row.title, "\n\n".join(parts) + "\n", message_id(row))


def message_id(row) -> str:
    """The same for every sending of one notification. The hash of who, what and when keeps
    it unique when ids start again (a database restored or made anew)."""
    digest = hashlib.sha256(
        f"{row.user_id}:{row.key}:{row.created_at.isoformat()}".encode()
    ).hexdigest()[:16]
    return f"<notification-{row.id}.{digest}@{_host()}>"


def _host() -> str:
    config = current_app.config
    host = urlsplit(config.get("PUBLIC_URL", "")).hostname
    if not host:
        sender = config.get("MAIL_SENDER", "")
        host = sender.rsplit("@", 1)[-1].strip(" >") if "@" in sender else ""
    return host or "placement.invalid"


# --- failures -----------------------------------------------------------------------------------


def _refused_only(error: Exception) -> bool:
    """The server refused this mail and carries on (it answered RSET): the next may go."""
    return isinstance(error, (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError))


def _permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def _after_failure(tries: int, now: datetime, permanent: bool = False) -> dict:
    """The row's e-mail state after its `tries`-th try failed."""
    if permanent or tries > len(RETRY_WAITS):
        return {"email_state": S.UNDELIVERABLE, "email_next_at": None}
    return {"email_state": S.PENDING, "email_next_at": now + RETRY_WAITS[tries - 1]}


def _count(state: EmailState, report: Report, number: int = 1) -> None:
    if state == S.UNDELIVERABLE:
        report.undeliverable += number
    else:
        report.retried += number


def _row_failed(row, now: datetime, error: Exception, report: Report, permanent: bool) -> None:
    tries = row.email_attempts + 1
    values = _after_failure(tries, now, permanent)
    db.session.execute(
        update(Notification)
        .where(Notification.id == row.id)
        .values(email_attempts=tries, email_error=type(error).__name__[:100], **values)
    )
    db.session.commit()
    _count(values["email_state"], report)
    log.warning(
        "a mail could not be sent (%s); notification %d: %s",
        type(error).__name__,
        row.id,
        values["email_state"].value,
    )


def _server_failed(now: datetime, error: Exception, report: Report) -> None:
    """Every due row failed this try: the server cannot be reached or refused the login."""
    rows = db.session.execute(
        select(Notification.id, Notification.email_attempts)
        .where(_due(now))
        .with_for_update(skip_locked=True, of=Notification)
    ).all()
    by_tries: dict[int, list[int]] = {}
    for row in rows:
        by_tries.setdefault(row.email_attempts + 1, []).append(row.id)
    for tries, ids in by_tries.items():
        values = _after_failure(tries, now)
        for start in range(0, len(ids), _CHUNK):
            db.session.execute(
                update(Notification)
                .where(Notification.id.in_(ids[start : start + _CHUNK]))
                .values(email_attempts=tries, email_error=type(error).__name__[:100], **values)
            )
        _count(values["email_state"], report, len(ids))
    db.session.commit()
    log.warning(
        "the mail server cannot be reached (%s); %d mail(s) wait for the next try",
        type(error).__name__,
        len(rows),
    )


def _keep_in_app(now: datetime) -> int:
    result = db.session.execute(
        update(Notification).where(_due(now)).values(email_state=S.NONE, email_next_at=None)
    )
    db.session.commit()
    return cast(CursorResult, result).rowcount


# --- one sender at a time on SQLite ----------------------------------------------------------


@contextmanager
def _sole_sender_on_sqlite():
    """Yields whether this sender may work: always on PostgreSQL (rows are locked one by
    one); on SQLite only while it holds the lock file beside the database."""
    url = db.engine.url
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:") or fcntl is None:
        yield True
        return
    with open(Path(database).with_name(Path(database).name + ".outbox-lock"), "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            locked = False
        else:
            locked = True
        try:
            yield locked
        finally:
            if locked:
                fcntl.flock(handle, fcntl.LOCK_UN)


# --- the admin's list ------------------------------------------------------------------------


def undeliverable(limit: int = 200):
    """(notification, user) of mails that could not be delivered, newest first."""
    return db.session.execute(
        select(Notification, User)
        .join(User, User.id == Notification.user_id)
        .where(Notification.email_state == S.UNDELIVERABLE)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    ).all()


def count_undeliverable() -> int:
    return (
        db.session.scalar(select(func.count()).where(Notification.email_state == S.UNDELIVERABLE))
        or 0
    )


def was_retried(notification_id: int) -> bool:
    """Whether this mail was undeliverable once and is due or sent now: "prøv igen" pressed
    twice (or by two admins) finds the first press done."""
    return (
        db.session.scalar(
            select(Notification.id).where(
                Notification.id == notification_id,
                Notification.email_state.in_((S.PENDING, S.SENT)),
                Notification.email_error.is_not(None),
            )
        )
        is not None
    )


def retry(notification_id: int, now: datetime | None = None) -> bool:
    """Make an undeliverable mail due again, with the whole schedule of tries ahead of it
    (the admin has mended the address, say). Flushes; False if there is no such mail."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.email_state == S.UNDELIVERABLE)
        .values(email_state=S.PENDING, email_next_at=now or clock.now(), email_attempts=0)
    )
    return cast(CursorResult, result).rowcount == 1
