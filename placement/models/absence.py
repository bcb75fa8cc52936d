"""Absence (fravær) on a running placement: one row per working day away, with its reason."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import Erase, personal
from placement.models.types import UTCDateTime, text_enum, utcnow
from placement.models.users import User

if TYPE_CHECKING:
    from placement.models.placements import Placement


class AbsenceReason(str, enum.Enum):
    """A category only: why someone was away is nobody's business here, so no free text can
    carry a diagnosis into the record (placement/placements/absence.py)."""

    ILLNESS = "illness"
    AGREED = "agreed"
    UNEXPLAINED = "unexplained"

    @property
    def label(self):
        return {
            AbsenceReason.ILLNESS: _l("Sygdom"),
            AbsenceReason.AGREED: _l("Anden aftalt fravær"),
            AbsenceReason.UNEXPLAINED: _l("Uden forklaring"),
        }[self]


class AbsenceDay(Model):
    __tablename__ = "absence_days"
    # One row per placement and day: registering a day again finds it (and at most changes its
    # reason), and two people registering the same day at once cannot make two.
    __table_args__ = (UniqueConstraint("placement_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"))
    # Kept when the citizen is erased, as their placement is: once the profile is anonymised a
    # day and a category on an anonymous placement say nothing of anyone, and an erasure must
    # change no figure of the statistics (attendance per kind counts them).
    day: Mapped[date] = mapped_column(info=personal(Erase.KEEP, export="dato"))
    reason: Mapped[AbsenceReason] = mapped_column(
        text_enum(AbsenceReason, 16), info=personal(Erase.KEEP, export="årsag")
    )
    # Who registered the day (or last changed its reason), and when.
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    placement: Mapped[Placement] = relationship(back_populates="absences")  # noqa: F821
    registered_by: Mapped[User] = relationship()
