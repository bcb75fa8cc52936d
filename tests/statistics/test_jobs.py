"""The statistics' sweep (placement/statistics/jobs.py): the morning's count is made once a
day in each language. What it counts is tested with the snapshots
(tests/statistics/test_statistics_snapshots.py)."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from placement.extensions import db
from placement.models import StatisticsSnapshot
from placement.statistics.jobs import count_statistics

MORNING = datetime(2026, 11, 24, 5, 30, tzinfo=UTC)  # 06:30 in Copenhagen


def counted() -> list[tuple[date, str]]:
    db.session.expire_all()
    return sorted((s.day, s.language) for s in db.session.scalars(select(StatisticsSnapshot)))


def test_the_morning_count_is_made_once_a_day_in_each_language_and_tells_nobody(app):
    result = count_statistics(MORNING)
    db.session.commit()
    assert (result.done, result.notifications) == (2, [])
    assert counted() == [(date(2026, 11, 24), "da"), (date(2026, 11, 24), "en")]

    later = count_statistics(MORNING + timedelta(hours=3))
    db.session.commit()
    assert (later.done, later.notifications) == (0, [])
    assert counted() == [(date(2026, 11, 24), "da"), (date(2026, 11, 24), "en")]
