"""Everyone a placement concerns is told of what waits for them and of what happened to it:
in the app and by mail, in their own language, with no more than they may see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from placement.agreements import versions
from placement.extensions import db
from placement.models import Kind, Notification, OpeningStatus, Role
from placement.notifications.outbox import send_due
from placement.placements import lifecycle
from tests.factories import create_candidate, create_employer, create_opening, create_user
from tests.suite_day import SUITE_DAY

START = SUITE_DAY + timedelta(days=14)
CPR = "010190-1234"


@pytest.fixture
def people(viborg):
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name="Karin Konsulent")
    company = create_employer(name="Hald Lager ApS", employees=40)
    employer = create_user(Role.EMPLOYER, employer=company, name="Erik Lagerchef")
    colleague = create_user(Role.EMPLOYER, employer=company, name="Else English", language="en")
    asta = create_candidate(viborg, name="Asta Andersen", consultant=consultant, cpr=CPR)
    citizen = create_user(Role.CITIZEN, candidate=asta, name="Asta Andersen")
    opening = create_opening(
        company,
        title="Lagerpraktik",
        kind=Kind.INTERNSHIP,
        status=OpeningStatus.PUBLISHED,
        start_date=START,
        duration_weeks=4,
        hours_min=10,
        hours_max=20,
    )
    return consultant, employer, colleague, citizen, asta, opening


def told(user) -> list[Notification]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def titles(user) -> list[str]:
    return [n.title for n in told(user)]


def _proposed(people):
    consultant, *_rest, asta, opening = people
    placement = lifecycle.propose(asta, opening, consultant)
    db.session.commit()
    return placement


def test_a_proposal_is_told_to_the_company_and_the_citizen_in_their_language(people, outbox):
    consultant, employer, colleague, citizen, _asta, _opening = people
    placement = _proposed(people)

    assert titles(employer) == ["Nyt forslag: Asta Andersen til Lagerpraktik"]
    assert titles(colleague) == ["New proposal: Asta Andersen for Lagerpraktik"]
    assert titles(citizen) == ["Nyt tilbud: Lagerpraktik hos Hald Lager ApS"]
    assert titles(consultant) == []  # they made it
    assert all(n.placement_id == placement.id for n in told(employer) + told(citizen))

    assert send_due().sent == 3
    mails = {mail["to"]: mail for mail in outbox}
    assert mails[citizen.email]["subject"] == "Nyt tilbud: Lagerpraktik hos Hald Lager ApS"
    assert f"/mine-tilbud/{placement.id}" in mails[citizen.email]["body"]
    assert f"/virksomhed/forslag/{placement.id}" in mails[employer.email]["body"]
    assert "Karin Konsulent fra jobcentret har foreslået det." in mails[employer.email]["body"]
    for mail in outbox:
        assert "1234" not in mail["body"] and "010190" not in mail["body"]


def test_the_agreement_waits_for_each_party_and_all_hear_when_everyone_confirmed(people):
    consultant, employer, colleague, citizen, _asta, _opening = people
    placement = _proposed(people)
    lifecycle.answer_as_citizen(placement, True, citizen)
    lifecycle.answer_as_employer(placement, True, employer)
    lifecycle.agree(placement, consultant, today=START - timedelta(days=7))
    db.session.commit()

    waiting = "Aftalen om Asta Andersen i Lagerpraktik venter på din bekræftelse"
    assert titles(employer)[-1] == waiting
    assert titles(citizen)[-1] == (
        "Din aftale om Lagerpraktik hos Hald Lager ApS venter på din bekræftelse"
    )
    assert not any("bekræftelse" in t for t in titles(consultant))  # they wrote it

    for party in (consultant, employer, citizen):
        versions.confirm(placement, party, placement.agreement.version)
    db.session.commit()
    everyone = "Aftalen om Asta Andersen i Lagerpraktik er bekræftet af alle"
    assert titles(consultant)[-1] == everyone and titles(employer)[-1] == everyone
    assert everyone not in titles(citizen)  # the citizen confirmed last and knows
    assert titles(colleague)[-1] == (
        "The agreement on Asta Andersen in Lagerpraktik has been confirmed by everyone"
    )


def test_a_cancelled_placement_is_told_to_everyone_but_the_one_who_cancelled(people):
    consultant, employer, _colleague, citizen, _asta, _opening = people
    placement = _proposed(people)
    lifecycle.cancel(placement, consultant, "Borgeren er blevet syg.")
    db.session.commit()
    assert titles(employer)[-1] == "Forløbet med Asta Andersen i Lagerpraktik er aflyst"
    assert titles(citizen)[-1] == "Dit forløb i Lagerpraktik hos Hald Lager ApS er aflyst"
    assert titles(consultant) == []
    assert all("syg" not in n.body for n in told(employer))  # the reason is the consultant's


def test_a_declined_proposal_is_told_to_the_other_party_and_the_answer_to_the_consultant(people):
    consultant, employer, _colleague, citizen, _asta, _opening = people
    placement = _proposed(people)
    lifecycle.answer_as_employer(placement, False, employer, "Ingen plads alligevel.")
    db.session.commit()
    assert titles(citizen)[-1] == (
        "Tilbuddet om Lagerpraktik hos Hald Lager ApS blev ikke til noget"
    )
    assert not any("ikke til noget" in t for t in titles(employer))
    # The consultant hears it from the answer itself (the view writes it), not twice.
    assert not any("ikke til noget" in t for t in titles(consultant))


def test_the_same_move_twice_tells_nobody_twice(people):
    consultant, employer, _colleague, citizen, _asta, _opening = people
    placement = _proposed(people)
    lifecycle.cancel(placement, consultant)
    db.session.commit()
    with pytest.raises(lifecycle.TransitionRefused):
        lifecycle.cancel(placement, consultant)
    db.session.rollback()
    assert titles(citizen).count("Dit forløb i Lagerpraktik hos Hald Lager ApS er aflyst") == 1
