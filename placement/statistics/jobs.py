"""The statistics' scheduled sweep: count today's figures for the statistics page
(placement/common/jobs.py)."""

from __future__ import annotations

from datetime import datetime

from placement.common.jobs import SweepResult
from placement.statistics import snapshots


def count_statistics(now: datetime) -> SweepResult:
    """The statistics page's first view of all municipalities, counted for today
    (placement/statistics/snapshots.py)."""
    return SweepResult(done=snapshots.take(now))
