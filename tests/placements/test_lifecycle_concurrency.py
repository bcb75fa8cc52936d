"""Two consultants agreeing placements for the last place at the same moment: only one gets it."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from placement.extensions import db
from placement.models import Kind, Placement, PlacementStatus, Role, User
from placement.placements import lifecycle
from tests.conftest import postgresql_only
from tests.factories import (
    create_employer,
    create_opening,
    create_placement,
    create_user,
    create_workplace,
    declare_net_growth,
)
from tests.suite_day import SUITE_DAY

S = PlacementStatus
START = SUITE_DAY + timedelta(days=7)

pytestmark = postgresql_only("concurrent transactions with row locks")


def _agree_in_own_transaction(app, placement_id, consultant_id, started, both_agreed, results):
    with app.app_context():
        placement = db.session.get(Placement, placement_id)
        consultant = db.session.get(User, consultant_id)
        started.wait(timeout=10)
        try:
            lifecycle.agree(placement, consultant, today=START)
        except lifecycle.TransitionRefused as refused:
            db.session.rollback()
            results.append(("refused", str(refused)))
            return
        except Exception as error:  # noqa: BLE001 — reported, and fails the test below
            db.session.rollback()
            results.append(("error", repr(error)))
            return
        # Hold the transaction open until the other has agreed too, as a slow request would.
        # With the lock the other cannot get that far, so this wait runs out and we commit.
        try:
            both_agreed.wait(timeout=0.5)
        except threading.BrokenBarrierError:
            pass
        db.session.commit()
        results.append(("agreed", placement_id))


def _race(app, first, second, consultant, *more):
    placements = (first, second, *more)
    started, both_agreed = threading.Barrier(len(placements)), threading.Barrier(len(placements))
    results = []
    threads = [
        threading.Thread(
            target=_agree_in_own_transaction,
            args=(app, p.id, consultant.id, started, both_agreed, results),
        )
        for p in placements
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a transaction never finished"
    return sorted(results)


def _agreed_count(*openings):
    db.session.expire_all()
    return db.session.scalar(
        select(func.count(Placement.id)).where(
            Placement.opening_id.in_([o.id for o in openings]), Placement.status.in_([S.AGREED])
        )
    )


def _accepted(opening):
    return create_placement(
        opening=opening,
        status=S.ACCEPTED,
        start_date=START,
        end_date=START + timedelta(weeks=8),
        hours_per_week=10,
    )


@pytest.mark.parametrize("round_", range(5))
def test_the_last_seat_goes_to_exactly_one(app, round_):
    opening = create_opening(create_employer(employees=100), kind=Kind.FLEXJOB, seats=1)
    first, second = _accepted(opening), _accepted(opening)
    consultant = create_user(Role.CONSULTANT)
    results = _race(app, first, second, consultant)
    assert [kind for kind, _ in results] == ["agreed", "refused"], results
    assert results[1][1] == "Alle pladser i opslaget er besat."
    assert _agreed_count(opening) == 1


@pytest.mark.parametrize("round_", range(5))
def test_the_ratio_rule_holds_across_two_openings_at_once(app, round_):
    employer = create_employer(employees=4)  # may have 1 in internship or wage subsidy
    one = create_opening(employer, kind=Kind.INTERNSHIP, seats=1)
    other = create_opening(employer, kind=Kind.WAGE_SUBSIDY, seats=1)
    consultant = create_user(Role.CONSULTANT)
    wage = _accepted(other)
    declare_net_growth(wage, employees=4, average="4.0")  # net growth: only the ratio is in the way
    results = _race(app, _accepted(one), wage, consultant)
    assert [kind for kind, _ in results] == ["agreed", "refused"], results
    assert "Rimelighedskravet er nået" in results[1][1]
    assert _agreed_count(one, other) == 1


@pytest.mark.parametrize("round_", range(3))
def test_the_last_place_at_one_workplace_leaves_the_other_workplace_alone(app, round_):
    """The ratio rule per workplace: two agree the last place at the shop at once, and one is
    refused naming the shop; a place at the company's other workplace goes through meanwhile."""
    employer = create_employer(name="Kæden A/S", employees=4)  # the first workplace: limit 1
    shop = create_workplace(employer, name="Butikken", p_number="1012345678", employees=4)
    one = create_opening(employer, workplace=shop, kind=Kind.INTERNSHIP, seats=1)
    other = create_opening(employer, workplace=shop, kind=Kind.WAGE_SUBSIDY, seats=1)
    elsewhere = create_opening(employer, kind=Kind.INTERNSHIP, seats=1)
    consultant = create_user(Role.CONSULTANT)
    at_shop = [_accepted(one), _accepted(other)]
    declare_net_growth(at_shop[1], employees=4, average="4.0")  # only the ratio is in the way
    at_first = _accepted(elsewhere)
    results = _race(app, *at_shop, consultant, at_first)
    kinds = [kind for kind, _ in results]
    assert kinds == ["agreed", "agreed", "refused"], results
    assert at_first.id in [value for kind, value in results if kind == "agreed"]
    assert results[2][1].startswith(
        "Rimelighedskravet er nået på arbejdsstedet Butikken (P-nr. 1012345678)"
    )
    assert (_agreed_count(one, other), _agreed_count(elsewhere)) == (1, 1)
