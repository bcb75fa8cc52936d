"""Companies (virksomheder) that offer internships and jobs on special terms."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.extensions import db
from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL, Erase, personal
from placement.models.types import UTCDateTime, text_enum, typed_text, utcnow

if TYPE_CHECKING:
    from placement.models.candidates import Candidate
    from placement.models.openings import Opening
    from placement.models.users import User
    from placement.models.workplaces import Workplace


class EmployerStatus(str, enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    SUSPENDED = "suspended"

    @property
    def label(self):
        return {
            EmployerStatus.PENDING: _l("Afventer godkendelse"),
            EmployerStatus.APPROVED: _l("Godkendt"),
            EmployerStatus.SUSPENDED: _l("Suspenderet"),
        }[self]


class Employer(Model):
    __tablename__ = "employers"
    __table_args__ = (CheckConstraint("employees >= 0", name="employees_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), info=NOT_PERSONAL)
    cvr: Mapped[str] = mapped_column(String(8), unique=True, info=NOT_PERSONAL)
    address: Mapped[str] = mapped_column(String(200), default="", info=NOT_PERSONAL)
    postcode: Mapped[str] = mapped_column(String(4), info=NOT_PERSONAL)
    city: Mapped[str] = mapped_column(String(100), info=NOT_PERSONAL)
    industry: Mapped[str] = mapped_column(String(100), default="", info=NOT_PERSONAL)
    # The company's ordinary employees, the base of net growth (merbeskæftigelse) for wage
    # subsidy; the ratio rule counts each workplace's own (Workplace.employees).
    employees: Mapped[int] = mapped_column(default=0)
    # Public employers have other wage-subsidy limits than private ones (see policy).
    public_sector: Mapped[bool] = mapped_column(default=False)
    # The company's contact person: a citizen's erasure never reaches a company.
    contact_name: Mapped[str] = mapped_column(String(200), default="", info=personal(Erase.KEEP))
    contact_phone: Mapped[str] = mapped_column(String(40), default="", info=personal(Erase.KEEP))
    contact_email: Mapped[str] = mapped_column(String(254), default="", info=personal(Erase.KEEP))
    status: Mapped[EmployerStatus] = mapped_column(
        text_enum(EmployerStatus), default=EmployerStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Registered while the CVR register could not be reached: the jobcenter checks the number
    # (placement/companies/cvr_register.py). Cleared once the register has confirmed it.
    cvr_unchecked: Mapped[bool] = mapped_column(
        default=False, server_default=false(), info=NOT_PERSONAL
    )
    # When the register's facts (name, address, employees) were last read: the monthly
    # sweep reads each company once a month.
    register_read_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), info=NOT_PERSONAL)

    openings: Mapped[list[Opening]] = relationship(  # noqa: F821
        back_populates="employer", order_by="Opening.id"
    )
    workplaces: Mapped[list[Workplace]] = relationship(  # noqa: F821
        back_populates="employer", order_by="Workplace.id", cascade="all, delete-orphan"
    )
    users: Mapped[list[User]] = relationship(back_populates="employer")  # noqa: F821
    contacts: Mapped[list[EmployerContact]] = relationship(
        back_populates="employer",
        order_by="EmployerContact.contact_date.desc()",
        cascade="all, delete-orphan",
    )

    def __str__(self) -> str:
        return self.name


# The citizens an employer contact was for (IPS fidelity: rapid job search counts the first
# contact for each citizen; migration 0031). Erasure keeps the links: once the citizen's row is
# anonymised, a link names nobody, and the days to the first contact stay counted (as the
# placements of an erased citizen stay in the statistics).
employer_contact_candidates = Table(
    "employer_contact_candidates",
    db.metadata,
    Column(
        "contact_id",
        ForeignKey("employer_contacts.id", ondelete="CASCADE"),
        primary_key=True,
        info=personal(Erase.KEEP),
    ),
    Column(
        "candidate_id",
        ForeignKey("candidates.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class EmployerContact(Model):
    """A consultant's contact with a company: IPS practice counts these."""

    __tablename__ = "employer_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    consultant_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    contact_date: Mapped[date]
    # May name the company's people; about the company, not a citizen.
    note: Mapped[str] = typed_text("note", 2000, info=personal(Erase.KEEP))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # IPS fidelity, quality of employer contact: the consultant told the company about the
    # citizens' own wishes for work (their preferences), not only asked for any opening.
    names_preferences: Mapped[bool] = mapped_column(
        default=False, server_default=false(), info=NOT_PERSONAL
    )

    employer: Mapped[Employer] = relationship(back_populates="contacts")
    consultant: Mapped[Optional[User]] = relationship()  # noqa: F821
    candidates: Mapped[list[Candidate]] = relationship(  # noqa: F821
        secondary=employer_contact_candidates, order_by="Candidate.name"
    )
