"""A company's own pages: registration, home with ratio, colleagues, and the proposals inbox."""

import re

import pytest
from sqlalchemy import func, select

from placement.extensions import db
from placement.models import (
    Answer,
    Employer,
    EmployerStatus,
    Kind,
    PlacementStatus,
    Role,
    User,
)
from placement.notifications.outbox import send_due
from tests.conftest import log_in, post_form
from tests.factories import (
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
)


def registration(**fields):
    base = {
        "name": "Grøn Have ApS",
        "cvr": "35954716",
        "p_number": "",
        "address": "Havevej 1",
        "postcode": "8800",
        "city": "Viborg",
        "industry": "Grøn pleje",
        "employees": "12",
        "contact_name": "Hanne Have",
        "contact_phone": "12345678",
        "contact_email": "hanne@gronhave.dk",
        "password": "en-god-adgangskode",
    }
    return {**base, **fields}


def test_a_company_registers_is_pending_and_its_contact_is_logged_in(client):
    response = post_form(client, "/virksomhed/tilmeld", registration(), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Grøn Have ApS er oprettet" in page
    assert "Jobcentret har ikke godkendt virksomheden endnu" in page
    employer = db.session.scalar(select(Employer).where(Employer.cvr == "35954716"))
    assert employer.status == EmployerStatus.PENDING
    assert [u.email for u in employer.users] == ["hanne@gronhave.dk"]


def test_a_wrong_cvr_is_explained_and_the_form_keeps_what_was_typed(client):
    page = post_form(client, "/virksomhed/tilmeld", registration(cvr="35954717")).get_data(
        as_text=True
    )
    assert "CVR-nummeret er ikke gyldigt" in page
    assert 'value="Grøn Have ApS"' in page and 'value="35954717"' in page
    assert db.session.scalar(select(func.count(Employer.id))) == 0


def test_a_cvr_already_registered_points_to_the_jobcenter(client):
    create_employer(cvr="35954716")
    page = post_form(client, "/virksomhed/tilmeld", registration()).get_data(as_text=True)
    assert "allerede oprettet" in page and "Kontakt jobcentret" in page
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_an_email_already_in_use_saves_no_half_company(client):
    create_user(Role.ADMIN, email="hanne@gronhave.dk")
    page = post_form(client, "/virksomhed/tilmeld", registration()).get_data(as_text=True)
    assert "Der findes allerede en bruger med denne e-mail." in page
    assert db.session.scalar(select(func.count(Employer.id))) == 0


def test_employees_must_be_a_whole_number(client):
    page = post_form(client, "/virksomhed/tilmeld", registration(employees="mange")).get_data(
        as_text=True
    )
    assert "Skriv et helt tal." in page


def test_home_shows_the_ratio_rule(client, login):
    employer = create_employer(employees=12)  # may have 2
    create_placement(
        opening=create_opening(employer, kind=Kind.INTERNSHIP, seats=3),
        status=PlacementStatus.ACTIVE,
    )
    login(Role.EMPLOYER, employer=employer)
    page = client.get("/virksomhed/").get_data(as_text=True)
    assert "1 af 2." in page and "Plads til 1 mere." in page


def test_inviting_a_colleague_sends_a_link_and_the_colleague_joins(app, client, login, outbox):
    employer = create_employer()
    login(Role.EMPLOYER, employer=employer)
    response = post_form(
        client, "/virksomhed/kollega", {"name": "Kaj Kollega", "email": "kaj@firma.dk"}
    )
    assert response.status_code == 302
    path = re.search(r"(/nulstil/\S+)", outbox[0]["body"]).group(1)
    colleague_browser = app.test_client()
    post_form(
        colleague_browser, path, {"password": "kajs-adgangskode", "confirm": "kajs-adgangskode"}
    )
    assert log_in(colleague_browser, "kaj@firma.dk", "kajs-adgangskode").status_code == 302
    assert "Kaj Kollega" in colleague_browser.get("/virksomhed/").get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.email == "kaj@firma.dk"))
    assert user.employer_id == employer.id


