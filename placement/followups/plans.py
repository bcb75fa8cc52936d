"""Follow-up plans: due dates from the policy table, on working days, re-planned when dates move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _

from placement.common import clock
from placement.common.policy import (
    FOLLOW_UP_HORIZON_MONTHS,
    FOLLOW_UP_PLANS,
    FOLLOW_UP_REMINDER_WORKING_DAYS,
    HOLIDAY_CATEGORIES,
    FollowUpPlan,
)
from placement.common.refusals import Problems, Refusal
from placement.extensions import db
from placement.models import FollowUp, FollowUpState, Placement, PlacementStatus, User
from placement.models.placements import Outcome

# A plan exists while the placement is agreed or running; after that, it is history.
PLANNED_STATES = (PlacementStatus.AGREED, PlacementStatus.ACTIVE)
# Recording stays open a while after the end: the evaluation and the outcome come later.
RECORDING_STATES = (
    PlacementStatus.AGREED,
    PlacementStatus.ACTIVE,
    PlacementStatus.AWAITING_EVALUATION,
    PlacementStatus.COMPLETED,
    PlacementStatus.ENDED_EARLY,
)


class FollowUpRefused(Refusal):
    """The follow-up cannot be recorded like that; the message says why."""


@dataclass(frozen=True)
class PlannedFollowUp:
    key: str
    title: str
    due_date: date


# --- working days -----------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _closed_days(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("DK", years=year, categories=HOLIDAY_CATEGORIES))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _closed_days(day.year)


def next_working_day(day: date) -> date:
    """The day itself, or the first working day after it (weekends and Danish holidays)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day`."""
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


# --- the plan -----------------------------------------------------------------------------------


def desired_plan(
    kind_plan: FollowUpPlan, start: date, end: date | None, horizon: date
) -> list[PlannedFollowUp]:
    """Every follow-up the policy wants for a placement from `start` to `end` (None: open),
    with open-ended repeats planned up to `horizon`; due dates on working days."""
    planned = []
    for step in kind_plan.steps:
        if step.anchor != "start" and end is None:
            continue
        base = {"start": start, "end": end, "middle": start + (end - start) / 2 if end else None}[
            step.anchor
        ]
        assert base is not None  # a step from the end or the middle needs an end: skipped above
        due = base + relativedelta(days=step.days, months=step.months)
        if step.anchor == "start" and end is not None and due > end:
            continue  # a short placement has ended before this check-in would come
        planned.append(PlannedFollowUp(step.key, step.title, max(due, start)))
    for repeat in kind_plan.repeats:
        number = 1
        while repeat.count is None or number <= repeat.count:
            due = start + relativedelta(
                days=repeat.first_days + (number - 1) * repeat.every_days,
                months=repeat.first_months + (number - 1) * repeat.every_months,
            )
            if due > horizon or (end is not None and due > end):
                break
            planned.append(PlannedFollowUp(f"{repeat.key}_{number}", repeat.title, due))
            number += 1
    return sorted(
        (PlannedFollowUp(p.key, p.title, next_working_day(p.due_date)) for p in planned),
        key=lambda p: (p.due_date, p.key),
    )


def horizon_for(start: date, today: date) -> date:
    return max(start, today) + relativedelta(months=FOLLOW_UP_HORIZON_MONTHS)


def planned_until(kind_plan: FollowUpPlan, horizon: date) -> date:
    """How far a plan reaches: to the horizon, or for good when nothing in it repeats."""
    return horizon if kind_plan.repeats else date.max


def plan(placement: Placement, today: date | None = None) -> bool:
    """Make or re-plan the placement's follow-ups; return True when anything changed.

    Done follow-ups never move. Open ones move with the placement's dates, and those the new
    dates no longer call for are removed.
    """
    today = today or clock.today()
    if placement.status not in PLANNED_STATES or placement.start_date is None:
        return False
    kind_plan = FOLLOW_UP_PLANS.get(placement.opening.kind, FollowUpPlan())
    have = {followup.key: followup for followup in placement.followups}
    # Never shrink the horizon: a repeat already planned further ahead stays planned.
    horizon = max(
        [horizon_for(placement.start_date, today)]
        + [f.due_date for f in have.values() if not f.done]
    )
    want = {
        p.key: p for p in desired_plan(kind_plan, placement.start_date, placement.end_date, horizon)
    }
    reach = planned_until(kind_plan, horizon)
    changed = placement.followups_planned_until != reach
    placement.followups_planned_until = reach
    for key, followup in have.items():
        if followup.done:
            continue
        wanted = want.get(key)
        if wanted is None:
            placement.followups.remove(followup)
            changed = True
        elif (followup.due_date, followup.title) != (wanted.due_date, wanted.title):
            followup.due_date, followup.title = wanted.due_date, wanted.title
            changed = True
    for key, wanted in want.items():
        if key not in have:
            placement.followups.append(
                FollowUp(key=key, title=wanted.title, due_date=wanted.due_date)
            )
            changed = True
    if changed:
        db.session.flush()
    return changed


# After a placement is over, only the check of where the citizen went is still to come.
KEPT_AFTER_END = frozenset({"outcome_3m"})


def close_plan(placement: Placement) -> None:
    """Drop the open follow-ups a finished or cancelled placement no longer needs."""
    keep = (
        KEPT_AFTER_END
        if placement.status in (PlacementStatus.COMPLETED, PlacementStatus.ENDED_EARLY)
        else frozenset()
    )
    for followup in [f for f in placement.followups if not f.done and f.key not in keep]:
        placement.followups.remove(followup)
    db.session.flush()


def agreement_dates(placement: Placement) -> tuple[date, ...]:
    """The follow-up dates an agreement prints: those in its first plan year, so that the
    scheduler extending an open-ended plan does not make a new version every month."""
    if placement.start_date is None:
        return ()
    limit = placement.start_date + relativedelta(months=FOLLOW_UP_HORIZON_MONTHS)
    return tuple(sorted(f.due_date for f in placement.followups if f.due_date <= limit))


def state_of(followup: FollowUp, today: date | None = None) -> FollowUpState:
    today = today or clock.today()
    if followup.done:
        return FollowUpState.DONE
    if followup.due_date < today:
        return FollowUpState.OVERDUE
    if working_days_before(followup.due_date, FOLLOW_UP_REMINDER_WORKING_DAYS) <= today:
        return FollowUpState.DUE_SOON
    return FollowUpState.PLANNED


# --- recording ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """What the consultant writes after a follow-up."""

    wellbeing: int | None = None
    wellbeing_note: str = ""
    hours_worked: int | None = None
    works: str = ""
    does_not_work: str = ""
    adaptations_add: str = ""
    adaptations_drop: str = ""
    next_step: str = ""
    outcome: Outcome | None = None
    shared_with_citizen: bool = False


def record_problems(followup: FollowUp, data: Record) -> Problems:
    """Every reason the record cannot be saved, each with its field, all at once (reads only)."""
    problems: Problems = []
    if followup.placement.status not in RECORDING_STATES:
        problems.append(
            (
                None,
                _(
                    "Forløbet er %(status)s, og opfølgningen kan ikke skrives.",
                    status=followup.placement.status.label.lower(),
                ),
            )
        )
    if data.wellbeing is None or not 1 <= data.wellbeing <= 5:
        problems.append(("wellbeing", _("Vælg hvordan det går, fra 1 til 5.")))
    if data.hours_worked is not None and not 0 <= data.hours_worked <= 80:
        problems.append(("hours_worked", _("Timer arbejdet skal være mellem 0 og 80 om ugen.")))
    return problems


def record(followup: FollowUp, data: Record, by: User) -> bool:
    """Record (or correct) what a follow-up found. The consultant who writes it is noted.

    Return whether anything changed: saving what is already recorded writes nothing, so it
    neither makes the saver its author nor counts as a change."""
    problems = record_problems(followup, data)
    if problems:
        raise FollowUpRefused.every(problems)
    values = {
        name: getattr(data, name)
        for name in ("wellbeing", "hours_worked", "outcome", "shared_with_citizen")
    }
    values.update(
        {
            name: (getattr(data, name) or "").strip()
            for name in (
                "wellbeing_note",
                "works",
                "does_not_work",
                "adaptations_add",
                "adaptations_drop",
                "next_step",
            )
        }
    )
    if followup.done and all(getattr(followup, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(followup, name, value)
    if followup.done_at is None:
        followup.done_at = clock.now()
    followup.done_by = by
    db.session.flush()
    return True


def add_employer_view(followup: FollowUp, text: str, by: User) -> bool:
    """The company's own words on the same follow-up (a later save replaces them). Return
    whether they changed: the same words saved again keep their time and author."""
    text = (text or "").strip()
    if not text:
        raise FollowUpRefused(_("Skriv jeres vurdering, før I gemmer."))
    if followup.placement.status not in RECORDING_STATES:
        raise FollowUpRefused(
            _(
                "Forløbet er %(status)s, og opfølgningen kan ikke ændres.",
                status=followup.placement.status.label.lower(),
            )
        )
    if text[:4000] == followup.employer_view:
        return False
    followup.employer_view = text[:4000]
    followup.employer_view_at = clock.now()
    followup.employer_view_by = by
    db.session.flush()
    return True


def shared_summaries(placement: Placement) -> list[FollowUp]:
    """What the citizen may read: done follow-ups the consultant marked as shared."""
    return [f for f in placement.followups if f.done and f.shared_with_citizen]
