"""In-app notifications (beskeder), one row per person and event, also sent by e-mail."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .types import UTCDateTime, utcnow
from .users import User


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # The event's key ("followup-overdue:17"): telling a person twice is impossible.
        UniqueConstraint("user_id", "key"),
        # The bell counts a person's unread ones on every page.
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        # Sweeps look up which event keys were already sent.
        Index("ix_notifications_key", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(300), default="")  # a path on this site
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    emailed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
