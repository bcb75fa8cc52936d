"""The benchmark suite: the app's own functions timed on a generated database, and its pages
under load, printed as a table and written as JSON.

    python -m bench.run --database-url URL [--runs N] [--json FILE] [--only NAME,...]
                        [--duration SECONDS] [--rounds 3] [--users 20] [--workers 4]
                        [--today YYYY-MM-DD] [--municipality CODE]

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
import math
import os
import platform
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from datetime import date, datetime, timedelta, timezone
from datetime import time as clock
from io import BytesIO
from pathlib import Path
from unittest import mock
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import font_source_sans_pro
from dateutil.relativedelta import relativedelta
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.exc import OperationalError

from placement import agreement_versions, agreements, scheduler
from placement.extensions import db
from placement.match_queries import open_openings, rank_candidates_for, rank_openings_for
from placement.models import (
    Agreement, Candidate, CandidateStatus, Municipality, Opening, OpeningStatus, Placement,
    PlacementEvent,
    PlacementStatus, Role, User,
)
from placement.statistics import Filters, dashboard

from . import _setup

SECTIONS = ("matching", "dashboard", "agreement", "tick", "load")
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = 20  # citizens, openings, renders per round
WARM_UP = 3  # untimed calls first: the first ones pay for connecting and planning
TICK_COPY = "bench_tick_copy"
COPY_ATTEMPTS, COPY_WAIT_SECONDS = 20, 3
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# Issue 9's targets (national scale on PostgreSQL): (figure key, field, bound, "<" or ">=").
TARGETS = {
    "matching.openings_for_citizen": ("median_ms", 50, "<"),
    "matching.citizens_for_opening": ("median_ms", 50, "<"),
    "dashboard.one_municipality": ("median_ms", 300, "<"),
    "dashboard.all_municipalities": ("median_ms", 300, "<"),
    "agreement.app": ("median_ms", 30, "<"),
    "agreement.ratio": ("value", 1.5, "<="),
    "tick.idle": ("median_ms", 2000, "<"),
    "load.caseload": ("p95_ms", 100, "<"),
    "load.caseload_ratio": ("value", 0.30, ">="),
    "rss.max_mb": ("value", 200, "<"),
}


# --- measuring --------------------------------------------------------------------------------

def summary(times_ms: list[float], **extra) -> dict:
    ordered = sorted(times_ms)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {"median_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2),
            "n": len(ordered), **extra}


def fresh() -> None:
    """End the read transaction and forget every loaded row, so the next call reads its own."""
    db.session.rollback()
    db.session.expunge_all()


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def spread(ids: list[int], count: int = SAMPLE) -> list[int]:
    """count ids evenly spaced over the list: the same ones for the same data."""
    if len(ids) <= count:
        return list(ids)
    return [ids[i * len(ids) // count] for i in range(count)]


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --- matching, dashboard --------------------------------------------------------------------------

def bench_matching(today: date, runs: int, out) -> dict:
    citizens = spread(db.session.scalars(
        select(Candidate.id).where(Candidate.status == CandidateStatus.LOOKING,
                                   Candidate.anonymised_at.is_(None))
        .order_by(Candidate.id)).all())
    openings = spread(db.session.scalars(
        open_openings(today).with_only_columns(Opening.id).order_by(Opening.id)).all())
    # Each opening is matched with the citizens of the municipality most of its postcode's
    # citizens belong to: the consultant who would look.
    largest = db.session.scalar(select(Candidate.municipality_id).group_by(
        Candidate.municipality_id).order_by(func.count().desc(), Candidate.municipality_id))
    municipality_of = {}
    for opening_id in openings:
        postcode = db.session.get(Opening, opening_id).postcode
        municipality_of[opening_id] = db.session.scalar(
            select(Candidate.municipality_id).where(Candidate.postcode == postcode)
            .group_by(Candidate.municipality_id)
            .order_by(func.count().desc(), Candidate.municipality_id)) or largest

    def for_citizen(candidate_id):
        fresh()
        candidate = db.session.get(Candidate, candidate_id)
        return timed(lambda: rank_openings_for(candidate, 20, today))

    def for_opening(opening_id):
        fresh()
        opening = db.session.get(Opening, opening_id)
        return timed(lambda: rank_candidates_for(opening, municipality_of[opening_id], 20, today))

    figures = {}
    for key, label, ids, call in (
            ("matching.openings_for_citizen", "top 20 openings for a citizen", citizens,
             for_citizen),
            ("matching.citizens_for_opening", "top 20 citizens for an opening", openings,
             for_opening)):
        if not ids:
            out(f"  {label}: no sample (no looking citizens or open openings on {today})")
            continue
        for sample in ids[:WARM_UP]:
            call(sample)
        times, found, by_sample = [], [], {sample: [] for sample in ids}
        for _ in range(runs):
            for sample in ids:
                ms, ranked = call(sample)
                times.append(ms)
                by_sample[sample].append(ms)
                found.append(len(ranked))
        # With 20 samples, the p95 is the slowest one or two: name them, to look at.
        slowest = sorted(by_sample, key=lambda s: statistics.median(by_sample[s]))[-3:]
        figures[key] = summary(times, label=f"matching: {label}", samples=len(ids),
                               mean_results=round(statistics.mean(found), 1),
                               slowest={str(s): round(statistics.median(by_sample[s]), 1)
                                        for s in reversed(slowest)})
    fresh()
    return figures


def dashboard_filters(today: date, municipality_id: int | None) -> Filters:
    """What /leder and /statistik show first: the last twelve whole months up to today."""
    first = today.replace(day=1) - relativedelta(months=11)
    return Filters(date_from=first, date_to=today, municipality_id=municipality_id)


def bench_dashboard(today: date, runs: int, municipality: tuple[int, str], out) -> dict:
    figures = {}
    for key, label, municipality_id in (
            ("dashboard.one_municipality", f"dashboard, {municipality[1]}", municipality[0]),
            ("dashboard.all_municipalities", "dashboard, all municipalities", None)):
        filters = dashboard_filters(today, municipality_id)
        fresh()
        dashboard(filters, today)
        times = []
        for _ in range(runs):
            fresh()
            times.append(timed(lambda: dashboard(filters, today))[0])
        figures[key] = summary(times, label=label)
    fresh()
    return figures


# --- agreement --------------------------------------------------------------------------------

BARE_REGULAR, BARE_BOLD = "BenchSans", "BenchSans-Bold"


def agreement_sample() -> int | None:
    """The placement of the middle agreement by id: a real one, the same for the same data."""
    count = db.session.scalar(select(func.count(Agreement.id)))
    if not count:
        return None
    return db.session.scalar(select(Agreement.placement_id).order_by(Agreement.id)
                             .offset(count // 2).limit(1))


def read_document(placement_id: int):
    """The rows the download view reads (one statement), as the document to render."""
    placement = db.session.scalars(select(Placement).where(Placement.id == placement_id)
                                   .options(*agreement_versions.DOCUMENT_ROWS)).unique().one()
    return agreement_versions.document_for(placement.agreement, placement)


def app_render(placement_id: int) -> bytes:
    """As the download view does it, minus the request: the rows read, then the PDF."""
    return agreements.render(read_document(placement_id))


def paragraphs_of(document) -> list[tuple[str, bool]]:
    """The text the app puts in the PDF, paragraph by paragraph (table cells too), and whether
    it is bold: caught from the app's own story as it is built."""
    story = []
    build = SimpleDocTemplate.build

    def catching(self, flowables, *args, **kwargs):
        story.extend(flowables)
        return build(self, flowables, *args, **kwargs)

    with mock.patch.object(SimpleDocTemplate, "build", catching):
        agreements.render(document)

    found = []

    def walk(item):
        if isinstance(item, Paragraph):
            found.append((item.getPlainText(), item.style.fontName == agreements.BOLD))
        elif isinstance(item, Table):
            for row in item._cellvalues:
                for cell in row:
                    walk(cell)
        elif isinstance(item, (list, tuple)):
            for part in item:
                walk(part)
        elif isinstance(item, str) and item.strip():
            found.append((item, False))

    walk(story)
    return found


