"""Placement lifecycle: each allowed transition works and leaves one event; all others refused."""

from datetime import date, timedelta

import pytest
from sqlalchemy import update

from placement.agreements import versions
from placement.extensions import db
from placement.models import Answer, Kind, Outcome, Party, Placement, PlacementStatus, Role
from placement.placements import lifecycle
from placement.placements.hours_plan import set_hours_plan
from placement.placements.lifecycle import ALLOWED, TransitionRefused
from tests.conftest import statements_sent
from tests.factories import (
    create_agreement,
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
)

S = PlacementStatus
START = date(2030, 3, 4)
END = START + timedelta(weeks=8, days=-1)


@pytest.fixture
def consultant():
    return create_user(Role.CONSULTANT)


def placement_in(status, **fields):
    defaults = dict(status=status, start_date=START, end_date=END, hours_per_week=10)
    opening = fields.pop("opening", None) or create_opening(
        create_employer(employees=50), seats=3, hours_max=20
    )
    placement = create_placement(opening=opening, **{**defaults, **fields})
    if status in versions.VERSIONED_STATES:
        create_agreement(placement, *Party)  # as the real journey leaves it: confirmed by all
    return placement


def _both_say_yes(p, by):
    lifecycle.answer_as_employer(p, True, by)
    lifecycle.answer_as_citizen(p, True, by)


# How each allowed transition is done through its function.
DO = {
    (S.PROPOSED, S.ACCEPTED): _both_say_yes,
    (S.PROPOSED, S.DECLINED): lambda p, by: lifecycle.answer_as_citizen(p, False, by, "For langt"),
    (S.PROPOSED, S.CANCELLED): lambda p, by: lifecycle.cancel(p, by, "Borgeren er flyttet"),
    (S.ACCEPTED, S.AGREED): lambda p, by: lifecycle.agree(p, by, today=START),
    (S.ACCEPTED, S.CANCELLED): lambda p, by: lifecycle.cancel(p, by),
    (S.AGREED, S.ACTIVE): lambda p, by: lifecycle.start(p, by, today=START),
    (S.AGREED, S.CANCELLED): lambda p, by: lifecycle.cancel(p, by, "Firmaet lukker"),
    (S.ACTIVE, S.AWAITING_EVALUATION): lambda p, by: lifecycle.end_for_evaluation(
        p, by, today=END + timedelta(days=1)
    ),
    (S.ACTIVE, S.COMPLETED): lambda p, by: lifecycle.complete(p, by, Outcome.ORDINARY_JOB),
    (S.ACTIVE, S.ENDED_EARLY): lambda p, by: lifecycle.end_early(p, by, "Ryggen kunne ikke"),
    (S.AWAITING_EVALUATION, S.COMPLETED): lambda p, by: lifecycle.complete(
        p, by, Outcome.EDUCATION, "Starter på VUC"
    ),
}
ALLOWED_PAIRS = sorted((a, b) for a, tos in ALLOWED.items() for b in tos)
REFUSED_PAIRS = [(a, b) for a in S for b in S if b not in ALLOWED.get(a, set())]


def test_every_allowed_transition_has_a_function():
    assert sorted(DO) == ALLOWED_PAIRS


@pytest.mark.parametrize("from_status, to_status", ALLOWED_PAIRS, ids=lambda s: s.value)
def test_allowed_transition_writes_one_event(from_status, to_status, consultant):
    placement = placement_in(from_status)
    DO[from_status, to_status](placement, consultant)
    db.session.commit()
    db.session.expire_all()
    assert placement.status == to_status
    [event] = placement.events
    assert (event.from_status, event.to_status, event.actor) == (from_status, to_status, consultant)
    assert event.at is not None


@pytest.mark.parametrize("from_status, to_status", REFUSED_PAIRS, ids=lambda s: s.value)
def test_every_other_transition_is_refused(from_status, to_status, consultant):
    placement = placement_in(from_status)
    with pytest.raises(TransitionRefused, match="kan ikke ændres sådan"):
        lifecycle._move(placement, to_status, consultant)
    assert placement.status == from_status
    assert placement.events == []


