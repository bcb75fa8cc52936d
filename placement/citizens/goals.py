"""A citizen's goals and the small steps towards them ("store som små fremskridt"), kept by
the citizen themselves and by their consultant alike."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from placement.common import clock
from placement.common.refusals import FieldRefusal
from placement.extensions import db
from placement.models import Candidate, Goal, GoalStep

TITLE_MAX = 300  # the column's length (Goal.title, GoalStep.title)


class GoalInvalid(FieldRefusal):
    """Made from {field name: message}, as the other profile errors are."""


def goals_of(candidate: Candidate):
    return select(Goal).where(Goal.candidate_id == candidate.id)


def steps_of(goal: Goal):
    return select(GoalStep).where(GoalStep.goal_id == goal.id)


def _title(text: str | None) -> str:
    title = (text or "").strip()
    if not title:
        raise GoalInvalid({"title": _("Skriv et par ord.")})
    if len(title) > TITLE_MAX:
        raise GoalInvalid({"title": _("Skriv højst %(max)d tegn.", max=TITLE_MAX)})
    return title


def add_goal(candidate: Candidate, title: str, target_date: date | None = None) -> Goal:
    goal = Goal(candidate=candidate, title=_title(title), target_date=target_date)
    db.session.add(goal)
    db.session.flush()
    return goal


def add_step(goal: Goal, title: str) -> GoalStep:
    step = GoalStep(title=_title(title))
    goal.steps.append(step)
    db.session.flush()
    return step


def tick_step(step: GoalStep, now: datetime | None = None) -> GoalStep:
    """The step is done. A second press (a double click, a back button) keeps the first day."""
    if step.done_at is None:
        step.done_at = now or clock.now()
    db.session.flush()
    return step


def untick_step(step: GoalStep) -> None:
    step.done_at = None
    db.session.flush()
