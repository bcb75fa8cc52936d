"""The scheduled sweeps, each at a realistic moment, and a whole tick twice changing nothing."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from placement import sweeps
from placement.agreements import versions
from placement.common import clock
from placement.extensions import db
from placement.followups import plans
from placement.followups.plans import Record, record
from placement.models import (
    Candidate,
    EmailState,
    FollowUp,
    Kind,
    Notification,
    OpeningStatus,
    Party,
    PlacementEvent,
    PlacementStatus,
    Role,
)
from placement.notifications.outbox import send_due
from placement.placements import lifecycle
from placement.scheduler import tick
from tests.conftest import statements_sent
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)

S = PlacementStatus
CPH = clock.COPENHAGEN
START = date(2027, 1, 4)  # a Monday
END = date(2027, 3, 26)
CPR = "241287-3459"


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    """That moment in Copenhagen, as the scheduler's `now` (an aware datetime)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CPH)


@pytest.fixture
def viborg():
    return create_municipality()


@pytest.fixture
def consultant(viborg):
    return create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")


@pytest.fixture
def manager(viborg):
    return create_user(Role.MANAGER, municipality=viborg, name="Hanne Leder")


def accepted(consultant, kind=Kind.INTERNSHIP, start=START, end=END, **candidate_fields):
    opening = create_opening(create_employer(employees=40), kind=kind, seats=5)
    candidate = create_candidate(consultant.municipality, **candidate_fields)
    return create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=S.ACCEPTED,
        start_date=start,
        end_date=end,
        hours_per_week=10,
    )


def agreed(
    consultant, kind=Kind.INTERNSHIP, start=START, end=END, confirmed=True, **candidate_fields
):
    """Agreed the way a consultant does it (plan and agreement version 1), and confirmed by
    the consultant, the company and the citizen unless told otherwise."""
    placement = accepted(consultant, kind, start, end, **candidate_fields)
    lifecycle.agree(placement, consultant, today=start - timedelta(days=14))
    if confirmed:
        confirm(placement, consultant, *Party)
    db.session.commit()
    return placement


def confirm(placement, consultant, *parties):
    people = {
        Party.CONSULTANT: lambda: consultant,
        Party.EMPLOYER: lambda: create_user(Role.EMPLOYER, employer=placement.opening.employer),
        Party.CITIZEN: lambda: create_user(Role.CITIZEN, candidate=placement.candidate),
    }
    for party in parties:
        versions.confirm(placement, people[party](), placement.agreement.version)
    db.session.commit()


def placement_in(
    consultant, status, kind=Kind.INTERNSHIP, start=START, end=END, **candidate_fields
):
    """A placement written straight into a state, without a plan (the plans sweep makes it)."""
    opening = create_opening(create_employer(employees=40), kind=kind, seats=5)
    candidate = create_candidate(consultant.municipality, **candidate_fields)
    return create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=status,
        start_date=start,
        end_date=end,
        hours_per_week=10,
    )


def with_followup(consultant, due: date, status=S.ACTIVE, **candidate_fields):
    placement = placement_in(consultant, status, **candidate_fields)
    item = FollowUp(key="first_week", title="Opfølgning efter første uge", due_date=due)
    placement.followups.append(item)
    db.session.commit()
    return item


def notes(user):
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def run(sweep, now):
    result = sweeps.SWEEPS[sweep](now)
    db.session.commit()
    return result


# --- 1. plans ------------------------------------------------------------------------------------


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


# --- 2. placements ---------------------------------------------------------------------------


def test_a_confirmed_placement_starts_on_its_start_date(consultant):
    placement = agreed(consultant, name="Ida Jensen")
    assert run("placements", at(START - timedelta(days=1))).done == 0
    assert placement.status == S.AGREED

    result = run("placements", at(START, 6))
    assert result.done == 1
    db.session.expire_all()
    assert placement.status == S.ACTIVE
    [event] = [e for e in placement.events if e.to_status == S.ACTIVE]
    assert (event.from_status, event.actor, event.note) == (
        S.AGREED,
        None,
        "Startet på startdatoen.",
    )
    # Besides the news that everyone confirmed the agreement (placement/notifications/notices.py).
    [note] = [n for n in notes(consultant) if n.key.startswith("placement-started:")]
    assert note.title.startswith("Ida Jensen er startet hos")
    assert (note.placement_id, note.candidate_id) == (placement.id, placement.candidate_id)


