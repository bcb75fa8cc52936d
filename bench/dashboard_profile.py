"""The statistics dashboard statement by statement: medians, p95 and the plans of the slowest.

    python -m bench.dashboard_profile --database-url URL [--municipality CODE|all]
        [--runs 5] [--from 2024-07-01] [--to 2025-06-02] [--explain 3] [--json FILE]
        [--statistics-file OLD/placement/statistics/aggregates.py]

Runs placement.statistics.dashboard() --runs times (after one warm-up run) on an existing
database (e.g. one filled by bench.generate) and times every SQL statement it sends, named by
the dashboard table it belongs to (e.g. "speed/days_to_first:active"), plus each table's total
and the whole call. --explain N prints EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY
PLAN on SQLite, for the N slowest statements. Read-only: nothing is written to the database.
--today and the period default to the data set bench_gen holds (generated with --today
2025-06-02) and the dashboard's default period for that day; pass them for another data set.
On SQLite a statement runs as its rows are fetched, after the timed call: there the per
statement times understate, and only the whole dashboard's time counts.

--statistics-file times another version of placement/statistics/aggregates.py (e.g. from a
checkout of an earlier commit) in place of the installed one, for a before/after comparison.

For the benchmark suite: time_dashboard(app, municipality_id, runs) returns the same figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics as pystats
import sys
import time
from collections import defaultdict
from datetime import date

from sqlalchemy import event, select

from bench._setup import app_for
from placement.extensions import db
from placement.models import Municipality
from placement.statistics import aggregates as stats

TODAY = date(2025, 6, 2)  # the --today bench_gen was generated with
DATE_FROM = date(2024, 7, 1)  # the dashboard's default period for that day: 12 whole months


def load_statistics(path: str):
    """Another version of placement.statistics, loaded from a file as a module of the package
    (its relative imports then find the installed modules)."""
    spec = importlib.util.spec_from_file_location("placement._statistics_under_test", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _caller_labels(filename: str) -> tuple[str, str]:
    """(table, statement) for the statement being sent: the placement.statistics function
    dashboard() called, and the innermost one of the statistics' modules (with the status for
    the per-status helpers). The statistics' modules: the folder of `filename` (aggregates.py)
    and below, where each table's module is (figures/)."""
    folder = os.path.dirname(filename) + os.sep
    frame = sys._getframe(2)
    inner, table = None, None
    while frame is not None:
        code = frame.f_code
        if code.co_filename.startswith(folder):
            name = code.co_name.lstrip("_")
            if inner is None:
                inner = name
                status = frame.f_locals.get("status")
                if status is not None:
                    inner = f"{name}:{getattr(status, 'value', status)}"
            back = frame.f_back
            if back is not None and back.f_code.co_name == "dashboard":
                table = name
                break
        frame = frame.f_back
    table = table or inner or "other"
    inner = inner or table
    return table, table if inner == table else f"{table}/{inner}"


