"""A planned step-up of hours (optrapning) inside one placement, as rows: from week N, H hours."""

from __future__ import annotations

from flask_babel import gettext as _

from placement.agreements import versions
from placement.common.policy import FULL_TIME_HOURS
from placement.extensions import db
from placement.models import HoursStep, Placement, User
from placement.placements.duration_limits import weeks_between
from placement.placements.lifecycle import PLAN_STATES, TransitionRefused
from placement.web import edit_fields, edit_versions


def _weeks(placement: Placement) -> int | None:
    """How many weeks the planned period touches; None when it has no end."""
    if placement.start_date is None or placement.end_date is None:
        return None
    return weeks_between(placement.start_date, placement.end_date)


def check_plan(placement: Placement, steps: list[tuple[int, int]]) -> None:
    """Refuse a plan that does not start in week 1, goes back in time, or asks too many hours."""
    if not steps:
        return
    if steps[0][0] != 1:
        raise TransitionRefused(_("Første trin skal starte i uge 1."))
    limit = FULL_TIME_HOURS
    candidate_max = placement.candidate.max_hours
    last_week = _weeks(placement)
    previous = 0
    for week, hours in steps:
        if week <= previous:
            raise TransitionRefused(
                _("Ugerne skal stige fra trin til trin (uge %(week)d).", week=week)
            )
        previous = week
        if last_week is not None and week > last_week:
            raise TransitionRefused(_("Uge %(week)d ligger efter forløbets slutdato.", week=week))
        if not 1 <= hours <= limit:
            raise TransitionRefused(
                _(
                    "Timer om ugen skal være mellem 1 og %(limit)d (uge %(week)d).",
                    limit=limit,
                    week=week,
                )
            )
        if candidate_max and hours > candidate_max:
            raise TransitionRefused(
                _(
                    "%(name)s kan højst arbejde %(max)d timer om ugen (uge %(week)d).",
                    name=placement.candidate.name,
                    max=candidate_max,
                    week=week,
                )
            )


def replace_plan(placement: Placement, steps: list[tuple[int, int]]) -> bool:
    """Put the plan's rows in place of the old ones, if they differ; return whether they did."""
    if steps == [(step.from_week, step.hours_per_week) for step in placement.hours_plan]:
        return False
    placement.hours_plan.clear()
    # The old rows must be gone before new ones with the same weeks arrive (unique per week).
    db.session.flush()
    placement.hours_plan.extend(HoursStep(from_week=w, hours_per_week=h) for w, h in steps)
    return True


def set_hours_plan(
    placement: Placement,
    steps: list[tuple[int, int]],
    by: User,
    seen: edit_versions.Seen | None = None,
) -> bool:
    """Replace the plan. An empty list removes it and leaves hours_per_week as it is.
    Return whether anything changed: the same plan saved again keeps its rows as they are.

    No event is written: the event history records changes of state, and a plan change is
    not one. After the agreement, a change makes its next version (created by `by`).
    `seen`: what the form showed; a change made since to the plan or the starting hours
    refuses the save (EditConflict).
    """
    edit = edit_versions.begin(placement, edit_fields.PLAN, seen)
    if placement.status not in PLAN_STATES:
        raise TransitionRefused(
            _(
                "Forløbet er %(status)s, og timeplanen kan ikke ændres.",
                status=placement.status.label.lower(),
            )
        )
    steps = [(int(week), int(hours)) for week, hours in steps]
    check_plan(placement, steps)
    changed = replace_plan(placement, steps)
    if steps and placement.hours_per_week != steps[0][1]:
        placement.hours_per_week = steps[0][1]
        changed = True
    if changed:
        edit.finish(by)
        db.session.flush()
        versions.refresh(placement, by)
    return changed