CALLS = {
    "agree": (lambda p, by: lifecycle.agree(p, by, today=START), {S.ACCEPTED}),
    "start": (lambda p, by: lifecycle.start(p, by, today=END), {S.AGREED}),
    "end_for_evaluation": (
        lambda p, by: lifecycle.end_for_evaluation(p, by, today=END + timedelta(days=1)),
        {S.ACTIVE},
    ),
    "complete": (
        lambda p, by: lifecycle.complete(p, by, Outcome.OTHER),
        {S.ACTIVE, S.AWAITING_EVALUATION},
    ),
    "end_early": (lambda p, by: lifecycle.end_early(p, by, "Syg"), {S.ACTIVE}),
    "cancel": (lambda p, by: lifecycle.cancel(p, by), {S.PROPOSED, S.ACCEPTED, S.AGREED}),
    "answer_as_citizen": (lambda p, by: lifecycle.answer_as_citizen(p, True, by), {S.PROPOSED}),
    "answer_as_employer": (lambda p, by: lifecycle.answer_as_employer(p, True, by), {S.PROPOSED}),
    "set_period": (
        lambda p, by: lifecycle.set_period(p, START, END, 10),
        set(lifecycle.PLAN_STATES),
    ),
}
WRONG_STATE = [
    (name, status) for name, (_, ok) in CALLS.items() for status in S if status not in ok
]


@pytest.mark.parametrize("name, status", WRONG_STATE, ids=lambda v: getattr(v, "value", v))
def test_functions_refuse_in_the_wrong_state(name, status, consultant):
    placement = placement_in(status)
    with pytest.raises(TransitionRefused):
        CALLS[name][0](placement, consultant)
    assert placement.status == status
    assert placement.events == []


@pytest.mark.parametrize("status", list(S), ids=lambda s: s.value)
def test_allowed_actions_match_what_the_functions_accept(status):
    placement = placement_in(status)
    offered = lifecycle.allowed_actions(placement, today=END + timedelta(days=1))
    possible = {name for name, (_, ok) in CALLS.items() if status in ok}
    if status in lifecycle.PLAN_STATES:
        possible |= {"set_hours_plan", "set_terms"}
    assert offered == possible


def test_allowed_actions_wait_for_the_dates():
    agreed = placement_in(S.AGREED)
    assert "start" not in lifecycle.allowed_actions(agreed, today=START - timedelta(days=1))
    active = placement_in(S.ACTIVE)
    assert "end_for_evaluation" not in lifecycle.allowed_actions(active, today=END)


def test_functions_flush_but_leave_the_commit_to_the_request(consultant):
    placement = placement_in(S.ACCEPTED)
    lifecycle.agree(placement, consultant, today=START)
    db.session.rollback()
    assert placement.status == S.ACCEPTED
    assert placement.events == []


# --- answers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("first", ["citizen", "employer"])
def test_answers_in_either_order_accept(first, consultant):
    placement = placement_in(S.PROPOSED)
    citizen, employer = create_user(Role.CITIZEN), create_user(Role.EMPLOYER)
    answer = {
        "citizen": lambda: lifecycle.answer_as_citizen(placement, True, citizen),
        "employer": lambda: lifecycle.answer_as_employer(placement, True, employer),
    }
    answer[first]()
    assert placement.status == S.PROPOSED and placement.events == []
    answer["employer" if first == "citizen" else "citizen"]()
    assert placement.status == S.ACCEPTED
    assert placement.citizen_answer == placement.employer_answer == Answer.YES
    assert placement.citizen_answered_at and placement.employer_answered_at
    [event] = placement.events
    assert event.actor == (employer if first == "citizen" else citizen)


@pytest.mark.parametrize("party", ["citizen", "employer"])
def test_a_no_declines_with_the_reason(party, consultant):
    placement = placement_in(S.PROPOSED)
    getattr(lifecycle, f"answer_as_{party}")(placement, False, consultant, " For langt at køre ")
    assert placement.status == S.DECLINED
    assert getattr(placement, f"{party}_reason") == "For langt at køre"
    assert placement.events[-1].note == "For langt at køre"


def test_a_no_after_a_yes_declines(consultant):
    placement = placement_in(S.PROPOSED)
    lifecycle.answer_as_employer(placement, True, consultant)
    lifecycle.answer_as_citizen(placement, False, consultant)
    assert placement.status == S.DECLINED


@pytest.mark.parametrize(
    "party, message",
    [
        ("citizen", "Du har allerede svaret på tilbuddet."),
        ("employer", "Forslaget er allerede besvaret."),
    ],
)
def test_answering_twice_is_refused(party, message, consultant):
    placement = placement_in(S.PROPOSED)
    answer = getattr(lifecycle, f"answer_as_{party}")
    answer(placement, True, consultant)
    with pytest.raises(TransitionRefused, match=message):
        answer(placement, False, consultant)
    assert getattr(placement, f"{party}_answer") == Answer.YES
    assert placement.status == S.PROPOSED


