"""The company's net growth declaration on a wage subsidy: checked, stored, and printed in the
agreement (a change after the agreement makes its next version)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from placement.agreements import versions
from placement.common import clock
from placement.common.refusals import Problems, Refusal
from placement.extensions import db
from placement.models import NetGrowthDeclaration, Placement, PlacementStatus, User
from placement.models.types import utcnow
from placement.placements import net_growth
from placement.placements.locks import lock_placement

S = PlacementStatus
# From both saying yes until the placement starts: the figures are about the hire.
DECLARE_STATES = (S.ACCEPTED, S.AGREED)
# A generous outer bound that catches a slip of the keyboard, not a policy.
MAX_EMPLOYEES = 1_000_000


class NetGrowthRefused(Refusal):
    """The declaration cannot be saved like that; the message says why."""


@dataclass(frozen=True)
class Figures:
    """What the company typed (None where nothing readable was typed)."""

    month: date | None
    employees_last_month: int | None
    average: Decimal | None


@dataclass(frozen=True)
class Prefill:
    """What the CVR register said for a month (None where it said nothing usable)."""

    month: date
    employees: int | None
    average: Decimal | None


def may_declare(placement: Placement) -> bool:
    return net_growth.applies(placement) and placement.status in DECLARE_STATES


def _tenths(value: Decimal | None) -> int | None:
    return None if value is None else int(net_growth.rounded(value) * 10)


def check(figures: Figures, allowed_months: list[date]) -> None:
    problems: Problems = []
    if figures.month not in allowed_months:
        problems.append(("month", _("Vælg den måned, tallene gælder for.")))
    employees = figures.employees_last_month
    if employees is None:
        problems.append(
            ("employees_last_month", _("Skriv antal almindelige ansatte sidste måned."))
        )
    elif not 0 <= employees <= MAX_EMPLOYEES:
        problems.append(("employees_last_month", _("Skriv et helt tal fra 0 og op.")))
    average = figures.average
    if average is None:
        problems.append(("average_12_months", _("Skriv gennemsnittet for de 12 måneder før.")))
    elif not 0 <= average <= MAX_EMPLOYEES:
        problems.append(("average_12_months", _("Skriv et tal fra 0 og op.")))
    elif net_growth.rounded(average) != average:
        problems.append(
            ("average_12_months", _("Skriv gennemsnittet med højst én decimal, fx 9,5."))
        )
    if problems:
        raise NetGrowthRefused.every(problems)


def declare(
    placement: Placement,
    figures: Figures,
    by: User | None,
    prefill: Prefill | None = None,
    today: date | None = None,
) -> bool:
    """Store the company's figures; return whether anything changed (the same figures saved
    again write nothing). Failing figures are stored: they are the company's facts, and the
    rule refuses the agreement and the start, not the declaration. `prefill`: what the CVR
    register said when the form was filled in from it."""
    placement = lock_placement(placement, agreements=True)
    declaration = net_growth.current(placement)
    if not net_growth.applies(placement):
        raise NetGrowthRefused(_("Kun løntilskud kræver en erklæring om merbeskæftigelse."))
    if placement.status not in DECLARE_STATES:
        raise NetGrowthRefused(
            _(
                "Forløbet er %(status)s. Erklæringen kan kun afgives eller ændres, fra begge "
                "har sagt ja, til forløbet starter.",
                status=placement.status.label.lower(),
            )
        )
    allowed = net_growth.months_offered(today or clock.today())
    if declaration is not None:
        allowed.append(declaration.month)  # a declaration saved months ago saves again as it is
    check(figures, allowed)
    average = _tenths(figures.average)
    assert figures.month is not None and figures.employees_last_month is not None
    assert average is not None  # check() refused the rest
    wanted = (figures.month, figures.employees_last_month, average)
    if declaration is not None and wanted == (
        declaration.month,
        declaration.employees_last_month,
        declaration.average_tenths,
    ):
        return False
    if prefill is not None and prefill.month == figures.month:
        register = (prefill.employees, _tenths(prefill.average))
    elif declaration is not None and declaration.month == figures.month:
        register = (declaration.register_employees, declaration.register_average_tenths)
    else:
        register = (None, None)
    if declaration is None:
        declaration = NetGrowthDeclaration()
        placement.net_growth = declaration
    (declaration.month, declaration.employees_last_month, declaration.average_tenths) = wanted
    declaration.register_employees, declaration.register_average_tenths = register
    declaration.declared_at = utcnow()
    declaration.declared_by = by
    db.session.flush()
    versions.refresh(placement, by)  # once agreed, the agreement prints the new figures
    return True
