"""The privacy feature's scheduled sweep: anonymise citizens whose data is kept no longer
(placement/common/jobs.py)."""

from __future__ import annotations

from datetime import datetime

from placement.common.jobs import SweepResult
from placement.privacy import erasure


def anonymise_expired(now: datetime) -> SweepResult:
    """Citizens whose last placement ended more than RETENTION_YEARS ago are anonymised
    (placement/privacy/erasure.py says exactly who)."""
    return SweepResult(done=erasure.retention_sweep(now))
