"""The scheduler process: APScheduler runs the sweeps, and the outbox's sender every minute;
`tick` runs each sweep once for cron and tests.

The sweeps live with their feature (placement/<feature>/jobs.py, what they share in
placement/common/jobs.py); here are only their names in order, the lock, the commit per sweep
and the process. It never starts inside a web worker: only `flask scheduler run` builds it.
"""

from __future__ import annotations

import logging
import signal
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask
from sqlalchemy import text

from placement.common import clock
from placement.common.jobs import SweepResult
from placement.companies.jobs import refresh_from_register
from placement.companies.revolving_door import alert_revolving_doors
from placement.extensions import db
from placement.followups.jobs import make_missing_plans, remind_followups
from placement.models import SweepRun
from placement.notifications import outbox
from placement.notifications.jobs import weekly_summaries
from placement.openings.jobs import expire_openings
from placement.placements.check_ins import ask_for_check_ins
from placement.placements.jobs import advance_placements
from placement.privacy.jobs import anonymise_expired
from placement.statistics.jobs import count_statistics
from placement.web.outage import is_unavailable

log = logging.getLogger(__name__)
# The sweeps by name (the names are logged, printed by `flask scheduler tick` and used as the
# jobs' ids and lock keys). The order matters: plans first, so reminders see new follow-ups;
# states before reminders, so a placement that just ended is reminded of its evaluation.
SWEEPS: dict[str, Callable[[datetime], SweepResult]] = {
    "plans": make_missing_plans,
    "placements": advance_placements,
    "reminders": remind_followups,
    "openings": expire_openings,
    "weekly": weekly_summaries,
    "retention": anonymise_expired,
    "statistics": count_statistics,
    "cvr": refresh_from_register,
    "revolving_door": alert_revolving_doors,
    "check-ins": ask_for_check_ins,
}
# Sweeps whose rule counts in whole days over the whole country: a second run on the same
# day would read everything again to find what tomorrow's run finds anyway (the retention
# rule's cutoff and the revolving door's 24 months move a day at a time). They do their work
# once per Copenhagen day; a later tick that day skips them (sweep_runs, written in the
# sweep's own transaction). The others react to what people did during the day (an agreement
# confirmed, a follow-up moved) and run on every tick, cheaply when there is nothing to do.
ONCE_A_DAY = frozenset({"retention", "revolving_door"})
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}
# When each sweep runs, local time. Nothing between 02:00 and 03:00: on the night clocks
# change, that hour is skipped or comes twice.
SCHEDULE: dict[str, dict] = {
    # Not in the hour after midnight either: APScheduler 3 counts a day as 24 hours, so after
    # the 23-hour spring night a 00:30 job would skip a day.
    "openings": {"hour": 4, "minute": 30},
    "plans": {"hour": 5, "minute": 30},
    "placements": {"hour": 6, "minute": 0},
    "reminders": {"hour": 7, "minute": 0},
    "weekly": {"day_of_week": "mon", "hour": 7, "minute": 30},
    "retention": {"hour": 4, "minute": 0},
    # After the night's moves (placements at 06:00), before the working day.
    "statistics": {"hour": 6, "minute": 30},
    # Once a month, on the first, in the quiet hour before the others (the register's
    # monthly employment figures come out with a delay, so any day serves).
    "cvr": {"day": 1, "hour": 3, "minute": 30},
    # Weekly, Monday morning with the weekly overviews: a pattern over 24 months does not need
    # a daily look, and the consultant reads it at the start of the week.
    "revolving_door": {"day_of_week": "mon", "hour": 7, "minute": 45},
    # Monday morning, so the citizen's week starts with the question and the link lasts the
    # week (CHECK_IN_LINK_DAYS).
    "check-ins": {"day_of_week": "mon", "hour": 8, "minute": 0},
}
# A sweep missed while the process was down still runs if it is at most this late; several
# missed runs of one sweep become one (coalescing).
MISFIRE_GRACE_SECONDS = 6 * 3600
# A sweep that found the database unreachable is tried again after 1 minute, then 2, 4, ...,
# at most 30 minutes apart, until it gets through.
RETRY_FIRST_SECONDS = 60
RETRY_MOST_SECONDS = 30 * 60
# The outbox's sender runs this often: a notification is mailed within a minute of its
# commit, and a mail that failed is tried again on the first run after its wait.
OUTBOX_EVERY_SECONDS = 60