def bare_render(paragraphs: list[tuple[str, bool]]) -> bytes:
    """The same text in the same font, in plain ReportLab: one paragraph style, no tables,
    no footer, nothing of the app."""
    if BARE_REGULAR not in pdfmetrics.getRegisteredFontNames():
        files = font_source_sans_pro.font_files_ttf
        pdfmetrics.registerFont(TTFont(BARE_REGULAR, files["SourceSansPro"]))
        pdfmetrics.registerFont(TTFont(BARE_BOLD, files["SourceSansProBold"]))
    body = ParagraphStyle("bare", fontName=BARE_REGULAR, fontSize=10, leading=13.5,
                          spaceAfter=3)
    bold = ParagraphStyle("bare-bold", parent=body, fontName=BARE_BOLD)
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                      initialFontName=BARE_REGULAR).build(
        [Paragraph(escape(words), bold if is_bold else body) for words, is_bold in paragraphs])
    return buffer.getvalue()


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def bench_agreement(runs: int, out) -> dict:
    placement_id = agreement_sample()
    if placement_id is None:
        out("  agreement: no agreement in the database")
        return {}
    document = read_document(placement_id)
    paragraphs = paragraphs_of(document)
    fresh()
    app_pdf, bare_pdf = app_render(placement_id), bare_render(paragraphs)
    calls = {"app": lambda: app_render(placement_id), "render": lambda: agreements.render(document),
             "bare": lambda: bare_render(paragraphs)}
    for _ in range(WARM_UP):
        for call in calls.values():
            fresh()
            call()
    times = {name: [] for name in calls}
    for _ in range(runs):
        for _ in range(SAMPLE):  # taken in turns, so a busy moment of the machine hits each
            for name, call in calls.items():
                fresh()
                times[name].append(timed(call)[0])
    fresh()
    app = summary(times["app"], label="agreement PDF by the app (rows read + render)",
                  pages=pages(app_pdf), kib=len(app_pdf) // 1024, placement_id=placement_id)
    render = summary(times["render"], label="  of it the render, from the rows read")
    bare = summary(times["bare"], label="the same text in bare ReportLab",
                   pages=pages(bare_pdf), kib=len(bare_pdf) // 1024,
                   paragraphs=len(paragraphs))
    return {"agreement.app": app, "agreement.render": render, "agreement.bare_reportlab": bare,
            "agreement.ratio": {"label": "agreement: app / bare ReportLab (medians)",
                                "value": round(app["median_ms"] / bare["median_ms"], 2)},
            "agreement.render_ratio": {
                "label": "  render alone / bare ReportLab (medians)",
                "value": round(render["median_ms"] / bare["median_ms"], 2)}}


# --- the scheduler tick, on a copy ------------------------------------------------------------

class CopyRefused(RuntimeError):
    """The copy for the tick could not be made; the message says why."""


def copy_database(url: str, workdir: str, out) -> tuple[str, callable]:
    """A copy of the database to run the tick on, and how to remove it."""
    parsed = make_url(_setup.database_url_for(url))
    if parsed.get_backend_name() == "sqlite":
        path = os.path.join(workdir, "tick_copy.sqlite")
        with closing(sqlite3.connect(parsed.database)) as original, \
                closing(sqlite3.connect(path)) as target:
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
                connection.execute(text(
                    f'CREATE DATABASE "{TICK_COPY}" TEMPLATE "{source}"{strategy}'))
                break
            except OperationalError as error:
                if "being accessed by other users" not in str(error):
                    raise
                others = connection.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = :name"),
                    {"name": source}).scalar()
                if attempt == COPY_ATTEMPTS:
                    admin.dispose()
                    raise CopyRefused(
                        f"{source} had other connections ({others}) through "
                        f"{COPY_ATTEMPTS} attempts; stop them and run --only tick") from None
                out(f"  {others} other connection(s) to {source}; trying again in "
                    f"{COPY_WAIT_SECONDS} s ({attempt}/{COPY_ATTEMPTS})")
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
    now = datetime.combine(today, clock(8, 0), tzinfo=COPENHAGEN).astimezone(timezone.utc)
    try:
        app = _setup.app_for(copy_url, workdir)
        with app.app_context():
            active = db.session.scalar(select(func.count(Placement.id)).where(
                Placement.status == PlacementStatus.ACTIVE))
            first_ms, results, first_sweeps = timed_tick(now)
            changed = {name: r.done for name, r in results.items()}
            notified = sum(len(r.notifications) for r in results.values())
            idle, idle_sweeps, idle_changed = [], {}, 0
            for _ in range(runs):
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
        "tick.first": summary([first_ms], label="tick: first of the day", now=now.isoformat(),
                              active_placements=active, changed=changed, notifications=notified,
                              sweeps_ms=first_sweeps, copy_seconds=round(copied, 1)),
        "tick.idle": summary(idle, label="tick: idle rerun", changed=idle_changed,
                             sweeps_ms={name: statistics.median(times)
                                        for name, times in idle_sweeps.items()}),
    }


