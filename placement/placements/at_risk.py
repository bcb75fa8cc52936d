"""Placements at risk, early: the signals that a running placement may be going wrong, each
with its reason in plain words, for the consultant's list "Forløb der kræver opmærksomhed".

The signals, and why each (thresholds and weights in placement/common/policy.py):

- absence: days without explanation in the last AT_RISK_ABSENCE_WINDOW_DAYS days. Staying
  away without a word is the most common first sign (placements/absence_alert.py alerts once
  on the total; this looks at the recent days only, so an old bad patch falls away).
- low_score / score_fall: the citizen's own answer to "Hvordan går det?" is low, or has
  fallen clearly from their own usual answers. A person's own word weighs most; a fall is
  measured against their own average, since some people never answer 5.
- followup_overdue: a follow-up well past its date and not recorded: nobody has looked.
- hours_stalled: the hours plan (optrapning) has stepped up by now beyond what the citizen
  worked at the last follow-up that recorded hours.
- unanswered: the citizen was asked AT_RISK_UNANSWERED_WEEKS weeks in a row and did not
  answer (this week's question does not count until the week is over).

A placement with at least one signal is listed; the list is sorted by the sum of the
signals' weights, so two weak signals come before one, and the citizen's own word and their
absence before the paperwork. Every read is one query for all the placements at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from placement.common import clock
from placement.common.policy import (
    AT_RISK_ABSENCE_DAYS,
    AT_RISK_ABSENCE_WINDOW_DAYS,
    AT_RISK_FOLLOWUP_LATE_DAYS,
    AT_RISK_LIST_LENGTH,
    AT_RISK_LOW_SCORE,
    AT_RISK_SCORE_FALL,
    AT_RISK_SCORE_HISTORY,
    AT_RISK_UNANSWERED_WEEKS,
    AT_RISK_WEIGHTS,
)
from placement.extensions import db
from placement.models import (
    AbsenceDay,
    AbsenceReason,
    Candidate,
    CheckIn,
    Employer,
    FollowUp,
    HoursStep,
    Opening,
    Placement,
    PlacementStatus,
    User,
)
from placement.placements.check_ins import SCORE_LABELS, week_of

# Check-in answers older than this are not read: the signals look at the last few weeks.
_CHECK_IN_WEEKS_READ = AT_RISK_UNANSWERED_WEEKS + AT_RISK_SCORE_HISTORY + 2


@dataclass(frozen=True)
class Signal:
    code: str  # a key of AT_RISK_WEIGHTS
    reason: str  # in words, in the reader's language

    @property
    def weight(self) -> int:
        return AT_RISK_WEIGHTS[self.code]


@dataclass
class AtRisk:
    placement: Placement
    signals: list[Signal] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return sum(signal.weight for signal in self.signals)


class _Overdue(NamedTuple):
    title: str
    due_date: date


class _LastHours(NamedTuple):
    hours_worked: int | None  # never None: the query asks for those with hours
    done_at: datetime | None


@dataclass
class _Facts:
    """What the signals are worked out from, read for many placements at once. The
    follow-ups as the few columns the signals need: a caseload page reads dozens of them, and
    whole rows are built into objects for nothing."""

    absence: dict[int, int] = field(default_factory=dict)
    overdue: dict[int, _Overdue] = field(default_factory=dict)
    steps: dict[int, list[HoursStep]] = field(default_factory=lambda: defaultdict(list))
    last_hours: dict[int, _LastHours] = field(default_factory=dict)
    check_ins: dict[int, list[CheckIn]] = field(default_factory=lambda: defaultdict(list))


def _read(ids: Sequence[int], today: date) -> _Facts:
    facts = _Facts()
    if not ids:
        return facts
    since = today - timedelta(days=AT_RISK_ABSENCE_WINDOW_DAYS - 1)
    facts.absence = dict(
        db.session.execute(
            select(AbsenceDay.placement_id, func.count(AbsenceDay.id))
            .where(
                AbsenceDay.placement_id.in_(ids),
                AbsenceDay.reason == AbsenceReason.UNEXPLAINED,
                AbsenceDay.day >= since,
                AbsenceDay.day <= today,
            )
            .group_by(AbsenceDay.placement_id)
        ).all()
    )
    late = today - timedelta(days=AT_RISK_FOLLOWUP_LATE_DAYS)
    for placement_id, title, due_date in db.session.execute(
        select(FollowUp.placement_id, FollowUp.title, FollowUp.due_date)
        .where(
            FollowUp.placement_id.in_(ids), FollowUp.done_at.is_(None), FollowUp.due_date <= late
        )
        .order_by(FollowUp.due_date, FollowUp.id)
    ):
        facts.overdue.setdefault(placement_id, _Overdue(title, due_date))
    for step in db.session.scalars(
        select(HoursStep).where(HoursStep.placement_id.in_(ids)).order_by(HoursStep.from_week)
    ):
        facts.steps[step.placement_id].append(step)
    for placement_id, hours_worked, done_at in db.session.execute(
        select(FollowUp.placement_id, FollowUp.hours_worked, FollowUp.done_at)
        .where(
            FollowUp.placement_id.in_(ids),
            FollowUp.done_at.is_not(None),
            FollowUp.hours_worked.is_not(None),
        )
        .order_by(FollowUp.done_at.desc(), FollowUp.id.desc())
    ):
        facts.last_hours.setdefault(placement_id, _LastHours(hours_worked, done_at))
    first_week = week_of(today) - timedelta(weeks=_CHECK_IN_WEEKS_READ)
    for check_in in db.session.scalars(
        select(CheckIn)
        .where(CheckIn.placement_id.in_(ids), CheckIn.week >= first_week)
        .order_by(CheckIn.week.desc())
    ):
        facts.check_ins[check_in.placement_id].append(check_in)
    return facts


def _planned_hours(placement: Placement, steps: list[HoursStep], on: date) -> int | None:
    """The plan's hours a week on the day (week 1 starts on the start date)."""
    if not steps or placement.start_date is None or on < placement.start_date:
        return None
    week = (on - placement.start_date).days // 7 + 1
    hours = None
    for step in steps:
        if step.from_week <= week:
            hours = step.hours_per_week
    return hours


