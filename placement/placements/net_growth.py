"""Net growth (nettoudvidelse) on a wage subsidy: the rule, and what keeps a placement from
being agreed or started.

The company declares its ordinary employees last month and the average of the 12 months
before (placement/placements/net_growth_declaration.py); the hire is net growth when those
employees and the new one are more than the average (placement/common/policy.py names the
source). Failing figures are stored as the company stated them; only agreeing and starting
are refused, with the figures and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from placement.agreements.content import NetGrowth
from placement.common.policy import (
    NET_GROWTH_AVERAGE_DECIMALS,
    NET_GROWTH_AVERAGE_MONTHS,
    NET_GROWTH_KINDS,
    NET_GROWTH_MONTHS_OFFERED,
    NET_GROWTH_NEW_HIRES,
    NET_GROWTH_SOURCE_SHORT,
)
from placement.extensions import db
from placement.models import NetGrowthDeclaration, Placement, PlacementStatus

ONE_DECIMAL = Decimal(1).scaleb(-NET_GROWTH_AVERAGE_DECIMALS)  # Decimal("0.1")


def applies(placement: Placement) -> bool:
    """Only a wage subsidy (løntilskud) asks for net growth."""
    return placement.opening.kind in NET_GROWTH_KINDS


def is_net_growth(employees_last_month: int, average: Decimal) -> bool:
    """L + 1 > A: equal to the average passes, one below it does not."""
    return employees_last_month + NET_GROWTH_NEW_HIRES > average


def rounded(average: Decimal) -> Decimal:
    """An average as the declaration keeps it: one decimal, half up."""
    return average.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(month: date) -> date:
    return (month_start(month) - timedelta(days=1)).replace(day=1)


def months_before(month: date, count: int) -> list[date]:
    """The `count` months before `month`, the nearest first."""
    found, current = [], month_start(month)
    for _n in range(count):
        current = previous_month(current)
        found.append(current)
    return found


def months_offered(today: date) -> list[date]:
    """The months the company may count as "last month", the latest first."""
    return months_before(today, NET_GROWTH_MONTHS_OFFERED)


def average_months(month: date) -> list[date]:
    """The 12 months whose average the hire is compared with, the nearest first."""
    return months_before(month, NET_GROWTH_AVERAGE_MONTHS)


def month_name(month: date) -> str:
    return format_date(month, "MMMM y")


def average_text(average: Decimal) -> str:
    return format_decimal(average, format="#,##0.0")


def refusal_text(employees_last_month: int, average: Decimal, month: date) -> str | None:
    """Why these figures are no net growth, in plain words; None when they are."""
    if is_net_growth(employees_last_month, average):
        return None
    return _(
        "Ansættelsen giver ikke nettoudvidelse: %(last)d ansatte sidste måned (%(month)s) + "
        "den nye er %(with_new)d, og gennemsnittet for de 12 måneder før er %(average)s. "
        "Løntilskud kræver flere ansatte end gennemsnittet (%(source)s).",
        last=employees_last_month,
        month=month_name(month),
        with_new=employees_last_month + NET_GROWTH_NEW_HIRES,
        average=average_text(average),
        source=NET_GROWTH_SOURCE_SHORT,
    )


def current(placement: Placement) -> NetGrowthDeclaration | None:
    """The declaration as the database has it now: read again, so a transition that holds the
    placement's lock decides on what the company saved before it got the lock."""
    db.session.refresh(placement, ["net_growth"])
    return placement.net_growth


def refusal(placement: Placement) -> str | None:
    """Why the placement may not be agreed or started for want of net growth, or None."""
    if not applies(placement):
        return None
    declaration = current(placement)
    if declaration is None:
        return _(
            "Virksomheden har ikke afgivet erklæring om merbeskæftigelse endnu: antal "
            "almindelige ansatte sidste måned og gennemsnittet for de 12 måneder før. "
            "Løntilskud kræver den (%(source)s).",
            source=NET_GROWTH_SOURCE_SHORT,
        )
    return refusal_text(declaration.employees_last_month, declaration.average, declaration.month)


@dataclass(frozen=True)
class Status:
    """The declaration in words for the pages: what it says, and whether it holds things up."""

    text: str
    blocking: bool


def status(placement: Placement) -> Status | None:
    """None for the kinds that need no declaration."""
    if not applies(placement):
        return None
    declaration = placement.net_growth
    if declaration is None and placement.status is PlacementStatus.PROPOSED:
        # Nothing holds it up yet: the declaration is about a hire both have said yes to.
        return Status(
            _(
                "Virksomheden afgiver erklæringen, når både virksomheden og borgeren har sagt "
                "ja til forslaget."
            ),
            False,
        )
    if declaration is None:
        return Status(_("Virksomheden har ikke afgivet erklæringen endnu."), True)
    failing = refusal_text(declaration.employees_last_month, declaration.average, declaration.month)
    if failing:
        return Status(failing, True)
    return Status(
        _(
            "Kravet om nettoudvidelse er opfyldt: %(with_new)d ansatte med den nye er flere "
            "end gennemsnittet %(average)s (%(source)s).",
            with_new=declaration.employees_last_month + NET_GROWTH_NEW_HIRES,
            average=average_text(declaration.average),
            source=NET_GROWTH_SOURCE_SHORT,
        ),
        False,
    )


def content(placement: Placement) -> NetGrowth | None:
    """The declaration as the agreement prints it (None: other kinds, or not declared)."""
    declaration = placement.net_growth
    if not applies(placement) or declaration is None:
        return None
    return NetGrowth(
        month=declaration.month,
        employees_last_month=declaration.employees_last_month,
        average_12_months=str(rounded(declaration.average)),
        declared_by=declaration.declared_by.name if declaration.declared_by else "",
        declared_at=declaration.declared_at,
    )
