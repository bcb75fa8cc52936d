"""A consultant's request to erase a citizen, which a manager of the municipality decides."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import Erase, personal
from placement.models.types import UTCDateTime, text_enum, typed_text, utcnow

if TYPE_CHECKING:
    from placement.models.candidates import Candidate
    from placement.models.users import User


class ErasureState(str, enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self):
        return {
            ErasureState.PENDING: _l("Afventer leder"),
            ErasureState.APPROVED: _l("Godkendt og slettet"),
            ErasureState.REJECTED: _l("Afvist"),
        }[self]


class ErasureRequest(Model):
    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The texts may name the person; who asked, who decided and when stay.
    reason: Mapped[str] = typed_text("reason", 2000, default="", info=personal(Erase.BLANK))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    state: Mapped[ErasureState] = mapped_column(
        text_enum(ErasureState, 20), default=ErasureState.PENDING
    )
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = typed_text(
        "decision_note", 2000, default="", info=personal(Erase.BLANK)
    )

    candidate: Mapped[Candidate] = relationship()  # noqa: F821
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])  # noqa: F821
    decided_by: Mapped[Optional[User]] = relationship(foreign_keys=[decided_by_id])  # noqa: F821
