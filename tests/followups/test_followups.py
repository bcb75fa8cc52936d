"""Follow-up plans: each kind's dates on working days, re-planning, closing, and recording."""

from datetime import date

import holidays
import pytest
from dateutil.relativedelta import relativedelta

from placement.agreements import versions
from placement.agreements.content import AgreementContent
from placement.common.policy import DURATION_LIMITS, FOLLOW_UP_HORIZON_MONTHS, HOLIDAY_CATEGORIES
from placement.extensions import db
from placement.followups import plans
from placement.followups.plans import (
    FollowUpRefused,
    Record,
    add_employer_view,
    next_working_day,
    record,
    shared_summaries,
    working_days_before,
)
from placement.models import FollowUp, Kind, Outcome, PlacementStatus, Role
from placement.placements import lifecycle
from tests.factories import (
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
    declare_net_growth,
)

S = PlacementStatus
START = date(2027, 1, 4)  # a Monday
END = date(2027, 3, 26)  # a Friday, and Good Friday: the end evaluation moves past Easter
D = date  # the tables below are easier to read with a short name


@pytest.fixture
def consultant():
    return create_user(Role.CONSULTANT, name="Mette Konsulent")


def accepted(consultant, kind=Kind.INTERNSHIP, start=START, end=END):
    # 40 employees leave room under the ratio rule for the internship and wage-subsidy kinds.
    opening = create_opening(create_employer(employees=40), kind=kind, seats=5)
    return create_placement(
        candidate=create_candidate(consultant.municipality),
        opening=opening,
        consultant=consultant,
        status=S.ACCEPTED,
        start_date=start,
        end_date=end,
        hours_per_week=10,
    )


def agreed(consultant, kind=Kind.INTERNSHIP, start=START, end=END, today=START):
    placement = accepted(consultant, kind, start, end)
    if kind == Kind.WAGE_SUBSIDY:
        declare_net_growth(placement)
    lifecycle.agree(placement, consultant, today=today)
    db.session.commit()
    return placement


def running(consultant, kind=Kind.INTERNSHIP, start=START, end=END):
    """An active placement with its plan, as the start-date sweep leaves it."""
    opening = create_opening(create_employer(employees=40), kind=kind, seats=5)
    placement = create_placement(
        candidate=create_candidate(consultant.municipality),
        opening=opening,
        consultant=consultant,
        status=S.ACTIVE,
        start_date=start,
        end_date=end,
        hours_per_week=10,
    )
    plans.plan(placement, start)
    db.session.commit()
    return placement


def dates(placement):
    db.session.expire_all()
    return {f.key: f.due_date for f in placement.followups}


def followup(placement, key) -> FollowUp:
    return next(f for f in placement.followups if f.key == key)


def good(**fields):
    return Record(**{"wellbeing": 4, "hours_worked": 10, **fields})


# --- each kind's plan -----------------------------------------------------------------------------

