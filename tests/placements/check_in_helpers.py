"""For the check-in tests: a running placement whose citizen has an account, the week's job
run as the scheduler runs it, and the link from the mail."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from placement.common import clock
from placement.extensions import db
from placement.models import Notification, PlacementStatus, Role
from placement.notifications.outbox import send_due
from placement.placements.check_ins import ask_for_check_ins
from tests.factories import (
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
)

CPR = "241287-3459"


def running_with_citizen(consultant, email="ida@example.dk", company="Bageriet Viborg"):
    candidate = create_candidate(
        consultant.municipality, consultant=consultant, name="Ida Iversen", cpr=CPR
    )
    citizen = create_user(Role.CITIZEN, candidate=candidate, email=email or "x@example.dk")
    if not email:
        citizen.email = ""
        db.session.commit()
    placement = create_placement(
        candidate=candidate,
        opening=create_opening(create_employer(name=company)),
        consultant=consultant,
        status=PlacementStatus.ACTIVE,
        start_date=clock.today() - timedelta(days=20),
        end_date=clock.today() + timedelta(days=60),
        hours_per_week=10,
    )
    return placement, citizen


def run_weekly(now: datetime | None = None):
    result = ask_for_check_ins(now or clock.now())
    db.session.commit()
    return result


def invitations(user) -> list[Notification]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            db.select(Notification).where(
                Notification.user_id == user.id, Notification.key.startswith("check-in:")
            )
        )
    )


def link_from(outbox) -> str:
    """The path of the check-in link in the newest mail (sent first, if not yet)."""
    send_due()
    [path] = re.findall(r"https?://[^/\s]+(/hvordan-gaar-det/\S+)", outbox[-1]["body"])
    return path