def _score_words(score: int) -> str:
    return f"{score} ({SCORE_LABELS[score]})"


def signals(placement: Placement, facts: _Facts, today: date) -> list[Signal]:
    """The placement's signals, heaviest first."""
    found: list[Signal] = []
    days = facts.absence.get(placement.id, 0)
    if days >= AT_RISK_ABSENCE_DAYS:
        found.append(
            Signal(
                "absence",
                _(
                    "%(days)d dages fravær uden forklaring de sidste %(window)d dage.",
                    days=days,
                    window=AT_RISK_ABSENCE_WINDOW_DAYS,
                ),
            )
        )
    answered = [c for c in facts.check_ins.get(placement.id, []) if c.score is not None]
    if answered:
        latest = answered[0]
        assert latest.score is not None
        if latest.score <= AT_RISK_LOW_SCORE:
            found.append(
                Signal(
                    "low_score",
                    _(
                        "Borgeren svarede %(score)s på »Hvordan går det?« i ugen fra %(week)s.",
                        score=_score_words(latest.score),
                        week=format_date(latest.week, "d. MMMM"),
                    ),
                )
            )
        before = [c.score for c in answered[1 : 1 + AT_RISK_SCORE_HISTORY] if c.score]
        if before:
            average = sum(before) / len(before)
            if average - latest.score >= AT_RISK_SCORE_FALL:
                found.append(
                    Signal(
                        "score_fall",
                        _(
                            "Borgerens svar er faldet til %(score)d fra %(average)s i snit "
                            "de %(count)d svar før.",
                            score=latest.score,
                            average=format_decimal(round(average, 1)),
                            count=len(before),
                        ),
                    )
                )
    overdue = facts.overdue.get(placement.id)
    if overdue is not None:
        found.append(
            Signal(
                "followup_overdue",
                _(
                    "Opfølgningen »%(title)s« skulle have været holdt %(due)s "
                    "(%(days)d dage siden).",
                    title=overdue.title,
                    due=format_date(overdue.due_date, "d. MMMM"),
                    days=(today - overdue.due_date).days,
                ),
            )
        )
    steps = facts.steps.get(placement.id, [])
    last = facts.last_hours.get(placement.id)
    planned = _planned_hours(placement, steps, today)
    if (
        last is not None
        and last.hours_worked is not None
        and planned is not None
        and planned > steps[0].hours_per_week
        and planned > last.hours_worked
    ):
        assert last.done_at is not None
        found.append(
            Signal(
                "hours_stalled",
                _(
                    "Timeplanen siger %(planned)d timer om ugen nu, men ved opfølgningen "
                    "%(when)s arbejdede borgeren %(worked)d.",
                    planned=planned,
                    when=format_date(clock.today(last.done_at), "d. MMMM"),
                    worked=last.hours_worked,
                ),
            )
        )
    this_week = week_of(today)
    silent = 0
    for check_in in facts.check_ins.get(placement.id, []):
        if check_in.week >= this_week and check_in.score is None:
            continue  # this week's question may still be answered
        if check_in.score is not None:
            break
        silent += 1
    if silent >= AT_RISK_UNANSWERED_WEEKS:
        found.append(
            Signal(
                "unanswered",
                _(
                    "Borgeren har ikke svaret på »Hvordan går det?« de sidste %(weeks)d uger.",
                    weeks=silent,
                ),
            )
        )
    found.sort(key=lambda signal: -signal.weight)
    return found


def assess(placements: Sequence[Placement], today: date | None = None) -> list[AtRisk]:
    """The running placements among these that have at least one signal, heaviest first."""
    today = today or clock.today()
    running = [p for p in placements if p.status == PlacementStatus.ACTIVE]
    facts = _read([p.id for p in running], today)
    found = [AtRisk(p, signals(p, facts, today)) for p in running]
    found = [item for item in found if item.signals]
    found.sort(key=lambda item: (-item.weight, item.placement.id))
    return found


def of_placement(placement: Placement, today: date | None = None) -> list[Signal]:
    """The signals of one placement (its page)."""
    found = assess([placement], today)
    return found[0].signals if found else []


@dataclass(frozen=True)
class Listing:
    shown: list[AtRisk]
    total: int


def for_consultant(
    consultant: User, today: date | None = None, limit: int = AT_RISK_LIST_LENGTH
) -> Listing:
    """The consultant's own running placements that need attention: those they are
    responsible for (the placement's consultant, else the citizen's own, as the absence alert
    counts it), the heaviest first, at most `limit`."""
    placements = db.session.scalars(
        select(Placement)
        .join(Candidate, Candidate.id == Placement.candidate_id)
        .where(
            Placement.status == PlacementStatus.ACTIVE,
            or_(
                Placement.consultant_id == consultant.id,
                and_(Placement.consultant_id.is_(None), Candidate.consultant_id == consultant.id),
            ),
        )
        .options(
            # The list names the citizen and the company, nothing else of them.
            joinedload(Placement.candidate).load_only(Candidate.id, Candidate.name),
            joinedload(Placement.opening)
            .load_only(Opening.id, Opening.employer_id)
            .joinedload(Opening.employer)
            .load_only(Employer.id, Employer.name),
        )
        .order_by(Placement.id)
    ).all()
    found = assess(placements, today)
    return Listing(found[:limit], len(found))