# Start Monday 4 January 2027, end Friday 26 March 2027 (Good Friday). Worked out by hand:
# the middle is day 40 of 81, Saturday 13 February → Monday 15 February; the end moves past
# Good Friday, the weekend and Easter Monday to Tuesday 30 March; 3 months after the end is
# Saturday 26 June → Monday 28 June. Steps after the end date of a short placement are left out.
FIXED = {
    Kind.INTERNSHIP: {
        "first_week": D(2027, 1, 8),
        "midway": D(2027, 2, 15),
        "before_end": D(2027, 3, 19),
        "end_evaluation": D(2027, 3, 30),
        "outcome_3m": D(2027, 6, 28),
    },
    Kind.WAGE_SUBSIDY: {
        "first_week": D(2027, 1, 8),
        "midway": D(2027, 2, 15),
        "before_end": D(2027, 3, 19),
        "end_evaluation": D(2027, 3, 30),
        "outcome_3m": D(2027, 6, 28),
    },
    Kind.EDUCATION: {
        "first_week": D(2027, 1, 8),
        "midway": D(2027, 2, 15),
        "end_evaluation": D(2027, 3, 30),
        "outcome_3m": D(2027, 6, 28),
    },
    # The first quarterly follow-up (4 April) comes after the end.
    Kind.APPRENTICESHIP: {
        "first_week": D(2027, 1, 8),
        "end_evaluation": D(2027, 3, 30),
        "outcome_3m": D(2027, 6, 28),
    },
    Kind.SUPPORTED_JOB: {
        "weekly_1": D(2027, 1, 8),
        "weekly_2": D(2027, 1, 15),
        "weekly_3": D(2027, 1, 22),
        "weekly_4": D(2027, 1, 29),
        "monthly_1": D(2027, 3, 4),
        "end_evaluation": D(2027, 3, 30),
        "outcome_3m": D(2027, 6, 28),
    },
    # "Within 6 months" (4 July) comes after the end.
    Kind.SHELTERED_JOB: {"end_evaluation": D(2027, 3, 30)},
    Kind.FLEXJOB: {"first_month": D(2027, 2, 4), "end_evaluation": D(2027, 3, 30)},
}
# No end date: only steps tied to the start, and repeats up to 12 months ahead (4 January
# 2028, which is itself included). Sundays 4 April, 4 July and Saturdays 4 September and
# 4 December move to the Monday after.
OPEN_ENDED = {
    Kind.INTERNSHIP: {"first_week": D(2027, 1, 8)},
    Kind.WAGE_SUBSIDY: {"first_week": D(2027, 1, 8)},
    Kind.EDUCATION: {"first_week": D(2027, 1, 8)},
    Kind.APPRENTICESHIP: {
        "first_week": D(2027, 1, 8),
        "quarterly_1": D(2027, 4, 5),
        "quarterly_2": D(2027, 7, 5),
        "quarterly_3": D(2027, 10, 4),
        "quarterly_4": D(2028, 1, 4),
    },
    Kind.SUPPORTED_JOB: {
        "weekly_1": D(2027, 1, 8),
        "weekly_2": D(2027, 1, 15),
        "weekly_3": D(2027, 1, 22),
        "weekly_4": D(2027, 1, 29),
        "monthly_1": D(2027, 3, 4),
        "monthly_2": D(2027, 4, 5),
        "monthly_3": D(2027, 5, 4),
        "monthly_4": D(2027, 6, 4),
        "monthly_5": D(2027, 7, 5),
        "monthly_6": D(2027, 8, 4),
        "monthly_7": D(2027, 9, 6),
        "monthly_8": D(2027, 10, 4),
        "monthly_9": D(2027, 11, 4),
        "monthly_10": D(2027, 12, 6),
        "monthly_11": D(2028, 1, 4),
    },
    # The yearly follow-up starts 18 months in, beyond the 12-month horizon.
    Kind.SHELTERED_JOB: {"within_6m": D(2027, 7, 5)},
    # The status every 2½ years is beyond the horizon.
    Kind.FLEXJOB: {"first_month": D(2027, 2, 4)},
}


def test_the_tables_cover_every_kind():
    assert set(FIXED) == set(OPEN_ENDED) == set(Kind)


@pytest.mark.parametrize("kind", list(Kind), ids=lambda k: k.value)
def test_agreeing_plans_each_kinds_follow_ups(consultant, kind):
    placement = agreed(consultant, kind)
    assert dates(placement) == FIXED[kind]
    assert all(f.title and not f.done for f in placement.followups)


# Internships and wage subsidy cannot be agreed without an end date (the law's limit,
# tests/placements/test_duration_limits.py); their open-ended rows say what a plan would be.
@pytest.mark.parametrize(
    "kind", [k for k in Kind if k not in DURATION_LIMITS], ids=lambda k: k.value
)
def test_without_an_end_date_repeats_are_planned_up_to_the_horizon(consultant, kind):
    placement = agreed(consultant, kind, end=None)
    planned = dates(placement)
    assert planned == OPEN_ENDED[kind]
    horizon = START + relativedelta(months=FOLLOW_UP_HORIZON_MONTHS)
    assert max(planned.values()) <= horizon
    assert "end_evaluation" not in planned and "outcome_3m" not in planned


def test_an_open_ended_plan_looks_ahead_from_today_not_from_a_start_long_ago(consultant):
    placement = running(consultant, Kind.SUPPORTED_JOB, end=None)
    plans.plan(placement, D(2027, 11, 10))
    db.session.commit()
    planned = dates(placement)
    # 12 months from 10 November 2027: monthly_21 on 4 November 2028 (a Saturday → Monday 6).
    assert planned["monthly_21"] == D(2028, 11, 6)
    assert "monthly_22" not in planned
    assert planned["monthly_11"] == D(2028, 1, 4)  # earlier ones unchanged


