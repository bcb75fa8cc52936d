"""What the scheduled jobs share: the result a sweep returns, and two words for its messages.

Each feature's sweeps live in its own jobs.py (placement/followups/jobs.py, ...): functions of
`now` that flush, are idempotent, and return a SweepResult. A unique key (a follow-up's key per
placement, a notification's key per person) decides whether something was already done, so a
sweep run twice for the same `now` changes nothing the second time. placement/scheduler.py
names them, runs them in order, and commits each on its own under a lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import LazyString, format_date

if TYPE_CHECKING:
    from placement.notifications.inbox import Message


@dataclass
class SweepResult:
    done: int = 0  # things changed: follow-ups planned, placements moved, openings expired
    notifications: list[Message] = field(default_factory=list)  # the new ones


def day(when: date) -> LazyString:
    """The date as the recipient reads it ("8. januar 2027"), worked out in their language."""
    return LazyString(format_date, when, "long")


def parties(which) -> LazyString:
    """The parties ("virksomhed, borger"), worked out in the recipient's language."""
    return LazyString(lambda: ", ".join(str(party.label).lower() for party in which))
