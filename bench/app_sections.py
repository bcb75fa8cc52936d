"""The benchmark sections timed in the app's own context (bench/run.py): matching, the
statistics dashboard, and the agreement PDF against the same text in bare ReportLab."""

from __future__ import annotations

import re
import statistics
from datetime import date, datetime
from datetime import time as clock
from io import BytesIO
from unittest import mock
from xml.sax.saxutils import escape

import font_source_sans_pro
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
from sqlalchemy import delete, func, select

from bench.measure import SAMPLE, WARM_UP, fresh, spread, summary, timed
from placement.agreements import pdf as agreements
from placement.agreements import versions
from placement.common.clock import COPENHAGEN
from placement.extensions import db
from placement.matching.queries import open_openings, rank_candidates_for, rank_openings_for
from placement.models import (
    Agreement,
    Candidate,
    CandidateStatus,
    Opening,
    Placement,
    StatisticsSnapshot,
)
from placement.statistics import snapshots
from placement.statistics.tables import Filters, default_period

# --- matching, dashboard --------------------------------------------------------------------------


def bench_matching(today: date, runs: int, out) -> dict:
    citizens = spread(
        db.session.scalars(
            select(Candidate.id)
            .where(Candidate.status == CandidateStatus.LOOKING, Candidate.anonymised_at.is_(None))
            .order_by(Candidate.id)
        ).all()
    )
    openings = spread(
        db.session.scalars(
            open_openings(today).with_only_columns(Opening.id).order_by(Opening.id)
        ).all()
    )
    # Each opening is matched with the citizens of the municipality most of its postcode's
    # citizens belong to: the consultant who would look.
    largest = db.session.scalar(
        select(Candidate.municipality_id)
        .group_by(Candidate.municipality_id)
        .order_by(func.count().desc(), Candidate.municipality_id)
    )
    municipality_of = {}
    for opening_id in openings:
        postcode = db.session.get(Opening, opening_id).postcode
        municipality_of[opening_id] = (
            db.session.scalar(
                select(Candidate.municipality_id)
                .where(Candidate.postcode == postcode)
                .group_by(Candidate.municipality_id)
                .order_by(func.count().desc(), Candidate.municipality_id)
            )
            or largest
        )

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
        ("matching.openings_for_citizen", "top 20 openings for a citizen", citizens, for_citizen),
        ("matching.citizens_for_opening", "top 20 citizens for an opening", openings, for_opening),
    ):
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
        figures[key] = summary(
            times,
            label=f"matching: {label}",
            samples=len(ids),
            mean_results=round(statistics.mean(found), 1),
            slowest={str(s): round(statistics.median(by_sample[s]), 1) for s in reversed(slowest)},
        )
    fresh()
    return figures


def dashboard_filters(today: date, municipality_id: int | None) -> Filters:
    """What /leder and /statistik show first: the last twelve whole months up to today."""
    first, last = default_period(today)
    return Filters(date_from=first, date_to=last, municipality_id=municipality_id)


def bench_dashboard(today: date, runs: int, municipality: tuple[int, str], out) -> dict:
    """The statistics page's tables as the page gets them (snapshots.tables_for):
    a manager's municipality counted on the spot; the admin's first view of all
    municipalities read from the morning's count, which is made for the run (as the
    scheduler's sweep makes it, at 06:30 of `today`) and deleted after; and that count
    itself, what the sweep and "Tæl tallene igen nu" take."""
    one, everyone = dashboard_filters(today, municipality[0]), dashboard_filters(today, None)
    tables_for = snapshots.tables_for
    calls = {
        "dashboard.one_municipality": (
            f"dashboard, {municipality[1]} (counted on the spot)",
            lambda: tables_for(one, today, "da", compare=False),
        ),
        "dashboard.all_municipalities": (
            "dashboard, all municipalities (the morning's count)",
            lambda: tables_for(everyone, today, "da", compare=True),
        ),
        "dashboard.all_municipalities_counted": (
            "  counting all municipalities (the sweep, 'Tæl igen nu')",
            lambda: (snapshots.compute(everyone, today, compare=True), None),
        ),
    }
    morning = datetime.combine(today, clock(6, 30), tzinfo=COPENHAGEN)
    fresh()
    snapshots.take(morning)
    db.session.commit()
    figures = {}
    try:
        for key, (label, call) in calls.items():
            fresh()
            tables, counted_at = call()
            if key == "dashboard.all_municipalities" and counted_at is None:
                raise RuntimeError("the morning's count was not used")
            times = []
            for _ in range(runs):
                fresh()
                times.append(timed(call)[0])
            figures[key] = summary(times, label=label, tables=len(tables))
    finally:
        fresh()
        db.session.execute(delete(StatisticsSnapshot).where(StatisticsSnapshot.day == today))
        db.session.commit()
    return figures


