"""The benchmark suite (bench/run.py) on a tiny generated SQLite database: the figures it
promises are in its JSON and its table, and the scheduler tick never changes the database it
was given. The pages under load (gunicorn, locust) are left to a real run."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import date

from bench import generate, run

TODAY = date(2025, 6, 2)
TIMED = (
    "matching.openings_for_citizen",
    "matching.citizens_for_opening",
    "dashboard.one_municipality",
    "dashboard.all_municipalities",
    "agreement.app",
    "agreement.bare_reportlab",
    "tick.first",
    "tick.idle",
)


def _count(path, table: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_run_reports_each_figure_and_ticks_on_a_copy(tmp_path, capsys):
    path = tmp_path / "tiny.sqlite"
    url = f"sqlite:///{path}"
    generate.run(url, "tiny", today=TODAY, instance_path=str(tmp_path), out=lambda *_: None)
    before = {table: _count(path, table) for table in ("notifications", "followups")}
    figures_file = tmp_path / "figures.json"

    status = run.main(
        [
            "--database-url",
            url,
            "--runs",
            "1",
            "--json",
            str(figures_file),
            "--only",
            "matching,dashboard,agreement,tick",
        ]
    )

    report = json.loads(figures_file.read_text(encoding="utf-8"))
    assert report["problems"] == []  # a section that failed says why here
    assert status == 0
    figures = report["figures"]
    for key in TIMED:
        assert 0 < figures[key]["median_ms"] <= figures[key]["p95_ms"], key
    # Twenty citizens and twenty openings, and matching found something for them.
    assert figures["matching.openings_for_citizen"]["n"] == 20
    assert figures["matching.citizens_for_opening"]["mean_results"] > 0
    assert figures["agreement.app"]["pages"] > 0
    assert figures["agreement.bare_reportlab"]["pages"] > 0
    assert figures["agreement.ratio"]["value"] == round(
        figures["agreement.app"]["median_ms"] / figures["agreement.bare_reportlab"]["median_ms"], 2
    )
    # The first tick of the day had work (the tiny data's reminders); the rerun had none.
    assert figures["tick.first"]["notifications"] > 0 and figures["tick.idle"]["changed"] == 0
    assert report["meta"]["today"] == TODAY.isoformat() and "load" not in report["meta"]["sections"]
    # The tick ran on a copy: the data the other figures are measured on is as it was.
    assert {table: _count(path, table) for table in before} == before
    printed = capsys.readouterr().out
    assert "matching: top 20 openings for a citizen" in printed and "tick: idle rerun" in printed
