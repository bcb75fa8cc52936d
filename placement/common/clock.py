"""The one clock: Copenhagen's today and the current moment, asked for by the whole app."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# The municipalities' day: due dates, deadlines and "today" on every page count in it. A UTC
# server's own date.today() starts the day an hour (two in summer) after Copenhagen does.
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def now() -> datetime:
    """This moment, aware and in UTC: what is stored and compared."""
    return datetime.now(UTC)


def local_now() -> datetime:
    """This moment on a Copenhagen wall clock: what is shown."""
    return now().astimezone(COPENHAGEN)


def today(at: datetime | None = None) -> date:
    """Copenhagen's date at the moment `at` (a sweep's run), or right now."""
    return (at or now()).astimezone(COPENHAGEN).date()
