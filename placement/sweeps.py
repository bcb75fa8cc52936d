"""The scheduled sweeps: functions of `now` that flush, are idempotent, and return what they did.

Each sweep selects what is due and acts once: a unique key (a follow-up's key per placement, a
notification's key per person) decides whether something was already done, so running a sweep
twice for the same `now` changes nothing the second time. The scheduler (scheduler.py) commits
each sweep on its own and holds a lock so two scheduler processes take turns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import LazyString, force_locale, format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, insert, select, update
from sqlalchemy.orm import joinedload, selectinload

from placement.agreements import versions
from placement.common import clock
from placement.common.policy import (
    FOLLOW_UP_PLANS,
    FOLLOW_UP_REMINDER_WORKING_DAYS,
    OVERDUE_ALERT_DAYS,
    FollowUpPlan,
)
from placement.extensions import db
from placement.followups import plans
from placement.models import (
    Agreement,
    FollowUp,
    Notification,
    Opening,
    OpeningStatus,
    Placement,
    PlacementStatus,
    Role,
    User,
)
from placement.notifications.inbox import Message, notify_all
from placement.openings import openings
from placement.placements import lifecycle
from placement.privacy import erasure
from placement.statistics import snapshots

S = PlacementStatus
# Follow-ups are reminded while the placement is running, and after it for the evaluation
# and the outcome check.
REMINDED_STATES = (S.AGREED, S.ACTIVE, S.AWAITING_EVALUATION, S.COMPLETED, S.ENDED_EARLY)
# Rolling plans are extended when their last planned follow-up is closer than this.
EXTEND_WHEN_WITHIN = timedelta(days=60)
_BATCH = 500


@dataclass
class SweepResult:
    done: int = 0  # things changed: follow-ups planned, placements moved, openings expired
    notifications: list[Message] = field(default_factory=list)  # the new ones


def _day(day: date) -> LazyString:
    """The date as the recipient reads it ("8. januar 2027"), worked out in their language."""
    return LazyString(format_date, day, "long")


def _parties(parties) -> LazyString:
    return LazyString(lambda: ", ".join(str(party.label).lower() for party in parties))


# 1. ---------------------------------------------------------------------------------------------


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
            Placement.status.in_(plans.PLANNED_STATES),
            Placement.start_date.is_not(None),
            until.is_(None)
            | (
                (until < today + EXTEND_WHEN_WITHIN)
                & (Placement.end_date.is_(None) | (until < Placement.end_date))
            ),
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


# 2. ---------------------------------------------------------------------------------------------

# What the messages about a placement name, loaded with the placements rather than one
# statement per placement and relationship: a placement whose agreement waits for a
# confirmation is looked at again every day until it is confirmed (458 of them at national
# scale took a second).
_WORDED = (
    joinedload(Placement.consultant),
    joinedload(Placement.candidate),
    joinedload(Placement.opening).joinedload(Opening.employer),
)


def advance_placements(now: datetime) -> SweepResult:
    """Start agreed placements on their start date once all three confirmed the agreement;
    move running ones to evaluation after their end date.

    Each move takes the placement's row lock and reads it again, as a person's action does
    (lifecycle): one a consultant cancelled, completed or started while the sweep ran is
    refused there and left be, with no event and no error. In id order, so two sweeps would
    lock the same placements in the same order."""
    today = clock.today(now)
    result = SweepResult()
    messages = []
    with force_locale("da"):
        for placement in db.session.scalars(
            select(Placement)
            .where(Placement.status == S.AGREED, Placement.start_date <= today)
            .options(
                *_WORDED, selectinload(Placement.agreements).selectinload(Agreement.confirmations)
            )
            .order_by(Placement.id)
        ):
            missing = versions.missing_parties(placement)
            consultant = placement.consultant
            if missing:
                if consultant and placement.agreement:
                    messages.append(
                        Message(
                            consultant,
                            f"agreement-unconfirmed:{placement.id}:{placement.agreement.version}",
                            _l(
                                "Aftalen med %(name)s er ikke bekræftet",
                                name=placement.candidate.name,
                            ),
                            _l(
                                "Forløbet skulle starte, men aftalen mangler bekræftelse fra: "
                                "%(parties)s.",
                                parties=_parties(missing),
                            ),
                            placement=placement,
                        )
                    )
                continue
            try:
                lifecycle.start(placement, None, today=today, note="Startet på startdatoen.")
            except lifecycle.TransitionRefused:
                continue  # changed under the sweep: someone else decided
            result.done += 1
            if consultant:
                messages.append(
                    Message(
                        consultant,
                        f"placement-started:{placement.id}",
                        _l(
                            "%(name)s er startet hos %(company)s",
                            name=placement.candidate.name,
                            company=placement.opening.employer.name,
                        ),
                        placement=placement,
                    )
                )
        for placement in db.session.scalars(
            select(Placement)
            .where(Placement.status == S.ACTIVE, Placement.end_date < today)
            .options(*_WORDED)
            .order_by(Placement.id)
        ):
            try:
                lifecycle.end_for_evaluation(
                    placement, None, today=today, note="Slutdatoen er passeret."
                )
            except lifecycle.TransitionRefused:
                continue  # completed, ended early or moved by another sweep meanwhile
            result.done += 1
            if placement.consultant:
                messages.append(
                    Message(
                        placement.consultant,
                        f"placement-ended:{placement.id}",
                        _l(
                            "Forløbet med %(name)s er slut og venter på evaluering",
                            name=placement.candidate.name,
                        ),
                        placement=placement,
                    )
                )
    result.notifications = notify_all(messages)
    return result


# 3. ---------------------------------------------------------------------------------------------


def remind_followups(now: datetime) -> SweepResult:
    """Remind the consultant before a follow-up is due; when it is overdue (within the last
    OVERDUE_ALERT_DAYS), tell the consultant and the municipality's managers (the managers
    without the citizen's name)."""
    today = clock.today(now)
    # Three working days are at most a week and a bit away, holidays included.
    window_end = today + timedelta(days=FOLLOW_UP_REMINDER_WORKING_DAYS + 9)
    in_window = (
        select(FollowUp.id, FollowUp.due_date, Placement.consultant_id)
        .join(FollowUp.placement)
        .where(
            FollowUp.done_at.is_(None),
            FollowUp.due_date <= window_end,
            FollowUp.due_date >= today - timedelta(days=OVERDUE_ALERT_DAYS),
            Placement.status.in_(REMINDED_STATES),
            Placement.consultant_id.is_not(None),
        )
    )
    # Keys before texts: on a rerun every reminder has been sent, and the sweep stops after
    # two light queries instead of loading each follow-up and writing its message again.
    keys = {}
    for followup_id, due_date, consultant_id in db.session.execute(in_window):
        key = _reminder_key(followup_id, due_date, today)
        if key:
            keys[followup_id] = (consultant_id, key)
    sent = _sent(set(keys.values()))
    unsent = [followup_id for followup_id, pair in keys.items() if pair not in sent]
    rows = []
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
            due = _day(followup.due_date)
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
        return f"followup-overdue:{followup_id}:{due_date.isoformat()}"
    if plans.working_days_before(due_date, FOLLOW_UP_REMINDER_WORKING_DAYS) <= today:
        return f"followup-due:{followup_id}:{due_date.isoformat()}"
    return None


