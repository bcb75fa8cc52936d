"""Median and p95 time of matching on the configured database (e.g. the demo data).

DATABASE_URL=… python -m bench.match_demo [--runs 200]
"""

from __future__ import annotations

import argparse
import statistics
import time

from sqlalchemy import select

from placement import create_app
from placement.extensions import db
from placement.matching.queries import rank_candidates_for, rank_openings_for
from placement.models import Candidate, Opening, OpeningStatus


def timed(call, runs: int) -> tuple[float, float]:
    """Median and p95 in milliseconds; each run starts from a fresh transaction."""
    times = []
    for i in range(runs):
        start = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - start) * 1000)
        db.session.rollback()
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    app = create_app()
    with app.app_context():
        citizens = db.session.scalars(select(Candidate).order_by(Candidate.id)).all()
        opening = db.session.scalar(
            select(Opening).where(Opening.status == OpeningStatus.PUBLISHED).order_by(Opening.id)
        )
        if not citizens or opening is None:
            raise SystemExit("No citizens or published openings: load data first (flask demo).")
        for label, call in (
            (
                "top 20 openings for a citizen",
                lambda i: rank_openings_for(citizens[i % len(citizens)]),
            ),
            (
                "top 20 citizens for an opening",
                lambda i: rank_candidates_for(opening, citizens[i % len(citizens)].municipality_id),
            ),
        ):
            median, p95 = timed(call, runs)
            print(
                f"{db.engine.dialect.name:10} {label:32} median {median:6.1f} ms   "
                f"p95 {p95:6.1f} ms   ({runs} runs, {len(citizens)} citizens)"
            )


if __name__ == "__main__":
    main()
