"""The rules an account must meet, as the admin meets them on the user form: each role's tie,
a citizen's one account, and what editing an account does to the person's sessions and login."""

from placement.extensions import db
from placement.models import Role, User
from tests.accounts.test_admin_users import _form
from tests.conftest import log_in, post_form
from tests.factories import PASSWORD, create_candidate, create_municipality, create_user


def test_a_municipality_that_does_not_exist_is_refused(client, login):
    login(Role.ADMIN)
    response = post_form(
        client,
        "/admin/brugere/ny",
        _form(name="Ny Konsulent", email="ny@viborg.dk", municipality_id="999999"),
        form_page="/admin/brugere/ny",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kommunen findes ikke." in page
    assert db.session.query(User).filter_by(email="ny@viborg.dk").first() is None


def test_a_company_user_needs_a_company(client, login):
    login(Role.ADMIN)
    response = post_form(
        client, "/admin/brugere/ny", _form(name="Ny Chef", email="chef@firma.dk", role="employer")
    )
    assert response.status_code == 200
    assert "Vælg virksomheden for en virksomhedsbruger." in response.get_data(as_text=True)


def test_a_citizen_user_needs_a_profile(client, login):
    login(Role.ADMIN)
    viborg = create_municipality()
    response = post_form(
        client,
        "/admin/brugere/ny",
        _form(name="Asta", email="asta@mail.dk", role="citizen", municipality_id=str(viborg.id)),
    )
    assert response.status_code == 200
    assert "Vælg borgerens profil." in response.get_data(as_text=True)


def test_a_citizen_has_one_account_only(client, login):
    login(Role.ADMIN)
    candidate = create_candidate(name="Asta Andersen")
    create_user(Role.CITIZEN, candidate=candidate, municipality=candidate.municipality)
    response = post_form(
        client,
        "/admin/brugere/ny",
        _form(
            name="Asta igen",
            email="asta.igen@mail.dk",
            role="citizen",
            municipality_id=str(candidate.municipality_id),
            candidate_id=str(candidate.id),
        ),
    )
    assert response.status_code == 200
    assert "Borgeren har allerede en bruger." in response.get_data(as_text=True)
    assert db.session.query(User).filter_by(email="asta.igen@mail.dk").first() is None


def test_unticking_active_on_the_form_ends_the_user_s_sessions(app, client, login):
    login(Role.ADMIN)
    consultant = create_user(Role.CONSULTANT)
    their_browser = app.test_client()
    log_in(their_browser, consultant.email)
    assert their_browser.get("/borgere").status_code == 200

    fields = _form(
        name=consultant.name,
        email=consultant.email,
        municipality_id=str(consultant.municipality_id),
    )
    del fields["active"]  # an unticked checkbox is not sent
    assert post_form(client, f"/admin/brugere/{consultant.id}", fields).status_code == 302

    assert their_browser.get("/borgere").status_code == 302
    assert log_in(app.test_client(), consultant.email, PASSWORD).status_code == 200  # refused


def test_a_new_password_set_by_the_admin_replaces_the_old(app, client, login):
    login(Role.ADMIN)
    consultant = create_user(Role.CONSULTANT)
    fields = _form(
        name=consultant.name,
        email=consultant.email,
        municipality_id=str(consultant.municipality_id),
        password="et-helt-nyt-kodeord",
    )
    assert post_form(client, f"/admin/brugere/{consultant.id}", fields).status_code == 302

    assert log_in(app.test_client(), consultant.email, PASSWORD).status_code == 200  # refused
    assert log_in(app.test_client(), consultant.email, "et-helt-nyt-kodeord").status_code == 302


def test_a_weak_password_from_the_admin_is_refused_and_the_old_one_kept(app, client, login):
    login(Role.ADMIN)
    consultant = create_user(Role.CONSULTANT)
    fields = _form(
        name=consultant.name,
        email=consultant.email,
        municipality_id=str(consultant.municipality_id),
        password="kort",
    )
    response = post_form(client, f"/admin/brugere/{consultant.id}", fields)
    assert response.status_code == 200
    assert "Adgangskoden skal have mindst" in response.get_data(as_text=True)
    assert log_in(app.test_client(), consultant.email, PASSWORD).status_code == 302
