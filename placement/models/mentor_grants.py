"""Mentor support (mentorstøtte): a grant beside a placement, who mentors, how much, who pays."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL, Erase, personal
from placement.models.types import UTCDateTime, text_enum, utcnow
from placement.models.users import User

if TYPE_CHECKING:
    from placement.models.placements import Placement


class MentorKind(str, enum.Enum):
    """Source: LAB (lov om en aktiv beskæftigelsesindsats), the rules on mentorstøtte: the
    jobcenter may pay a company for freeing an employee of its own to mentor (intern mentor),
    or buy a mentor from outside (ekstern)."""

    INTERNAL = "internal"
    EXTERNAL = "external"

    @property
    def label(self):
        return {
            MentorKind.INTERNAL: _l("Intern mentor (ansat i virksomheden)"),
            MentorKind.EXTERNAL: _l("Ekstern mentor"),
        }[self]


class MentorPayer(str, enum.Enum):
    JOBCENTER = "jobcenter"
    COMPANY = "company"
    OTHER = "other"

    @property
    def label(self):
        return {
            MentorPayer.JOBCENTER: _l("Jobcentret"),
            MentorPayer.COMPANY: _l("Virksomheden selv"),
            MentorPayer.OTHER: _l("Andre"),
        }[self]


class MentorGrant(Model):
    """One period of mentor support for a placement. Usually one per placement; several when
    the support changes over time, and then their periods do not overlap
    (placement/placements/mentor_grants.py holds the rules)."""

    __tablename__ = "mentor_grants"
    # The database holds the shape of a grant; the policy's ceiling of hours and the placement's
    # period are the rules' (a municipality may change the ceiling without a migration).
    __table_args__ = (
        CheckConstraint("hours_tenths > 0", name="hours_positive"),
        CheckConstraint("start_date <= end_date", name="period_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, info=NOT_PERSONAL)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True, info=NOT_PERSONAL
    )
    # The mentor is a person, but not the citizen: their name goes with the citizen's erasure
    # all the same, as the placement's own mentor_name does, because beside the placement it
    # says who supported whom. The grant itself stays for the statistics.
    mentor_name: Mapped[str] = mapped_column(
        String(200), info=personal(Erase.BLANK, export="mentor")
    )
    mentor_role: Mapped[str] = mapped_column(
        String(200), default="", info=personal(Erase.BLANK, export="mentorens_stilling")
    )
    mentor_kind: Mapped[MentorKind] = mapped_column(text_enum(MentorKind), info=NOT_PERSONAL)
    # Hours a week in tenths (75 = 7,5 hours): exact on both databases, where a NUMERIC
    # would come back as a float from SQLite.
    hours_tenths: Mapped[int] = mapped_column(info=NOT_PERSONAL)
    start_date: Mapped[date] = mapped_column(info=NOT_PERSONAL)
    end_date: Mapped[date] = mapped_column(info=NOT_PERSONAL)
    paid_by: Mapped[MentorPayer] = mapped_column(text_enum(MentorPayer), info=NOT_PERSONAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, info=NOT_PERSONAL)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), info=NOT_PERSONAL)
    # Saved edits, as on the placement (placement/web/edit_versions.py): a form carries the
    # number it showed, so a save on top of a colleague's unseen one is caught.
    edit_version: Mapped[int] = mapped_column(default=1, server_default="1", info=NOT_PERSONAL)
    edited_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), info=NOT_PERSONAL)
    edited_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), info=NOT_PERSONAL)

    placement: Mapped[Placement] = relationship(back_populates="mentor_grants")  # noqa: F821
    created_by: Mapped[Optional[User]] = relationship(foreign_keys=[created_by_id])

    @property
    def hours(self) -> Decimal:
        return Decimal(self.hours_tenths) / 10