def test_the_start_date_is_the_date_in_copenhagen(consultant):
    placement = agreed(consultant)
    # 22:30 UTC on 3 January is still the 3rd in Copenhagen; 23:30 UTC is 00:30 on the 4th.
    assert run("placements", datetime(2027, 1, 3, 22, 30, tzinfo=UTC)).done == 0
    assert run("placements", datetime(2027, 1, 3, 23, 30, tzinfo=UTC)).done == 1
    assert placement.status == S.ACTIVE
    # Summer time: 22:30 UTC on 30 June is 00:30 on 1 July.
    assert clock.today(datetime(2027, 6, 30, 22, 30, tzinfo=UTC)) == date(2027, 7, 1)


def test_an_unconfirmed_placement_waits_and_its_consultant_hears_once_per_version(consultant):
    placement = agreed(consultant, confirmed=False, name="Ida Jensen")
    confirm(placement, consultant, Party.CONSULTANT, Party.CITIZEN)

    assert run("placements", at(START, 6)).done == 0
    db.session.expire_all()
    assert placement.status == S.AGREED and placement.events[-1].to_status == S.AGREED
    [note] = notes(consultant)
    assert note.title == "Aftalen med Ida Jensen er ikke bekræftet"
    assert note.body == "Forløbet skulle starte, men aftalen mangler bekræftelse fra: virksomhed."

    # The same version a day later, and the same morning again: nothing new.
    run("placements", at(START, 7))
    run("placements", at(START + timedelta(days=1), 6))
    assert len(notes(consultant)) == 1

    # A change makes version 2, which nobody has confirmed: the consultant hears again, once.
    lifecycle.set_period(placement, START, END, 12, consultant)
    db.session.commit()
    run("placements", at(START + timedelta(days=2), 6))
    run("placements", at(START + timedelta(days=3), 6))
    assert [n.key for n in notes(consultant)] == [
        f"agreement-unconfirmed:{placement.id}:1",
        f"agreement-unconfirmed:{placement.id}:2",
    ]
    assert "jobkonsulent, virksomhed, borger" in notes(consultant)[-1].body
    assert placement.status == S.AGREED


def test_a_running_placement_awaits_evaluation_the_day_after_its_end(consultant):
    placement = placement_in(consultant, S.ACTIVE, name="Ida Jensen")
    assert run("placements", at(END, 23)).done == 0
    assert placement.status == S.ACTIVE

    assert run("placements", at(END + timedelta(days=1), 6)).done == 1
    db.session.expire_all()
    assert placement.status == S.AWAITING_EVALUATION
    [event] = placement.events
    assert (event.from_status, event.to_status, event.actor) == (
        S.ACTIVE,
        S.AWAITING_EVALUATION,
        None,
    )
    [note] = notes(consultant)
    assert note.title == "Forløbet med Ida Jensen er slut og venter på evaluering"


# --- 3. reminders --------------------------------------------------------------------------------


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


# --- 4. openings -----------------------------------------------------------------------------


