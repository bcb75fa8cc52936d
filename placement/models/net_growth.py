"""A wage subsidy's net growth declaration (erklæring om merbeskæftigelse): the company's
figures of ordinary employees behind the hire."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL
from placement.models.types import UTCDateTime, utcnow
from placement.models.users import User

if TYPE_CHECKING:
    from placement.models.placements import Placement


class NetGrowthDeclaration(Model):
    """One per placement, changed in place until the placement starts. The figures are the
    company's facts and are kept as stated, also when they fail the rule: the rule then keeps
    the placement from being agreed or started (placement/placements/net_growth.py).

    A table of its own rather than columns on placements: the figures, who stated them and
    what the CVR register said belong to the company's statement, not to the placement's plan,
    and every list and board reads the placements row."""

    __tablename__ = "net_growth_declarations"
    __table_args__ = (
        CheckConstraint("employees_last_month >= 0", name="employees_not_negative"),
        CheckConstraint("average_tenths >= 0", name="average_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, info=NOT_PERSONAL)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), unique=True, info=NOT_PERSONAL
    )
    # The month the employees are counted in ("last month"), as its first day; the average is
    # of the 12 months before it.
    month: Mapped[date] = mapped_column(info=NOT_PERSONAL)
    employees_last_month: Mapped[int] = mapped_column(info=NOT_PERSONAL)
    # The average in tenths (95 = 9,5): exact on both databases, where a NUMERIC would come
    # back as a float from SQLite (as mentor_grants.hours_tenths).
    average_tenths: Mapped[int] = mapped_column(info=NOT_PERSONAL)
    # What the CVR register said when the form was filled in from it (None: not prefilled).
    # The register counts all employees; the company corrects them to ordinary ones, and the
    # consultant sees whether it did.
    register_employees: Mapped[Optional[int]] = mapped_column(info=NOT_PERSONAL)
    register_average_tenths: Mapped[Optional[int]] = mapped_column(info=NOT_PERSONAL)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, info=NOT_PERSONAL)
    declared_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), info=NOT_PERSONAL)

    placement: Mapped[Placement] = relationship(back_populates="net_growth")  # noqa: F821
    declared_by: Mapped[Optional[User]] = relationship(foreign_keys=[declared_by_id])

    @property
    def average(self) -> Decimal:
        return Decimal(self.average_tenths) / 10

    @property
    def prefilled(self) -> bool:
        return self.register_employees is not None or self.register_average_tenths is not None

    @property
    def changed_from_register(self) -> bool:
        return self.prefilled and (self.register_employees, self.register_average_tenths) != (
            self.employees_last_month,
            self.average_tenths,
        )
