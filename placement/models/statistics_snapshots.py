"""The statistics page's default view of all municipalities, as the scheduler computed it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL
from placement.models.types import UTCDateTime


class StatisticsSnapshot(Model):
    __tablename__ = "statistics_snapshots"
    __table_args__ = (UniqueConstraint("day", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)  # the day the figures are counted up to
    # The tables' titles and labels.
    language: Mapped[str] = mapped_column(String(5), info=NOT_PERSONAL)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The tables as placement.statistics makes them (titles, columns, raw rows), as JSON: only
    # counts and labels, no one's personal data.
    tables_json: Mapped[str] = mapped_column(Text, info=NOT_PERSONAL)
