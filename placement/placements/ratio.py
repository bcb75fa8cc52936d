"""The ratio rule (rimelighedskrav): how many internship and wage-subsidy persons a workplace
may have at once, and how many it has now.

Counted per workplace (production unit, P-number): STAR's answers on VITAS say that when
counting employees "the company is as a rule delimited by its production unit number
(P-number)". Net growth for wage subsidy is counted per company elsewhere."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Integer, case, cast, func, select

from placement.common.policy import (
    RATIO_EMPLOYEES_PER_PERSON,
    RATIO_EMPLOYEES_PER_PERSON_ABOVE,
    RATIO_FIRST_TIER_EMPLOYEES,
    RATIO_KINDS,
)
from placement.common.refusals import Refusal
from placement.extensions import db
from placement.models import Employer, Opening, Placement, PlacementStatus, Workplace

# Placements that hold one of the company's places: agreed, or running.
OCCUPYING = (PlacementStatus.AGREED, PlacementStatus.ACTIVE)
RATIO_KINDS_IN_ORDER = sorted(RATIO_KINDS)  # a stable order keeps the SQL text the same


class RatioRuleError(Refusal):
    """The workplace has no room for one more person of this kind; the message says why."""


def ratio_limit(employees: int) -> int:
    first_tier = min(employees, RATIO_FIRST_TIER_EMPLOYEES) // RATIO_EMPLOYEES_PER_PERSON
    above = max(employees - RATIO_FIRST_TIER_EMPLOYEES, 0) // RATIO_EMPLOYEES_PER_PERSON_ABOVE
    return max(1, first_tier) + above


def ratio_limit_sql(employees):
    """ratio_limit as a SQL expression, for filtering many workplaces at once (a test holds
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
    """Internship and wage-subsidy persons now at a workplace (all its openings), as a
    subquery correlated to Workplace. The opening table is aliased so it can sit in a query
    that already selects openings."""
    other = Opening.__table__.alias("ratio_opening")
    return (
        select(func.count(Placement.id))
        .join(other, other.c.id == Placement.opening_id)
        .where(
            other.c.workplace_id == Workplace.id,
            other.c.kind.in_(RATIO_KINDS_IN_ORDER),
            Placement.status.in_(OCCUPYING),
        )
        .correlate(Workplace)
        .scalar_subquery()
    )


@dataclass(frozen=True)
class RatioStatus:
    limit: int
    in_use: int

    @property
    def headroom(self) -> int:
        return max(self.limit - self.in_use, 0)


def company_headroom_sql():
    """The places left under the ratio rule over all a company's workplaces, as a subquery
    correlated to Employer (the statistics' company table)."""
    # PostgreSQL sums integers as numeric (a Decimal in Python): cast back to a whole number.
    headroom = func.sum(ratio_limit_sql(Workplace.employees) - ratio_in_use_sql())
    return (
        select(cast(func.coalesce(headroom, 0), Integer))
        .where(Workplace.employer_id == Employer.id)
        .correlate(Employer)
        .scalar_subquery()
    )


def ratio_status(workplace: Workplace) -> RatioStatus:
    in_use = db.session.execute(
        select(ratio_in_use_sql()).where(Workplace.id == workplace.id)
    ).scalar_one()
    return RatioStatus(limit=ratio_limit(workplace.employees), in_use=in_use)


def ratio_statuses(employer: Employer) -> list[tuple[Workplace, RatioStatus]]:
    """Each of the company's workplaces with its ratio rule, in the company's order."""
    return [(workplace, ratio_status(workplace)) for workplace in employer.workplaces]


def check_room(opening: Opening) -> None:
    """Refuse one more internship or wage-subsidy person beyond the workplace's limit."""
    if opening.kind not in RATIO_KINDS:
        return
    # Read again: its employees may have changed while this request waited for the company's
    # lock (a workplace's edit takes it too).
    workplace = db.session.get(Workplace, opening.workplace_id, populate_existing=True)
    assert workplace is not None  # an opening's workplace is never deleted
    status = ratio_status(workplace)
    if status.headroom == 0:
        raise RatioRuleError(
            _(
                "Rimelighedskravet er nået på arbejdsstedet %(workplace)s (%(p_number)s): der er "
                "%(employees)d ansatte, og der må være %(limit)d i praktik eller løntilskud ad "
                "gangen. Der er %(in_use)d nu.",
                workplace=workplace.name,
                p_number=(
                    _("P-nr. %(number)s", number=workplace.p_number)
                    if workplace.p_number
                    else _("uden P-nr.")
                ),
                employees=workplace.employees,
                limit=status.limit,
                in_use=status.in_use,
            )
        )
