"""Constructed data for the IPS fidelity tests: a team, citizens, contacts and jobs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from placement.extensions import db
from placement.models import (
    CandidateStatus,
    EmployerContact,
    FollowUp,
    Kind,
    Placement,
    PlacementStatus,
    User,
)
from tests.factories import create_candidate, create_employer, create_opening

FROM, TO = date(2026, 1, 1), date(2026, 3, 31)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, tzinfo=UTC)


def citizens(consultant: User | None, n: int, municipality=None, **fields):
    municipality = municipality or consultant.municipality  # type: ignore[union-attr]
    made = [
        create_candidate(municipality, consultant=consultant, name=f"Borger {i:02d}", **fields)
        for i in range(n)
    ]
    return made


def contact(consultant: User, day: date, *, candidates=(), preferences=False, employer=None):
    row = EmployerContact(
        employer=employer or create_employer(),
        consultant=consultant,
        contact_date=day,
        note="Møde",
        candidates=list(candidates),
        names_preferences=preferences,
    )
    db.session.add(row)
    db.session.commit()
    return row


def job(
    consultant: User,
    start: date,
    *,
    kind: Kind = Kind.SUPPORTED_JOB,
    title: str = "Lagermedarbejder",
    employer=None,
    status: PlacementStatus = PlacementStatus.ACTIVE,
    end: date | None = None,
    followups: tuple[date, ...] = (),
    name: str | None = None,
) -> Placement:
    candidate = create_candidate(
        consultant.municipality,
        consultant=consultant,
        status=CandidateStatus.IN_PLACEMENT,
        **({"name": name} if name else {}),
    )
    opening = create_opening(employer or create_employer(), kind=kind, title=title)
    placement = Placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=status,
        start_date=start,
        end_date=end,
        followups=[
            FollowUp(key=f"f{i}", title="Opfølgning", due_date=day, done_at=noon(day))
            for i, day in enumerate(followups)
        ],
    )
    db.session.add(placement)
    db.session.commit()
    return placement


def weekly(start: date, n: int = 4) -> tuple[date, ...]:
    return tuple(start + timedelta(days=3 + 7 * i) for i in range(n))
