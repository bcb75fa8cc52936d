"""The ratio rule (rimelighedskrav): how many internship and wage-subsidy persons a company
may have at once, and how many it has now."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from placement.common.policy import (
    RATIO_EMPLOYEES_PER_PERSON,
    RATIO_EMPLOYEES_PER_PERSON_ABOVE,
    RATIO_FIRST_TIER_EMPLOYEES,
    RATIO_KINDS,
)
from placement.common.refusals import Refusal
from placement.extensions import db
from placement.models import Employer, Opening, Placement, PlacementStatus

# Placements that hold one of the company's places: agreed, or running.
OCCUPYING = (PlacementStatus.AGREED, PlacementStatus.ACTIVE)
RATIO_KINDS_IN_ORDER = sorted(RATIO_KINDS)  # a stable order keeps the SQL text the same


class RatioRuleError(Refusal):
    """The company has no room for one more person of this kind; the message says why."""


def ratio_limit(employees: int) -> int:
    first_tier = min(employees, RATIO_FIRST_TIER_EMPLOYEES) // RATIO_EMPLOYEES_PER_PERSON
    above = max(employees - RATIO_FIRST_TIER_EMPLOYEES, 0) // RATIO_EMPLOYEES_PER_PERSON_ABOVE
    return max(1, first_tier) + above


def ratio_limit_sql(employees):
    """ratio_limit as a SQL expression, for filtering many companies at once (a test holds
    the two together)."""
    first_tier = case(
        (
            employees >= RATIO_FIRST_TIER_EMPLOYEES,
            RATIO_FIRST_TIER_EMPLOYEES // RATIO_EMPLOYEES_PER_PERSON,
        ),
        else_=employees // RATIO_EMPLOYEES_PER_PERSON,
    )
    above = case(
        (
            employees > RATIO_FIRST_TIER_EMPLOYEES,
            (employees - RATIO_FIRST_TIER_EMPLOYEES) // RATIO_EMPLOYEES_PER_PERSON_ABOVE,
        ),
        else_=0,
    )
    return case((first_tier < 1, 1), else_=first_tier) + above


def ratio_in_use_sql():
    """Internship and wage-subsidy persons now at a company (all its openings), as a
    subquery correlated to Employer. The opening table is aliased so it can sit in a query
    that already selects openings."""
    other = Opening.__table__.alias("ratio_opening")
    return (
        select(func.count(Placement.id))
        .join(other, other.c.id == Placement.opening_id)
        .where(
            other.c.employer_id == Employer.id,
            other.c.kind.in_(RATIO_KINDS_IN_ORDER),
            Placement.status.in_(OCCUPYING),
        )
        .correlate(Employer)
        .scalar_subquery()
    )


@dataclass(frozen=True)
class RatioStatus:
    limit: int
    in_use: int

    @property
    def headroom(self) -> int:
        return max(self.limit - self.in_use, 0)


def ratio_status(employer: Employer) -> RatioStatus:
    in_use = db.session.execute(
        select(ratio_in_use_sql()).where(Employer.id == employer.id)
    ).scalar_one()
    return RatioStatus(limit=ratio_limit(employer.employees), in_use=in_use)


def check_room(opening: Opening) -> None:
    """Refuse one more internship or wage-subsidy person beyond the company's limit."""
    if opening.kind not in RATIO_KINDS:
        return
    status = ratio_status(opening.employer)
    if status.headroom == 0:
        raise RatioRuleError(
            _(
                "Rimelighedskravet er nået: %(company)s har %(employees)d ansatte og må have "
                "%(limit)d i praktik eller løntilskud ad gangen. Der er %(in_use)d nu.",
                company=opening.employer.name,
                employees=opening.employer.employees,
                limit=status.limit,
                in_use=status.in_use,
            )
        )
