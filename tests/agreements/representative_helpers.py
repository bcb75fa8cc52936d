"""Shared set-up for the representative's approval tests: an agreed wage subsidy whose
representative has been mailed a link."""

from __future__ import annotations

import re
from datetime import timedelta

from placement.extensions import db
from placement.models import AgreementConfirmation, Kind, Party, Placement, PlacementStatus, Role
from placement.placements import lifecycle
from tests.factories import (
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
    declare_net_growth,
)
from tests.suite_day import SUITE_DAY

START = SUITE_DAY - timedelta(weeks=1)
CPR = "010190-1234"
EMAIL = "kim.tillid@example.dk"
LINK = re.compile(r"https?://\S+/tillidsrepraesentant/(\S+)")


def agreed(kind=Kind.WAGE_SUBSIDY, **fields) -> Placement:
    """Agreed and confirmed by all three, its start date passed: only the representative can
    keep it from starting."""
    consultant = create_user(Role.CONSULTANT)
    company = create_employer(employees=50)
    opening = create_opening(company, kind=kind, seats=3)
    candidate = create_candidate(name="Asta Holm", cpr=CPR)
    placement = create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=START,
        end_date=START + timedelta(weeks=12),
        hours_per_week=20,
        **fields,
    )
    if kind == Kind.WAGE_SUBSIDY:
        declare_net_growth(placement)
    lifecycle.agree(placement, consultant, today=START)
    confirm_all(placement)
    db.session.commit()
    create_user(Role.EMPLOYER, employer=company)
    return placement


def confirm_all(placement: Placement) -> None:
    for party in Party:
        placement.agreement.confirmations.append(AgreementConfirmation(party=party))


def with_representative(**fields) -> Placement:
    return agreed(staff_representative="Kim Tillid", staff_representative_email=EMAIL, **fields)


def token_from(outbox, to: str = EMAIL) -> str:
    """The token in the newest mail to `to`."""
    mail = [m for m in outbox if m["to"] == to][-1]
    found = LINK.search(mail["body"])
    assert found, mail["body"]
    return found.group(1)


def path(token: str) -> str:
    return f"/tillidsrepraesentant/{token}"
