"""The citizen's consent to what employers see: the items, and every change of them (who, when)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import Erase, personal
from placement.models.types import UTCDateTime, text_enum, utcnow

if TYPE_CHECKING:
    from placement.models.users import User


class ConsentItem(str, enum.Enum):
    """What a company may be allowed to see beyond the name; each is a share_* column on the
    candidate (None: not chosen yet, which shares nothing)."""

    CONTACT = "contact"
    AGE = "age"
    SKILLS = "skills"
    ADAPTATIONS = "adaptations"
    GOALS = "goals"

    @property
    def column(self) -> str:
        return f"share_{self.value}"

    @property
    def label(self):
        return {
            ConsentItem.CONTACT: _l("Kontaktoplysninger (e-mail og telefon)"),
            ConsentItem.AGE: _l("Alder"),
            ConsentItem.SKILLS: _l("Kompetencer og interesser"),
            ConsentItem.ADAPTATIONS: _l("Behov for tilpasninger"),
            ConsentItem.GOALS: _l("Mål"),
        }[self]


class ConsentSource(str, enum.Enum):
    """Whose choice a change is."""

    CITIZEN = "citizen"  # the citizen on their own page
    CONSULTANT_WITH_CITIZEN = "consultant_with_citizen"  # the consultant, with the citizen
    # Migration 0019: a value set before consent was recorded (a consultant, or a box ticked
    # in advance) was reset to "not chosen"; the row keeps what it had been.
    BEFORE_RECORDING = "before_recording"

    @property
    def label(self):
        return {
            ConsentSource.CITIZEN: _l("borgeren selv"),
            ConsentSource.CONSULTANT_WITH_CITIZEN: _l("jobkonsulent sammen med borgeren"),
            ConsentSource.BEFORE_RECORDING: _l(
                "sat før samtykke blev registreret, og nu nulstillet til »ikke valgt endnu«"
            ),
        }[self]


class ConsentChange(Model):
    """One item turned on or off for one citizen. Rows are only added; the citizen's current
    choice is on the candidate, this is how it came to be."""

    __tablename__ = "consent_changes"
    __table_args__ = (Index("ix_consent_changes_candidate_id_at", "candidate_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    item: Mapped[ConsentItem] = mapped_column(text_enum(ConsentItem))
    # The history of the citizen's choices goes with them (the export lists it).
    shared: Mapped[bool] = mapped_column(info=personal(Erase.DELETE_ROW, export=True))
    source: Mapped[ConsentSource] = mapped_column(text_enum(ConsentSource))
    # The person who pressed save (the citizen, or the consultant on the citizen's behalf);
    # None only for the migration's rows.
    changed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    changed_by: Mapped[Optional[User]] = relationship()  # noqa: F821