@pytest.fixture
def proposal():
    employer = create_employer()
    opening = create_opening(employer, title="Lagerpraktik", adaptation_codes=("extra_breaks",))
    consultant = create_user(Role.CONSULTANT, email="mette@viborg.dk")
    candidate = create_candidate(
        name="Ida Iversen",
        cpr="010190-1234",
        email="ida@example.dk",
        phone="11223344",
        skills="Truckcertifikat",
        share_contact=False,
        share_skills=True,
        share_adaptations=True,
        consultant=consultant,
    )
    from placement.models import Adaptation, CandidateAdaptation

    breaks = db.session.scalar(select(Adaptation).where(Adaptation.code == "extra_breaks"))
    quiet = db.session.scalar(select(Adaptation).where(Adaptation.code == "quiet_workspace"))
    candidate.needs = [
        CandidateAdaptation(adaptation=breaks, must_have=True),
        CandidateAdaptation(adaptation=quiet),
    ]
    db.session.commit()
    return create_placement(candidate=candidate, opening=opening, consultant=consultant)


def test_the_inbox_shows_only_what_the_citizen_shares(client, login, proposal):
    login(Role.EMPLOYER, employer=proposal.opening.employer)
    home = client.get("/virksomhed/").get_data(as_text=True)
    assert "Ida Iversen til Lagerpraktik" in home
    page = client.get(f"/virksomhed/forslag/{proposal.id}").get_data(as_text=True)
    assert "Truckcertifikat" in page  # shared
    assert "ida@example.dk" not in page and "11223344" not in page  # contact not shared
    assert "1234" not in page and "010190" not in page  # never the CPR
    assert "Ekstra pauser" in page and "I tilbyder det allerede" in page
    assert "Stille arbejdsplads" in page and "ikke i jeres opslag" in page


def test_needs_not_shared_are_not_shown(client, login, proposal):
    proposal.candidate.share_adaptations = False
    db.session.commit()
    login(Role.EMPLOYER, employer=proposal.opening.employer)
    page = client.get(f"/virksomhed/forslag/{proposal.id}").get_data(as_text=True)
    assert "Ekstra pauser" not in page
    assert "har ikke valgt at dele" in page


def test_the_employer_accepts_and_the_consultant_is_told(client, login, outbox, proposal):
    login(Role.EMPLOYER, employer=proposal.opening.employer)
    response = post_form(
        client, f"/virksomhed/forslag/{proposal.id}", {"reason": "", "accept": "Ja, vi vil gerne"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert proposal.employer_answer == Answer.YES
    assert proposal.status == PlacementStatus.PROPOSED  # the citizen has not answered yet
    assert send_due().sent == 1  # written with the answer, mailed by the outbox
    assert outbox[-1]["to"] == "mette@viborg.dk"
    assert "har sagt ja" in outbox[-1]["body"] and "1234" not in outbox[-1]["body"]
    assert "Ida Iversen" not in client.get("/virksomhed/").get_data(as_text=True)


def test_the_employer_declines_with_a_reason(client, login, outbox, proposal):
    login(Role.EMPLOYER, employer=proposal.opening.employer)
    post_form(
        client,
        f"/virksomhed/forslag/{proposal.id}",
        {"reason": "Vi har ikke plads før til sommer", "decline": "Nej tak"},
    )
    db.session.expire_all()
    assert proposal.status == PlacementStatus.DECLINED
    assert proposal.employer_reason == "Vi har ikke plads før til sommer"
    assert proposal.events[-1].to_status == PlacementStatus.DECLINED
    send_due()
    assert "nej tak" in outbox[-1]["body"]


def test_another_company_cannot_see_or_answer_the_proposal(client, login, proposal):
    login(Role.EMPLOYER, employer=create_employer())
    assert client.get(f"/virksomhed/forslag/{proposal.id}").status_code == 404
    response = post_form(
        client,
        f"/virksomhed/forslag/{proposal.id}",
        {"accept": "Ja"},
        form_page="/virksomhed/kollega",
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert proposal.employer_answer is None


def test_a_proposal_cannot_be_answered_twice(client, login, proposal):
    login(Role.EMPLOYER, employer=proposal.opening.employer)
    post_form(client, f"/virksomhed/forslag/{proposal.id}", {"decline": "Nej tak"})
    page = client.get(f"/virksomhed/forslag/{proposal.id}").get_data(as_text=True)
    assert 'name="accept"' not in page
