"""The day the suite runs on, read once from the real clock: the pinned clock of every test
(conftest's copenhagen_noon) and the tests' module-level dates both count from it."""

from __future__ import annotations

from datetime import date

SUITE_DAY = date.today()
