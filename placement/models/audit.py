"""The audit log: one row each time someone views, makes, changes, exports or downloads a
citizen's personal data. Rows are only ever added (placement/privacy/audit.py refuses the rest)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL, Erase, personal
from placement.models.types import UTCDateTime, text_enum, utcnow

if TYPE_CHECKING:
    from placement.models.candidates import Candidate
    from placement.models.users import User


class AuditAction(str, enum.Enum):
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    EXPORT = "export"
    DOWNLOAD = "download"
    UNMASK = "unmask"
    ERASE = "erase"
    SIGN_IN = "sign_in"
    SIGN_IN_REFUSED = "sign_in_refused"
    IMPORT = "import"

    @property
    def label(self):
        return {
            AuditAction.VIEW: _l("så"),
            AuditAction.CREATE: _l("oprettede"),
            AuditAction.CHANGE: _l("ændrede"),
            AuditAction.EXPORT: _l("eksporterede"),
            AuditAction.DOWNLOAD: _l("hentede"),
            AuditAction.UNMASK: _l("viste det fulde"),
            AuditAction.ERASE: _l("slettede"),
            AuditAction.SIGN_IN: _l("loggede ind"),
            AuditAction.SIGN_IN_REFUSED: _l("blev afvist ved log ind"),
            AuditAction.IMPORT: _l("importerede"),
        }[self]


class AuditSubject(str, enum.Enum):
    PROFILE = "profile"
    GOALS = "goals"
    JOURNAL = "journal"
    PLACEMENT = "placement"
    AGREEMENT = "agreement"
    FOLLOWUP = "followup"
    CPR = "cpr"
    EXPORT = "export"
    # How a sign-in went: the subject of the SIGN_IN rows.
    PASSWORD = "password"
    MITID = "mitid"
    MITID_BUSINESS = "mitid_business"
    STAFF_LOGIN = "staff_login"
    # A CSV import (placement/imports/): the row's detail holds the counts.
    CITIZEN_IMPORT = "citizen_import"
    COMPANY_IMPORT = "company_import"
    OPENING_IMPORT = "opening_import"

    @property
    def label(self):
        return {
            AuditSubject.PROFILE: _l("profil"),
            AuditSubject.GOALS: _l("mål"),
            AuditSubject.JOURNAL: _l("journal"),
            AuditSubject.PLACEMENT: _l("forløb"),
            AuditSubject.AGREEMENT: _l("aftale"),
            AuditSubject.FOLLOWUP: _l("opfølgning"),
            AuditSubject.CPR: _l("CPR-nummer"),
            AuditSubject.EXPORT: _l("dataudtræk"),
            AuditSubject.PASSWORD: _l("med adgangskode"),
            AuditSubject.MITID: _l("med MitID"),
            AuditSubject.MITID_BUSINESS: _l("med MitID Erhverv"),
            AuditSubject.STAFF_LOGIN: _l("med kommunens login"),
            AuditSubject.CITIZEN_IMPORT: _l("borgere fra en CSV-fil"),
            AuditSubject.COMPANY_IMPORT: _l("virksomheder fra en CSV-fil"),
            AuditSubject.OPENING_IMPORT: _l("opslag fra en CSV-fil"),
        }[self]


class AuditEvent(Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        # The two searches: everything about one citizen, everything one person did.
        Index("ix_audit_events_candidate_at", "candidate_id", "at"),
        Index("ix_audit_events_actor_at", "actor_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # None for the scheduler (retention); the role is kept as it was at the time.
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(20), default="", info=NOT_PERSONAL)
    candidate_id: Mapped[Optional[int]] = mapped_column(ForeignKey("candidates.id"))
    action: Mapped[AuditAction] = mapped_column(text_enum(AuditAction, 20))
    subject: Mapped[AuditSubject] = mapped_column(text_enum(AuditSubject, 20))
    object_id: Mapped[Optional[int]]  # the placement, follow-up or agreement version
    # IPv6 fits in 45. The actor's, kept: nothing may change an audit row.
    address: Mapped[str] = mapped_column(String(45), default="", info=personal(Erase.KEEP))
    # Why a sign-in was refused (placement/identity/outcomes.py's codes); "" for other rows.
    detail: Mapped[str] = mapped_column(String(40), default="", info=NOT_PERSONAL)

    actor: Mapped[Optional[User]] = relationship()  # noqa: F821
    candidate: Mapped[Optional[Candidate]] = relationship()  # noqa: F821
