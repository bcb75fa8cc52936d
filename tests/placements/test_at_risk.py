"""The rule for placements at risk (placement/placements/at_risk.py) on constructed histories:
each signal alone, none, several together, and the edges at the thresholds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from placement.extensions import db
from placement.models import (
    AbsenceDay,
    AbsenceReason,
    CheckIn,
    FollowUp,
    HoursStep,
    PlacementStatus,
    Role,
)
from placement.placements import at_risk
from placement.placements.check_ins import week_of
from tests.conftest import statements_sent
from tests.factories import create_candidate, create_opening, create_placement, create_user

S = PlacementStatus
TODAY = date(2027, 3, 10)  # a Wednesday
THIS_WEEK = week_of(TODAY)


@pytest.fixture
def consultant(viborg):
    return create_user(Role.CONSULTANT, municipality=viborg)


def running(consultant, start=TODAY - timedelta(days=35), status=S.ACTIVE, **fields):
    return create_placement(
        candidate=create_candidate(consultant.municipality, consultant=consultant),
        opening=create_opening(),
        consultant=consultant,
        status=status,
        start_date=start,
        end_date=TODAY + timedelta(days=60),
        hours_per_week=10,
        **fields,
    )


def away(placement, consultant, *days_ago, reason=AbsenceReason.UNEXPLAINED):
    for n in days_ago:
        db.session.add(
            AbsenceDay(
                placement_id=placement.id,
                day=TODAY - timedelta(days=n),
                reason=reason,
                registered_by_id=consultant.id,
            )
        )
    db.session.commit()


def followup(placement, due_days_ago, done=False, hours=None, key="f"):
    item = FollowUp(
        placement_id=placement.id,
        key=key,
        title="Midtvejsopfølgning",
        due_date=TODAY - timedelta(days=due_days_ago),
        done_at=datetime(2027, 3, 1, 10, tzinfo=UTC) if done else None,
        hours_worked=hours,
    )
    db.session.add(item)
    db.session.commit()


def answers(placement, *scores):
    """Check-ins, newest first: this week's, last week's, ... None: asked, not answered."""
    for n, score in enumerate(scores):
        db.session.add(
            CheckIn(
                placement_id=placement.id,
                week=THIS_WEEK - timedelta(weeks=n),
                score=score,
                words="",
                answered_at=datetime(2027, 3, 1, tzinfo=UTC) if score else None,
            )
        )
    db.session.commit()


def codes(placement) -> list[str]:
    return [signal.code for signal in at_risk.of_placement(placement, TODAY)]


def test_a_placement_with_nothing_wrong_is_not_listed(consultant):
    placement = running(consultant)
    answers(placement, 4, 4, 5)
    followup(placement, 20, done=True, hours=10)
    assert codes(placement) == []
    assert at_risk.for_consultant(consultant, TODAY).shown == []


# --- absence ------------------------------------------------------------------------------------


def test_three_days_without_explanation_in_the_last_fourteen_days_is_a_signal(consultant):
    placement = running(consultant)
    away(placement, consultant, 0, 6, 13)  # the 14-day window includes today and 13 days back
    [signal] = at_risk.of_placement(placement, TODAY)
    assert signal.code == "absence"
    assert signal.reason == "3 dages fravær uden forklaring de sidste 14 dage."


def test_two_days_or_older_days_or_illness_are_not(consultant):
    two = running(consultant)
    away(two, consultant, 1, 2)
    old = running(consultant)
    away(old, consultant, 1, 2, 14)  # the third is 14 days back: outside the window
    ill = running(consultant)
    away(ill, consultant, 1, 2)
    away(ill, consultant, 3, reason=AbsenceReason.ILLNESS)
    assert codes(two) == codes(old) == codes(ill) == []


# --- follow-ups ---------------------------------------------------------------------------------


def test_a_follow_up_a_week_overdue_is_a_signal_six_days_is_not(consultant):
    late = running(consultant)
    followup(late, 7)
    nearly = running(consultant)
    followup(nearly, 6)
    done = running(consultant)
    followup(done, 20, done=True)
    [signal] = at_risk.of_placement(late, TODAY)
    assert signal.code == "followup_overdue"
    assert "»Midtvejsopfølgning«" in signal.reason and "(7 dage siden)" in signal.reason
    assert codes(nearly) == codes(done) == []


# --- the hours plan ------------------------------------------------------------------------------


def plan(placement, *steps):
    for week, hours in steps:
        db.session.add(HoursStep(placement_id=placement.id, from_week=week, hours_per_week=hours))
    db.session.commit()


def test_a_step_up_beyond_the_hours_last_worked_is_a_signal(consultant):
    # Started 5 weeks ago: week 6 now, and the plan said 15 from week 4.
    placement = running(consultant)
    plan(placement, (1, 10), (4, 15))
    followup(placement, 10, done=True, hours=10)
    [signal] = at_risk.of_placement(placement, TODAY)
    assert signal.code == "hours_stalled"
    assert "15 timer om ugen nu" in signal.reason and "arbejdede borgeren 10" in signal.reason


def test_no_signal_when_the_hours_keep_up_or_the_step_up_has_not_come(consultant):
    kept_up = running(consultant)
    plan(kept_up, (1, 10), (4, 15))
    followup(kept_up, 3, done=True, hours=15)
    not_yet = running(consultant, start=TODAY - timedelta(days=20))  # week 3
    plan(not_yet, (1, 10), (4, 15))
    followup(not_yet, 3, done=True, hours=8)  # below the first step: not a stalled step-up
    no_plan = running(consultant)
    followup(no_plan, 3, done=True, hours=5)
    never_measured = running(consultant)
    plan(never_measured, (1, 10), (2, 20))
    assert codes(kept_up) == codes(not_yet) == codes(no_plan) == codes(never_measured) == []


# --- the citizen's check-ins ----------------------------------------------------------------------


def test_a_latest_score_of_two_is_a_signal_three_is_not(consultant):
    low = running(consultant)
    answers(low, 2)
    fair = running(consultant)
    answers(fair, 3)
    [signal] = at_risk.of_placement(low, TODAY)
    assert signal.code == "low_score"
    assert "svarede 2 (Dårligt)" in signal.reason
    assert codes(fair) == []


def test_a_fall_of_two_from_the_average_of_the_previous_three_is_a_signal(consultant):
    fell = running(consultant)
    answers(fell, 3, 5, 5, 5, 1)  # the fifth is older than the three compared
    slipped = running(consultant)
    answers(slipped, 3, 4, 4, 5)  # 4.33 on average: down 1.33
    [signal] = at_risk.of_placement(fell, TODAY)
    assert signal.code == "score_fall"
    assert "faldet til 3 fra 5 i snit de 3 svar før" in signal.reason
    assert codes(slipped) == []


def test_the_latest_answer_counts_even_from_last_week(consultant):
    # Not answered yet this week: last week's low answer still stands.
    placement = running(consultant)
    answers(placement, None, 1, 4)
    assert sorted(codes(placement)) == ["low_score", "score_fall"]


def test_three_weeks_asked_without_an_answer_is_a_signal_this_week_not_counted(consultant):
    silent = running(consultant)
    answers(silent, None, None, None, None, 4)  # this week (open) and three before it
    two = running(consultant)
    answers(two, None, None, None, 4)  # this week open, two missed
    [signal] = at_risk.of_placement(silent, TODAY)
    assert signal.code == "unanswered"
    assert signal.reason == ("Borgeren har ikke svaret på »Hvordan går det?« de sidste 3 uger.")
    assert codes(two) == []


def test_no_check_ins_at_all_is_no_signal(consultant):
    # A citizen who is never asked (no address, or turned the mails off) is not "silent".
    assert codes(running(consultant)) == []


# --- together -----------------------------------------------------------------------------------


def test_signals_together_are_listed_heaviest_first_and_the_list_by_weight(consultant):
    heavy = running(consultant)
    away(heavy, consultant, 1, 2, 3)
    followup(heavy, 10)
    answers(heavy, 1)
    light = running(consultant)
    answers(light, None, None, None, None)
    middle = running(consultant)
    followup(middle, 8)
    listing = at_risk.for_consultant(consultant, TODAY)
    assert [item.placement.id for item in listing.shown] == [heavy.id, middle.id, light.id]
    assert [s.code for s in listing.shown[0].signals] == [
        "absence",
        "low_score",
        "followup_overdue",
    ]
    assert listing.shown[0].weight == 8 and listing.total == 3


def test_only_running_placements_are_assessed(consultant):
    for status in (S.AGREED, S.AWAITING_EVALUATION, S.COMPLETED, S.ENDED_EARLY):
        placement = running(consultant, status=status)
        answers(placement, 1)
    assert at_risk.for_consultant(consultant, TODAY).shown == []


def test_the_list_is_cut_at_its_length_and_says_how_many_more(consultant):
    for _n in range(4):
        answers(running(consultant), 1)
    listing = at_risk.for_consultant(consultant, TODAY, limit=3)
    assert len(listing.shown) == 3 and listing.total == 4


def test_the_list_reads_in_a_fixed_number_of_statements(consultant):
    def statements(n):
        db.session.expire_all()
        with statements_sent() as sent:
            listing = at_risk.for_consultant(consultant, TODAY, limit=100)
            for item in listing.shown:
                _ = (item.placement.candidate.name, item.placement.opening.employer.name)
        return len(sent), listing.total

    for _n in range(2):
        p = running(consultant)
        answers(p, 1)
        followup(p, 9)
    few = statements(2)
    for _n in range(38):
        p = running(consultant)
        answers(p, 1)
        followup(p, 9)
    many = statements(40)
    assert few[1] == 2 and many[1] == 40
    assert many[0] == few[0]


def test_the_consultants_list_holds_their_own_placements_only(consultant, viborg):
    colleague = create_user(Role.CONSULTANT, municipality=viborg)
    mine = running(consultant)
    answers(mine, 1)
    theirs = running(colleague)
    answers(theirs, 1)
    # A placement without its own consultant is the citizen's consultant's.
    citizens = running(consultant)
    citizens.consultant = None
    answers(citizens, 1)
    shown = {item.placement.id for item in at_risk.for_consultant(consultant, TODAY).shown}
    assert shown == {mine.id, citizens.id}
