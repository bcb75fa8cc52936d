"""The benchmark's scheduler tick section (bench/run.py): the copy of the database it runs on,
and the tick timed whole and sweep by sweep."""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from contextlib import closing
from datetime import UTC, date, datetime
from datetime import time as clock
from unittest import mock

from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.exc import OperationalError

from bench import _setup
from bench.measure import summary, timed
from placement import scheduler
from placement.common.clock import COPENHAGEN
from placement.extensions import db
from placement.models import Placement, PlacementStatus

TICK_COPY = "bench_tick_copy"
COPY_ATTEMPTS, COPY_WAIT_SECONDS = 20, 3


# --- the scheduler tick, on a copy ------------------------------------------------------------


class CopyRefused(RuntimeError):
    """The copy for the tick could not be made; the message says why."""


def copy_database(url: str, workdir: str, out) -> tuple[str, callable]:
    """A copy of the database to run the tick on, and how to remove it."""
    parsed = make_url(_setup.database_url_for(url))
    if parsed.get_backend_name() == "sqlite":
        path = os.path.join(workdir, "tick_copy.sqlite")
        with (
            closing(sqlite3.connect(parsed.database)) as original,
            closing(sqlite3.connect(path)) as target,
        ):
            original.backup(target)
        return f"sqlite:///{path}", lambda: os.remove(path)
    if parsed.get_backend_name() != "postgresql":
        raise CopyRefused(f"no copy method for {parsed.get_backend_name()}")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    source = parsed.database
    with admin.connect() as connection:
        version = connection.execute(text("SHOW server_version_num")).scalar()
        strategy = " STRATEGY FILE_COPY" if int(version) >= 150000 else ""
        connection.execute(text(f'DROP DATABASE IF EXISTS "{TICK_COPY}"'))
        for attempt in range(1, COPY_ATTEMPTS + 1):
            try:
                connection.execute(
                    text(f'CREATE DATABASE "{TICK_COPY}" TEMPLATE "{source}"{strategy}')
                )
                break
            except OperationalError as error:
                if "being accessed by other users" not in str(error):
                    raise
                others = connection.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name"),
                    {"name": source},
                ).scalar()
                if attempt == COPY_ATTEMPTS:
                    admin.dispose()
                    raise CopyRefused(
                        f"{source} had other connections ({others}) through "
                        f"{COPY_ATTEMPTS} attempts; stop them and run --only tick"
                    ) from None
                out(
                    f"  {others} other connection(s) to {source}; trying again in "
                    f"{COPY_WAIT_SECONDS} s ({attempt}/{COPY_ATTEMPTS})"
                )
                time.sleep(COPY_WAIT_SECONDS)

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{TICK_COPY}" WITH (FORCE)'))
        admin.dispose()

    return parsed.set(database=TICK_COPY).render_as_string(hide_password=False), drop


def timed_tick(now: datetime) -> tuple[float, dict, dict[str, float]]:
    """scheduler.tick(now) timed whole, and each sweep in it (tick looks run_sweep up at call
    time, so a timing wrapper around it sees every sweep)."""
    sweeps: dict[str, float] = {}
    run_sweep = scheduler.run_sweep

    def timing(name, moment):
        ms, result = timed(lambda: run_sweep(name, moment))
        sweeps[name] = round(ms, 1)
        return result

    with mock.patch.object(scheduler, "run_sweep", timing):
        ms, results = timed(lambda: scheduler.tick(now))
    return ms, results, sweeps


def bench_tick(url: str, today: date, runs: int, workdir: str, out) -> dict:
    """The first tick of the day after the data's last night (--today 08:00 Copenhagen, after
    every sweep's hour), then the same tick again, which finds nothing to do."""
    started = time.perf_counter()
    copy_url, drop = copy_database(url, workdir, out)
    copied = time.perf_counter() - started
    now = datetime.combine(today, clock(8, 0), tzinfo=COPENHAGEN).astimezone(UTC)
    try:
        app = _setup.app_for(copy_url, workdir)
        with app.app_context():
            active = db.session.scalar(
                select(func.count(Placement.id)).where(Placement.status == PlacementStatus.ACTIVE)
            )
            first_ms, results, first_sweeps = timed_tick(now)
            changed = {name: r.done for name, r in results.items()}
            notified = sum(len(r.notifications) for r in results.values())
            del results
            idle, idle_sweeps, idle_changed = [], {}, 0
            for _ in range(runs):
                # Each tick starts as a scheduler's does (`flask scheduler tick` in a new
                # process, or a job that removes its session after): with nothing loaded. The
                # first tick's tens of thousands of rows left in the session would otherwise
                # be expired at every sweep's commit, a fifth of a second each.
                db.session.remove()
                ms, again, sweeps = timed_tick(now)
                idle.append(ms)
                for name, sweep_ms in sweeps.items():
                    idle_sweeps.setdefault(name, []).append(sweep_ms)
                idle_changed += sum(r.done + len(r.notifications) for r in again.values())
            db.session.remove()
            db.engine.dispose()
    finally:
        drop()
    return {
        "tick.first": summary(
            [first_ms],
            label="tick: first of the day",
            now=now.isoformat(),
            active_placements=active,
            changed=changed,
            notifications=notified,
            sweeps_ms=first_sweeps,
            copy_seconds=round(copied, 1),
        ),
        "tick.idle": summary(
            idle,
            label="tick: idle rerun",
            changed=idle_changed,
            sweeps_ms={name: statistics.median(times) for name, times in idle_sweeps.items()},
        ),
    }