def _sent(pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which of these (user id, key) notifications exist already."""
    keys = sorted({key for _user, key in pairs})
    found = set()
    for start in range(0, len(keys), 1000):
        found.update(
            tuple(row)
            for row in db.session.execute(
                select(Notification.user_id, Notification.key).where(
                    Notification.key.in_(keys[start : start + 1000])
                )
            )
        )
    return found & pairs


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
        found.setdefault(manager.municipality_id, []).append(manager)
    return found


# 4. ---------------------------------------------------------------------------------------------


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
            for user in opening.employer.users:
                messages.append(
                    Message(
                        user,
                        f"opening-expired:{opening.id}",
                        _l('Jeres opslag "%(title)s" er udløbet', title=opening.title),
                        _l(
                            "Ansøgningsfristen %(day)s er passeret, og opslaget er taget af listen "
                            "over ledige pladser. I kan lave en kopi med en ny frist.",
                            day=_day(opening.deadline),
                        ),
                        opening=opening,
                    )
                )
    result.notifications = notify_all(messages)
    return result


# 5. ---------------------------------------------------------------------------------------------


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
            .where(Placement.status == S.PROPOSED)
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


# 6. ---------------------------------------------------------------------------------------------


def anonymise_expired(now: datetime) -> SweepResult:
    """Citizens whose last placement ended more than RETENTION_YEARS ago are anonymised
    (placement/privacy/erasure.py says exactly who)."""
    return SweepResult(done=erasure.retention_sweep(now))


# 7. ---------------------------------------------------------------------------------------------


def count_statistics(now: datetime) -> SweepResult:
    """The statistics page's first view of all municipalities, counted for today
    (placement/statistics/snapshots.py)."""
    return SweepResult(done=snapshots.take(now))


# The order matters: plans first, so reminders see new follow-ups; states before reminders,
# so a placement that just ended is reminded of its evaluation.
SWEEPS = {
    "plans": make_missing_plans,
    "placements": advance_placements,
    "reminders": remind_followups,
    "openings": expire_openings,
    "weekly": weekly_summaries,
    "retention": anonymise_expired,
    "statistics": count_statistics,
}
