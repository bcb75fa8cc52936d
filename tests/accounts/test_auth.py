"""Logging in and out, role home pages, passwords and reset links."""

import re

import pytest

from placement.models import Role
from tests.conftest import log_in, post_form
from tests.factories import PASSWORD, create_user

HOMES = {
    Role.ADMIN: "/admin/",
    Role.MANAGER: "/leder",
    Role.CONSULTANT: "/borgere",
    Role.EMPLOYER: "/virksomhed/",
    Role.CITIZEN: "/mine-tilbud",
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_lands_on_its_own_home_page(client, role):
    user = create_user(role)
    response = log_in(client, user.email)
    assert response.status_code == 302
    assert response.headers["Location"] == HOMES[role]
    home = client.get(HOMES[role])
    assert home.status_code == 200
    assert user.name in home.get_data(as_text=True)


def test_email_is_matched_whatever_its_case(client):
    create_user(Role.ADMIN, email="anne@example.dk")
    assert log_in(client, "ANNE@Example.dk").status_code == 302


def test_failed_login_says_the_same_whether_or_not_the_email_exists(client):
    create_user(Role.ADMIN, email="anne@example.dk")
    wrong_password = log_in(client, "anne@example.dk", "forkert-kode").get_data(as_text=True)
    unknown_email = log_in(client, "ingen@example.dk", "forkert-kode").get_data(as_text=True)
    message = "Forkert e-mail eller adgangskode."
    assert message in wrong_password and message in unknown_email
    strip = lambda page: re.sub(r'value="[^"]*"', "", page)  # noqa: E731  (tokens, typed e-mail)
    assert strip(wrong_password).replace("anne@", "ingen@") == strip(unknown_email).replace(
        "anne@", "ingen@"
    )


def test_failed_login_keeps_the_typed_email(client):
    page = log_in(client, "someone@example.dk", "forkert").get_data(as_text=True)
    assert 'value="someone@example.dk"' in page


def test_a_deactivated_user_cannot_log_in(client):
    user = create_user(Role.CONSULTANT, active=False)
    page = log_in(client, user.email).get_data(as_text=True)
    assert "Forkert e-mail eller adgangskode." in page


def test_login_starts_a_fresh_session(client):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    user = create_user(Role.ADMIN)
    log_in(client, user.email)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_login_without_csrf_token_is_refused_with_a_danish_page(client):
    user = create_user(Role.ADMIN)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Siden var for gammel" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302  # still not logged in


def test_session_cookie_is_httponly_and_lax(client):
    user = create_user(Role.ADMIN)
    response = log_in(client, user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_logout_ends_the_session(client, login):
    login(Role.ADMIN)
    response = post_form(client, "/logout", {}, form_page="/admin/")
    assert response.status_code == 302
    assert client.get("/admin/").headers["Location"].startswith("/login")


def test_a_copy_of_the_cookie_opens_nothing_after_logout(app, client, login):
    login(Role.CONSULTANT)
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert copy.get("/borgere").status_code == 200

    post_form(client, "/logout", {}, form_page="/borgere")

    refused = copy.get("/borgere")
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/login")


def test_pages_need_login(client):
    response = client.get("/borgere")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_change_password_needs_the_current_one_and_keeps_what_was_typed(client, login):
    login(Role.CONSULTANT)
    page = post_form(
        client,
        "/adgangskode",
        {
            "current_password": "forkert",
            "password": "ny-adgangskode",
            "confirm": "ny-adgangskode",
        },
    ).get_data(as_text=True)
    assert "Den nuværende adgangskode er forkert." in page


def test_change_password_ends_other_sessions(app, client, login):
    user = login(Role.CONSULTANT)
    other_device = app.test_client()
    log_in(other_device, user.email)
    assert other_device.get("/borgere").status_code == 200

    response = post_form(
        client,
        "/adgangskode",
        {
            "current_password": PASSWORD,
            "password": "en-helt-ny-kode",
            "confirm": "en-helt-ny-kode",
        },
    )
    assert response.status_code == 302
    assert client.get("/borgere").status_code == 200  # this session goes on
    assert other_device.get("/borgere").status_code == 302  # the other one is logged out
    assert log_in(app.test_client(), user.email, "en-helt-ny-kode").status_code == 302


def test_too_short_new_password_is_refused(client, login):
    login(Role.CONSULTANT)
    page = post_form(
        client,
        "/adgangskode",
        {
            "current_password": PASSWORD,
            "password": "kort",
            "confirm": "kort",
        },
    ).get_data(as_text=True)
    assert "Adgangskoden skal have mindst 8 tegn." in page


def _reset_link(outbox) -> str:
    assert len(outbox) == 1
    match = re.search(r"https?://[^/\s]+(/nulstil/\S+)", outbox[0]["body"])
    assert match, outbox[0]["body"]
    return match.group(1)


def test_forgot_password_sends_a_link_that_works_once(client, outbox):
    user = create_user(Role.EMPLOYER)
    response = post_form(client, "/glemt-adgangskode", {"email": user.email})
    assert response.status_code == 302
    path = _reset_link(outbox)
    assert outbox[0]["to"] == user.email

    assert client.get(path).status_code == 200
    done = post_form(client, path, {"password": "mit-nye-kodeord", "confirm": "mit-nye-kodeord"})
    assert done.status_code == 302
    assert log_in(client, user.email, "mit-nye-kodeord").status_code == 302

    again = client.get(path, follow_redirects=True).get_data(as_text=True)
    assert "Linket er udløbet eller allerede brugt" in again


def test_forgot_password_does_not_reveal_unknown_emails(client, outbox):
    response = post_form(
        client, "/glemt-adgangskode", {"email": "ingen@example.dk"}, follow_redirects=True
    )
    assert "Hvis der findes en bruger med denne e-mail" in response.get_data(as_text=True)
    assert outbox == []


def test_reset_link_expires(app, client, outbox):
    user = create_user(Role.EMPLOYER)
    post_form(client, "/glemt-adgangskode", {"email": user.email})
    path = _reset_link(outbox)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    try:
        page = client.get(path, follow_redirects=True).get_data(as_text=True)
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    assert "Linket er udløbet eller allerede brugt" in page


def test_a_tampered_reset_link_is_refused(client):
    page = client.get("/nulstil/not-a-real-token", follow_redirects=True).get_data(as_text=True)
    assert "Linket er udløbet eller allerede brugt" in page
    assert "Linket er udløbet eller allerede brugt" in page


def test_login_returns_to_the_page_asked_for(client):
    user = create_user(Role.CONSULTANT)
    assert client.get("/borgere").headers["Location"] == "/login?next=%2Fborgere"
    response = post_form(
        client,
        "/login?next=/borgere",
        {"email": user.email, "password": PASSWORD},
        form_page="/login?next=/borgere",
    )
    assert response.headers["Location"] == "/borgere"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_login_never_redirects_away_from_the_site(client, target):
    user = create_user(Role.CONSULTANT)
    response = post_form(
        client,
        f"/login?next={target}",
        {"email": user.email, "password": PASSWORD},
        form_page="/login",
    )
    assert response.headers["Location"] == "/borgere"