# --- agree ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"start_date": None}, "Skriv en startdato"),
        ({"hours_per_week": None}, "Skriv timer om ugen"),
        ({"end_date": START - timedelta(days=1)}, "Slutdatoen ligger før startdatoen"),
        ({"hours_per_week": 38}, "over fuld tid"),
    ],
)
def test_agree_needs_dates_and_hours(fields, message, consultant):
    placement = placement_in(S.ACCEPTED, **fields)
    with pytest.raises(TransitionRefused, match=message):
        lifecycle.agree(placement, consultant, today=START)
    assert placement.status == S.ACCEPTED and placement.events == []


def test_agree_without_an_end_date_is_allowed(consultant):
    """Fleksjob and skånejob have no end: only the start is required."""
    placement = placement_in(
        S.ACCEPTED, end_date=None, opening=create_opening(kind=Kind.FLEXJOB, end_date=None)
    )
    lifecycle.agree(placement, consultant, today=START)
    assert placement.status == S.AGREED


def test_agree_after_the_period_is_over_is_refused(consultant):
    placement = placement_in(S.ACCEPTED)
    with pytest.raises(TransitionRefused, match="Slutdatoen er passeret"):
        lifecycle.agree(placement, consultant, today=END + timedelta(days=1))


def test_agree_beyond_the_seats_is_refused(consultant):
    opening = create_opening(create_employer(employees=100), seats=2)
    create_placement(opening=opening, status=S.AGREED)
    create_placement(opening=opening, status=S.ACTIVE)
    create_placement(opening=opening, status=S.COMPLETED)  # holds no seat any more
    placement = placement_in(S.ACCEPTED, opening=opening)
    with pytest.raises(TransitionRefused, match="Alle pladser i opslaget er besat."):
        lifecycle.agree(placement, consultant, today=START)
    assert placement.status == S.ACCEPTED


def test_the_last_seat_can_be_agreed(consultant):
    opening = create_opening(create_employer(employees=100), seats=2)
    create_placement(opening=opening, status=S.ACTIVE)
    create_placement(opening=opening, status=S.ACCEPTED)  # accepted holds no seat yet
    placement = placement_in(S.ACCEPTED, opening=opening)
    lifecycle.agree(placement, consultant, today=START)
    assert placement.status == S.AGREED


def test_agree_rechecks_the_ratio_rule(consultant):
    employer = create_employer(name="Lille Firma ApS", employees=4)  # may have 1
    opening = create_opening(employer, kind=Kind.INTERNSHIP, seats=3)
    placement = placement_in(S.ACCEPTED, opening=opening)
    # Since the proposal, the company took someone in another opening.
    create_placement(opening=create_opening(employer, kind=Kind.WAGE_SUBSIDY), status=S.ACTIVE)
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.agree(placement, consultant, today=START)
    assert (
        "Rimelighedskravet er nået på arbejdsstedet Lille Firma ApS (uden P-nr.): der er 4 ansatte"
        in str(refused.value)
    )
    assert placement.status == S.ACCEPTED


