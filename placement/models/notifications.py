"""In-app notifications (beskeder), one row per person and event, and its e-mail's state.

The row is the outbox: it is written in the transaction of the change it tells of, and the
sender (placement/notifications/outbox.py) mails it afterwards, however long the mail server is
away.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL, Erase, personal
from placement.models.types import UTCDateTime, text_enum, utcnow
from placement.models.users import User


class EmailState(str, enum.Enum):
    NONE = "none"  # not mailed: no address, mail kept in the app, or written before the outbox
    PENDING = "pending"  # to be mailed at email_next_at
    SENT = "sent"  # the mail server accepted it at emailed_at
    UNDELIVERABLE = "undeliverable"  # refused for good, or every try failed: the admin sees it


class Notification(Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # The event's key ("followup-overdue:17"): telling a person twice is impossible.
        UniqueConstraint("user_id", "key"),
        # The bell counts a person's unread ones on every page.
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        # Sweeps look up which event keys were already sent.
        Index("ix_notifications_key", "key"),
        # The sender takes the next due mail in this order, and the admin lists the
        # undeliverable ones: both read one state's range of this index.
        Index("ix_notifications_email_due", "email_state", "email_next_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120), info=NOT_PERSONAL)  # kinds and ids only
    # The words may name the citizen they are about.
    title: Mapped[str] = mapped_column(String(200), info=personal(Erase.DELETE_ROW, export="titel"))
    body: Mapped[str] = mapped_column(
        Text, default="", info=personal(Erase.DELETE_ROW, export="tekst")
    )
    # What the notification is about. The link is built from these when it is shown, for the
    # reader's role (placement/notifications/links.py); erasure finds a citizen's
    # notifications by them. A row about a record goes with the record.
    placement_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    candidate_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    opening_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("openings.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    # The e-mail. Tries counts every try made; the last error is an exception's class name
    # only (a server's reply may quote the address).
    email_state: Mapped[EmailState] = mapped_column(
        text_enum(EmailState, 16), default=EmailState.NONE
    )
    email_attempts: Mapped[int] = mapped_column(default=0)
    email_next_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    email_error: Mapped[Optional[str]] = mapped_column(String(100), info=NOT_PERSONAL)
    emailed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