# --- working days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day", [D(2026, 12, 24), D(2026, 12, 25), D(2026, 12, 26), D(2026, 12, 27)]
)
def test_christmas_moves_to_monday_28_december(day):
    assert next_working_day(day) == D(2026, 12, 28)


@pytest.mark.parametrize(
    "start",
    [D(2026, 12, 20), D(2026, 12, 21), D(2026, 12, 22)],
    ids=["due-24th", "due-25th", "due-26th"],
)
def test_a_planned_check_in_at_christmas_is_due_on_28_december(consultant, start):
    placement = agreed(consultant, start=start, end=D(2027, 2, 26), today=start)
    assert dates(placement)["first_week"] == D(2026, 12, 28)


def test_easter_monday_2027_moves_to_tuesday():
    assert next_working_day(D(2027, 3, 29)) == D(2027, 3, 30)


def test_an_end_on_easter_monday_is_evaluated_on_tuesday(consultant):
    placement = agreed(consultant, end=D(2027, 3, 29))
    assert dates(placement)["end_evaluation"] == D(2027, 3, 30)


@pytest.mark.parametrize(
    "day, moved_to",
    [
        (D(2027, 1, 9), D(2027, 1, 11)),  # Saturday → Monday
        (D(2027, 1, 10), D(2027, 1, 11)),  # Sunday → Monday
        (D(2027, 1, 11), D(2027, 1, 11)),  # a working day stays
        (D(2026, 12, 31), D(2027, 1, 4)),  # New Year's Eve, New Year's Day, the weekend
        (D(2027, 12, 24), D(2027, 12, 27)),  # Christmas Eve on a Friday
        (D(2027, 6, 4), D(2027, 6, 4)),  # the Friday before Constitution Day (a Saturday) is open
        (D(2026, 6, 5), D(2026, 6, 8)),  # Constitution Day on a Friday
    ],
    ids=str,
)
def test_weekends_and_closed_days_move_to_the_next_working_day(day, moved_to):
    assert next_working_day(day) == moved_to


def test_a_check_in_due_on_a_saturday_is_due_on_monday(consultant):
    placement = agreed(consultant, start=D(2027, 1, 5))  # Tuesday + 4 days = Saturday 9th
    assert dates(placement)["first_week"] == D(2027, 1, 11)


@pytest.mark.parametrize("day", [D(2026, 12, 24), D(2026, 12, 31)])
def test_christmas_eve_and_new_years_eve_are_closed_by_policy(day):
    # Not public holidays by law: the policy's categories close them.
    assert day not in holidays.country_holidays("DK", years=day.year)
    assert day in holidays.country_holidays("DK", years=day.year, categories=HOLIDAY_CATEGORIES)
    assert day.weekday() < 5 and not plans.is_working_day(day)


@pytest.mark.parametrize(
    "day, count, expected",
    [
        # Easter 2027: 29, 26, 25 March closed; three working days before Tuesday 30 March.
        (D(2027, 3, 30), 3, D(2027, 3, 22)),
        (D(2027, 3, 30), 1, D(2027, 3, 24)),
        # Christmas and New Year: 31 December and 1 January closed.
        (D(2027, 1, 4), 3, D(2026, 12, 28)),
        (D(2026, 12, 28), 1, D(2026, 12, 23)),
        # An ordinary week.
        (D(2027, 1, 15), 3, D(2027, 1, 12)),
        (D(2027, 1, 11), 1, D(2027, 1, 8)),
    ],
    ids=str,
)
def test_working_days_before_skips_weekends_and_holidays(day, count, expected):
    assert working_days_before(day, count) == expected


# --- re-planning -------------------------------------------------------------------------------


