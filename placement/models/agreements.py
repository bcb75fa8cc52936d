"""Agreements (aftaler): frozen versions of what a placement's parties agree to, and who
confirmed."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import Erase, personal
from placement.models.types import UTCDateTime, text_enum, typed_text, utcnow
from placement.models.users import User


class Party(str, enum.Enum):
    """The three who must confirm an agreement, in the order they are printed."""

    CONSULTANT = "consultant"
    EMPLOYER = "employer"
    CITIZEN = "citizen"

    @property
    def label(self):
        return {
            Party.CONSULTANT: _l("Jobkonsulent"),
            Party.EMPLOYER: _l("Virksomhed"),
            Party.CITIZEN: _l("Borger"),
        }[self]


class Agreement(Model):
    """One version of a placement's agreement. Its content never changes once written: a change
    to the placement makes the next version, so every earlier one can still be downloaded."""

    __tablename__ = "agreements"
    __table_args__ = (UniqueConstraint("placement_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    # AgreementContent as canonical JSON, and its SHA-256 (printed on the last page). The
    # content names the citizen, so erasure deletes every version; the copy leaves out the
    # content (the PDF), keeping its hash.
    content_json: Mapped[str] = mapped_column(Text, info=personal(Erase.DELETE_ROW))
    content_sha256: Mapped[str] = mapped_column(
        String(64), index=True, info=personal(Erase.DELETE_ROW, export="sha256")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[Optional[User]] = relationship()
    confirmations: Mapped[list[AgreementConfirmation]] = relationship(
        back_populates="agreement",
        cascade="all, delete-orphan",
        order_by="AgreementConfirmation.id",
    )

    def confirmation_by(self, party: Party) -> AgreementConfirmation | None:
        return next((c for c in self.confirmations if c.party == party), None)


class AgreementConfirmation(Model):
    """A party's "Bekræft aftalen" on one version — or the consultant's note that the party
    signed on paper. One per party and version."""

    __tablename__ = "agreement_confirmations"
    __table_args__ = (UniqueConstraint("agreement_id", "party"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    party: Mapped[Party] = mapped_column(text_enum(Party))
    # Who pressed the button; for a paper confirmation, the consultant who recorded it.
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    on_paper: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = typed_text("note", 1000, default="", info=personal(Erase.DELETE_ROW))

    agreement: Mapped[Agreement] = relationship(back_populates="confirmations")
    user: Mapped[Optional[User]] = relationship()
