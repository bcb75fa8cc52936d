"""Absence (fravær) on a running placement: registering days away with a reason, and removing
a day registered by mistake.

The company and the citizen's consultant register a period (both days included); the app
keeps one row per working day in it (weekends and Danish public holidays are not working days,
followups/plans.py), so the rows are the days the citizen was expected and was not there. A
day registered again is left as it is, or gets the new reason (a correction). A reason is a
category only: no free text, so no health details are written down.

Every change takes the placement's row lock and reads the days again under it (locks.py): the
company and the consultant registering the same days at the same moment wait for each other,
and the second finds the first one's rows instead of colliding with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from placement.common import clock
from placement.common.refusals import Problems, Refusal
from placement.extensions import db
from placement.followups.plans import is_working_day
from placement.models import AbsenceDay, AbsenceReason, Placement, PlacementStatus, User
from placement.placements import absence_alert
from placement.placements.locks import lock_placement, what_happened


class AbsenceRefused(Refusal):
    """The absence cannot be registered or removed like that; the message says why."""


class AbsenceUnchanged(AbsenceRefused):
    """The very registration or removal asked for is already so (a second click, or the
    company and the consultant registering the same): nothing is written."""

    repeated = True


@dataclass(frozen=True)
class Registered:
    """What a registration did: the working days it added and those it gave a new reason."""

    added: int
    changed: int


def may_register(placement: Placement) -> bool:
    """Absence belongs to a running placement: before the start nobody is expected, and after
    the end it is history."""
    return placement.status == PlacementStatus.ACTIVE


def working_days(first: date, last: date) -> list[date]:
    """The working days from `first` to `last`, both included."""
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if is_working_day(day)]


def days_of(placement: Placement) -> list[AbsenceDay]:
    """The placement's registered days, oldest first, read from the database (not from a
    collection loaded before the lock)."""
    return list(
        db.session.scalars(
            select(AbsenceDay)
            .where(AbsenceDay.placement_id == placement.id)
            .order_by(AbsenceDay.day)
        )
    )


def problems_with(
    placement: Placement,
    first: date | None,
    last: date | None,
    reason: AbsenceReason | None,
    today: date,
) -> Problems:
    """Every problem with the period and reason, each by its field (first_day, last_day,
    reason), so a form shows them all at once. An empty `last` is the day `first`."""
    problems: Problems = []
    if first is None:
        problems.append(("first_day", _("Skriv den første dag med fravær.")))
    if reason is None:
        problems.append(("reason", _("Vælg hvorfor borgeren var væk.")))
    if first is None:
        return problems
    last = last or first
    if last < first:
        problems.append(("last_day", _("Den sidste dag skal ligge på eller efter den første dag.")))
        return problems
    start, end = placement.start_date, placement.end_date
    if start is not None and first < start:
        problems.append(
            (
                "first_day",
                _("Forløbet startede %(date)s. Vælg en dag fra da.", date=format_date(start)),
            )
        )
    if first > today:
        problems.append(
            (
                "first_day",
                _(
                    "Fravær kan kun registreres for dage, der er kommet. I dag er %(date)s.",
                    date=format_date(today),
                ),
            )
        )
    elif last > today:
        problems.append(
            (
                "last_day",
                _(
                    "Fravær kan kun registreres for dage, der er kommet. I dag er %(date)s.",
                    date=format_date(today),
                ),
            )
        )
    elif end is not None and last > end:
        problems.append(
            (
                "last_day",
                _("Forløbet sluttede %(date)s. Vælg en dag til og med da.", date=format_date(end)),
            )
        )
    if not problems and not working_days(first, last):
        problems.append(
            (
                "first_day",
                _("Der er ingen arbejdsdage i perioden, kun weekend eller helligdage."),
            )
        )
    return problems


def register(
    placement: Placement,
    first: date | None,
    last: date | None,
    reason: AbsenceReason | None,
    by: User,
    today: date | None = None,
) -> Registered:
    """Register the working days from `first` to `last` (None: the day `first`) as absence
    for `reason`. Flushes, and tells the consultant when the absence without explanation
    reaches the configured number of days; the caller commits."""
    today = today or clock.today()
    lock_placement(placement)
    _refuse_unless_running(placement)
    problems = problems_with(placement, first, last, reason, today)
    if problems:
        raise AbsenceRefused.every(problems)
    assert first is not None and reason is not None  # problems_with said so
    registered = {row.day: row for row in days_of(placement)}
    added = changed = 0
    for day in working_days(first, last or first):
        row = registered.get(day)
        if row is None:
            db.session.add(
                AbsenceDay(placement_id=placement.id, day=day, reason=reason, registered_by=by)
            )
            added += 1
        elif row.reason != reason:  # a correction: the reason is the latest one given
            row.reason, row.registered_by, row.registered_at = reason, by, clock.now()
            changed += 1
    if not (added or changed):
        raise AbsenceUnchanged(_("Fraværet var allerede registreret sådan. Intet er ændret."))
    db.session.flush()
    db.session.expire(placement, ["absences"])
    absence_alert.check(placement)
    return Registered(added, changed)


def remove(placement: Placement, day: date) -> None:
    """Remove the day registered by mistake. Flushes; the caller commits."""
    lock_placement(placement)
    _refuse_unless_running(placement)
    row = db.session.scalar(
        select(AbsenceDay).where(AbsenceDay.placement_id == placement.id, AbsenceDay.day == day)
    )
    if row is None:
        raise AbsenceUnchanged(_("Dagen var allerede fjernet. Intet er ændret."))
    db.session.delete(row)
    db.session.flush()
    db.session.expire(placement, ["absences"])


def _refuse_unless_running(placement: Placement) -> None:
    if not may_register(placement):
        raise AbsenceRefused(
            what_happened(placement)
            or _(
                "Fravær kan kun registreres, mens forløbet er i gang. Forløbet er %(status)s.",
                status=placement.status.label.lower(),
            )
        )
