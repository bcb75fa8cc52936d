"""Invitations to the citizen portal: a short one-use code, kept only as a hash."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import Erase, personal
from placement.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from placement.models.candidates import Candidate
    from placement.models.users import User


class Invitation(Model):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The code itself is shown once to the consultant and never stored.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True, info=personal(Erase.DELETE_ROW))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    candidate: Mapped[Candidate] = relationship(  # noqa: F821
        backref=backref(
            "invitations",
            cascade="all, delete-orphan",
            passive_deletes=True,
            order_by="Invitation.id.desc()",
        )
    )
    created_by: Mapped[User] = relationship()  # noqa: F821

    def is_open(self, now: datetime | None = None) -> bool:
        return self.used_at is None and self.expires_at > (now or utcnow())
