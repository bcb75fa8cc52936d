"""The notifications' scheduled sweep: each consultant's overview of the week, counted from
the follow-ups and the proposals (placement/common/jobs.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from placement.common import clock
from placement.common.jobs import SweepResult
from placement.extensions import db
from placement.followups.jobs import REMINDED_STATES
from placement.models import FollowUp, Notification, Placement, PlacementStatus, Role, User
from placement.notifications.inbox import Message, notify_all


def weekly_summaries(now: datetime) -> SweepResult:
    """Each consultant's overview of the week, made by the first sweep of the week. The
    counts come from three grouped queries, whatever the number of consultants."""
    today = clock.today(now)
    monday = today - timedelta(days=today.weekday())
    sunday = monday + timedelta(days=6)
    year, week, _weekday = today.isocalendar()
    key = f"weekly:{year}-W{week:02d}"
    told = select(Notification.user_id).where(Notification.key == key)
    consultants = db.session.scalars(
        select(User)
        .where(User.role == Role.CONSULTANT, User.active.is_(True), User.id.not_in(told))
        .order_by(User.id)
    ).all()
    if not consultants:
        return SweepResult()
    open_followups = (
        select(Placement.consultant_id, func.count(FollowUp.id))
        .join(FollowUp.placement)
        .where(
            Placement.consultant_id.in_([c.id for c in consultants]),
            FollowUp.done_at.is_(None),
            Placement.status.in_(REMINDED_STATES),
        )
        .group_by(Placement.consultant_id)
    )
    due = dict(
        db.session.execute(
            open_followups.where(FollowUp.due_date.between(max(today, monday), sunday))
        ).all()
    )
    overdue = dict(db.session.execute(open_followups.where(FollowUp.due_date < today)).all())
    waiting = dict(
        db.session.execute(
            select(Placement.consultant_id, func.count(Placement.id))
            .where(Placement.status == PlacementStatus.PROPOSED)
            .group_by(Placement.consultant_id)
        ).all()
    )
    messages = [
        Message(
            consultant,
            key,
            _l("Ugens overblik, uge %(week)d", week=week),
            _l(
                "Opfølgninger i denne uge: %(due)d\nOverskredne opfølgninger: %(overdue)d\n"
                "Tilbud, der venter på svar: %(waiting)d",
                due=due.get(consultant.id, 0),
                overdue=overdue.get(consultant.id, 0),
                waiting=waiting.get(consultant.id, 0),
            ),
        )
        for consultant in consultants
    ]
    return SweepResult(notifications=notify_all(messages))
