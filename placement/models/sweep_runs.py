"""The day a once-a-day sweep last did its work (placement/scheduler.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL
from placement.models.types import UTCDateTime


class SweepRun(Model):
    """One row per sweep that runs once a day: written in the sweep's own transaction, so a
    sweep killed before its commit has not run, and one that committed is not run again that
    day by a later tick."""

    __tablename__ = "sweep_runs"

    name: Mapped[str] = mapped_column(String(40), primary_key=True, info=NOT_PERSONAL)
    day: Mapped[date] = mapped_column(Date, info=NOT_PERSONAL)  # Copenhagen day of its `now`
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime(), info=NOT_PERSONAL)
