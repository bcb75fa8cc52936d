"""Placements brought to a state through the real lifecycle, so they carry a real history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from placement.agreements import versions
from placement.extensions import db
from placement.models import (
    AgreementConfirmation,
    Outcome,
    Party,
    Placement,
    PlacementEvent,
    PlacementStatus,
    Role,
    User,
)
from placement.placements import lifecycle
from tests.factories import create_candidate, create_employer, create_opening, create_user
from tests.suite_day import SUITE_DAY

S = PlacementStatus
# Started three days ago: the pages' "start" (which asks for today) may start it.
START = SUITE_DAY - timedelta(days=3)
END = START + timedelta(weeks=8, days=-1)


@dataclass
class People:
    consultant: User
    employer: User
    citizen: User


def people(consultant_name: str | None = None) -> People:
    """A consultant, and the company user and citizen of a new placement's parties."""
    consultant = create_user(
        Role.CONSULTANT, **({"name": consultant_name} if consultant_name else {})
    )
    employer = create_user(Role.EMPLOYER, employer=create_employer(employees=40))
    citizen = create_user(Role.CITIZEN, candidate=create_candidate(consultant.municipality))
    return People(consultant, employer, citizen)


def journey(
    status: PlacementStatus,
    who: People | None = None,
    *,
    confirmed: tuple[Party, ...] = tuple(Party),
) -> tuple[Placement, People]:
    """A placement proposed, answered, agreed (and its agreement confirmed by `confirmed`),
    started and so on until `status`, each step committed as a request would."""
    who = who or people()
    opening = create_opening(
        who.employer.employer, seats=5, start_date=START, end_date=END, duration_weeks=None
    )
    placement = lifecycle.propose(who.citizen.candidate, opening, who.consultant, today=START)
    db.session.commit()
    steps = {
        S.ACCEPTED: lambda: (
            lifecycle.answer_as_employer(placement, True, who.employer),
            lifecycle.answer_as_citizen(placement, True, who.citizen),
        ),
        S.DECLINED: lambda: lifecycle.answer_as_citizen(placement, False, who.citizen, "Nej"),
        S.AGREED: lambda: (
            lifecycle.agree(placement, who.consultant, today=START),
            _confirm(placement, who, confirmed),
        ),
        S.ACTIVE: lambda: lifecycle.start(placement, who.consultant, today=START),
        S.AWAITING_EVALUATION: lambda: lifecycle.end_for_evaluation(
            placement, None, today=END + timedelta(days=1)
        ),
        S.COMPLETED: lambda: lifecycle.complete(placement, who.consultant, Outcome.OTHER),
        S.ENDED_EARLY: lambda: lifecycle.end_early(placement, who.consultant, "Syg"),
        S.CANCELLED: lambda: lifecycle.cancel(placement, who.consultant, "Flyttet"),
    }
    paths = {
        S.PROPOSED: [],
        S.ACCEPTED: [S.ACCEPTED],
        S.DECLINED: [S.DECLINED],
        S.AGREED: [S.ACCEPTED, S.AGREED],
        S.ACTIVE: [S.ACCEPTED, S.AGREED, S.ACTIVE],
        S.AWAITING_EVALUATION: [S.ACCEPTED, S.AGREED, S.ACTIVE, S.AWAITING_EVALUATION],
        S.COMPLETED: [S.ACCEPTED, S.AGREED, S.ACTIVE, S.COMPLETED],
        S.ENDED_EARLY: [S.ACCEPTED, S.AGREED, S.ACTIVE, S.ENDED_EARLY],
        S.CANCELLED: [S.CANCELLED],
    }
    for step in paths[status]:
        steps[step]()
        db.session.commit()
    assert placement.status == status
    return placement, who


def _confirm(placement: Placement, who: People, parties) -> None:
    by = {
        Party.CONSULTANT: who.consultant,
        Party.EMPLOYER: who.employer,
        Party.CITIZEN: who.citizen,
    }
    for party in parties:
        versions.confirm(placement, by[party], placement.agreement.version)


def history(placement_id: int) -> list[tuple]:
    """(from, to) of the placement's events, oldest first, read afresh."""
    return [
        tuple(row)
        for row in db.session.execute(
            select(PlacementEvent.from_status, PlacementEvent.to_status)
            .where(PlacementEvent.placement_id == placement_id)
            .order_by(PlacementEvent.id)
        )
    ]


def assert_history_matches_status(placement_id: int) -> PlacementStatus:
    """Replaying the events from the proposal on ends at the placement's status, each event
    leaving the state the one before it entered; returns that status."""
    db.session.expire_all()
    status = db.session.scalar(select(Placement.status).where(Placement.id == placement_id))
    moves = history(placement_id)
    at = None
    for from_status, to_status in moves:
        assert from_status == at, f"{moves}: an event leaves {from_status}, the placement was {at}"
        at = to_status
    assert at == status, f"{moves} ends at {at}, the placement is {status}"
    return status


def confirmations(placement_id: int, version: int = 1) -> list[Party]:
    db.session.expire_all()
    placement = db.session.get(Placement, placement_id)
    agreement = versions.version_of(placement, version)
    return sorted(
        db.session.scalars(
            select(AgreementConfirmation.party).where(
                AgreementConfirmation.agreement_id == agreement.id
            )
        )
    )
