"""The measuring helpers the benchmark sections share (bench/run.py): how a call is timed,
how its times are summed up, which samples are taken, and the machine's load average."""

from __future__ import annotations

import math
import os
import statistics
import time

from sqlalchemy import event

from placement.extensions import db

SAMPLE = 20  # citizens, openings, renders per round
WARM_UP = 3  # untimed calls first: the first ones pay for connecting and planning


# --- measuring --------------------------------------------------------------------------------


def summary(times_ms: list[float], **extra) -> dict:
    ordered = sorted(times_ms)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "n": len(ordered),
        **extra,
    }


def fresh() -> None:
    """End the read transaction and forget every loaded row, so the next call reads its own."""
    db.session.rollback()
    db.session.expunge_all()


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def spread(ids: list[int], count: int = SAMPLE) -> list[int]:
    """count ids evenly spaced over the list: the same ones for the same data."""
    if len(ids) <= count:
        return list(ids)
    return [ids[i * len(ids) // count] for i in range(count)]


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


class StatementCounter:
    """Counts the statements sent to the database (an executemany, or one batch of it, is
    one) from when it is made until it is closed; a context manager closes it on leaving."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def __enter__(self) -> StatementCounter:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()