def test_an_opening_past_its_deadline_expires_and_each_company_user_hears(consultant):
    company = create_employer(name="Hald Lager ApS")
    first = create_user(Role.EMPLOYER, employer=company)
    second = create_user(Role.EMPLOYER, employer=company)
    past = create_opening(company, title="Lagermedhjælper", deadline=date(2027, 1, 3))
    today = create_opening(company, title="Chauffør", deadline=date(2027, 1, 4))
    draft = create_opening(
        company, title="Kladde", deadline=date(2027, 1, 1), status=OpeningStatus.DRAFT
    )

    result = run("openings", at(START, 0, 30))
    assert result.done == 1
    db.session.expire_all()
    assert (past.status, today.status, draft.status) == (
        OpeningStatus.EXPIRED,
        OpeningStatus.PUBLISHED,
        OpeningStatus.DRAFT,
    )
    for user in (first, second):
        [note] = notes(user)
        assert note.title == 'Jeres opslag "Lagermedhjælper" er udløbet'
        assert "3. januar 2027" in note.body and note.opening_id == past.id
    assert notes(consultant) == []

    assert run("openings", at(START, 0, 30)).done == 0
    assert len(notes(first)) == 1


# --- 5. weekly summaries -----------------------------------------------------------------------


def test_each_consultant_gets_one_summary_a_week_with_the_right_counts(consultant, viborg):
    wednesday, overdue = date(2027, 1, 6), date(2026, 12, 30)
    with_followup(consultant, wednesday)
    with_followup(consultant, date(2027, 1, 8))
    with_followup(consultant, overdue)
    with_followup(consultant, date(2027, 1, 11))  # next week
    done = with_followup(consultant, date(2027, 1, 5))
    record(done, Record(wellbeing=4), consultant)
    with_followup(consultant, date(2027, 1, 5), status=S.CANCELLED)  # no longer followed up
    for _ in range(2):
        placement_in(consultant, S.PROPOSED)
    placement_in(consultant, S.ACCEPTED)  # answered: not waiting
    colleague = create_user(Role.CONSULTANT, municipality=viborg)
    gone = create_user(Role.CONSULTANT, municipality=viborg, active=False)
    db.session.commit()

    run("weekly", at(START, 7, 30))
    [note] = notes(consultant)
    assert note.title == "Ugens overblik, uge 1"
    assert note.body == (
        "Opfølgninger i denne uge: 2\nOverskredne opfølgninger: 1\nTilbud, der venter på svar: 2"
    )
    assert note.key == "weekly:2027-W01"
    assert [n.body for n in notes(colleague)] == [
        "Opfølgninger i denne uge: 0\nOverskredne opfølgninger: 0\nTilbud, der venter på svar: 0"
    ]
    assert notes(gone) == []

    # Later the same week: nothing new. The next Monday: the next week's summary.
    run("weekly", at(date(2027, 1, 7), 7, 30))
    assert len(notes(consultant)) == 1
    run("weekly", at(date(2027, 1, 11), 7, 30))
    assert [n.key for n in notes(consultant)] == ["weekly:2027-W01", "weekly:2027-W02"]


# --- the whole tick ----------------------------------------------------------------------------


@pytest.fixture
def busy_morning(consultant, manager):
    """Monday 4 January 2027: something for every sweep to do."""
    starting = agreed(consultant, name="Ida Jensen", cpr=CPR)
    agreed(consultant, confirmed=False, cpr="010203-1235")  # waits for confirmation
    placement_in(consultant, S.AGREED, start=date(2027, 1, 11))  # no plan yet
    ending = placement_in(
        consultant, S.ACTIVE, start=date(2026, 11, 2), end=date(2027, 1, 1), cpr="311299-1237"
    )
    plans.plan(ending, date(2026, 11, 2))  # some of it overdue by now
    company = create_employer()
    create_user(Role.EMPLOYER, employer=company)
    create_opening(company, deadline=date(2026, 12, 31))
    # Ended more than five years ago: the retention sweep anonymises the citizen.
    placement_in(consultant, S.COMPLETED, start=date(2021, 1, 4), end=date(2021, 6, 30))
    db.session.commit()
    return starting


def counts():
    return count(FollowUp), count(Notification), count(PlacementEvent)


