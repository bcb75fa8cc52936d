"""A session's life: it ends when idle, and asks for the password again before sensitive
actions."""

from __future__ import annotations

import time

import pytest

from placement.accounts.sessions import LAST_SEEN, PASSWORD_CONFIRMED
from placement.extensions import db
from placement.models import Role
from tests.conftest import csrf_token, post_form
from tests.factories import PASSWORD

IDLE_MESSAGE = "Du er blevet logget ud, fordi du ikke har brugt Placement i 30 minutter."


def _age(client, key: str, seconds: float) -> None:
    with client.session_transaction() as session:
        session[key] = time.time() - seconds


def test_a_session_idle_longer_than_the_timeout_ends(client, login):
    login(Role.CONSULTANT)
    _age(client, LAST_SEEN, 31 * 60)
    response = client.get("/borgere")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/borgere"
    login_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert IDLE_MESSAGE in login_page
    assert client.get("/borgere").status_code == 302  # logged out for good, not just once


def test_a_session_used_within_the_timeout_goes_on_and_counts_from_now(client, login):
    login(Role.CONSULTANT)
    _age(client, LAST_SEEN, 29 * 60)
    assert client.get("/borgere").status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session[LAST_SEEN] < 5
    assert client.get("/borgere").status_code == 200


def test_an_idle_post_is_not_carried_out(client, login):
    user = login(Role.CONSULTANT)
    token = csrf_token(client, "/adgangskode")
    _age(client, LAST_SEEN, 31 * 60)
    response = client.post(
        "/adgangskode",
        data={
            "csrf_token": token,
            "current_password": PASSWORD,
            "password": "en-helt-ny-kode",
            "confirm": "en-helt-ny-kode",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_the_idle_timeout_is_a_setting(app, client, login):
    login(Role.CONSULTANT)
    app.config["IDLE_TIMEOUT_MINUTES"] = 60
    try:
        _age(client, LAST_SEEN, 45 * 60)
        assert client.get("/borgere").status_code == 200
    finally:
        app.config["IDLE_TIMEOUT_MINUTES"] = 30


def test_confirming_the_password_returns_to_the_page(client, login):
    login(Role.CONSULTANT)
    _age(client, PASSWORD_CONFIRMED, 3600)
    page = client.get("/bekraeft-adgangskode?next=/borgere")
    assert page.status_code == 200
    assert "Skriv din adgangskode igen" in page.get_data(as_text=True)

    wrong = post_form(client, "/bekraeft-adgangskode?next=/borgere", {"password": "forkert"})
    assert wrong.status_code == 200
    assert "Forkert adgangskode." in wrong.get_data(as_text=True)

    right = post_form(client, "/bekraeft-adgangskode?next=/borgere", {"password": PASSWORD})
    assert right.status_code == 302
    assert right.headers["Location"] == "/borgere"
    with client.session_transaction() as session:
        assert time.time() - session[PASSWORD_CONFIRMED] < 5


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_confirming_never_leads_away_from_the_site(client, login, target):
    login(Role.CONSULTANT)
    response = post_form(
        client,
        f"/bekraeft-adgangskode?next={target}",
        {"password": PASSWORD},
        form_page="/bekraeft-adgangskode",
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/borgere"


def test_guessing_the_password_on_an_unlocked_screen_is_limited(client, login):
    login(Role.CONSULTANT)
    for _ in range(5):
        assert post_form(client, "/bekraeft-adgangskode", {"password": "gaet"}).status_code == 200
    refused = post_form(client, "/bekraeft-adgangskode", {"password": PASSWORD})
    assert refused.status_code == 429
    assert "For mange forsøg." in refused.get_data(as_text=True)


def test_the_confirmation_page_needs_a_login(client):
    response = client.get("/bekraeft-adgangskode")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_exactly_the_sensitive_actions_ask_for_the_password(app):
    """Showing a CPR number, exporting a citizen's data (or an agreement with the CPR number
    for VITAS) and deciding an erasure."""
    asking = {
        endpoint
        for endpoint, view in app.view_functions.items()
        if getattr(view, "needs_password", False)
    }
    assert asking == {
        "profiles.show_cpr",
        "privacy.export",
        "privacy.my_export",
        "privacy.decide",
        "placements.vitas",
    }
