"""What the statistics are counted for and shown as: the filters a manager chose, the tables
and their columns, and the period shown first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from placement.common.refusals import Refusal
from placement.models import Kind


class PeriodError(Refusal):
    """The period cannot be counted; the message says why, for the person."""


@dataclass(frozen=True)
class Filters:
    """What the manager chose. municipality_id None means every municipality (admin only)."""

    date_from: date
    date_to: date
    municipality_id: int | None = None
    kind: Kind | None = None
    consultant_id: int | None = None
    industry: str | None = None  # Employer.industry, exact


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # plain Danish
    # "count" (people or placements: hidden when 1-4), "share" (0-1), "days", "hours",
    # "number" (not about people, never hidden, e.g. ratio headroom), "text".
    kind: str = "count"
    # For a share, median or average: the count column it is computed over. When that count
    # is hidden, so is this figure (a median of 3 people describes them).
    base: str | None = None
    # For a share: the count column it divides by the base. When that count is hidden, so is
    # the share (3 of 10 shown as 0.3 would give the 3 away).
    numerator: str | None = None


@dataclass
class Table:
    key: str  # e.g. "placements_by_kind"; used in CSV file names and the API
    title: str
    explanation: str  # one line in plain Danish: how it is counted
    columns: list[Column]
    rows: list[list] = field(default_factory=list)  # raw values: int, float, str, date, None
    # The last row is a total of the rows above it (for hiding a second cell when one is
    # hidden, so the hidden one cannot be worked out by subtraction).
    has_total: bool = False


def default_period(today: date) -> tuple[date, date]:
    """The period the dashboard shows first: twelve whole months of rows, up to today."""
    return today.replace(day=1) - relativedelta(months=11), today
