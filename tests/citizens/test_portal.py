"""The citizen's own page: offers with Ja tak / Nej tak, and their placements."""

import pytest

from placement.extensions import db
from placement.models import Answer, PlacementStatus, Role
from placement.notifications.outbox import send_due
from tests.conftest import post_form
from tests.factories import create_candidate, create_opening, create_placement, create_user


@pytest.fixture
def offer():
    consultant = create_user(Role.CONSULTANT, email="mette@viborg.dk")
    candidate = create_candidate(name="Ida Iversen", cpr="010190-1234", consultant=consultant)
    return create_placement(
        candidate=candidate,
        consultant=consultant,
        opening=create_opening(title="Lagerpraktik", tasks="Pakke varer"),
    )


def test_the_citizen_sees_the_offer_with_what_where_and_who(client, login, offer):
    login(Role.CITIZEN, candidate=offer.candidate)
    page = client.get("/mine-tilbud").get_data(as_text=True)
    assert "Lagerpraktik" in page and "Pakke varer" in page
    assert offer.opening.employer.name in page and "mette@viborg.dk" in page
    assert "Ja tak" in page and "Nej tak" in page
    assert "1234" not in page


def test_yes_is_recorded_and_the_consultant_is_told(client, login, outbox, offer):
    login(Role.CITIZEN, candidate=offer.candidate)
    response = post_form(
        client,
        f"/mine-tilbud/{offer.id}/svar",
        {"accept": "Ja tak"},
        form_page="/mine-tilbud",
        follow_redirects=True,
    )
    assert "Tak for dit svar" in response.get_data(as_text=True)
    db.session.expire_all()
    assert offer.citizen_answer == Answer.YES and offer.status == PlacementStatus.PROPOSED
    assert send_due().sent == 1  # written with the answer, mailed by the outbox
    assert outbox[-1]["to"] == "mette@viborg.dk"
    assert "Ida Iversen har sagt ja tak til Lagerpraktik" in outbox[-1]["body"]
    assert "1234" not in outbox[-1]["body"]


def test_both_yes_makes_the_placement_accepted(client, login, offer):
    from placement.placements import lifecycle

    lifecycle.answer_as_employer(offer, yes=True, by=create_user(Role.EMPLOYER))
    db.session.commit()
    login(Role.CITIZEN, candidate=offer.candidate)
    post_form(
        client, f"/mine-tilbud/{offer.id}/svar", {"accept": "Ja tak"}, form_page="/mine-tilbud"
    )
    db.session.expire_all()
    assert offer.status == PlacementStatus.ACCEPTED


def test_no_with_a_reason(client, login, offer):
    login(Role.CITIZEN, candidate=offer.candidate)
    post_form(
        client,
        f"/mine-tilbud/{offer.id}/svar",
        {"decline": "Nej tak", "reason": "Det er for langt væk"},
        form_page="/mine-tilbud",
    )
    db.session.expire_all()
    assert offer.status == PlacementStatus.DECLINED
    assert offer.citizen_reason == "Det er for langt væk"


def test_another_citizen_cannot_answer(client, login, offer):
    login(Role.CITIZEN, candidate=create_candidate())
    response = post_form(
        client, f"/mine-tilbud/{offer.id}/svar", {"accept": "Ja tak"}, form_page="/mine-tilbud"
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert offer.citizen_answer is None
