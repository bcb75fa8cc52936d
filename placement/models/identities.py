"""Who a person is at an identity provider: the provider's issuer and its subject for them,
tied to the user they sign in as here (company users and staff; citizens are found by CPR)."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.identity.settings import Audience
from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL, Erase, personal
from placement.models.types import UTCDateTime, text_enum, utcnow
from placement.models.users import User


class ExternalIdentity(Model):
    __tablename__ = "external_identities"
    # One user per identity at a provider; the lock that makes two first sign-ins one link.
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    audience: Mapped[Audience] = mapped_column(text_enum(Audience, 20), info=NOT_PERSONAL)
    issuer: Mapped[str] = mapped_column(String(300), info=NOT_PERSONAL)
    # A pseudonym (NemLog-in's persistent UUID, Entra's object id), kept with the user it names.
    subject: Mapped[str] = mapped_column(String(255), info=personal(Erase.KEEP))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_sign_in_at: Mapped[Optional[datetime]] = mapped_column(
        UTCDateTime(), info=personal(Erase.NULL)
    )

    user: Mapped[User] = relationship()
