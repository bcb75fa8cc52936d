"""The employee representative's (tillidsrepræsentantens) answer to one version of a
wage-subsidy agreement: the link sent to them and what they answered."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.agreements import Agreement
from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL, Erase, personal
from placement.models.types import UTCDateTime, text_enum, typed_text, utcnow

if TYPE_CHECKING:
    from placement.models.placements import Placement


class RepresentativeDecision(str, enum.Enum):
    APPROVE = "approve"
    OBJECT = "object"

    @property
    def label(self):
        return {
            RepresentativeDecision.APPROVE: _l("Godkendt"),
            RepresentativeDecision.OBJECT: _l("Indsigelse"),
        }[self]


class RepresentativeApproval(Model):
    """One per agreement version: made when the link is mailed, answered once. A new version
    gets a row (and a link) of its own, so an answer always belongs to the text that was read."""

    __tablename__ = "representative_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), unique=True
    )
    # HMAC-SHA-256 of the link's token; the token itself exists only in the mail.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, info=NOT_PERSONAL)
    # Who was asked: the representative is named in the citizen's agreement.
    name: Mapped[str] = mapped_column(String(200), default="", info=personal(Erase.DELETE_ROW))
    email: Mapped[str] = mapped_column(String(254), default="", info=personal(Erase.DELETE_ROW))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decision: Mapped[Optional[RepresentativeDecision]] = mapped_column(
        text_enum(RepresentativeDecision)
    )
    reason: Mapped[str] = typed_text("reason", 2000, default="", info=personal(Erase.DELETE_ROW))
    answered_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # From where the answer came, as the audit log keeps it.
    answered_from: Mapped[str] = mapped_column(
        String(45), default="", info=personal(Erase.DELETE_ROW)
    )

    agreement: Mapped[Agreement] = relationship()
    placement: Mapped[Placement] = relationship(back_populates="representative_approvals")  # noqa: F821
