"""People who log in, with their role and what they are tied to."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Optional

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from placement.accounts.passwords import hash_password, verify_password
from placement.models.base import Model
from placement.models.employers import Employer
from placement.models.municipalities import Municipality
from placement.models.personal import NOT_PERSONAL, Erase, personal
from placement.models.types import UTCDateTime, text_enum, utcnow

if TYPE_CHECKING:
    from placement.models.candidates import Candidate


class Role(str, enum.Enum):
    ADMIN = "admin"
    MANAGER = "manager"
    CONSULTANT = "consultant"
    EMPLOYER = "employer"
    CITIZEN = "citizen"

    @property
    def label(self):
        return {
            Role.ADMIN: _l("Administrator"),
            Role.MANAGER: _l("Leder"),
            Role.CONSULTANT: _l("Jobkonsulent"),
            Role.EMPLOYER: _l("Arbejdsgiver"),
            Role.CITIZEN: _l("Borger"),
        }[self]

    @property
    def needs_municipality(self) -> bool:
        return self in {Role.MANAGER, Role.CONSULTANT, Role.CITIZEN}


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


ERASED_USER_NAME = "Slettet bruger"


def _erased_email(user: User) -> str:
    return f"slettet-{user.id}@slettet.invalid"  # unique, and no one's address


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept lower-case, so the unique constraint is case-insensitive on every database.
    # An erased citizen's login keeps no name, no address, no password, no session, and is off.
    email: Mapped[str] = mapped_column(
        String(254), unique=True, info=personal(Erase.REPLACE, _erased_email)
    )
    name: Mapped[str] = mapped_column(String(200), info=personal(Erase.REPLACE, ERASED_USER_NAME))
    role: Mapped[Role] = mapped_column(text_enum(Role))
    municipality_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("municipalities.id"), index=True
    )
    employer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("employers.id"), index=True)
    candidate_id: Mapped[Optional[int]] = mapped_column(ForeignKey("candidates.id"), unique=True)
    active: Mapped[bool] = mapped_column(default=True, info=personal(Erase.REPLACE, False))
    password_hash: Mapped[str] = mapped_column(String(200), default="", info=personal(Erase.BLANK))
    language: Mapped[str] = mapped_column(String(5), default="da", info=NOT_PERSONAL)
    # Flask-Login stores this, not the id, in the session cookie: changing it ends every
    # session of the user (password change, deactivation).
    session_token: Mapped[str] = mapped_column(
        String(64),
        unique=True,
        default=new_session_token,
        info=personal(Erase.REPLACE, lambda _user: new_session_token()),
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[Optional[datetime]] = mapped_column(
        UTCDateTime(), info=personal(Erase.NULL)
    )

    # Joined when the user is loaded: pages name the logged-in person's municipality, and a
    # municipality is one small row (a statement of its own on every such page otherwise).
    municipality: Mapped[Optional[Municipality]] = relationship(lazy="joined")
    employer: Mapped[Optional[Employer]] = relationship(back_populates="users")
    candidate: Mapped[Optional[Candidate]] = relationship(  # noqa: F821
        back_populates="user", foreign_keys=[candidate_id]
    )

    @validates("email")
    def _normalise_email(self, _key, value: str) -> str:
        return normalise_email(value)

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        return verify_password(self.password_hash, password)

    def end_sessions(self) -> None:
        self.session_token = new_session_token()

    def __str__(self) -> str:
        return self.name


def normalise_email(value: str) -> str:
    return (value or "").strip().lower()
