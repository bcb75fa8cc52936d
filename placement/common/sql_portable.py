"""SQL expressions that read the same on SQLite and PostgreSQL: days, months, medians."""

from __future__ import annotations

from sqlalchemy import Date, Integer, String, and_, case, func, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class utc_day(FunctionElement):
    """The calendar day of a stored (UTC) timestamp, as a date."""

    name = "utc_day"
    type = Date()
    inherit_cache = True


@compiles(utc_day)
def _utc_day(element, compiler, **kw):
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element, compiler, **kw):
    # AT TIME ZONE makes the day independent of the connection's TimeZone setting.
    return f"CAST(({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC') AS DATE)"


class month_of(FunctionElement):
    """'YYYY-MM' of a date."""

    name = "month_of"
    type = String()
    inherit_cache = True


@compiles(month_of)
def _month_of(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


@compiles(month_of, "sqlite")
def _month_of_sqlite(element, compiler, **kw):
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


class iso_date(FunctionElement):
    """'YYYY-MM-DD' of a date, as date.isoformat() writes it (keys made in Python compare)."""

    name = "iso_date"
    type = String()
    inherit_cache = True


@compiles(iso_date)
def _iso_date(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


@compiles(iso_date, "sqlite")
def _iso_date_sqlite(element, compiler, **kw):
    return f"strftime('%Y-%m-%d', {compiler.process(element.clauses, **kw)})"


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


def with_ranks(inner, *names: str):
    """inner with, for each named column, each row's place in order of that column among the
    rows where it is not NULL (<name>_rn) and how many rows have it (<name>_n), so one pass
    over the rows gives several medians, each over its own rows (median_of)."""
    sub = inner.subquery()
    ranks = []
    for name in names:
        value = sub.c[name]
        ranks += [
            func.row_number()
            .over(partition_by=value.is_(None), order_by=value)
            .label(f"{name}_rn"),
            func.count(value).over().label(f"{name}_n"),
        ]
    return select(sub, *ranks).subquery()


def median_of(ranked, name: str):
    """The median of the named column over the rows where it is not NULL (see with_ranks)."""
    value, rn, n = ranked.c[name], ranked.c[f"{name}_rn"], ranked.c[f"{name}_n"]
    middle = and_(value.is_not(None), rn * 2 >= n, rn * 2 <= n + 2)
    return func.avg(case((middle, value)))


def statistics_settings(session, *, small: bool) -> None:
    """On PostgreSQL, planner settings for the statistics, for the rest of the transaction.

    No JIT: a statement the planner costs above jit_above_cost (the figures for every
    municipality) is first compiled to machine code, 60-200 ms a statement, more than it
    saves on a statement of a second. And for small statements (one municipality's, each
    reading some thousand rows through indexes), no parallel workers: starting them costs
    more than they save, and on a busy server they take cores from other requests (measured
    at national scale on 2 cores: about the same when quiet, a third slower under load)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text("SET LOCAL jit = off"))
    if small:
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
