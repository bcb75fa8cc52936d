"""Two actions on one placement at the same moment, in real concurrent transactions: they happen
one after the other, the history always matches the status, and no move is written twice."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from placement.agreements import versions
from placement.common.clock import COPENHAGEN
from placement.extensions import db
from placement.models import (
    Candidate,
    Opening,
    Outcome,
    Party,
    Placement,
    PlacementStatus,
    User,
)
from placement.placements import jobs, lifecycle
from placement.statistics.aggregates import Filters, dashboard
from tests.conftest import postgresql_only
from tests.journeys import (
    START,
    assert_history_matches_status,
    confirmations,
    history,
    journey,
    people,
)

S = PlacementStatus
ROUNDS = range(5)  # each round a new placement: one lucky ordering proves little
ALREADY = "Det er allerede sket."

pytestmark = postgresql_only("concurrent transactions with row locks")


def _in_own_transaction(app, action, placement_id, started, held, results):
    """One request: its own app context and connection; load, wait for the other, act, hold
    the transaction open a moment (as a slow request would), commit."""
    with app.app_context():
        try:
            placement = db.session.get(Placement, placement_id)
            started.wait(timeout=10)
            action(placement)
            try:
                # Without the lock the other request gets this far too, and both commit.
                held.wait(timeout=0.5)
            except threading.BrokenBarrierError:
                pass
            db.session.commit()
            results.append(("done", ""))
        except (lifecycle.AlreadyDone, versions.AlreadyConfirmed) as done:
            results.append(("already", str(done)))
        except (lifecycle.TransitionRefused, versions.AgreementRefused) as refused:
            results.append(("refused", str(refused)))
        except Exception as error:  # noqa: BLE001 — reported, and fails the test
            results.append(("error", repr(error)))
        finally:
            db.session.rollback()
            db.session.remove()


def race(app, placement_id: int, *actions) -> list[tuple[str, str]]:
    """Run the actions at the same moment; their outcomes, in the order of `actions`."""
    started, held = threading.Barrier(len(actions)), threading.Barrier(len(actions))
    outcomes = [[] for _ in actions]
    threads = [
        threading.Thread(
            target=_in_own_transaction, args=(app, action, placement_id, started, held, outcome)
        )
        for action, outcome in zip(actions, outcomes)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a transaction never finished"
    results = [outcome[0] for outcome in outcomes]
    assert not [r for r in results if r[0] == "error"], results
    return results


def as_user(user: User):
    """The user, to be read in the session of the thread that acts (its id is read here, in
    the test's own thread)."""
    user_id = user.id
    return lambda: db.session.get(User, user_id)


def assert_no_move_twice(placement_id: int) -> None:
    moves = history(placement_id)
    assert len({from_status for from_status, _to in moves}) == len(moves), moves


@pytest.mark.parametrize("round_", ROUNDS)
def test_start_and_cancel_at_once_one_wins_and_the_other_hears_what_happened(app, round_):
    placement, who = journey(S.AGREED, people("Karin Konsulent"))
    karin, bo = as_user(who.consultant), as_user(people("Bo Berg").consultant)
    start, cancel = race(
        app,
        placement.id,
        lambda p: lifecycle.start(p, karin(), today=START),
        lambda p: lifecycle.cancel(p, bo(), "Firmaet lukker"),
    )
    status = assert_history_matches_status(placement.id)
    assert_no_move_twice(placement.id)
    if status == S.ACTIVE:
        assert start == ("done", "") and cancel[0] == "refused", (start, cancel)
        assert cancel[1].startswith("Forløbet blev startet af Karin Konsulent "), cancel
    else:
        assert status == S.CANCELLED
        assert cancel == ("done", "") and start[0] == "refused", (start, cancel)
        assert start[1].startswith("Forløbet blev aflyst af Bo Berg "), start


@pytest.mark.parametrize("round_", ROUNDS)
def test_citizen_and_company_saying_yes_at_once_accept_the_proposal(app, round_):
    placement, who = journey(S.PROPOSED)
    citizen, employer = as_user(who.citizen), as_user(who.employer)
    results = race(
        app,
        placement.id,
        lambda p: lifecycle.answer_as_citizen(p, True, citizen()),
        lambda p: lifecycle.answer_as_employer(p, True, employer()),
    )
    assert results == [("done", ""), ("done", "")]
    assert assert_history_matches_status(placement.id) == S.ACCEPTED
    assert history(placement.id) == [(None, S.PROPOSED), (S.PROPOSED, S.ACCEPTED)]


TWICE = {  # state before, state after, and the action of a consultant
    "start": (S.AGREED, S.ACTIVE, lambda by: lambda p: lifecycle.start(p, by(), today=START)),
    "cancel": (S.AGREED, S.CANCELLED, lambda by: lambda p: lifecycle.cancel(p, by())),
    "complete": (
        S.ACTIVE,
        S.COMPLETED,
        lambda by: lambda p: lifecycle.complete(p, by(), Outcome.ORDINARY_JOB),
    ),
}


@pytest.mark.parametrize("round_", ROUNDS)
@pytest.mark.parametrize("action", TWICE)
def test_the_same_transition_twice_at_once_happens_once(app, action, round_):
    start_in, moved_to, act = TWICE[action]
    placement, who = journey(start_in)
    act = act(as_user(who.consultant))
    results = race(app, placement.id, act, act)
    assert sorted(results) == [("already", ALREADY), ("done", "")], results
    assert assert_history_matches_status(placement.id) == moved_to
    assert_no_move_twice(placement.id)
    assert [to for _from, to in history(placement.id)].count(moved_to) == 1


@pytest.mark.parametrize("round_", ROUNDS)
def test_a_double_start_counts_once_in_the_statistics(app, round_):
    placement, who = journey(S.AGREED)
    act = TWICE["start"][2](as_user(who.consultant))
    race(app, placement.id, act, act)
    today = date.today()
    by_kind = dashboard(
        Filters(date_from=today - timedelta(days=1), date_to=today + timedelta(days=1)), today
    )[0]
    total = by_kind.rows[-1]
    assert (total[1], total[2]) == (1, 1), total  # started in the period, running at its end


@pytest.mark.parametrize("round_", ROUNDS)
def test_the_same_confirmation_twice_at_once_is_written_once(app, round_):
    placement, who = journey(S.AGREED, confirmed=(Party.CONSULTANT,))
    employer = as_user(who.employer)

    def confirm(placement):
        versions.confirm(placement, employer(), 1)

    results = race(app, placement.id, confirm, confirm)
    assert sorted(results) == [("already", ALREADY), ("done", "")], results
    assert confirmations(placement.id) == [Party.CONSULTANT, Party.EMPLOYER]


@pytest.mark.parametrize("round_", ROUNDS)
def test_the_start_sweep_and_a_cancellation_at_once_leave_one_true_story(app, round_):
    placement, who = journey(S.AGREED, people("Karin Konsulent"))
    six_in_the_morning = datetime.combine(START, time(6), tzinfo=COPENHAGEN)
    karin = as_user(who.consultant)
    sweep, cancel = race(
        app,
        placement.id,
        lambda p: jobs.advance_placements(six_in_the_morning),
        lambda p: lifecycle.cancel(p, karin(), "Borgeren er flyttet"),
    )
    assert sweep == ("done", ""), sweep  # the sweep never fails on it: it leaves it be
    status = assert_history_matches_status(placement.id)
    assert_no_move_twice(placement.id)
    if status == S.ACTIVE:
        assert cancel[0] == "refused", cancel
        assert cancel[1].startswith("Forløbet blev startet af systemet "), cancel
    else:
        assert (status, cancel) == (S.CANCELLED, ("done", ""))


@pytest.mark.parametrize("round_", ROUNDS)
def test_the_same_proposal_twice_at_once_makes_one_placement(app, round_):
    declined, who = journey(S.DECLINED)  # the pair may be proposed again
    candidate_id, opening_id = declined.candidate_id, declined.opening_id
    consultant = as_user(who.consultant)

    def propose(_placement):
        lifecycle.propose(
            db.session.get(Candidate, candidate_id),
            db.session.get(Opening, opening_id),
            consultant(),
            today=START,
        )

    results = race(app, declined.id, propose, propose)
    assert sorted(results) == [("already", ALREADY), ("done", "")], results
    db.session.expire_all()
    assert (
        db.session.scalar(
            select(func.count(Placement.id)).where(
                Placement.candidate_id == candidate_id, Placement.status == S.PROPOSED
            )
        )
        == 1
    )
