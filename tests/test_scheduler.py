"""The scheduler: its registry run as a whole tick (twice changing nothing), the tick command,
the process's timetable, a clean stop on SIGTERM, concurrent ticks on PostgreSQL.

Each sweep on its own is tested beside its feature (tests/<feature>/test_jobs.py)."""

import os
import queue
import signal
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import func, select

from placement import scheduler
from placement.agreements import versions
from placement.common import clock
from placement.extensions import db
from placement.followups import plans
from placement.models import (
    Candidate,
    EmailState,
    FollowUp,
    Kind,
    Notification,
    OpeningStatus,
    PlacementEvent,
    PlacementStatus,
    Role,
)
from placement.notifications import links
from placement.notifications.outbox import send_due
from placement.placements import lifecycle
from placement.scheduler import SWEEPS, run_sweep, tick
from tests.conftest import postgresql_only
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)
from tests.scheduled import (
    CPR,
    START,
    agreed,
    at,
    busy_morning,  # noqa: F401 (a fixture)
    consultant,  # noqa: F401 (a fixture)
    count,
    manager,  # noqa: F401 (a fixture)
)

S = PlacementStatus
CPH = clock.COPENHAGEN
ROOT = Path(__file__).resolve().parents[1]


# --- the whole tick ----------------------------------------------------------------------------


