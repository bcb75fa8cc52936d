"""Small numbers: hide counts of 1-4 people (and what could give them away) before showing."""

from __future__ import annotations

from decimal import Decimal

from flask import current_app, has_app_context

from placement.statistics.tables import Table

# A count of people between 1 and this minus one is never shown: with fewer than 5, a reader
# who knows the workplace or the consultant could tell who they are (Danmarks Statistik and
# Jobindsats hide small cells the same way). A deployment may set STATISTICS_MIN_COUNT.
SMALL_NUMBER_THRESHOLD = 5
# A cell of 5 or more hidden only so that a small one cannot be worked out from the total.
# It is not "<5", which would be untrue.
SECONDARY_HIDDEN = "skjult"
DERIVED_KINDS = ("share", "days", "hours")
ROUNDING = {"share": 3, "days": 1, "hours": 1}


def configured_threshold() -> int:
    """The configured threshold, read at call time (the default outside an app)."""
    if has_app_context():
        return int(current_app.config.get("STATISTICS_MIN_COUNT") or SMALL_NUMBER_THRESHOLD)
    return SMALL_NUMBER_THRESHOLD


def protect(table: Table, threshold: int | None = None) -> list[list]:
    """The table's rows as they may be shown, exported or served.

    Counts from 1 to threshold-1 become "<threshold". In a table with a total row, a column
    with exactly one such cell among its parts also hides its smallest other non-zero part, so
    the small one cannot be found by subtracting the others from the total. A share, median
    or average is hidden when the count it is computed over (or, for a share, the count it
    divides) is hidden, and left out (None) when that count is 0. Zero stays 0.
    """
    limit = threshold if threshold is not None else configured_threshold()
    small = f"<{limit}"
    index = {column.key: i for i, column in enumerate(table.columns)}
    rows = [list(row) for row in table.rows]
    hidden: dict[tuple[int, int], str] = {}  # (row, column) -> what is shown instead

    for r, row in enumerate(rows):
        for c, column in enumerate(table.columns):
            if column.kind == "count" and _is_number(row[c]) and 1 <= row[c] < limit:
                hidden[r, c] = row[c] = small

    if table.has_total and len(rows) > 1:
        parts = range(len(rows) - 1)
        for c, column in enumerate(table.columns):
            if column.kind != "count":
                continue
            if sum((r, c) in hidden for r in parts) != 1:
                continue
            shown = [
                r
                for r in parts
                if (r, c) not in hidden and _is_number(rows[r][c]) and rows[r][c] > 0
            ]
            if shown:
                smallest = min(shown, key=lambda r: (rows[r][c], r))
                hidden[smallest, c] = rows[smallest][c] = SECONDARY_HIDDEN

    for r, row in enumerate(rows):
        for c, column in enumerate(table.columns):
            if column.kind not in DERIVED_KINDS or row[c] is None:
                continue
            guards = [index[key] for key in (column.base, column.numerator) if key in index]
            markers = [hidden[r, g] for g in guards if (r, g) in hidden]
            if markers:
                row[c] = small if small in markers else markers[0]
            elif column.base in index and row[index[column.base]] == 0:
                row[c] = None
            elif _is_number(row[c]):
                row[c] = round(float(row[c]), ROUNDING[column.kind])
    return rows


def _is_number(value) -> bool:
    # A Decimal from a database driver must be hidden as surely as an int.
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
