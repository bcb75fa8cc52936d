"""Manager statistics: read-only SQL aggregates, the same on SQLite and PostgreSQL.

Every figure is computed in the database (GROUP BY, COUNT, SUM over CASE, and medians by
ROW_NUMBER()/COUNT() windows); no Python loop walks placements, follow-ups or citizens, so the
number of statements does not grow with the data. The tables hold raw numbers; small
numbers are hidden by placement.small_numbers before anything is shown or exported. Each table
is counted in a module of placement/statistics/figures/; this one puts them together.

At national scale (half a million placements, 1.5 million moves) the statements are shaped
for one municipality's dashboard: the filters apply before the moves are read (the
municipality's citizens, their placements, their moves, each through an index), the first
three tables share one pass over the moves (figures/placements.py: moves), and counts are
grouped once and then joined to their names rather than asked row by row.
bench/dashboard_profile.py times them.

Timestamps are stored in UTC and their day and month are taken in UTC: an event between
midnight and 01:00/02:00 Danish time counts on the day before. Dates (start, end, due,
contact) are plain dates and need no such care.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from placement.common.sql_portable import statistics_settings
from placement.statistics import reading
from placement.statistics.figures.adaptations import adaptations
from placement.statistics.figures.attendance import attendance
from placement.statistics.figures.companies import companies, companies_summary
from placement.statistics.figures.consultants import caseload, followups_by_consultant
from placement.statistics.figures.length_and_hours import length_and_hours
from placement.statistics.figures.mentor_support import mentor_support
from placement.statistics.figures.placements import (
    moves,
    outcomes,
    placements_by_kind,
    placements_by_month,
)
from placement.statistics.figures.speed import speed
from placement.statistics.tables import Column, Filters, PeriodError, Table, default_period

# The dashboard's vocabulary is placement/statistics/tables.py; the statistics' tests import
# it from here, beside dashboard().
__all__ = ["Column", "Filters", "PeriodError", "Table", "dashboard", "default_period"]


def dashboard(filters: Filters, today: date) -> list[Table]:
    """All the dashboard's tables for these filters, in the order they are shown.

    Counts are int, shares/medians/averages float or None (nothing to compute over), so the
    rows serialise to JSON and CSV as they are. Raises PeriodError for a period that ends
    before it starts.
    """
    if filters.date_to < filters.date_from:
        raise PeriodError(_("Perioden slutter før den begynder."))
    statistics_settings(reading.session(), small=filters.municipality_id is not None)
    counted = moves(filters)
    active = companies(filters)
    return [
        placements_by_kind(filters, counted),
        placements_by_month(filters, counted),
        outcomes(filters, counted),
        speed(filters),
        length_and_hours(filters),
        attendance(filters, today),
        mentor_support(filters),
        followups_by_consultant(filters, today),
        caseload(filters),
        active,
        companies_summary(active),
        adaptations(filters),
    ]
