"""The benchmark suite: the app's own functions timed on a generated database, and its pages
under load, printed as a table and written as JSON.

    python -m bench.run --database-url URL [--runs N] [--json FILE] [--only NAME,...]
                        [--duration SECONDS] [--rounds 3] [--users 20] [--workers 4]
                        [--today YYYY-MM-DD] [--municipality CODE] [--load-tool wrk|locust]

NAME is one of matching, dashboard, agreement, tick, load (the pages under load and the
workers' memory after it); all five by default. Every figure is a median and a p95 (nearest
rank: with fewer than 20 samples the p95 is the slowest) in milliseconds, over --runs rounds of
each sample. The functions are called as the app calls them, so the figures follow whatever the
code is; every call starts on an empty session (nothing cached in the identity map), so the
rows it needs are read within the time. BENCHMARKS.md says what each figure means.

The scheduler tick changes data, and commits per sweep: it never runs on the database given,
but on a copy of it made for the purpose and dropped after (PostgreSQL: CREATE DATABASE
bench_tick_copy TEMPLATE …, which needs nobody else connected to the source for a moment;
SQLite: a copy of the file).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, make_url, select

from bench import _setup
from bench.app_sections import bench_agreement, bench_dashboard, bench_matching
from bench.measure import fresh, loadavg
from bench.report import TARGETS, code_version, table
from bench.tick_section import bench_tick
from placement.common import clock
from placement.extensions import db
from placement.models import (
    Candidate,
    Municipality,
    Opening,
    Placement,
    PlacementEvent,
    Role,
    User,
)

SECTIONS = ("matching", "dashboard", "agreement", "tick", "load")


# --- the run ----------------------------------------------------------------------------------


def data_today() -> date:
    """The day the generated data leads up to (the generator's --today): its events end the
    day before."""
    last = db.session.scalar(select(func.max(PlacementEvent.at)))
    return last.date() + timedelta(days=1) if last else clock.today()


def pick_municipality(code: str) -> Municipality:
    """The one asked for, else the one with the most citizens."""
    found = db.session.scalar(select(Municipality).where(Municipality.code == code))
    if found is None:
        largest = db.session.scalar(
            select(Candidate.municipality_id)
            .group_by(Candidate.municipality_id)
            .order_by(func.count().desc(), Candidate.municipality_id)
        )
        found = db.session.get(Municipality, largest)
    return found


def load_targets(municipality: Municipality) -> tuple[list[str], int | None]:
    """The consultants whose sessions drive the pages, and the opening whose page is shown."""
    emails = db.session.scalars(
        select(User.email)
        .where(
            User.role == Role.CONSULTANT,
            User.active.is_(True),
            User.municipality_id == municipality.id,
        )
        .order_by(User.id)
        .limit(4)
    ).all()
    return list(emails), _setup.middle_published_opening(db.session)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL"), help="default: DATABASE_URL"
    )
    parser.add_argument("--runs", type=int, default=5, help="rounds of each sample (5)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"some of {','.join(SECTIONS)} (default: all)"
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=30,
        help="seconds of load per page (30), in --rounds turns",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="the pages take turns this many times (3), so a busy moment of "
        "the machine does not fall on one page only",
    )
    parser.add_argument("--users", type=int, default=20, help="concurrent users (20)")
    parser.add_argument(
        "--load-tool",
        choices=("wrk", "locust"),
        default="wrk" if shutil.which("wrk") else "locust",
        help="the load generator: wrk (Debian's package, in C; the default when installed) "
        "or locust (Python, takes about a core of the machine)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=4,
        help="gunicorn workers (4, as the README's production section)",
    )
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        help="the day to measure as of; default: the data's own (the day after its last event)",
    )
    parser.add_argument(
        "--municipality",
        default="791",
        help="code of the municipality for the one-municipality dashboard and "
        "the consultant under load (791; else the largest)",
    )
    args = parser.parse_args(argv)
    args.sections = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown or not args.sections:
        parser.error(f"--only takes some of {','.join(SECTIONS)}")
    if not args.database_url:
        parser.error("give --database-url or set DATABASE_URL")
    if args.runs < 1 or args.rounds < 1:
        parser.error("--runs and --rounds must be at least 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    out = lambda line: print(line, flush=True)  # noqa: E731
    url = _setup.database_url_for(args.database_url)
    figures, problems, sections = {}, [], {}
    meta = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": make_url(url).render_as_string(hide_password=True),
        "code_version": code_version(),
        "runs": args.runs,
        "load_tool": args.load_tool,
        "sections": args.sections,
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "load_average_at_start": loadavg(),
    }

    def section(name: str, measure) -> None:
        if name not in args.sections:
            return
        out(f"{name} … (load average {' '.join(map(str, loadavg()))})")
        before, started = loadavg(), time.perf_counter()
        try:
            figures.update(measure())
        except Exception as error:  # one section's failure must not lose the others' figures
            problems.append(f"{name}: {type(error).__name__}: {error}")
            out(f"  {name} failed: {type(error).__name__}: {error}")
        sections[name] = {
            "seconds": round(time.perf_counter() - started, 1),
            "load_average_before": before,
            "load_average_after": loadavg(),
        }

    with tempfile.TemporaryDirectory(prefix="bench-run-") as workdir:
        app = _setup.app_for(url, workdir)
        with app.app_context():
            today = args.today or data_today()
            municipality = pick_municipality(args.municipality)
            consultants, opening_id = load_targets(municipality)
            meta.update(
                dialect=db.engine.dialect.name,
                today=today.isoformat(),
                municipality=f"{municipality.name} ({municipality.code})",
                counts={
                    name: db.session.scalar(select(func.count()).select_from(model))
                    for name, model in (
                        ("citizens", Candidate),
                        ("openings", Opening),
                        ("placements", Placement),
                    )
                },
            )
            chosen = (municipality.id, municipality.name)
            fresh()
            section("matching", lambda: bench_matching(today, args.runs, out))
            section("dashboard", lambda: bench_dashboard(today, args.runs, chosen, out))
            section("agreement", lambda: bench_agreement(args.runs, out))
            db.session.remove()
            db.engine.dispose()  # the tick's copy needs nobody connected to the source
        section("tick", lambda: bench_tick(url, today, args.runs, workdir, out))
        if "load" in args.sections:
            from bench import load  # needs gunicorn and locust, which only this part uses

            section(
                "load",
                lambda: load.run_load(
                    url,
                    consultants=consultants,
                    opening_id=opening_id,
                    users=args.users,
                    duration=args.duration,
                    workers=args.workers,
                    workdir=workdir,
                    rounds=args.rounds,
                    tool=args.load_tool,
                    out=out,
                ),
            )

    meta.update(
        finished=datetime.now(UTC).isoformat(timespec="seconds"),
        load_average_at_end=loadavg(),
        section_times=sections,
    )
    out("")
    for line in table(figures):
        out(line)
    out(
        f"\n{meta['dialect']} {meta['database']}, as of {meta['today']}, code "
        f"{meta['code_version'] or 'unknown'}; load average at start "
        f"{' '.join(map(str, meta['load_average_at_start']))}, at end "
        f"{' '.join(map(str, meta['load_average_at_end']))}"
        + (f"; load by {args.load_tool}" if "load" in args.sections else "")
    )
    for problem in problems:
        out(f"problem: {problem}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump(
                {
                    "meta": meta,
                    "figures": figures,
                    "problems": problems,
                    "targets": {
                        key: {"field": field, "bound": bound, "sense": sense}
                        for key, (field, bound, sense) in TARGETS.items()
                    },
                },
                file,
                indent=2,
                ensure_ascii=False,
            )
            file.write("\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
