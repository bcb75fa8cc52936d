"""The follow-ups' scheduled sweeps: plans for placements that have none or whose plan runs
out, and the reminders before and after a follow-up is due (placement/common/jobs.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, String, case, cast, exists, insert, literal, select, text, update
from sqlalchemy.orm import selectinload

from placement.common import clock
from placement.common.jobs import SweepResult, day
from placement.common.policy import (
    FOLLOW_UP_PLANS,
    FOLLOW_UP_REMINDER_WORKING_DAYS,
    OVERDUE_ALERT_DAYS,
    FollowUpPlan,
)
from placement.common.sql_portable import iso_date
from placement.extensions import db
from placement.followups import plans
from placement.models import (
    FollowUp,
    Notification,
    Opening,
    Placement,
    PlacementStatus,
    Role,
    User,
)
from placement.models.placements import PLAN_MAY_GROW_OF
from placement.notifications.inbox import Message, notify_all

S = PlacementStatus
# Follow-ups are reminded while the placement is running, and after it for the evaluation
# and the outcome check.
REMINDED_STATES = (S.AGREED, S.ACTIVE, S.AWAITING_EVALUATION, S.COMPLETED, S.ENDED_EARLY)
# Rolling plans are extended when their last planned follow-up is closer than this.
EXTEND_WHEN_WITHIN = timedelta(days=60)
_BATCH = 500
OVERDUE_KEY, DUE_KEY = "followup-overdue:", "followup-due:"


def make_missing_plans(now: datetime) -> SweepResult:
    """Plans for agreed and running placements that have none, and open-ended plans whose
    reach comes near. A first plan is written in bulk (it has nothing to compare with); an
    existing plan is extended through plans.plan, which keeps what is done."""
    today = clock.today(now)
    until = Placement.followups_planned_until
    has_any = exists().where(FollowUp.placement_id == Placement.id)
    rows = db.session.execute(
        select(
            Placement.id,
            Placement.start_date,
            Placement.end_date,
            Opening.kind,
            has_any.label("has_any"),
        )
        .join(Placement.opening)
        .where(
            # Agreed or running, started, and a plan that may not reach the end (the partial
            # index's own words, so the database reads only its entries) ...
            text(PLAN_MAY_GROW_OF.format(t=f"{Placement.__tablename__}.")),
            # ... and none yet, or one whose reach comes near.
            until.is_(None) | (until < today + EXTEND_WHEN_WITHIN),
        )
        .order_by(Placement.id)
    ).all()
    result = SweepResult()
    result.done += _first_plans([row for row in rows if not row.has_any], today)
    existing = [row.id for row in rows if row.has_any]
    for start in range(0, len(existing), _BATCH):
        batch = db.session.scalars(
            select(Placement)
            .where(Placement.id.in_(existing[start : start + _BATCH]))
            .options(selectinload(Placement.followups), selectinload(Placement.opening))
        ).all()
        for placement in batch:
            if plans.plan(placement, today):
                result.done += 1
    return result


def _first_plans(rows, today: date) -> int:
    """The whole plan of placements without follow-ups, as a few multi-row statements."""
    new_followups, reaches = [], []
    for row in rows:
        kind_plan = FOLLOW_UP_PLANS.get(row.kind, FollowUpPlan())
        horizon = plans.horizon_for(row.start_date, today)
        new_followups += [
            {
                "placement_id": row.id,
                "key": step.key,
                "title": step.title,
                "due_date": step.due_date,
            }
            for step in plans.desired_plan(kind_plan, row.start_date, row.end_date, horizon)
        ]
        reaches.append(
            {"id": row.id, "followups_planned_until": plans.planned_until(kind_plan, horizon)}
        )
    for start in range(0, len(new_followups), _BATCH * 10):
        db.session.execute(insert(FollowUp), new_followups[start : start + _BATCH * 10])
    for start in range(0, len(reaches), _BATCH * 10):
        db.session.execute(update(Placement), reaches[start : start + _BATCH * 10])
    return len(rows)


def remind_followups(now: datetime) -> SweepResult:
    """Remind the consultant before a follow-up is due; when it is overdue (within the last
    OVERDUE_ALERT_DAYS), tell the consultant and the municipality's managers (the managers
    without the citizen's name)."""
    today = clock.today(now)
    # Three working days are at most a week and a bit away, holidays included.
    window_end = today + timedelta(days=FOLLOW_UP_REMINDER_WORKING_DAYS + 9)
    # The last due date reminded today: those after it are not yet within the working days.
    due_until = max(
        (
            today + timedelta(days=n)
            for n in range((window_end - today).days + 1)
            if plans.working_days_before(today + timedelta(days=n), FOLLOW_UP_REMINDER_WORKING_DAYS)
            <= today
        ),
        default=today - timedelta(days=1),
    )
    # The key each follow-up calls for today (_reminder_key), in SQL: the ones whose
    # consultant already has it are left in the database, so a rerun reads only what is new.
    key_today = (
        case(
            (FollowUp.due_date < today, literal(OVERDUE_KEY)),
            else_=literal(DUE_KEY),
        )
        + cast(FollowUp.id, String)
        + literal(":")
        + iso_date(FollowUp.due_date)
    )
    in_window = (
        select(FollowUp.id, FollowUp.due_date, Placement.consultant_id)
        .join(FollowUp.placement)
        .where(
            FollowUp.done_at.is_(None),
            FollowUp.due_date <= due_until,
            FollowUp.due_date >= today - timedelta(days=OVERDUE_ALERT_DAYS),
            Placement.status.in_(REMINDED_STATES),
            Placement.consultant_id.is_not(None),
            ~exists().where(
                Notification.user_id == Placement.consultant_id, Notification.key == key_today
            ),
        )
    )
    keys: dict[int, tuple[int, str]] = {}
    for followup_id, due_date, consultant_id in db.session.execute(in_window):
        key = _reminder_key(followup_id, due_date, today)
        if key:
            assert consultant_id is not None  # the query keeps placements with a consultant
            keys[followup_id] = (consultant_id, key)
    unsent = list(keys)
    rows: list[Row[FollowUp, Placement]] = []
    for start in range(0, len(unsent), 1000):
        rows += db.session.execute(
            select(FollowUp, Placement)
            .join(FollowUp.placement)
            .where(FollowUp.id.in_(unsent[start : start + 1000]))
            .options(selectinload(Placement.consultant), selectinload(Placement.candidate))
            .order_by(FollowUp.due_date, FollowUp.id)
        ).all()
    managers = _managers_by_municipality(
        {placement.candidate.municipality_id for _f, placement in rows}
    )
    messages = []
    with force_locale("da"):
        for followup, placement in rows:
            consultant, name = placement.consultant, placement.candidate.name
            if consultant is None:
                continue  # the placement lost its consultant since the keys were read
            due = day(followup.due_date)
            key = keys[followup.id][1]
            if followup.due_date < today:
                messages.append(
                    Message(
                        consultant,
                        key,
                        _l("Overskredet: %(title)s med %(name)s", title=followup.title, name=name),
                        _l("Opfølgningen skulle være gjort %(day)s.", day=due),
                        placement=placement,
                    )
                )
                # The managers' words name no citizen; the reference lets erasure find them.
                for manager in managers.get(placement.candidate.municipality_id, ()):
                    messages.append(
                        Message(
                            manager,
                            key,
                            _l("En opfølgning er overskredet"),
                            _l(
                                "%(consultant)s har en opfølgning, der skulle være gjort %(day)s.",
                                consultant=consultant.name,
                                day=due,
                            ),
                            placement=placement,
                        )
                    )
            else:
                messages.append(
                    Message(
                        consultant,
                        key,
                        _l(
                            "%(title)s med %(name)s %(day)s",
                            title=followup.title,
                            name=name,
                            day=due,
                        ),
                        placement=placement,
                    )
                )
    return SweepResult(notifications=notify_all(messages))


def _reminder_key(followup_id: int, due_date: date, today: date) -> str | None:
    """The notification a follow-up calls for today, by its key: overdue, due soon, or none.
    The due date is in the key, so a moved follow-up is announced again."""
    if due_date < today:
        return f"{OVERDUE_KEY}{followup_id}:{due_date.isoformat()}"
    if plans.working_days_before(due_date, FOLLOW_UP_REMINDER_WORKING_DAYS) <= today:
        return f"{DUE_KEY}{followup_id}:{due_date.isoformat()}"
    return None


def _managers_by_municipality(municipality_ids: set[int]) -> dict[int, list[User]]:
    found: dict[int, list[User]] = {}
    if not municipality_ids:
        return found
    for manager in db.session.scalars(
        select(User).where(
            User.role == Role.MANAGER,
            User.active.is_(True),
            User.municipality_id.in_(municipality_ids),
        )
    ):
        assert manager.municipality_id is not None  # selected by it
        found.setdefault(manager.municipality_id, []).append(manager)
    return found
