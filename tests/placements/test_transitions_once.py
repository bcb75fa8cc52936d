"""Each transition happens once: the same action again is "already done" and writes nothing; an
action the placement has gone past is refused with what happened, who did it and when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from placement.agreements import versions
from placement.agreements.versions import AlreadyConfirmed
from placement.extensions import db
from placement.models import Answer, Outcome, Party, Placement, PlacementEvent, PlacementStatus
from placement.placements import lifecycle
from placement.placements.lifecycle import ALLOWED, AlreadyDone, TransitionRefused
from tests.conftest import csrf_token, log_in
from tests.journeys import END, START, assert_history_matches_status, history, journey, people

S = PlacementStatus
ALREADY = "Det er allerede sket."
# 10.02 in Copenhagen on 6 December (winter time, UTC+1).
DEC_6_AT_10_02 = datetime(2026, 12, 6, 9, 2, tzinfo=UTC)


def test_the_lifecycle_has_no_cycles():
    """The database's guard (one event per placement and status left) rests on this: a state
    once left is never entered again."""

    def later(state):
        found = set()
        for following in ALLOWED.get(state, ()):
            found |= {following} | later(following)
        return found

    for state in S:
        assert state not in later(state), f"{state} can come back to itself"


# --- the same action twice -----------------------------------------------------------------------

TWICE = {  # the action, and the state it starts from
    "agree": (lambda p, who: lifecycle.agree(p, who.consultant, today=START), S.ACCEPTED),
    "start": (lambda p, who: lifecycle.start(p, who.consultant, today=START), S.AGREED),
    "cancel": (lambda p, who: lifecycle.cancel(p, who.consultant, "Flyttet"), S.AGREED),
    "end_for_evaluation": (
        lambda p, who: lifecycle.end_for_evaluation(
            p, who.consultant, today=END + timedelta(days=1)
        ),
        S.ACTIVE,
    ),
    "complete": (lambda p, who: lifecycle.complete(p, who.consultant, Outcome.EDUCATION), S.ACTIVE),
    "end_early": (lambda p, who: lifecycle.end_early(p, who.consultant, "Syg"), S.ACTIVE),
}


@pytest.mark.parametrize("action", TWICE)
def test_the_same_transition_twice_is_already_done_and_writes_no_second_event(action):
    do, start_in = TWICE[action]
    placement, who = journey(start_in)
    do(placement, who)
    db.session.commit()
    moved_to, before = placement.status, history(placement.id)

    with pytest.raises(AlreadyDone) as again:
        do(placement, who)
    assert str(again.value) == ALREADY
    db.session.rollback()
    assert history(placement.id) == before
    assert assert_history_matches_status(placement.id) == moved_to


@pytest.mark.parametrize("party", ["citizen", "employer"])
@pytest.mark.parametrize("yes", [True, False])
def test_the_same_answer_twice_is_already_done(party, yes):
    placement, who = journey(S.PROPOSED)
    answer = getattr(lifecycle, f"answer_as_{party}")
    answer(placement, yes, getattr(who, party))
    db.session.commit()
    before = history(placement.id)
    with pytest.raises(AlreadyDone, match=f"^{ALREADY}$"):
        answer(placement, yes, getattr(who, party))
    db.session.rollback()
    assert history(placement.id) == before
    assert getattr(placement, f"{party}_answer") == (Answer.YES if yes else Answer.NO)


def test_a_yes_again_after_both_said_yes_is_already_done():
    placement, who = journey(S.ACCEPTED)
    with pytest.raises(AlreadyDone):
        lifecycle.answer_as_citizen(placement, True, who.citizen)
    db.session.rollback()
    assert assert_history_matches_status(placement.id) == S.ACCEPTED


def test_a_different_answer_after_answering_is_still_refused_as_before():
    placement, who = journey(S.PROPOSED)
    lifecycle.answer_as_citizen(placement, True, who.citizen)
    db.session.commit()
    with pytest.raises(TransitionRefused, match="Du har allerede svaret på tilbuddet.") as refused:
        lifecycle.answer_as_citizen(placement, False, who.citizen)
    assert not isinstance(refused.value, AlreadyDone)


def test_proposing_the_same_citizen_twice_is_already_done():
    placement, who = journey(S.PROPOSED)
    with pytest.raises(AlreadyDone, match=f"^{ALREADY}$"):
        lifecycle.propose(placement.candidate, placement.opening, who.consultant, today=START)
    db.session.rollback()
    assert (
        db.session.scalar(
            select(func.count(Placement.id)).where(Placement.candidate_id == placement.candidate_id)
        )
        == 1
    )


def test_proposing_again_while_an_agreed_placement_runs_is_refused_as_before():
    placement, who = journey(S.AGREED)
    with pytest.raises(TransitionRefused, match="er allerede foreslået til dette opslag") as no:
        lifecycle.propose(placement.candidate, placement.opening, who.consultant, today=START)
    assert not isinstance(no.value, AlreadyDone)


def test_the_same_confirmation_twice_is_already_done():
    placement, who = journey(S.AGREED, confirmed=())
    versions.confirm(placement, who.employer, 1)
    db.session.commit()
    with pytest.raises(AlreadyConfirmed, match=f"^{ALREADY}$"):
        versions.confirm(placement, who.employer, 1)
    db.session.rollback()
    assert len(placement.agreement.confirmations) == 1


def test_the_same_paper_confirmation_twice_is_already_done():
    placement, who = journey(S.AGREED, confirmed=())
    versions.record_paper_confirmation(
        placement, Party.CITIZEN, who.consultant, 1, "Underskrevet på mødet"
    )
    db.session.commit()
    with pytest.raises(AlreadyConfirmed, match=f"^{ALREADY}$"):
        versions.record_paper_confirmation(
            placement, Party.CITIZEN, who.consultant, 1, "Underskrevet på mødet"
        )
    db.session.rollback()
    assert [c.party for c in placement.agreement.confirmations] == [Party.CITIZEN]


# --- what happened, who did it, and when ---------------------------------------------------------


def _happened_at(placement, moment=DEC_6_AT_10_02):
    placement.events[-1].at = moment
    db.session.commit()


def test_a_start_after_a_cancellation_says_who_cancelled_and_when():
    placement, who = journey(S.AGREED, people("Karin Konsulent"))
    lifecycle.cancel(placement, who.consultant, "Firmaet lukker")
    _happened_at(placement)
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.start(placement, people().consultant, today=START)
    assert str(refused.value) == "Forløbet blev aflyst af Karin Konsulent 6. dec. kl. 10.02."
    assert not isinstance(refused.value, AlreadyDone)


def test_a_move_made_by_the_scheduler_is_told_as_made_by_the_system():
    placement, who = journey(S.AWAITING_EVALUATION)  # moved by the sweep: no person
    _happened_at(placement)
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.end_early(placement, who.consultant, "Syg")
    assert str(refused.value) == ("Forløbet blev sat til evaluering af systemet 6. dec. kl. 10.02.")


def test_an_answer_after_the_other_party_said_no_says_who_said_no():
    placement, who = journey(S.DECLINED)  # the citizen said no
    _happened_at(placement)
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.answer_as_employer(placement, True, who.employer)
    assert str(refused.value) == (
        f"{who.citizen.name} sagde nej tak til forslaget 6. dec. kl. 10.02."
    )


def test_a_confirmation_after_the_placement_ended_says_what_ended_it():
    placement, who = journey(S.AGREED, people("Karin Konsulent"), confirmed=())
    lifecycle.cancel(placement, who.consultant)
    _happened_at(placement)
    with pytest.raises(versions.AgreementRefused) as refused:
        versions.confirm(placement, who.citizen, 1)
    assert str(refused.value) == "Forløbet blev aflyst af Karin Konsulent 6. dec. kl. 10.02."


def test_an_action_the_placement_has_not_come_to_yet_gets_the_plain_refusal():
    placement, who = journey(S.PROPOSED)
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.start(placement, who.consultant, today=START)
    assert str(refused.value) == "Forløbet er foreslået og kan ikke ændres sådan."


def test_the_time_is_told_in_english_too():
    placement, who = journey(S.AGREED, people("Karin Konsulent"))
    lifecycle.cancel(placement, who.consultant)
    _happened_at(placement)
    with force_locale("en"), pytest.raises(TransitionRefused) as refused:
        lifecycle.start(placement, who.consultant, today=START)
    assert "Karin Konsulent" in str(refused.value) and "Dec 6" in str(refused.value)


# --- the database's guard ------------------------------------------------------------------------


def test_the_database_refuses_a_second_event_from_the_same_status():
    placement, who = journey(S.ACTIVE)
    placement.events.append(PlacementEvent(from_status=S.AGREED, to_status=S.CANCELLED))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert assert_history_matches_status(placement.id) == S.ACTIVE


# --- the pages ----------------------------------------------------------------------------------


def _twice(client, path: str, form_page: str, data: dict):
    """The same form posted twice with the token of one page, as a double click does; the
    pages each answer leads to."""
    token = csrf_token(client, form_page)
    return [
        client.post(path, data={"csrf_token": token, **data}, follow_redirects=True).get_data(
            as_text=True
        )
        for _ in range(2)
    ]


def _info(page: str) -> bool:
    return f'class="flash flash--info" role="status"><strong>Bemærk:</strong> {ALREADY}' in page


@pytest.mark.parametrize(
    "word, start_in, done",
    [
        ("start", S.AGREED, "Forløbet er i gang."),
        ("annuller", S.AGREED, "Forløbet er annulleret."),
        ("afslut", S.ACTIVE, "Forløbet er afsluttet."),
    ],
)
def test_a_double_click_on_a_placement_action_says_already_done(client, word, start_in, done):
    placement, who = journey(start_in)
    log_in(client, who.consultant.email)
    first, second = _twice(
        client, f"/forloeb/{placement.id}/{word}", f"/forloeb/{placement.id}", {"note": ""}
    )
    assert done in first and not _info(first)
    assert _info(second) and "flash--error" not in second
    assert_history_matches_status(placement.id)
    assert len(history(placement.id)) == len(set(history(placement.id)))


def test_an_action_after_a_colleagues_cancellation_is_an_error_naming_the_colleague(client):
    placement, who = journey(S.AGREED, people("Karin Konsulent"))
    colleague = people().consultant
    log_in(client, colleague.email)
    token = csrf_token(client, f"/forloeb/{placement.id}")
    lifecycle.cancel(placement, who.consultant)  # meanwhile, in another office
    db.session.commit()
    page = client.post(
        f"/forloeb/{placement.id}/start", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert 'class="flash flash--error"' in page
    assert "Forløbet blev aflyst af Karin Konsulent" in page
    assert assert_history_matches_status(placement.id) == S.CANCELLED


def test_a_citizens_double_yes_says_already_done(client):
    placement, who = journey(S.PROPOSED)
    log_in(client, who.citizen.email)
    first, second = _twice(
        client, f"/mine-tilbud/{placement.id}/svar", "/mine-tilbud", {"accept": "Ja tak"}
    )
    assert "Tak for dit svar." in first and _info(second) and "flash--error" not in second
    db.session.expire_all()
    assert placement.citizen_answer == Answer.YES


def test_a_companys_double_no_says_already_done(client):
    placement, who = journey(S.PROPOSED)
    log_in(client, who.employer.email)
    page = f"/virksomhed/forslag/{placement.id}"
    first, second = _twice(client, page, page, {"decline": "Nej tak"})
    assert "Du har sagt nej tak." in first and _info(second) and "flash--error" not in second
    assert assert_history_matches_status(placement.id) == S.DECLINED


def test_a_double_confirmation_of_the_agreement_says_already_done(client):
    placement, who = journey(S.AGREED, confirmed=())
    log_in(client, who.consultant.email)
    page = f"/forloeb/{placement.id}"
    first, second = _twice(
        client, f"/aftaler/{placement.id}/bekraeft", page, {"version": "1", "next": page}
    )
    assert "Tak. Du har bekræftet aftalen." in first
    assert _info(second) and "flash--error" not in second
    db.session.expire_all()
    assert [c.party for c in placement.agreement.confirmations] == [Party.CONSULTANT]


def test_a_double_paper_confirmation_says_already_done(client):
    placement, who = journey(S.AGREED, confirmed=())
    log_in(client, who.consultant.email)
    page = f"/forloeb/{placement.id}"
    first, second = _twice(
        client,
        f"/forloeb/{placement.id}/papir",
        page,
        {"version": "1", "party": "employer", "note": "Underskrevet"},
    )
    assert "Bekræftelsen på papir er noteret." in first
    assert _info(second) and "flash--error" not in second
    db.session.expire_all()
    assert [c.party for c in placement.agreement.confirmations] == [Party.EMPLOYER]


def test_a_double_proposal_says_already_done(client):
    placement, who = journey(S.CANCELLED)  # the pair may be proposed again
    log_in(client, who.consultant.email)
    cid = placement.candidate_id
    first, second = _twice(
        client,
        f"/borgere/{cid}/foreslaa",
        f"/borgere/{cid}",
        {"opening_id": str(placement.opening_id)},
    )
    assert "er foreslået til" in first and _info(second) and "flash--error" not in second
    assert (
        db.session.scalar(
            select(func.count(Placement.id)).where(
                Placement.candidate_id == cid, Placement.status == S.PROPOSED
            )
        )
        == 1
    )
