"""IPS fidelity: the scores a reviewer gives a team's items the system's data cannot answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.base import Model
from placement.models.municipalities import Municipality
from placement.models.personal import NOT_PERSONAL
from placement.models.types import UTCDateTime, typed_text, utcnow
from placement.models.users import User


class FidelityReview(Model):
    """One item's score for a team (the municipality's consultants) and a period, entered by a
    manager (placement/fidelity/reviews.py). Changed in place; edit_version counts the saves."""

    __tablename__ = "fidelity_reviews"
    __table_args__ = (
        UniqueConstraint("municipality_id", "date_from", "date_to", "item_key"),
        CheckConstraint("score BETWEEN 1 AND 5", name="score_1_to_5"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    date_from: Mapped[date]
    date_to: Mapped[date]
    item_key: Mapped[str] = mapped_column(String(40), info=NOT_PERSONAL)
    # None: the reviewer has not scored it (a note may stand alone).
    score: Mapped[Optional[int]] = mapped_column(info=NOT_PERSONAL)
    # About the team's practice, not a person; a reviewer should not name citizens here.
    note: Mapped[str] = typed_text("note", 1000, default="", info=NOT_PERSONAL)
    edit_version: Mapped[int] = mapped_column(default=1, server_default="1")
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))

    municipality: Mapped[Municipality] = relationship()
    edited_by: Mapped[Optional[User]] = relationship()
