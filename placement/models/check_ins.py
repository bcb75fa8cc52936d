"""The citizen's weekly check-in on a running placement: "Hvordan går det?" 1-5, optional words."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL, Erase, personal
from placement.models.types import UTCDateTime, typed_text, utcnow

if TYPE_CHECKING:
    from placement.models.placements import Placement

# The words the citizen may add, at most (a phone's few sentences).
CHECK_IN_WORDS_LIMIT = 500


class CheckIn(Model):
    """One row per placement and week: written when the weekly job asks (score empty), and
    filled in when the citizen answers. The unique key makes the job and two answers at the
    same moment find the one row (placement/placements/check_ins.py)."""

    __tablename__ = "check_ins"
    __table_args__ = (
        UniqueConstraint("placement_id", "week"),
        CheckConstraint("score BETWEEN 1 AND 5", name="score_1_to_5"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"))
    # The Monday of the week asked about (Copenhagen's calendar).
    week: Mapped[date] = mapped_column(info=NOT_PERSONAL)
    asked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), default=utcnow)
    # How the citizen said it goes, in their own words: about the person, so erasure clears
    # them; the export shows them.
    score: Mapped[Optional[int]] = mapped_column(
        info=personal(Erase.NULL, export="hvordan_går_det")
    )
    words: Mapped[str] = typed_text(
        "words", CHECK_IN_WORDS_LIMIT, default="", info=personal(Erase.BLANK, export="ord")
    )
    answered_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    placement: Mapped[Placement] = relationship(back_populates="check_ins")  # noqa: F821
