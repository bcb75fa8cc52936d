"""Absence on a running placement: one row per working day, corrections, the period's edges, and
the consultant told once when the absence without explanation reaches the threshold."""

from datetime import date

import pytest
from sqlalchemy import func, select

from placement.extensions import db
from placement.models import (
    AbsenceDay,
    AbsenceReason,
    Notification,
    PlacementStatus,
    Role,
)
from placement.placements import absence
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)

R = AbsenceReason
# A placement around Easter 2026: Thursday 2 April, Good Friday 3 April and Easter Monday
# 6 April are public holidays.
START, END, TODAY = date(2026, 3, 23), date(2026, 4, 30), date(2026, 4, 15)


def running(start: date, end: date) -> dict:
    """A running placement at Hald Lager, with the people who may register its absence."""
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")
    company = create_employer(name="Hald Lager ApS")
    candidate = create_candidate(viborg, name="Asta Andersen", consultant=consultant)
    placement = create_placement(
        candidate=candidate,
        opening=create_opening(company, title="Lagermedhjælper"),
        consultant=consultant,
        status=PlacementStatus.ACTIVE,
        start_date=start,
        end_date=end,
        hours_per_week=15,
    )
    return {
        "placement": placement,
        "consultant": consultant,
        "employer": create_user(Role.EMPLOYER, employer=company, name="Lene Holm"),
    }


@pytest.fixture
def people():
    return running(START, END)


def register(people, first, last=None, *, reason=R.ILLNESS, by="employer", today=TODAY):
    done = absence.register(people["placement"], first, last, reason, people[by], today=today)
    db.session.commit()
    return done


def days(people) -> dict[date, AbsenceReason]:
    return {row.day: row.reason for row in absence.days_of(people["placement"])}


def refusal(people, first, last=None, reason=R.ILLNESS, today=TODAY) -> dict:
    with pytest.raises(absence.AbsenceRefused) as refused:
        absence.register(people["placement"], first, last, reason, people["employer"], today)
    db.session.rollback()
    return dict(refused.value.problems)


def alerts() -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.key.like("absence-%"))))


def test_a_single_day_is_one_row_with_who_registered_it(people):
    assert register(people, date(2026, 4, 14)) == absence.Registered(added=1, changed=0)
    (row,) = absence.days_of(people["placement"])
    assert (row.day, row.reason, row.registered_by.name) == (
        date(2026, 4, 14),
        R.ILLNESS,
        "Lene Holm",
    )


def test_a_period_keeps_only_its_working_days_weekends_and_easter_skipped(people):
    register(people, date(2026, 3, 30), date(2026, 4, 7))
    assert sorted(days(people)) == [
        date(2026, 3, 30),
        date(2026, 3, 31),
        date(2026, 4, 1),
        date(2026, 4, 7),
    ]


def test_a_period_of_only_holidays_and_a_weekend_is_refused(people):
    problems = refusal(people, date(2026, 4, 2), date(2026, 4, 6))
    assert problems == {
        "first_day": "Der er ingen arbejdsdage i perioden, kun weekend eller helligdage."
    }


def test_the_same_registration_twice_changes_nothing_the_second_time(people):
    register(people, date(2026, 4, 13), date(2026, 4, 14))
    with pytest.raises(absence.AbsenceUnchanged) as second:
        register(people, date(2026, 4, 13), date(2026, 4, 14))
    db.session.rollback()
    assert second.value.repeated
    assert db.session.scalar(select(func.count(AbsenceDay.id))) == 2


def test_another_reason_for_a_registered_day_corrects_it(people):
    register(people, date(2026, 4, 13), date(2026, 4, 14), reason=R.UNEXPLAINED)
    done = register(people, date(2026, 4, 14), date(2026, 4, 15), reason=R.AGREED, by="consultant")
    assert done == absence.Registered(added=1, changed=1)
    assert days(people) == {
        date(2026, 4, 13): R.UNEXPLAINED,
        date(2026, 4, 14): R.AGREED,
        date(2026, 4, 15): R.AGREED,
    }
    corrected = absence.days_of(people["placement"])[1]
    assert corrected.registered_by.name == "Mette Konsulent"


def test_days_before_the_start_or_after_the_end_are_refused_by_their_field(people):
    assert refusal(people, date(2026, 3, 20), date(2026, 3, 24)) == {
        "first_day": "Forløbet startede 23. mar. 2026. Vælg en dag fra da."
    }
    assert refusal(people, date(2026, 4, 29), date(2026, 5, 4), today=date(2026, 5, 8)) == {
        "last_day": "Forløbet sluttede 30. apr. 2026. Vælg en dag til og med da."
    }
    assert days(people) == {}


