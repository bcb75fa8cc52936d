"""The "Fravær og fremmøde" table: planned working days of the placements that ran in the period,
absence by reason, attendance, the municipality's own placements only, few people hidden."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Date, literal, select

from placement.extensions import db
from placement.models import (
    AbsenceDay,
    AbsenceReason,
    Kind,
    PlacementEvent,
    PlacementStatus,
    Role,
)
from placement.placements.absence import working_days
from placement.statistics.aggregates import Filters, dashboard
from placement.statistics.small_numbers import protect
from placement.statistics.working_days import WorkingDays
from tests.factories import (
    create_candidate,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)

S, R = PlacementStatus, AbsenceReason
# Around Easter 2026 (2, 3 and 6 April are holidays); the figures are asked on 15 April.
PERIOD = dict(date_from=date(2026, 3, 1), date_to=date(2026, 4, 30))
TODAY = date(2026, 4, 15)
START, END = date(2026, 3, 23), date(2026, 4, 30)


@pytest.fixture
def viborg():
    return create_municipality("Viborg", "791")


def placement(municipality, kind=Kind.INTERNSHIP, status=S.ACTIVE, start=START, end=END, **absent):
    """A placement of the kind with absence: reason name -> list of days."""
    registrar = create_user(Role.EMPLOYER)
    made = create_placement(
        candidate=create_candidate(municipality),
        opening=create_opening(kind=kind),
        status=status,
        start_date=start,
        end_date=end,
    )
    for name, days in absent.items():
        made.absences.extend(
            AbsenceDay(day=day, reason=R(name), registered_by=registrar) for day in days
        )
    db.session.commit()
    return made


def table(municipality=None, **filters):
    chosen = Filters(**{**PERIOD, **filters}, municipality_id=municipality and municipality.id)
    (found,) = [t for t in dashboard(chosen, TODAY) if t.key == "attendance_by_kind"]
    return found


def row(found, label="Virksomhedspraktik") -> dict:
    (values,) = [r for r in found.rows if r[0] == label]
    return {column.key: value for column, value in zip(found.columns, values)}


def test_planned_days_absence_by_reason_and_attendance(viborg):
    placement(
        viborg,
        illness=[date(2026, 3, 24), date(2026, 3, 25)],
        unexplained=[date(2026, 4, 7)],
    )
    # Working days from 23 March to today, 15 April: 15 (Easter's three holidays skipped).
    assert len(working_days(START, TODAY)) == 15
    assert row(table(viborg)) == {
        "kind": "Virksomhedspraktik",
        "placements": 1,
        "planned_days": 15.0,
        "illness_days": 2.0,
        "agreed_days": 0.0,
        "unexplained_days": 1.0,
        "attendance": pytest.approx(1 - 3 / 15),
    }


def test_only_the_overlap_with_the_period_counts_and_absence_outside_it_not(viborg):
    placement(viborg, agreed=[date(2026, 3, 24), date(2026, 4, 8)])
    found = row(table(viborg, date_from=date(2026, 4, 1), date_to=date(2026, 4, 10)))
    # 1 April, then 7-10 April: 2, 3 and 6 April are holidays.
    assert (found["planned_days"], found["agreed_days"]) == (5.0, 1.0)
    assert found["attendance"] == pytest.approx(0.8)


def test_a_placement_ended_early_counts_to_the_day_it_ended(viborg):
    ended = placement(viborg, status=S.ENDED_EARLY)
    ended.events.append(
        PlacementEvent(
            from_status=S.ACTIVE,
            to_status=S.ENDED_EARLY,
            at=datetime(2026, 4, 8, 9, tzinfo=UTC),
        )
    )
    db.session.commit()
    assert row(table(viborg))["planned_days"] == float(len(working_days(START, date(2026, 4, 8))))


def test_placements_that_never_ran_and_other_municipalities_are_not_counted(viborg):
    placement(viborg, status=S.AGREED)
    placement(viborg, status=S.CANCELLED)
    placement(create_municipality("Skive", "779"), illness=[date(2026, 3, 24)])
    assert row(table(viborg))["placements"] == 0
    assert row(table(viborg))["attendance"] is None
    assert row(table())["illness_days"] == 1.0  # every municipality (an admin's view)


def test_the_total_adds_up_the_kinds(viborg):
    placement(viborg, illness=[date(2026, 3, 24)])
    placement(viborg, kind=Kind.FLEXJOB, unexplained=[date(2026, 3, 24), date(2026, 3, 25)])
    total = row(table(viborg), "I alt")
    assert (total["placements"], total["planned_days"], total["illness_days"]) == (2, 30.0, 1.0)
    assert total["attendance"] == pytest.approx(1 - 3 / 30)


def test_few_placements_hide_their_days_and_attendance(viborg):
    for _ in range(5):
        placement(viborg, illness=[date(2026, 3, 24)])
    assert protect(table(viborg), threshold=5)[0][1:] == [5, 75.0, 5.0, 0.0, 0.0, 0.933]
    placement(viborg, kind=Kind.FLEXJOB, illness=[date(2026, 3, 24), date(2026, 3, 25)])
    shown = {r[0]: r for r in protect(table(viborg), threshold=5)}
    # One flex job: its count is hidden, and with it its days and attendance (illness above
    # all says something about a person); the internships too, or the total would tell.
    assert shown["Fleksjob"][1:] == ["<5"] * 6
    assert shown["Virksomhedspraktik"][1:] == ["skjult"] * 6
    assert shown["I alt"][1:3] == [6, 90.0]


def test_working_days_in_sql_match_the_calendar(viborg):
    """The SQL arithmetic against the Python calendar, for every start and end in a spring
    with Easter, Store Bededag's absence (abolished from 2024) and Ascension."""
    first, last = date(2026, 3, 28), date(2026, 5, 20)
    counter = WorkingDays(first, last)
    pairs = [(a, b) for a in _days(first, last, 3) for b in _days(a, last, 4)]
    counted = db.session.execute(
        select(*(counter.between(literal(a, Date), literal(b, Date)) for a, b in pairs))
    ).one()
    assert list(counted) == [len(working_days(a, b)) for a, b in pairs]


def _days(first: date, last: date, step: int) -> list[date]:
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1, step)]