# --- agreement --------------------------------------------------------------------------------

BARE_REGULAR, BARE_BOLD = "BenchSans", "BenchSans-Bold"


def agreement_sample() -> int | None:
    """The placement of the middle agreement by id: a real one, the same for the same data."""
    count = db.session.scalar(select(func.count(Agreement.id)))
    if not count:
        return None
    return db.session.scalar(
        select(Agreement.placement_id).order_by(Agreement.id).offset(count // 2).limit(1)
    )


def read_document(placement_id: int):
    """The rows the download view reads (one statement), as the document to render."""
    placement = (
        db.session.scalars(
            select(Placement).where(Placement.id == placement_id).options(*versions.DOCUMENT_ROWS)
        )
        .unique()
        .one()
    )
    return versions.document_for(placement.agreement, placement)


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
    body = ParagraphStyle("bare", fontName=BARE_REGULAR, fontSize=10, leading=13.5, spaceAfter=3)
    bold = ParagraphStyle("bare-bold", parent=body, fontName=BARE_BOLD)
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, initialFontName=BARE_REGULAR
    ).build([Paragraph(escape(words), bold if is_bold else body) for words, is_bold in paragraphs])
    return buffer.getvalue()


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def in_request() -> None:
    """As a logged-in request stands when its view starts: the last call's rows forgotten, and
    the connection taken from the pool (checked, its transaction begun) by the lookup of the
    user that every such request makes (/adgangskode under load measures it). So the time is
    what the download view itself adds: its one statement and the render."""
    fresh()
    db.session.execute(select(1))


def bench_agreement(runs: int, out) -> dict:
    placement_id = agreement_sample()
    if placement_id is None:
        out("  agreement: no agreement in the database")
        return {}
    document = read_document(placement_id)
    paragraphs = paragraphs_of(document)
    fresh()
    app_pdf, bare_pdf = app_render(placement_id), bare_render(paragraphs)
    # name: (what comes before the timed call, the call)
    calls = {
        "app": (in_request, lambda: app_render(placement_id)),
        "render": (fresh, lambda: agreements.render(document)),
        "bare": (fresh, lambda: bare_render(paragraphs)),
    }
    for _ in range(WARM_UP):
        for before, call in calls.values():
            before()
            call()
    times = {name: [] for name in calls}
    for _ in range(runs):
        for _ in range(SAMPLE):  # taken in turns, so a busy moment of the machine hits each
            for name, (before, call) in calls.items():
                before()
                times[name].append(timed(call)[0])
    fresh()
    app = summary(
        times["app"],
        label="agreement PDF by the app (rows read + render)",
        pages=pages(app_pdf),
        kib=len(app_pdf) // 1024,
        placement_id=placement_id,
    )
    render = summary(times["render"], label="  of it the render, from the rows read")
    bare = summary(
        times["bare"],
        label="the same text in bare ReportLab",
        pages=pages(bare_pdf),
        kib=len(bare_pdf) // 1024,
        paragraphs=len(paragraphs),
    )
    return {
        "agreement.app": app,
        "agreement.render": render,
        "agreement.bare_reportlab": bare,
        "agreement.ratio": {
            "label": "agreement: app / bare ReportLab (medians)",
            "value": round(app["median_ms"] / bare["median_ms"], 2),
        },
        "agreement.render_ratio": {
            "label": "  render alone / bare ReportLab (medians)",
            "value": round(render["median_ms"] / bare["median_ms"], 2),
        },
    }