def run_sweep(name: str, now: datetime) -> SweepResult:
    """Run one sweep in its own transaction. What it notified is committed with what it did;
    the outbox's sender mails it (its own job, and the end of `flask scheduler tick`).

    On PostgreSQL a transaction-scoped advisory lock per sweep makes a second scheduler wait,
    and then find everything already done. SQLite lets one writer in at a time, and the
    unique keys refuse a duplicate in any case.
    """
    try:
        if db.engine.dialect.name == "postgresql":
            db.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"),
                {"key": zlib.crc32(f"placement-sweep-{name}".encode())},
            )
        if name in ONCE_A_DAY:
            result = _once_a_day(name, now)
        else:
            result = SWEEPS[name](now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def _once_a_day(name: str, now: datetime) -> SweepResult:
    """The sweep, unless it already did its work on now's day. Read under the sweep's lock,
    and written in its transaction: a sweep killed before its commit runs again, and a second
    scheduler waiting on the lock finds the day done."""
    today = clock.today(now)
    ran = db.session.get(SweepRun, name, populate_existing=True)
    if ran is not None and ran.day == today:
        return SweepResult()
    result = SWEEPS[name](now)
    if ran is None:
        db.session.add(SweepRun(name=name, day=today, ran_at=clock.now()))
    else:
        ran.day, ran.ran_at = today, clock.now()
    db.session.flush()
    return result


def tick(now: datetime | None = None) -> dict[str, SweepResult]:
    """Every sweep once, in order (call inside an app context)."""
    now = now or clock.now()
    results = {}
    for name in SWEEPS:
        results[name] = run_sweep(name, now)
        log.info(
            "sweep %s: %d changed, %d notification(s)",
            name,
            results[name].done,
            len(results[name].notifications),
        )
    return results


def build_scheduler(app: Flask) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(
        timezone=clock.COPENHAGEN,
        job_defaults={
            "coalesce": True,
            "misfire_grace_time": MISFIRE_GRACE_SECONDS,
            "max_instances": 1,
        },
    )
    for name, when in SCHEDULE.items():
        scheduler.add_job(
            scheduled_sweep,
            CronTrigger(timezone=clock.COPENHAGEN, **when),
            args=[app, scheduler, name],
            id=name,
            name=f"sweep {name}",
            replace_existing=True,
        )
    scheduler.add_job(
        scheduled_delivery,
        IntervalTrigger(seconds=OUTBOX_EVERY_SECONDS),
        args=[app],
        id="outbox",
        name="outbox",
        replace_existing=True,
    )
    return scheduler


def scheduled_delivery(app: Flask) -> None:
    """The outbox's sender as the scheduler runs it: quiet when there was nothing to send.
    Whatever fails, the next minute's run tries again."""
    with app.app_context():
        try:
            report = outbox.send_due()
        except Exception as error:
            db.session.rollback()
            if is_unavailable(error):
                log.warning(
                    "outbox: the database cannot be reached (%s)",
                    type(getattr(error, "orig", None) or error).__name__,
                )
            else:
                log.exception("outbox: the sender failed")
        else:
            if report.sent or report.failed or report.kept:
                log.info("outbox: %s", report)
        finally:
            db.session.remove()


def scheduled_sweep(app: Flask, scheduler, name: str, attempt: int = 0) -> None:
    """One sweep as the scheduler runs it. A failure is logged and the process carries on.
    When the database cannot be reached, the sweep is tried again soon, at growing intervals,
    rather than at its next time tomorrow: placements due to start today still start."""
    with app.app_context():
        try:
            run_sweep(name, clock.now())
        except Exception as error:
            if not is_unavailable(error):
                log.exception("sweep %s failed", name)
                return
            wait = min(RETRY_FIRST_SECONDS * 2**attempt, RETRY_MOST_SECONDS)
            log.warning(
                "sweep %s: the database cannot be reached (%s); trying again in %d s",
                name,
                type(getattr(error, "orig", None) or error).__name__,
                wait,
            )
            scheduler.add_job(
                scheduled_sweep,
                DateTrigger(clock.now() + timedelta(seconds=wait)),
                args=[app, scheduler, name, attempt + 1],
                id=f"{name}-retry",
                name=f"sweep {name} (again)",
                replace_existing=True,
            )
        else:
            if attempt:
                log.info("sweep %s done, on attempt %d", name, attempt + 1)
        finally:
            db.session.remove()


def run_forever(app: Flask) -> None:
    """Start the scheduler in this process; SIGTERM and SIGINT stop it cleanly.

    The jobs run in the scheduler's threads; this one only waits for a stop signal, with the
    signals blocked and taken by signal.sigwait. A signal handler instead could miss a signal
    that landed just as the waiting thread went to sleep: it then slept on until the next job,
    a minute or hours later (the SIGTERM test failed so, now and then, on a loaded machine).
    Blocked before the scheduler starts its threads, which inherit the mask, a signal that
    comes early stays pending until sigwait takes it.
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    scheduler = build_scheduler(app)
    try:
        now = clock.now()
        for job in scheduler.get_jobs():
            log.info(
                "scheduled %s (%s): next run %s",
                job.name,
                job.trigger,
                job.trigger.get_next_fire_time(None, now).isoformat(),
            )
        scheduler.start()
        log.info("received signal %d, stopping the scheduler", signal.sigwait(STOP_SIGNALS))
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    log.info("scheduler stopped")