def test_a_second_tick_for_the_same_moment_changes_nothing(busy_morning):
    before = counts()
    results = tick(at(START))
    db.session.commit()
    after_first = counts()
    # The first tick did something in every sweep, so the second one has something to repeat.
    assert all(result.done or result.notifications for result in results.values()), results
    assert after_first[0] > before[0] and after_first[1] > before[1]
    assert after_first[2] == before[2] + 2  # one started, one awaiting evaluation

    again = tick(at(START))
    assert counts() == after_first
    assert all(r.done == 0 and r.notifications == [] for r in again.values()), again


def test_a_rerun_of_the_reminders_reads_the_keys_and_nothing_else(busy_morning):
    first = sweeps.remind_followups(at(START))
    db.session.commit()
    assert first.notifications, "the data should call for reminders"
    with statements_sent() as statements:
        again = sweeps.remind_followups(at(START))
    assert again.notifications == []
    # The follow-ups in the window with their keys, and which keys were sent: no follow-up,
    # placement or person is loaded to write a message that exists already.
    assert len(statements) == 2


def test_the_tick_command_prints_a_line_per_sweep(runner, busy_morning):
    result = runner.invoke(args=["scheduler", "tick", "--now", "2027-01-04T08:00"])
    assert result.exit_code == 0, result.output
    *lines, mail = result.stdout.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == list(sweeps.SWEEPS)
    assert all(line.endswith("notification(s)") for line in lines)
    made = count(Notification)
    assert mail == f"outbox: {made} sent, 0 to retry, 0 undeliverable"
    db.session.expire_all()
    assert busy_morning.status == S.ACTIVE
    # The second run has nothing to do, and says so.
    again = runner.invoke(args=["scheduler", "tick", "--now", "2027-01-04T08:00"])
    assert again.exit_code == 0
    assert again.stdout.strip().splitlines() == [
        f"{name}: 0 changed, 0 notification(s)" for name in sweeps.SWEEPS
    ] + ["outbox: 0 sent, 0 to retry, 0 undeliverable"]


def test_the_tick_commands_now_is_copenhagen_time(runner, consultant):
    placement = agreed(consultant)
    # 00:30 on 4 January in Copenhagen is still 3 January in UTC.
    result = runner.invoke(args=["scheduler", "tick", "--now", "2027-01-04T00:30"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert placement.status == S.ACTIVE


@pytest.mark.parametrize("now", ["4. januar 2027", "2027-13-01T08:00", "i morgen"])
def test_a_bad_now_is_refused_with_the_form_to_use(runner, now):
    result = runner.invoke(args=["scheduler", "tick", "--now", now])
    assert result.exit_code == 2
    assert "Invalid value for --now: use the form 2027-01-04T08:00" in result.output
    assert count(Notification) == 0


def test_the_tick_commits_the_notifications_and_mails_nothing_itself(busy_morning, outbox):
    results = tick(at(START))
    assert sum(len(r.notifications) for r in results.values()) > 0
    db.session.expire_all()
    made = list(db.session.scalars(select(Notification)))
    assert made and outbox == []
    assert {n.email_state for n in made} == {EmailState.PENDING}


def test_the_sender_mails_the_ticks_notifications_once_and_never_a_cpr_number(busy_morning, outbox):
    tick(at(START))
    assert send_due().sent > 0
    db.session.expire_all()
    made = list(db.session.scalars(select(Notification)))
    assert made and len(outbox) == len(made)
    assert all(n.emailed_at is not None and n.email_state == EmailState.SENT for n in made)
    assert sorted(m["to"] for m in outbox) == sorted(n.user.email for n in made)
    for mail in outbox:
        text = mail["subject"] + "\n" + mail["body"]
        for cpr in (CPR, "010203-1235", "311299-1237"):
            assert cpr not in text and cpr.replace("-", "") not in text and cpr[:6] not in text
    # The managers' mails name no citizen.
    managers = {n.user.email for n in made if n.user.role == Role.MANAGER}
    names = set(db.session.scalars(select(Candidate.name)))
    assert managers and names
    for mail in outbox:
        if mail["to"] in managers:
            assert not any(name in mail["subject"] + mail["body"] for name in names)

    tick(at(START))
    send_due()
    assert len(outbox) == len(made)
