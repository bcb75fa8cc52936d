"""The admin creates, edits and deactivates users of every role."""

import re

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from placement.extensions import db
from placement.models import Role, User
from tests.conftest import log_in, post_form
from tests.factories import (
    PASSWORD,
    create_candidate,
    create_employer,
    create_municipality,
    create_user,
)
from tests.html_forms import shown_form


def _form(**fields):
    base = {
        "name": "",
        "email": "",
        "role": "consultant",
        "municipality_id": "",
        "employer_id": "",
        "candidate_id": "",
        "language": "da",
        "active": "y",
        "password": "",
    }
    return {**base, **fields}


def test_admin_creates_a_consultant_who_can_log_in(app, client, login):
    login(Role.ADMIN)
    viborg = create_municipality()
    response = post_form(
        client,
        "/admin/brugere/ny",
        _form(
            name="Kirsten Konsulent",
            email="kirsten@viborg.dk",
            role="consultant",
            municipality_id=str(viborg.id),
            password="en-god-adgangskode",
        ),
    )
    assert response.status_code == 302
    assert "Kirsten Konsulent" in client.get("/admin/brugere").get_data(as_text=True)
    assert log_in(app.test_client(), "kirsten@viborg.dk", "en-god-adgangskode").status_code == 302


def test_a_user_without_password_gets_a_link_by_mail(client, login, outbox):
    login(Role.ADMIN)
    employer = create_employer()
    post_form(
        client,
        "/admin/brugere/ny",
        _form(
            name="Vibeke Virksomhed",
            email="vibeke@firma.dk",
            role="employer",
            employer_id=str(employer.id),
        ),
    )
    assert outbox and outbox[0]["to"] == "vibeke@firma.dk"
    assert re.search(r"/nulstil/\S+", outbox[0]["body"])


def test_a_consultant_needs_a_municipality_and_the_form_keeps_what_was_typed(client, login):
    login(Role.ADMIN)
    response = post_form(
        client,
        "/admin/brugere/ny",
        _form(name="Uden Kommune", email="uden@kommune.dk", role="consultant"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vælg en kommune for denne rolle." in page
    assert 'value="Uden Kommune"' in page and 'value="uden@kommune.dk"' in page
    assert db.session.scalar(select(User).where(User.email == "uden@kommune.dk")) is None


def test_a_citizen_user_must_belong_to_the_profile_s_municipality(client, login):
    login(Role.ADMIN)
    viborg, silkeborg = create_municipality(), create_municipality("Silkeborg", "740")
    candidate = create_candidate(viborg)
    page = post_form(
        client,
        "/admin/brugere/ny",
        _form(
            name="Borger",
            email="b@example.dk",
            role="citizen",
            municipality_id=str(silkeborg.id),
            candidate_id=str(candidate.id),
        ),
    ).get_data(as_text=True)
    assert "Borgerens profil hører til en anden kommune." in page


def test_duplicate_email_is_refused_whatever_its_case(client, login):
    login(Role.ADMIN)
    create_user(Role.ADMIN, email="dup@example.dk")
    page = post_form(
        client, "/admin/brugere/ny", _form(name="Dup", email="DUP@example.dk", role="admin")
    ).get_data(as_text=True)
    assert "Der findes allerede en bruger med denne e-mail." in page


def test_admin_edits_a_user(client, login):
    login(Role.ADMIN)
    user = create_user(Role.CONSULTANT, name="Gammelt Navn")
    response = post_form(
        client,
        f"/admin/brugere/{user.id}",
        _form(
            name="Nyt Navn",
            email=user.email,
            role="consultant",
            municipality_id=str(user.municipality_id),
            language="en",
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Nyt Navn"
    assert db.session.get(User, user.id).language == "en"


def test_deactivation_ends_the_user_s_sessions(app, client, login):
    login(Role.ADMIN)
    consultant = create_user(Role.CONSULTANT)
    their_browser = app.test_client()
    log_in(their_browser, consultant.email)
    assert their_browser.get("/borgere").status_code == 200

    post_form(client, f"/admin/brugere/{consultant.id}/deaktiver", {}, form_page="/admin/brugere")
    assert their_browser.get("/borgere").status_code == 302
    assert log_in(app.test_client(), consultant.email, PASSWORD).status_code == 200  # refused


def test_admin_cannot_deactivate_themselves(client, login):
    admin = login(Role.ADMIN)
    page = post_form(
        client,
        f"/admin/brugere/{admin.id}/deaktiver",
        {},
        form_page="/admin/brugere",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Du kan ikke deaktivere dig selv." in page
    db.session.expire_all()
    assert db.session.get(User, admin.id).active


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_saving_a_user_unchanged_changes_nothing(client, login, role):
    """The edit form shows the user's own role and ties selected: pressing "Gem" without
    touching anything keeps them (it made every user an administrator without a municipality)."""
    login(Role.ADMIN)
    viborg = create_municipality()
    create_municipality("Silkeborg", "740")  # so the municipality select has a choice to lose
    user = create_user(
        role,
        municipality=None if role == Role.ADMIN else viborg,
        language="en",
        active=role != Role.MANAGER,
    )
    before = _ties(user)
    page = client.get(f"/admin/brugere/{user.id}").get_data(as_text=True)

    response = client.post(f"/admin/brugere/{user.id}", data=MultiDict(shown_form(page)))

    assert response.status_code == 302
    assert _ties(user) == before


def _ties(user: User) -> tuple:
    db.session.expire_all()
    user = db.session.get(User, user.id)
    return (
        user.name,
        user.email,
        user.role,
        user.municipality_id,
        user.employer_id,
        user.candidate_id,
        user.language,
        user.active,
        user.password_hash,
    )