class _Recorder:
    """Times every statement on the engine while installed (cursor execute to its return)."""

    def __init__(self, engine, filename: str):
        self.engine = engine
        self.filename = filename
        self.statements: list[tuple[str, str, float, str, object]] = []
        self._started: list[float] = []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        self._started.append(time.perf_counter())

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        elapsed = time.perf_counter() - self._started.pop()
        table, label = _caller_labels(self.filename)
        if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
            table = label = "settings"  # e.g. SET LOCAL jit = off
        self.statements.append((table, label, elapsed, statement, parameters))


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_dashboard(
    app,
    municipality_id: int | None,
    runs: int = 5,
    *,
    date_from: date = DATE_FROM,
    date_to: date = TODAY,
    today: date = TODAY,
    explain: int = 0,
    module=stats,
) -> dict:
    """Median and p95 (seconds) of the whole dashboard, of each table and each statement over
    `runs` runs after one warm-up run; with explain > 0 also the plans of the slowest
    statements (text, by label). Runs in its own app and request context. `module`: the
    statistics module to time (load_statistics), by default the installed one."""
    filters = module.Filters(date_from=date_from, date_to=date_to, municipality_id=municipality_id)
    whole, per_table, per_statement = [], defaultdict(list), defaultdict(list)
    last: dict[str, tuple[str, object]] = {}
    with app.app_context(), app.test_request_context():
        module.dashboard(filters, today)  # warm-up: connection, caches
        db.session.rollback()
        for _run in range(runs):
            with _Recorder(db.engine, module.__file__) as recorder:
                started = time.perf_counter()
                module.dashboard(filters, today)
                whole.append(time.perf_counter() - started)
            db.session.rollback()
            tables, labels = defaultdict(float), defaultdict(float)
            settings = [
                (statement, parameters)
                for table, _label, _elapsed, statement, parameters in recorder.statements
                if table == "settings"
            ]
            for table, label, elapsed, statement, parameters in recorder.statements:
                tables[table] += elapsed
                labels[label] += elapsed
                last[label] = (statement, parameters)
            for key, value in tables.items():
                per_table[key].append(value)
            for key, value in labels.items():
                per_statement[key].append(value)
        result = {
            "municipality_id": municipality_id,
            "runs": runs,
            "load_average": os.getloadavg(),
            "dashboard": {"median": pystats.median(whole), "p95": _p95(whole)},
            "tables": {
                k: {"median": pystats.median(v), "p95": _p95(v)} for k, v in per_table.items()
            },
            "statements": {
                k: {"median": pystats.median(v), "p95": _p95(v)} for k, v in per_statement.items()
            },
        }
        if explain:
            # In a transaction as the dashboard's: its settings first.
            for statement, parameters in settings:
                db.session.connection().exec_driver_sql(statement, parameters)
            slowest = sorted(
                (k for k in result["statements"] if k != "settings"),
                key=lambda k: -result["statements"][k]["median"],
            )
            result["plans"] = {label: _plan(*last[label]) for label in slowest[:explain]}
            db.session.rollback()
    return result


def _plan(statement: str, parameters) -> str:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        prefix = "EXPLAIN (ANALYZE, BUFFERS) "
    else:
        prefix = "EXPLAIN QUERY PLAN "
    rows = connection.exec_driver_sql(prefix + statement, parameters).all()
    return "\n".join(" | ".join(str(c) for c in row) for row in rows)


def _municipality_id(code: str) -> int | None:
    if code == "all":
        return None
    found = db.session.scalar(select(Municipality.id).where(Municipality.code == code))
    if found is None:
        raise SystemExit(f"No municipality with code {code}.")
    return found


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--municipality", default="791", help="its code, or 'all'")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--from", dest="date_from", type=date.fromisoformat, default=DATE_FROM)
    parser.add_argument("--to", dest="date_to", type=date.fromisoformat, default=TODAY)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    parser.add_argument("--explain", type=int, default=0)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--statistics-file", help="time this version of statistics.py")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url or DATABASE_URL is needed")
    app = app_for(args.database_url)
    with app.app_context():
        municipality_id = _municipality_id(args.municipality)
        db.session.remove()
    result = time_dashboard(
        app,
        municipality_id,
        args.runs,
        date_from=args.date_from,
        date_to=args.date_to,
        today=args.today,
        explain=args.explain,
        module=(load_statistics(args.statistics_file) if args.statistics_file else stats),
    )
    print(
        f"dashboard, municipality {args.municipality}, {args.date_from}..{args.date_to}, "
        f"{args.runs} runs, load average {' '.join(f'{x:.2f}' for x in result['load_average'])}"
    )
    print(f"{'':44} {'median ms':>10} {'p95 ms':>10}")
    print(
        f"{'whole dashboard':44} {result['dashboard']['median'] * 1000:10.1f} "
        f"{result['dashboard']['p95'] * 1000:10.1f}"
    )
    for section in ("tables", "statements"):
        print(f"-- {section}")
        for key, value in sorted(result[section].items(), key=lambda kv: -kv[1]["median"]):
            print(f"{key:44} {value['median'] * 1000:10.1f} {value['p95'] * 1000:10.1f}")
    for label, plan in result.get("plans", {}).items():
        print(f"\n== {label}\n{plan}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(result, out, indent=1)


if __name__ == "__main__":
    main()
