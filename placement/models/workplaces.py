"""Workplaces (arbejdssteder): a company's production units, each with its own P-number."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL
from placement.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from placement.models.employers import Employer


class Workplace(Model):
    """Where the work is done. The ratio rule is counted per workplace: STAR delimits the
    company by its production unit (P-number) when counting employees (STAR's answers on
    VITAS); net growth for wage subsidy is counted per company (Employer.employees)."""

    __tablename__ = "workplaces"
    __table_args__ = (CheckConstraint("employees >= 0", name="employees_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    # P-numbers are national: one workplace per number. Empty until the company knows it.
    p_number: Mapped[Optional[str]] = mapped_column(String(10), unique=True, info=NOT_PERSONAL)
    name: Mapped[str] = mapped_column(String(200), info=NOT_PERSONAL)
    address: Mapped[str] = mapped_column(String(200), default="", info=NOT_PERSONAL)
    postcode: Mapped[str] = mapped_column(String(4), default="", info=NOT_PERSONAL)
    city: Mapped[str] = mapped_column(String(100), default="", info=NOT_PERSONAL)
    # Ordinary employees at this workplace: the base of the ratio rule (rimelighedskrav).
    employees: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    employer: Mapped[Employer] = relationship(back_populates="workplaces")  # noqa: F821

    @property
    def label(self) -> str:
        """How a person tells the workplaces apart: name, address, P-number."""
        parts = [self.name]
        place = " ".join(p for p in (self.postcode, self.city) if p)
        address = ", ".join(p for p in (self.address, place) if p)
        if address:
            parts.append(address)
        if self.p_number:
            parts.append(f"P-nr. {self.p_number}")
        return " · ".join(parts)

    def __str__(self) -> str:
        return self.name
