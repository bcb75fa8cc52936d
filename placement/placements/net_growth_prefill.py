"""The net growth form filled in from the CVR register's monthly employment, when it is on.

The register counts all employees, also those employed with a subsidy; the company is told so
and corrects the figures to ordinary employees. The register's figures travel with the form
signed, so the saved declaration can say what the register said without asking it again, and
the company cannot make them up. Off, unreachable or without usable months: no prefill.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from placement.common.policy import NET_GROWTH_AVERAGE_MONTHS
from placement.companies import cvr_register
from placement.placements import net_growth
from placement.placements.net_growth_declaration import Prefill

_SALT = "net-growth-prefill"


def from_register(cvr: str, today: date) -> Prefill | None:
    """The latest offered month the register has a figure for, and the average of the 12
    months before it (None when the register lacks one of them)."""
    register = cvr_register.from_config(current_app.config)
    if register is None or not cvr:
        return None
    lookup = register.look_up(cvr)
    if not lookup.found or lookup.facts is None:
        return None
    figures = {
        date(year, month, 1): employees
        for year, month, employees in lookup.facts.monthly_employment
        if employees is not None
    }
    month = next((m for m in net_growth.months_offered(today) if m in figures), None)
    if month is None:
        return None
    before = [figures.get(m) for m in net_growth.average_months(month)]
    average = None
    if all(value is not None for value in before):
        total = sum(value for value in before if value is not None)
        average = net_growth.rounded(Decimal(total) / NET_GROWTH_AVERAGE_MONTHS)
    return Prefill(month=month, employees=figures[month], average=average)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def sign(prefill: Prefill) -> str:
    return _serializer().dumps(
        [
            prefill.month.isoformat(),
            prefill.employees,
            None if prefill.average is None else str(prefill.average),
        ]
    )


def unsign(token: str | None) -> Prefill | None:
    """The register's figures the form carried; None for none or a token not signed here."""
    if not token:
        return None
    try:
        month, employees, average = _serializer().loads(token)
        return Prefill(
            month=date.fromisoformat(month),
            employees=employees if isinstance(employees, int) else None,
            average=Decimal(average) if average is not None else None,
        )
    except (BadSignature, ValueError, TypeError):
        return None