def test_agree_is_refused_when_someone_else_moved_the_placement(consultant):
    placement = placement_in(S.ACCEPTED)
    db.session.execute(
        update(Placement)
        .where(Placement.id == placement.id)
        .values(status=S.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(TransitionRefused, match="ændret af en anden"):
        lifecycle.agree(placement, consultant, today=START)


# --- start, end -------------------------------------------------------------------------------


def test_start_before_the_start_date_is_refused(consultant):
    placement = placement_in(S.AGREED)
    with pytest.raises(TransitionRefused, match="Forløbet starter først 4. mar. 2030."):
        lifecycle.start(placement, consultant, today=START - timedelta(days=1))
    assert placement.status == S.AGREED


def test_end_for_evaluation_waits_for_the_end_date(consultant):
    placement = placement_in(S.ACTIVE)
    with pytest.raises(TransitionRefused, match="Forløbet slutter først"):
        lifecycle.end_for_evaluation(placement, consultant, today=END)
    placement.end_date = None
    with pytest.raises(TransitionRefused, match="ingen slutdato"):
        lifecycle.end_for_evaluation(placement, consultant, today=END + timedelta(days=1))
    assert placement.status == S.ACTIVE


@pytest.mark.parametrize("outcome", [*Outcome, None])
def test_complete_records_the_outcome(outcome, consultant):
    placement = placement_in(S.ACTIVE)
    lifecycle.complete(placement, consultant, outcome, note="Godt forløb")
    assert (placement.status, placement.outcome) == (S.COMPLETED, outcome)
    assert placement.events[-1].note == "Godt forløb"


@pytest.mark.parametrize("reason", ["", "   "])
def test_end_early_needs_a_reason(reason, consultant):
    placement = placement_in(S.ACTIVE)
    with pytest.raises(TransitionRefused, match="Skriv hvorfor forløbet slutter før tid."):
        lifecycle.end_early(placement, consultant, reason)
    assert placement.status == S.ACTIVE and placement.events == []


def test_end_early_keeps_the_planned_end_date(consultant):
    placement = placement_in(S.ACTIVE)
    lifecycle.end_early(placement, consultant, " Ryggen kunne ikke holde til det ")
    assert placement.status == S.ENDED_EARLY
    assert placement.end_reason == "Ryggen kunne ikke holde til det"
    assert placement.end_date == END
    assert placement.events[-1].note == "Ryggen kunne ikke holde til det"


def test_cancel_keeps_the_reason(consultant):
    placement = placement_in(S.AGREED)
    lifecycle.cancel(placement, consultant, "Firmaet lukker afdelingen")
    assert placement.events[-1].note == "Firmaet lukker afdelingen"


# --- hours plan -------------------------------------------------------------------------------


def test_a_step_up_plan_is_stored_in_week_order(consultant):
    placement = placement_in(S.AGREED, end_date=START + timedelta(weeks=12))
    set_hours_plan(placement, [(1, 10), (5, 15), (9, 20)], consultant)
    db.session.commit()
    db.session.expire_all()
    assert [(s.from_week, s.hours_per_week) for s in placement.hours_plan] == [
        (1, 10),
        (5, 15),
        (9, 20),
    ]
    assert placement.hours_per_week == 10


def test_a_new_plan_replaces_the_old(consultant):
    placement = placement_in(S.ACTIVE)
    set_hours_plan(placement, [(1, 10), (5, 15)], consultant)
    set_hours_plan(placement, [(1, 12), (3, 18)], consultant)
    db.session.commit()
    db.session.expire_all()
    assert [(s.from_week, s.hours_per_week) for s in placement.hours_plan] == [(1, 12), (3, 18)]
    assert placement.hours_per_week == 12
    set_hours_plan(placement, [], consultant)
    db.session.commit()
    db.session.expire_all()
    assert placement.hours_plan == [] and placement.hours_per_week == 12


def test_the_same_plan_or_period_saved_again_writes_nothing(consultant):
    """Its rows keep their ids (they were deleted and inserted anew), and nothing reports a
    change to log."""
    placement = placement_in(S.ACTIVE)
    set_hours_plan(placement, [(1, 10), (5, 15)], consultant)
    db.session.commit()
    with statements_sent() as sent:
        changed = (
            set_hours_plan(placement, [(1, 10), (5, 15)], consultant),
            lifecycle.set_period(placement, START, END, 10, consultant),
        )
        db.session.commit()
    assert not [
        statement
        for statement in sent
        if statement.split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert changed == (False, False)


@pytest.mark.parametrize(
    "steps, message",
    [
        ([(2, 10)], "Første trin skal starte i uge 1."),
        ([(1, 10), (5, 15), (5, 20)], "Ugerne skal stige fra trin til trin"),
        ([(1, 10), (5, 15), (3, 20)], "Ugerne skal stige fra trin til trin"),
        ([(1, 0)], "mellem 1 og 37"),
        ([(1, 10), (5, 38)], "mellem 1 og 37"),
        ([(1, 10), (5, 25)], "kan højst arbejde 20 timer"),  # the candidate's own maximum
        ([(1, 10), (9, 15)], "Uge 9 ligger efter forløbets slutdato"),  # 8 weeks planned
    ],
)
def test_a_bad_plan_is_refused(steps, message, consultant):
    placement = placement_in(S.ACCEPTED, candidate=create_candidate(max_hours=20))
    set_hours_plan(placement, [(1, 8)], consultant)
    with pytest.raises(TransitionRefused, match=message):
        set_hours_plan(placement, steps, consultant)
    assert [(s.from_week, s.hours_per_week) for s in placement.hours_plan] == [(1, 8)]
    assert placement.hours_per_week == 8


def test_without_a_candidate_maximum_full_time_is_the_limit(consultant):
    placement = placement_in(S.PROPOSED, candidate=create_candidate(max_hours=None), end_date=None)
    set_hours_plan(placement, [(1, 20), (30, 37)], consultant)
    assert placement.hours_per_week == 20


@pytest.mark.parametrize(
    "status", [s for s in S if s not in lifecycle.PLAN_STATES], ids=lambda s: s.value
)
def test_the_plan_of_a_finished_placement_cannot_change(status, consultant):
    placement = placement_in(status)
    with pytest.raises(TransitionRefused, match="timeplanen kan ikke ændres"):
        set_hours_plan(placement, [(1, 10)], consultant)
