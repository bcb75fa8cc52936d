"""Working days between two date expressions in SQL, the same on SQLite and PostgreSQL.

A working day is a weekday that is not a Danish public holiday (followups/plans.py). The
statistics count them per placement in the database, without a calendar table: weekdays are
arithmetic on the number of days from a Monday, and the few holidays of the period are given
as values. One expression per placement, however long its period.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Date, case, literal
from sqlalchemy.sql.elements import ColumnElement

from placement.common.sql_portable import days_between
from placement.followups.plans import is_working_day


def weekday_holidays(first: date, last: date) -> list[date]:
    """The holidays from `first` to `last` that fall on a weekday (the others are weekend
    days anyway)."""
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5 and not is_working_day(day)]


class WorkingDays:
    """Counts working days within [first, last] (the statistics' period)."""

    def __init__(self, first: date, last: date):
        # Weekday arithmetic counts from the Monday on or before the period: day n after it
        # is a weekday when n % 7 < 5.
        self.monday = first - timedelta(days=first.weekday())
        self.holidays = weekday_holidays(first, last)

    def _weekdays_through(self, n) -> ColumnElement:
        """Weekdays from the Monday through day n after it (n >= -1; -1 gives 0). SQL's
        integer division and modulo truncate towards zero, which is right for n >= -1."""
        rest = n % 7 + 1
        return 5 * (n // 7) + case((rest > 5, 5), else_=rest)

    def between(self, first, last) -> ColumnElement:
        """Working days from `first` to `last`, both included: date expressions with
        first <= last, both within the period."""
        monday = literal(self.monday, Date)
        weekdays = self._weekdays_through(days_between(monday, last)) - self._weekdays_through(
            days_between(monday, first) - 1
        )
        if not self.holidays:
            return weekdays
        closed = sum(
            (case((and_between(first, last, day), 1), else_=0) for day in self.holidays),
            start=literal(0),
        )
        return weekdays - closed


def and_between(first, last, day: date) -> ColumnElement:
    value = literal(day, Date)
    return (first <= value) & (value <= last)
