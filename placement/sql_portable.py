"""SQL expressions that read the same on SQLite and PostgreSQL: days, months, medians."""
from __future__ import annotations

from sqlalchemy import Date, Integer, String, and_, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class utc_day(FunctionElement):
    """The calendar day of a stored (UTC) timestamp, as a date."""

    name = "utc_day"
    type = Date()
    inherit_cache = True


@compiles(utc_day)
def _utc_day(element, compiler, **kw):
    return "CAST(%s AS DATE)" % compiler.process(element.clauses, **kw)


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element, compiler, **kw):
    return "date(%s)" % compiler.process(element.clauses, **kw)


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element, compiler, **kw):
    # AT TIME ZONE makes the day independent of the connection's TimeZone setting.
    return "CAST((%s AT TIME ZONE 'UTC') AS DATE)" % compiler.process(element.clauses, **kw)


class month_of(FunctionElement):
    """'YYYY-MM' of a date."""

    name = "month_of"
    type = String()
    inherit_cache = True


@compiles(month_of)
def _month_of(element, compiler, **kw):
    return "to_char(%s, 'YYYY-MM')" % compiler.process(element.clauses, **kw)


@compiles(month_of, "sqlite")
def _month_of_sqlite(element, compiler, **kw):
    return "strftime('%%Y-%%m', %s)" % compiler.process(element.clauses, **kw)


class days_between(FunctionElement):
    """Whole days from the first date to the second (both dates, not timestamps)."""

    name = "days_between"
    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between(element, compiler, **kw):
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"({second} - {first})"  # date - date is an integer on PostgreSQL


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({second}) - julianday({first}) AS INTEGER)"


def ranked(inner, *, grouped: bool):
    """inner (with columns `value`, optionally `grp`) with each row's place in its group in
    order of value (rn) and the group's size (n), so a median is an AVG over the middle rows."""
    sub = inner.subquery()
    partition = sub.c.grp if grouped else None
    return select(
        sub,
        func.row_number().over(partition_by=partition, order_by=sub.c.value).label("rn"),
        func.count().over(partition_by=partition).label("n"),
    ).subquery()


def median(ranked):
    """The median of ranked.c.value: the middle row, or the mean of the two middle rows
    (2·rn between n and n+2 picks exactly those)."""
    middle = and_(ranked.c.rn * 2 >= ranked.c.n, ranked.c.rn * 2 <= ranked.c.n + 2)
    return func.avg(case((middle, ranked.c.value)))
