"""For the scheduled jobs' tests: moments in Copenhagen, placements in a state, a sweep run and
committed as the scheduler does, the notifications a person got, and a busy morning with
something for every sweep to do."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from placement import scheduler
from placement.agreements import versions
from placement.common import clock
from placement.extensions import db
from placement.followups import plans
from placement.models import FollowUp, Kind, Notification, Party, PlacementStatus, Role
from placement.placements import lifecycle
from tests.cvr_server import company as cvr_company
from tests.factories import (
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
)

S = PlacementStatus
CPH = clock.COPENHAGEN
START = date(2027, 1, 4)  # a Monday
END = date(2027, 3, 26)
CPR = "241287-3459"


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    """That moment in Copenhagen, as the scheduler's `now` (an aware datetime)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CPH)


@pytest.fixture
def consultant(viborg):
    return create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")


@pytest.fixture
def manager(viborg):
    return create_user(Role.MANAGER, municipality=viborg, name="Hanne Leder")


def accepted(consultant, kind=Kind.INTERNSHIP, start=START, end=END, **candidate_fields):
    opening = create_opening(create_employer(employees=40), kind=kind, seats=5)
    candidate = create_candidate(consultant.municipality, **candidate_fields)
    return create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=S.ACCEPTED,
        start_date=start,
        end_date=end,
        hours_per_week=10,
    )


def agreed(
    consultant, kind=Kind.INTERNSHIP, start=START, end=END, confirmed=True, **candidate_fields
):
    """Agreed the way a consultant does it (plan and agreement version 1), and confirmed by
    the consultant, the company and the citizen unless told otherwise."""
    placement = accepted(consultant, kind, start, end, **candidate_fields)
    lifecycle.agree(placement, consultant, today=start - timedelta(days=14))
    if confirmed:
        confirm(placement, consultant, *Party)
    db.session.commit()
    return placement


def confirm(placement, consultant, *parties):
    people = {
        Party.CONSULTANT: lambda: consultant,
        Party.EMPLOYER: lambda: create_user(Role.EMPLOYER, employer=placement.opening.employer),
        Party.CITIZEN: lambda: create_user(Role.CITIZEN, candidate=placement.candidate),
    }
    for party in parties:
        versions.confirm(placement, people[party](), placement.agreement.version)
    db.session.commit()


def placement_in(
    consultant, status, kind=Kind.INTERNSHIP, start=START, end=END, **candidate_fields
):
    """A placement written straight into a state, without a plan (the plans sweep makes it)."""
    opening = create_opening(create_employer(employees=40), kind=kind, seats=5)
    candidate = create_candidate(consultant.municipality, **candidate_fields)
    return create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=status,
        start_date=start,
        end_date=end,
        hours_per_week=10,
    )


def with_followup(consultant, due: date, status=S.ACTIVE, **candidate_fields):
    placement = placement_in(consultant, status, **candidate_fields)
    item = FollowUp(key="first_week", title="Opfølgning efter første uge", due_date=due)
    placement.followups.append(item)
    db.session.commit()
    return item


def notes(user):
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def run(sweep, now):
    """One sweep by its name in the scheduler's registry, committed."""
    result = scheduler.SWEEPS[sweep](now)
    db.session.commit()
    return result


@pytest.fixture
def busy_morning(consultant, manager, cvr_register):
    """Monday 4 January 2027: something for every sweep to do."""
    starting = agreed(consultant, name="Ida Jensen", cpr=CPR)
    agreed(consultant, confirmed=False, cpr="010203-1235")  # waits for confirmation
    placement_in(consultant, S.AGREED, start=date(2027, 1, 11))  # no plan yet
    ending = placement_in(
        consultant, S.ACTIVE, start=date(2026, 11, 2), end=date(2027, 1, 1), cpr="311299-1237"
    )
    plans.plan(ending, date(2026, 11, 2))  # some of it overdue by now
    # Running for three weeks, the citizen with an account: asked "Hvordan går det?".
    running = placement_in(
        consultant, S.ACTIVE, start=date(2026, 12, 14), end=date(2027, 2, 26), cpr="120588-1231"
    )
    plans.plan(running, date(2026, 12, 14))
    create_user(Role.CITIZEN, candidate=running.candidate)
    company = create_employer()
    create_user(Role.EMPLOYER, employer=company)
    # The CVR register knows the company by another name: the monthly sweep renames it.
    cvr_register.companies[company.cvr] = cvr_company(company.cvr, name="Testfirma Nord ApS")
    create_opening(company, deadline=date(2026, 12, 31))
    # Ended more than five years ago: the retention sweep anonymises the citizen.
    placement_in(consultant, S.COMPLETED, start=date(2021, 1, 4), end=date(2021, 6, 30))
    # Five internships ended at one company in 2026, none of them hired: the revolving door.
    door = create_opening(create_employer(name="Svingdøren ApS"), kind=Kind.INTERNSHIP, seats=5)
    for month in range(5):
        create_placement(
            candidate=create_candidate(consultant.municipality),
            opening=door,
            consultant=consultant,
            status=S.COMPLETED,
            start_date=date(2026, 3 + month, 2),
            end_date=date(2026, 4 + month, 24),
            hours_per_week=10,
        )
    db.session.commit()
    return starting
