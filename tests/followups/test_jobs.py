"""The follow-ups' sweeps (placement/followups/jobs.py), each at a realistic moment: plans made
and extended, reminders before and after a follow-up is due."""

import re
from datetime import date

from placement.extensions import db
from placement.followups import jobs, plans
from placement.followups.plans import Record, record
from placement.models import Kind, Role
from placement.models import placements as model
from tests.conftest import statements_sent
from tests.factories import create_municipality, create_user
from tests.scheduled import (
    CPR,
    START,
    S,
    at,
    busy_morning,  # noqa: F401 (a fixture)
    consultant,  # noqa: F401 (a fixture)
    manager,  # noqa: F401 (a fixture)
    notes,
    placement_in,
    run,
    with_followup,
)

# --- plans ---------------------------------------------------------------------------------------


def test_an_agreed_placement_without_follow_ups_gets_its_plan(consultant):
    placement = placement_in(consultant, S.AGREED)
    proposed = placement_in(consultant, S.PROPOSED)
    result = run("plans", at(date(2026, 12, 21), 5, 30))
    assert result.done == 1
    db.session.expire_all()
    assert {f.key for f in placement.followups} == {
        "first_week",
        "midway",
        "before_end",
        "end_evaluation",
        "outcome_3m",
    }
    assert proposed.followups == []
    # Already planned: the next morning has nothing to do.
    assert run("plans", at(date(2026, 12, 22), 5, 30)).done == 0


def test_an_open_ended_plan_is_extended_when_its_last_follow_up_comes_near(consultant):
    placement = placement_in(consultant, S.ACTIVE, Kind.SUPPORTED_JOB, end=None)
    plans.plan(placement, START)
    db.session.commit()
    last = max(f.due_date for f in placement.followups)
    assert last == date(2028, 1, 4)
    # 64 days before the last one: far enough ahead. 55 days: the next year is planned.
    assert run("plans", at(date(2027, 11, 1), 5, 30)).done == 0
    assert run("plans", at(date(2027, 11, 10), 5, 30)).done == 1
    db.session.expire_all()
    added = {f.key: f.due_date for f in placement.followups if f.due_date > last}
    # A year ahead of 10 November 2027: monthly_12 (4 February 2028) to monthly_21.
    assert sorted(added, key=lambda k: int(k.split("_")[1])) == [
        f"monthly_{n}" for n in range(12, 22)
    ]
    assert added["monthly_12"] == date(2028, 2, 4)
    assert run("plans", at(date(2027, 11, 10), 5, 30)).done == 0


def test_a_long_apprenticeship_gets_its_next_quarterly_follow_ups(consultant):
    placement = placement_in(consultant, S.ACTIVE, Kind.APPRENTICESHIP, end=date(2029, 12, 21))
    plans.plan(placement, START)
    db.session.commit()
    assert "quarterly_5" not in {f.key for f in placement.followups}  # beyond the first year
    run("plans", at(date(2027, 12, 1), 5, 30))
    db.session.expire_all()
    # 4 April 2028, a Tuesday: the quarter after quarterly_4 (4 January 2028).
    assert {f.key: f.due_date for f in placement.followups}.get("quarterly_5") == date(2028, 4, 4)


# --- reminders -----------------------------------------------------------------------------------


def test_the_consultant_is_reminded_3_working_days_before_not_4(consultant, manager):
    item = with_followup(consultant, date(2027, 1, 15), name="Ida Jensen")  # a Friday
    run("reminders", at(date(2027, 1, 11), 7))  # Monday: 4 working days before
    assert notes(consultant) == []
    run("reminders", at(date(2027, 1, 12), 7))  # Tuesday: 3 working days before
    [note] = notes(consultant)
    assert note.title == "Opfølgning efter første uge med Ida Jensen 15. januar 2027"
    assert note.key == f"followup-due:{item.id}:2027-01-15"
    assert notes(manager) == []  # not overdue: the manager is not told
    run("reminders", at(date(2027, 1, 13), 7))
    assert len(notes(consultant)) == 1


def test_the_reminder_counts_working_days_over_easter(consultant):
    with_followup(consultant, date(2027, 3, 30))  # the Tuesday after Easter Monday
    run("reminders", at(date(2027, 3, 19), 7))  # Friday: 4 working days before
    assert notes(consultant) == []
    run("reminders", at(date(2027, 3, 22), 7))  # Monday: 3 working days before
    assert len(notes(consultant)) == 1