def test_new_dates_move_the_open_follow_ups_and_leave_a_done_one(consultant):
    placement = agreed(consultant)
    record(followup(placement, "first_week"), good(), consultant)
    db.session.commit()
    ids = {f.key: f.id for f in placement.followups}

    lifecycle.set_period(placement, D(2027, 1, 11), D(2027, 3, 5), 10, consultant)
    db.session.commit()

    # Middle: day 26 of 53, Saturday 6 February → Monday 8; the end plus 3 months is
    # Saturday 5 June (Constitution Day too) → Monday 7 June.
    assert dates(placement) == {
        "first_week": D(2027, 1, 8),
        "midway": D(2027, 2, 8),
        "before_end": D(2027, 2, 26),
        "end_evaluation": D(2027, 3, 5),
        "outcome_3m": D(2027, 6, 7),
    }
    assert {f.key: f.id for f in placement.followups} == ids  # moved, not made again
    assert followup(placement, "first_week").done
    # The agreement's next version prints the new dates.
    assert placement.agreement.version == 2
    assert versions.content_for(placement).followup_dates == (
        D(2027, 1, 8),
        D(2027, 2, 8),
        D(2027, 2, 26),
        D(2027, 3, 5),
        D(2027, 6, 7),
    )


def test_a_shorter_period_removes_open_follow_ups_it_no_longer_needs(consultant):
    placement = agreed(consultant, Kind.SUPPORTED_JOB, end=None)
    record(followup(placement, "weekly_4"), good(), consultant)
    db.session.commit()

    lifecycle.set_period(placement, START, D(2027, 1, 20), 10, consultant)
    db.session.commit()

    # weekly_3 (22 January) and every monthly one come after the new end: gone. weekly_4 is
    # after it too, but it was done and stays as it was.
    assert dates(placement) == {
        "weekly_1": D(2027, 1, 8),
        "weekly_2": D(2027, 1, 15),
        "weekly_4": D(2027, 1, 29),
        "end_evaluation": D(2027, 1, 20),
        "outcome_3m": D(2027, 4, 20),
    }
    assert [f.key for f in placement.followups if f.done] == ["weekly_4"]


def test_planning_twice_changes_nothing_the_second_time(consultant):
    placement = agreed(consultant, Kind.SUPPORTED_JOB, end=None)
    before = [(f.id, f.key, f.due_date, f.title) for f in placement.followups]
    assert plans.plan(placement, START) is False
    db.session.commit()
    db.session.expire_all()
    assert [(f.id, f.key, f.due_date, f.title) for f in placement.followups] == before


def test_a_placement_not_agreed_gets_no_plan(consultant):
    placement = accepted(consultant)
    assert plans.plan(placement, START) is False
    assert placement.followups == []


# --- closing the plan ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "finish",
    [
        lambda p, by: lifecycle.complete(p, by, Outcome.ORDINARY_JOB),
        lambda p, by: lifecycle.end_early(p, by, "Ryggen kunne ikke holde til det"),
    ],
    ids=["complete", "end_early"],
)
def test_after_the_end_only_the_outcome_check_is_still_to_come(consultant, finish):
    placement = running(consultant)
    record(followup(placement, "first_week"), good(), consultant)
    finish(placement, consultant)
    db.session.commit()
    # The done follow-up is history and stays; of the open ones only the outcome remains.
    assert dates(placement) == {"first_week": D(2027, 1, 8), "outcome_3m": D(2027, 6, 28)}


def test_a_cancelled_placement_keeps_no_open_follow_ups(consultant):
    placement = agreed(consultant)
    lifecycle.cancel(placement, consultant, "Firmaet lukker")
    db.session.commit()
    assert dates(placement) == {}


# --- the agreement lists the dates ---------------------------------------------------------------


def test_the_agreement_prints_the_planned_dates(consultant):
    placement = agreed(consultant)
    expected = (D(2027, 1, 8), D(2027, 2, 15), D(2027, 3, 19), D(2027, 3, 30), D(2027, 6, 28))
    assert versions.content_for(placement).followup_dates == expected
    # …and so does version 1 as it was stored when agreed.
    stored = AgreementContent.from_json(placement.agreement.content_json)
    assert placement.agreement.version == 1 and stored.followup_dates == expected


def test_extending_an_open_ended_plan_makes_no_new_agreement_version(consultant):
    placement = agreed(consultant, Kind.SUPPORTED_JOB, end=None)
    assert len(versions.content_for(placement).followup_dates) == 15
    assert plans.plan(placement, D(2027, 11, 10)) is True  # the next year is planned
    assert versions.refresh(placement, None) is None
    assert placement.agreement.version == 1