def test_a_day_in_the_future_is_refused_today_is_allowed(people):
    assert refusal(people, date(2026, 4, 14), date(2026, 4, 16)) == {
        "last_day": "Fravær kan kun registreres for dage, der er kommet. I dag er 15. apr. 2026."
    }
    assert "first_day" in refusal(people, date(2026, 4, 16))
    register(people, TODAY)
    assert list(days(people)) == [TODAY]


def test_a_period_that_ends_before_it_starts_and_a_missing_reason_are_both_told(people):
    assert refusal(people, date(2026, 4, 14), date(2026, 4, 13), reason=None) == {
        "reason": "Vælg hvorfor borgeren var væk.",
        "last_day": "Den sidste dag skal ligge på eller efter den første dag.",
    }


@pytest.mark.parametrize(
    "status", [PlacementStatus.AGREED, PlacementStatus.COMPLETED, PlacementStatus.CANCELLED]
)
def test_a_placement_that_is_not_running_is_refused(people, status):
    people["placement"].status = status
    db.session.commit()
    with pytest.raises(absence.AbsenceRefused) as refused:
        register(people, date(2026, 4, 14))
    db.session.rollback()
    assert "Fravær kan kun registreres, mens forløbet er i gang" in str(refused.value)
    assert days(people) == {}


def test_a_day_registered_by_mistake_is_removed_once(people):
    register(people, date(2026, 4, 13), date(2026, 4, 14))
    absence.remove(people["placement"], date(2026, 4, 13))
    db.session.commit()
    assert list(days(people)) == [date(2026, 4, 14)]
    with pytest.raises(absence.AbsenceUnchanged):
        absence.remove(people["placement"], date(2026, 4, 13))
    db.session.rollback()


def test_the_consultant_is_told_once_when_unexplained_absence_reaches_the_threshold(
    app, people, monkeypatch
):
    monkeypatch.setitem(app.config, "ABSENCE_ALERT_DAYS", 3)
    # Illness and agreed absence do not count towards it.
    register(people, date(2026, 3, 23), date(2026, 3, 27), reason=R.ILLNESS)
    register(people, date(2026, 3, 30), reason=R.AGREED)
    register(people, date(2026, 4, 7), date(2026, 4, 8), reason=R.UNEXPLAINED)
    assert alerts() == []  # threshold - 1

    register(people, date(2026, 4, 9), reason=R.UNEXPLAINED)  # the threshold
    (told,) = alerts()
    assert told.user_id == people["consultant"].id
    assert told.title == "Asta Andersen har 3 dage med fravær uden forklaring"
    assert "Lagermedhjælper hos Hald Lager ApS har nået 3 arbejdsdage" in told.body
    assert told.placement_id == people["placement"].id

    register(people, date(2026, 4, 10), reason=R.UNEXPLAINED)  # more
    with pytest.raises(absence.AbsenceUnchanged):  # the same again
        register(people, date(2026, 4, 10), reason=R.UNEXPLAINED)
    db.session.rollback()
    absence.remove(people["placement"], date(2026, 4, 10))  # down, then up again
    db.session.commit()
    register(people, date(2026, 4, 10), reason=R.UNEXPLAINED, by="consultant")
    assert len(alerts()) == 1


def test_a_range_that_jumps_past_the_threshold_tells_once_with_the_count(people):
    register(people, date(2026, 4, 7), date(2026, 4, 13), reason=R.UNEXPLAINED)
    (told,) = alerts()
    assert told.title == "Asta Andersen har 5 dage med fravær uden forklaring"


def test_a_correction_to_unexplained_counts_towards_the_threshold(people):
    register(people, date(2026, 4, 7), date(2026, 4, 9), reason=R.ILLNESS)
    assert alerts() == []
    register(people, date(2026, 4, 7), date(2026, 4, 9), reason=R.UNEXPLAINED, by="consultant")
    assert len(alerts()) == 1


def test_the_citizens_own_consultant_is_told_when_nobody_proposed_it(people):
    people["placement"].consultant = None
    db.session.commit()
    register(people, date(2026, 4, 7), date(2026, 4, 9), reason=R.UNEXPLAINED)
    (told,) = alerts()
    assert told.user_id == people["consultant"].id