def test_an_overdue_follow_up_tells_the_consultant_and_the_municipalitys_managers(
    consultant, manager
):
    item = with_followup(consultant, date(2027, 1, 8), name="Ida Jensen", cpr=CPR)
    elsewhere = create_user(Role.MANAGER, municipality=create_municipality("Skive", "779"))
    run("reminders", at(date(2027, 1, 11), 7))

    [mine] = notes(consultant)
    assert mine.title == "Overskredet: Opfølgning efter første uge med Ida Jensen"
    assert mine.body == "Opfølgningen skulle være gjort 8. januar 2027."
    [theirs] = notes(manager)
    assert theirs.title == "En opfølgning er overskredet"
    assert theirs.body == "Mette Konsulent har en opfølgning, der skulle være gjort 8. januar 2027."
    # The manager is told who is behind, not about whom.
    for text in (theirs.title, theirs.body):
        assert "Ida" not in text and "Jensen" not in text and "241287" not in text
    # Both refer to the placement: erasure finds the manager's too.
    assert mine.placement_id == theirs.placement_id == item.placement_id
    assert notes(elsewhere) == []
    assert mine.key == theirs.key == f"followup-overdue:{item.id}:2027-01-08"

    run("reminders", at(date(2027, 1, 12), 7))
    assert len(notes(consultant)) == len(notes(manager)) == 1


def test_a_long_overdue_backlog_sends_no_old_alerts(consultant, manager):
    # Due 1 December, first seen by the scheduler on 11 January: older than OVERDUE_ALERT_DAYS.
    with_followup(consultant, date(2026, 12, 1))
    run("reminders", at(date(2027, 1, 11), 7))
    assert notes(consultant) == [] and notes(manager) == []


def test_a_done_follow_up_is_not_reminded(consultant, manager):
    item = with_followup(consultant, date(2027, 1, 8))
    record(item, Record(wellbeing=4), consultant)
    db.session.commit()
    run("reminders", at(date(2027, 1, 11), 7))
    assert notes(consultant) == [] and notes(manager) == []


def test_deactivated_people_get_nothing(consultant, manager):
    other_manager = create_user(Role.MANAGER, municipality=consultant.municipality)
    with_followup(consultant, date(2027, 1, 8))
    consultant.active = False
    manager.active = False
    db.session.commit()
    run("reminders", at(date(2027, 1, 11), 7))
    assert notes(consultant) == [] and notes(manager) == []
    assert [n.title for n in notes(other_manager)] == ["En opfølgning er overskredet"]


def test_a_rerun_of_the_reminders_reads_the_keys_and_nothing_else(busy_morning):
    first = jobs.remind_followups(at(START))
    db.session.commit()
    assert first.notifications, "the data should call for reminders"
    with statements_sent() as statements:
        again = jobs.remind_followups(at(START))
    assert again.notifications == []
    # The follow-ups in the window whose key was not yet sent to their consultant, which are
    # none: no follow-up, placement or person is loaded to write a message that exists.
    assert len(statements) == 1


def test_each_hears_of_an_overdue_follow_up_in_their_own_language(viborg, manager):
    english = create_user(
        Role.CONSULTANT, municipality=viborg, name="Mette Konsulent", language="en"
    )
    with_followup(english, date(2027, 1, 8), name="Ida Jensen")
    run("reminders", at(date(2027, 1, 11), 7))

    [mine] = notes(english)
    # The follow-up's title is the plan's, as the consultant's pages show it.
    assert mine.title == "Overdue: Opfølgning efter første uge with Ida Jensen"
    assert mine.body == "The follow-up should have been done on January 8, 2027."
    [theirs] = notes(manager)
    assert theirs.title == "En opfølgning er overskredet"
    assert theirs.body == "Mette Konsulent har en opfølgning, der skulle være gjort 8. januar 2027."


def test_a_reminder_in_english_gives_the_date_in_english(viborg):
    english = create_user(Role.CONSULTANT, municipality=viborg, language="en")
    with_followup(english, date(2027, 1, 15), name="Ida Jensen")
    run("reminders", at(date(2027, 1, 12), 7))
    assert [n.title for n in notes(english)] == [
        "Opfølgning efter første uge with Ida Jensen on January 15, 2027"
    ]


def test_the_partial_indexes_name_the_states_the_sweeps_ask_for():
    """The indexes' predicates are SQL text; the sweeps' states are enums. If one changes
    without the other, the database stops using the index (or the sweep misses rows)."""

    def states(predicate: str) -> set[str]:
        return set(re.findall(r"'([a-z_]+)'", predicate))

    assert states(model.PLAN_MAY_GROW) == {s.value for s in plans.PLANNED_STATES}
    assert states(model.REMINDED) == {s.value for s in jobs.REMINDED_STATES}