# --- recording ---------------------------------------------------------------------------------


@pytest.mark.parametrize("wellbeing", [None, 0, 6, -1])
def test_wellbeing_must_be_1_to_5(consultant, wellbeing):
    item = followup(running(consultant), "first_week")
    with pytest.raises(FollowUpRefused, match="^Vælg hvordan det går, fra 1 til 5.$"):
        record(item, good(wellbeing=wellbeing), consultant)
    assert not item.done


@pytest.mark.parametrize("hours", [-1, 81, 200])
def test_hours_worked_must_be_0_to_80(consultant, hours):
    item = followup(running(consultant), "first_week")
    with pytest.raises(FollowUpRefused, match="^Timer arbejdet skal være mellem 0 og 80 om ugen.$"):
        record(item, good(hours_worked=hours), consultant)
    assert not item.done


@pytest.mark.parametrize("wellbeing, hours", [(1, 0), (5, 80), (3, None)])
def test_the_limits_themselves_are_accepted(consultant, wellbeing, hours):
    item = followup(running(consultant), "first_week")
    record(item, good(wellbeing=wellbeing, hours_worked=hours), consultant)
    db.session.commit()
    assert (item.wellbeing, item.hours_worked) == (wellbeing, hours)


def test_recording_notes_when_and_by_whom(consultant):
    item = followup(running(consultant), "first_week")
    record(
        item,
        good(
            wellbeing=2,
            wellbeing_note="  Træt om morgenen  ",
            works="Pakning",
            does_not_work="Lange dage",
            next_step="Kortere dage",
            adaptations_add="Fleksibel start",
            outcome=Outcome.ORDINARY_JOB,
        ),
        consultant,
    )
    db.session.commit()
    db.session.expire_all()
    assert item.done and item.done_at is not None and item.done_by == consultant
    assert (item.wellbeing, item.wellbeing_label) == (2, "Dårligt")
    assert item.wellbeing_note == "Træt om morgenen"
    assert (item.works, item.does_not_work, item.next_step) == (
        "Pakning",
        "Lange dage",
        "Kortere dage",
    )
    assert item.adaptations_add == "Fleksibel start" and item.outcome == Outcome.ORDINARY_JOB

    # A correction later keeps the time it was first done.
    first_done = item.done_at
    colleague = create_user(Role.CONSULTANT)
    record(item, good(wellbeing=3), colleague)
    db.session.commit()
    assert item.done_at == first_done and item.done_by == colleague and item.wellbeing == 3


def test_a_cancelled_placements_follow_up_cannot_be_recorded(consultant):
    placement = running(consultant)
    item = followup(placement, "first_week")
    placement.status = S.CANCELLED  # as if cancelled while the page was open
    with pytest.raises(FollowUpRefused, match="Forløbet er annulleret"):
        record(item, good(), consultant)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_the_employers_view_needs_text(consultant, text):
    item = followup(running(consultant), "first_week")
    boss = create_user(Role.EMPLOYER, employer=item.placement.opening.employer)
    with pytest.raises(FollowUpRefused, match="^Skriv jeres vurdering, før I gemmer.$"):
        add_employer_view(item, text, boss)
    assert item.employer_view == "" and item.employer_view_by is None


def test_the_employers_view_is_kept_with_who_wrote_it(consultant):
    item = followup(running(consultant), "first_week")
    boss = create_user(Role.EMPLOYER, employer=item.placement.opening.employer)
    add_employer_view(item, "  Mødestabil og glad.  ", boss)
    db.session.commit()
    db.session.expire_all()
    assert item.employer_view == "Mødestabil og glad."
    assert item.employer_view_by == boss and item.employer_view_at is not None
    assert not item.done  # the company's view does not record the follow-up


def test_the_citizen_sees_only_done_summaries_marked_as_shared(consultant):
    placement = running(consultant)
    shared, private, not_done = (
        followup(placement, key) for key in ("first_week", "midway", "before_end")
    )
    record(shared, good(shared_with_citizen=True), consultant)
    record(private, good(shared_with_citizen=False), consultant)
    not_done.shared_with_citizen = True  # marked, but nothing recorded yet
    db.session.commit()
    assert shared_summaries(placement) == [shared]