def counts():
    return count(FollowUp), count(Notification), count(PlacementEvent)


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order: whatever a sweep could have written."""
    db.session.expire_all()
    return {
        table.name: sorted((tuple(row) for row in db.session.execute(select(table))), key=repr)
        for table in db.metadata.sorted_tables
    }


def test_every_registered_sweep_run_again_for_the_same_moment_changes_no_row(busy_morning):
    first = tick(at(START))
    # Each sweep in the registry had something to do, so each has something to repeat.
    assert list(first) == list(SWEEPS)
    assert all(result.done or result.notifications for result in first.values()), first
    after_first = every_row()
    for name in SWEEPS:
        again = run_sweep(name, at(START))
        assert (again.done, again.notifications) == (0, []), name
        assert every_row() == after_first, f"the {name} sweep changed something the second time"


def test_the_ticks_notifications_keep_no_link_in_their_words(busy_morning):
    tick(at(START))
    db.session.expire_all()
    made = list(db.session.scalars(select(Notification)))
    assert made
    for notification in made:
        # The page it leads to is worked out when it is shown, from what it is about.
        page = links.path(notification, notification.user.role)
        words = notification.title + "\n" + notification.body
        assert page not in words and "http" not in words, words
    # All but the weekly overviews are about a placement or an opening, and lead there.
    assert all(
        notification.placement_id or notification.opening_id
        for notification in made
        if not notification.key.startswith("weekly:")
    )


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


def test_the_tick_command_prints_a_line_per_sweep(runner, busy_morning):
    result = runner.invoke(args=["scheduler", "tick", "--now", "2027-01-04T08:00"])
    assert result.exit_code == 0, result.output
    *lines, mail = result.stdout.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == list(SWEEPS)
    assert all(line.endswith("notification(s)") for line in lines)
    made = count(Notification)
    assert mail == f"outbox: {made} sent, 0 to retry, 0 undeliverable"
    db.session.expire_all()
    assert busy_morning.status == S.ACTIVE
    # The second run has nothing to do, and says so.
    again = runner.invoke(args=["scheduler", "tick", "--now", "2027-01-04T08:00"])
    assert again.exit_code == 0
    assert again.stdout.strip().splitlines() == [
        f"{name}: 0 changed, 0 notification(s)" for name in SWEEPS
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
        for cpr in (CPR, "010203-1235", "311299-1237", "120588-1231"):
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


# --- the timetable -----------------------------------------------------------------------------


def fire_times(trigger, start: datetime, end: datetime) -> list[datetime]:
    """Every moment the trigger fires from start up to end, in Copenhagen time."""
    times = []
    moment = trigger.get_next_fire_time(None, start)
    while moment is not None and moment < end:
        times.append(moment.astimezone(CPH))
        moment = trigger.get_next_fire_time(moment, moment)
    return times


def in_the_night(times: list[datetime]) -> list[datetime]:
    # On the night clocks change, 02:00–03:00 is skipped (March) or comes twice (October).
    return [t for t in times if t.hour == 2]


YEAR_START, YEAR_END = datetime(2027, 1, 1, tzinfo=CPH), datetime(2028, 1, 1, tzinfo=CPH)


def test_there_is_one_job_per_sweep_and_the_outbox_every_minute(app):
    jobs = scheduler.build_scheduler(app).get_jobs()
    assert sorted(job.id for job in jobs) == sorted([*SWEEPS, "outbox"])
    [mail] = [job for job in jobs if job.id == "outbox"]
    assert mail.trigger.interval.total_seconds() == 60


def _job(app, name):
    [job] = [job for job in scheduler.build_scheduler(app).get_jobs() if job.id == name]
    return job


@pytest.mark.parametrize("name", list(scheduler.SCHEDULE))
def test_no_job_fires_between_2_and_3_at_night_all_through_2027(app, name):
    times = fire_times(_job(app, name).trigger, YEAR_START, YEAR_END)
    assert times and in_the_night(times) == []
    # Always at the planned local time, also on the nights the clocks change.
    when = scheduler.SCHEDULE[name]
    assert {(t.hour, t.minute) for t in times} == {(when["hour"], when["minute"])}


# APScheduler 3.11's CronTrigger adds a day as 24 hours in UTC; after the 23-hour day of
# 28 March that lands on 01:00 on the 29th, past a time in the hour after midnight, and the
# trigger moves on to the 30th.
@pytest.mark.parametrize("name", list(scheduler.SCHEDULE))
def test_each_job_fires_on_every_day_it_should_in_2027(app, name):
    times = fire_times(_job(app, name).trigger, YEAR_START, YEAR_END)
    days = [t.date() for t in times]
    assert len(days) == len(set(days))  # never twice in one day (the October night)
    if "day_of_week" in scheduler.SCHEDULE[name]:  # the weekly summary: every Monday
        expected = [d for d in _days_of_2027() if d.weekday() == 0]
    elif "day" in scheduler.SCHEDULE[name]:  # the CVR register's sweep: once a month
        expected = [d for d in _days_of_2027() if d.day == scheduler.SCHEDULE[name]["day"]]
    else:
        expected = _days_of_2027()
    assert days == expected


def _days_of_2027() -> list[date]:
    return [date(2027, 1, 1) + timedelta(days=n) for n in range(365)]


def test_the_night_check_would_catch_a_job_at_half_past_two():
    # The check above can fail: a job at 02:30 fires in that hour on most nights of the year.
    trigger = CronTrigger(timezone=clock.COPENHAGEN, hour=2, minute=30)
    assert len(in_the_night(fire_times(trigger, YEAR_START, YEAR_END))) >= 364


def test_jobs_coalesce_and_have_a_generous_misfire_grace_time(app):
    """Start the real scheduler paused (no job runs) so that its job defaults are applied."""
    built = scheduler.build_scheduler(app)
    built.start(paused=True)  # its own thread; this one goes on
    try:
        jobs = built.get_jobs()
        assert len(jobs) == len(SWEEPS) + 1  # and the outbox
        for job in jobs:
            assert job.coalesce is True, job.id
            assert job.misfire_grace_time == scheduler.MISFIRE_GRACE_SECONDS, job.id
            assert job.max_instances == 1, job.id
            assert job.next_run_time.tzinfo is not None
        # A sweep missed by a restart of an hour or two still runs.
        assert scheduler.MISFIRE_GRACE_SECONDS >= 3 * 3600
    finally:
        built.shutdown(wait=False)


# --- the process --------------------------------------------------------------------------------


def _flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


def test_the_scheduler_process_logs_its_schedule_and_stops_cleanly_on_sigterm(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "MAIL_SERVER", "FLASK_APP"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'scheduler.sqlite'}",
        PLACEMENT_ENV="testing",
        PLACEMENT_INSTANCE=str(tmp_path / "instance"),
        # A process that does not stop prints every thread's stack on SIGABRT.
        PYTHONFAULTHANDLER="1",
    )
    migrated = subprocess.run(
        _flask("db", "upgrade"), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert migrated.returncode == 0, migrated.stderr

    process = subprocess.Popen(
        _flask("scheduler", "run"),
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(
        target=lambda: [lines.put(line) for line in process.stderr], daemon=True
    )
    reader.start()
    seen: list[str] = []
    try:
        scheduled, started = set(), False
        # The schedule is logged just before the scheduler starts; a SIGTERM in between is
        # the case test_a_sigterm_just_before_the_start_still_stops_the_scheduler covers.
        while scheduled != set(SWEEPS) or not started:
            try:
                line = lines.get(timeout=60)
            except queue.Empty:
                pytest.fail("the scheduler never logged its schedule:\n" + "".join(seen))
            seen.append(line)
            started = started or "Scheduler started" in line
            if "scheduled sweep " in line:
                name = line.split("scheduled sweep ", 1)[1].split(" ", 1)[0]
                scheduled.add(name)
                # The next run it logs is at the planned local time, never in the night hour.
                next_run = datetime.fromisoformat(line.rsplit("next run ", 1)[1].strip())
                when = scheduler.SCHEDULE[name]
                local = next_run.astimezone(CPH)
                assert (local.hour, local.minute) == (when["hour"], when["minute"]), line
        process.send_signal(signal.SIGTERM)
        # Seconds, normally; the margin is for a machine loaded by other tests (it failed
        # twice in a full run at 10 s, never alone in 25 tries).
        try:
            assert process.wait(timeout=30) == 0
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            process.wait(timeout=10)
            reader.join(timeout=10)
            pytest.fail(
                "the scheduler did not stop on SIGTERM:\n"
                + "".join(seen)
                + "".join(lines.get() for _ in range(lines.qsize()))
            )
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    reader.join(timeout=10)
    while not lines.empty():
        seen.append(lines.get())
    log = "".join(seen)
    assert "received signal 15, stopping the scheduler" in log
    assert "scheduler stopped" in log
    assert "Traceback" not in log


def test_a_sigterm_just_before_the_start_still_stops_the_scheduler(app, monkeypatch):
    build = scheduler.build_scheduler

    def build_with_an_early_signal(app_):
        built = build(app_)
        start = built.start

        def start_after_sigterm(*args, **kwargs):
            # The signal arrives now, to this thread alone (which blocks it), not to pytest.
            signal.pthread_kill(threading.get_ident(), signal.SIGTERM)
            return start(*args, **kwargs)

        built.start = start_after_sigterm
        return built

    monkeypatch.setattr(scheduler, "build_scheduler", build_with_an_early_signal)
    outcome = []

    def run():
        try:
            scheduler.run_forever(app)
            outcome.append("stopped")
        except Exception as error:  # noqa: BLE001 — what the process would die of
            outcome.append(repr(error))

    thread = threading.Thread(target=run, daemon=True)  # daemon: a hang must not block pytest
    thread.start()
    thread.join(timeout=10)
    assert outcome == ["stopped"], outcome or "run_forever never returned"


# --- two schedulers at once ---------------------------------------------------------------------

on_postgresql = postgresql_only("concurrent transactions and advisory locks")
TODAY = date(2027, 1, 4)  # a Monday
NOW = datetime(2027, 1, 4, 8, 0, tzinfo=CPH)
STARTING, UNPLANNED, ENDING, EXPIRING = 8, 8, 8, 4


def _placement(consultant, status, start, end):
    opening = create_opening(create_employer(employees=40), kind=Kind.INTERNSHIP, seats=5)
    return create_placement(
        candidate=create_candidate(consultant.municipality),
        opening=opening,
        consultant=consultant,
        status=status,
        start_date=start,
        end_date=end,
        hours_per_week=10,
    )


def _busy_monday():
    """Work for every sweep, and the notifications and events one tick must make."""
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg)
    create_user(Role.MANAGER, municipality=viborg)
    # Agreed and confirmed: started today; the consultant, the company and the citizen are told.
    for _ in range(STARTING):
        placement = _placement(consultant, S.ACCEPTED, TODAY, date(2027, 3, 26))
        lifecycle.agree(placement, consultant, today=date(2026, 12, 21))
        for person in (
            consultant,
            create_user(Role.EMPLOYER, employer=placement.opening.employer),
            create_user(Role.CITIZEN, candidate=placement.candidate),
        ):
            versions.confirm(placement, person, 1)
        db.session.commit()
    for _ in range(UNPLANNED):  # agreed without a plan: 5 follow-ups each, none due yet
        _placement(consultant, S.AGREED, date(2027, 1, 11), date(2027, 3, 26))
    for _ in range(ENDING):
        # Ended 1 January: awaiting evaluation, the consultant is told. Of its plan, 3 are
        # overdue, but only the week before the end (28 December) within the last
        # OVERDUE_ALERT_DAYS: the consultant and the manager hear of it. The end evaluation is
        # due today (the consultant).
        placement = _placement(consultant, S.ACTIVE, date(2026, 11, 2), date(2027, 1, 1))
        plans.plan(placement, date(2026, 11, 2))
        db.session.commit()
    company = create_employer()
    for _ in range(2):
        create_user(Role.EMPLOYER, employer=company)
    for _ in range(EXPIRING):  # each company user hears of each
        create_opening(company, deadline=date(2026, 12, 31), status=OpeningStatus.PUBLISHED)
    db.session.commit()
    send_due()  # the news of setting it up (agreements to confirm, all confirmed) goes first
    return {
        "followups": 5 * UNPLANNED,
        "notifications": STARTING * 3 + ENDING * (1 + 1 * 2 + 1) + EXPIRING * 2 + 1,  # 1: weekly
        "events": STARTING + ENDING,
    }


def _tick_in_own_session(app, started, errors):
    with app.app_context():
        try:
            started.wait(timeout=10)
            scheduler.tick(NOW)
            send_due()  # two senders at once, as two scheduler processes would be
        except Exception as error:  # noqa: BLE001 — reported, and fails the test below
            db.session.rollback()
            errors.append(repr(error))
        finally:
            db.session.remove()


def _rows(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@on_postgresql
@pytest.mark.parametrize("round_", range(3))
def test_two_ticks_at_once_do_everything_exactly_once(app, outbox, round_):
    expected = _busy_monday()
    outbox.clear()
    before = {
        "followups": _rows(FollowUp),
        "notifications": _rows(Notification),
        "events": _rows(PlacementEvent),
    }
    db.session.commit()  # no transaction of ours stays open while the two run

    started, errors = threading.Barrier(2), []
    threads = [
        threading.Thread(target=_tick_in_own_session, args=(app, started, errors)) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a tick never finished"
    assert errors == []

    made = {
        "followups": _rows(FollowUp) - before["followups"],
        "notifications": _rows(Notification) - before["notifications"],
        "events": _rows(PlacementEvent) - before["events"],
    }
    assert made == expected
    # No placement moved twice, no person told twice, and each notification mailed once.
    assert (
        db.session.scalar(
            select(func.count()).select_from(
                select(PlacementEvent.placement_id, PlacementEvent.to_status)
                .group_by(PlacementEvent.placement_id, PlacementEvent.to_status)
                .having(func.count() > 1)
                .subquery()
            )
        )
        == 0
    )
    assert len(outbox) == expected["notifications"]
    assert _rows(Notification) == db.session.scalar(
        select(func.count()).where(Notification.emailed_at.is_not(None))
    )


def test_the_busy_monday_counts_hold_for_one_tick_alone(app, outbox):
    # The same scene on any database, one tick: the expected numbers above are right, so the
    # concurrent test can only fail on duplicates or errors.
    expected = _busy_monday()
    outbox.clear()
    before = (_rows(FollowUp), _rows(Notification), _rows(PlacementEvent))
    scheduler.tick(NOW)
    send_due()
    after = (_rows(FollowUp), _rows(Notification), _rows(PlacementEvent))
    assert {
        "followups": after[0] - before[0],
        "notifications": after[1] - before[1],
        "events": after[2] - before[2],
    } == expected
    assert len(outbox) == expected["notifications"]