# --- the run ----------------------------------------------------------------------------------

def data_today() -> date:
    """The day the generated data leads up to (the generator's --today): its events end the
    day before."""
    last = db.session.scalar(select(func.max(PlacementEvent.at)))
    return last.date() + timedelta(days=1) if last else date.today()


def pick_municipality(code: str) -> Municipality:
    """The one asked for, else the one with the most citizens."""
    found = db.session.scalar(select(Municipality).where(Municipality.code == code))
    if found is None:
        largest = db.session.scalar(select(Candidate.municipality_id).group_by(
            Candidate.municipality_id).order_by(func.count().desc(), Candidate.municipality_id))
        found = db.session.get(Municipality, largest)
    return found


def load_targets(municipality: Municipality) -> tuple[list[str], int | None]:
    """The consultants whose sessions drive the pages, and the opening whose page is shown."""
    emails = db.session.scalars(
        select(User.email).where(User.role == Role.CONSULTANT, User.active.is_(True),
                                 User.municipality_id == municipality.id)
        .order_by(User.id).limit(4)).all()
    published = db.session.scalars(select(Opening.id).where(
        Opening.status == OpeningStatus.PUBLISHED).order_by(Opening.id)).all()
    return list(emails), (published[len(published) // 2] if published else None)


def code_version() -> str | None:
    """The commit checked out (read from .git, without running git); None if unknown."""
    git = ROOT / ".git"
    try:
        if git.is_file():
            git = (ROOT / git.read_text().split(":", 1)[1].strip()).resolve()
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (git / ref).is_file():
            return (git / ref).read_text().strip()
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        pass
    return None


def verdict(key: str, figure: dict) -> str:
    if key not in TARGETS:
        return ""
    field, bound, sense = TARGETS[key]
    value = figure.get(field)
    if value is None:
        return ""
    met = {"<": value < bound, "<=": value <= bound, ">=": value >= bound}[sense]
    unit = " ms" if field.endswith("_ms") else (" MB" if key.startswith("rss") else "")
    return f"{sense} {bound:g}{unit}: {'met' if met else 'MISSED'}"


def note(figure: dict) -> str:
    if "rps" in figure:
        ratio = figure.get("ratio_to_healthz")
        return (f"{figure['rps']:.0f} req/s" + (f", {ratio:.2f}× /healthz" if ratio else "")
                + (f", alone {figure['alone_median_ms']:.0f} ms"
                   if figure.get("alone_median_ms") else "")
                + (f", {figure['failures']} failed" if figure.get("failures") else ""))
    if "pages" in figure:
        return f"{figure['pages']} pages, {figure['kib']} KiB"
    if "mean_results" in figure:
        return f"{figure['samples']} samples, {figure['mean_results']:g} found"
    if "changed" in figure and isinstance(figure["changed"], dict):
        return f"{sum(figure['changed'].values())} changed, {figure['notifications']} notified"
    return ""


def table(figures: dict) -> list[str]:
    lines = [f"{'figure':48} {'median':>10} {'p95':>10} {'n':>5}  {'':44} target",
             "-" * 134]
    for key, figure in figures.items():
        if "value" in figure:
            value = figure["value"]
            cells = f"{value:>10g} {'':>10} {'':>5}"
        elif "median_ms" in figure:
            cells = (f"{figure['median_ms']:>7.1f} ms {figure['p95_ms']:>7.1f} ms "
                     f"{figure.get('n', ''):>5}")
        else:
            continue
        lines.append(f"{figure.get('label', key)[:48]:48} {cells}  {note(figure):44} "
                     f"{verdict(key, figure)}")
    return lines


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="default: DATABASE_URL")
    parser.add_argument("--runs", type=int, default=5, help="rounds of each sample (5)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"some of {','.join(SECTIONS)} (default: all)")
    parser.add_argument("--duration", type=float, default=30,
                        help="seconds of load per page (30), in --rounds turns")
    parser.add_argument("--rounds", type=int, default=3,
                        help="the pages take turns this many times (3), so a busy moment of "
                             "the machine does not fall on one page only")
    parser.add_argument("--users", type=int, default=20, help="concurrent users (20)")
    parser.add_argument("--workers", type=int, default=4,
                        help="gunicorn workers (4, as the README's production section)")
    parser.add_argument("--today", type=date.fromisoformat,
                        help="the day to measure as of; default: the data's own (the day after "
                             "its last event)")
    parser.add_argument("--municipality", default="791",
                        help="code of the municipality for the one-municipality dashboard and "
                             "the consultant under load (791; else the largest)")
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
    meta = {"started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "database": make_url(url).render_as_string(hide_password=True),
            "code_version": code_version(), "runs": args.runs, "sections": args.sections,
            "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                        "system": platform.platform()},
            "load_average_at_start": loadavg()}

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
        sections[name] = {"seconds": round(time.perf_counter() - started, 1),
                          "load_average_before": before, "load_average_after": loadavg()}

    with tempfile.TemporaryDirectory(prefix="bench-run-") as workdir:
        app = _setup.app_for(url, workdir)
        with app.app_context():
            today = args.today or data_today()
            municipality = pick_municipality(args.municipality)
            consultants, opening_id = load_targets(municipality)
            meta.update(dialect=db.engine.dialect.name, today=today.isoformat(),
                        municipality=f"{municipality.name} ({municipality.code})",
                        counts={name: db.session.scalar(select(func.count()).select_from(model))
                                for name, model in (("citizens", Candidate),
                                                    ("openings", Opening),
                                                    ("placements", Placement))})
            chosen = (municipality.id, municipality.name)
            fresh()
            section("matching", lambda: bench_matching(today, args.runs, out))
            section("dashboard", lambda: bench_dashboard(today, args.runs, chosen, out))
            section("agreement", lambda: bench_agreement(args.runs, out))
            db.session.remove()
            db.engine.dispose()  # the tick's copy needs nobody connected to the source
        section("tick", lambda: bench_tick(url, today, args.runs, workdir, out))
        if "load" in args.sections:
            from . import load  # needs gunicorn and locust, which only this part uses
            section("load", lambda: load.run_load(
                url, consultants=consultants, opening_id=opening_id, users=args.users,
                duration=args.duration, workers=args.workers, workdir=workdir,
                rounds=args.rounds, out=out))

    meta.update(finished=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                load_average_at_end=loadavg(), section_times=sections)
    out("")
    for line in table(figures):
        out(line)
    out(f"\n{meta['dialect']} {meta['database']}, as of {meta['today']}, code "
        f"{meta['code_version'] or 'unknown'}; load average at start "
        f"{' '.join(map(str, meta['load_average_at_start']))}, at end "
        f"{' '.join(map(str, meta['load_average_at_end']))}")
    for problem in problems:
        out(f"problem: {problem}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump({"meta": meta, "figures": figures, "problems": problems,
                       "targets": {key: {"field": field, "bound": bound, "sense": sense}
                                   for key, (field, bound, sense) in TARGETS.items()}},
                      file, indent=2, ensure_ascii=False)
            file.write("\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
