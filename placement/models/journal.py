"""The consultant's journal: dated notes on a citizen, internal to the municipality."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import Erase, personal
from placement.models.types import UTCDateTime, copenhagen_today, typed_text, utcnow

if TYPE_CHECKING:
    from placement.models.candidates import Candidate
    from placement.models.users import User


class JournalEntry(Model):
    __tablename__ = "journal_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    entry_date: Mapped[date] = mapped_column(default=copenhagen_today)
    text: Mapped[str] = typed_text("text", 5000, info=personal(Erase.DELETE_ROW, export="tekst"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    # The backref lets the profile page show the latest notes without a query of its own.
    candidate: Mapped[Candidate] = relationship(  # noqa: F821
        backref=backref(
            "journal_entries",
            cascade="all, delete-orphan",
            passive_deletes=True,
            order_by="[JournalEntry.entry_date.desc(), JournalEntry.id.desc()]",
        )
    )
    author: Mapped[User] = relationship()  # noqa: F821
