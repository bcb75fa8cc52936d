"""The openings' scheduled sweep: take published openings off the board once their deadline
has passed, and tell the company (placement/common/jobs.py)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from placement.common import clock
from placement.common.jobs import SweepResult, day
from placement.extensions import db
from placement.models import Opening, OpeningStatus
from placement.notifications.inbox import Message, notify_all
from placement.openings import openings


def expire_openings(now: datetime) -> SweepResult:
    """Published openings whose deadline has passed are taken off the board; the company is
    told."""
    today = clock.today(now)
    result = SweepResult()
    messages = []
    with force_locale("da"):
        for opening in db.session.scalars(
            select(Opening).where(
                Opening.status == OpeningStatus.PUBLISHED, Opening.deadline < today
            )
        ):
            if not openings.expire(opening, today):
                continue
            result.done += 1
            assert opening.deadline is not None  # selected by it
            for user in opening.employer.users:
                messages.append(
                    Message(
                        user,
                        f"opening-expired:{opening.id}",
                        _l('Jeres opslag "%(title)s" er udløbet', title=opening.title),
                        _l(
                            "Ansøgningsfristen %(day)s er passeret, og opslaget er taget af listen "
                            "over ledige pladser. I kan lave en kopi med en ny frist.",
                            day=day(opening.deadline),
                        ),
                        opening=opening,
                    )
                )
    result.notifications = notify_all(messages)
    return result
