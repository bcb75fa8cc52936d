"""In Chromium: a consultant opens a citizen's profile; the admin finds that look in the audit log,
and the citizen sees it on "Hvem har set mine oplysninger". Both pages pass axe-core."""

import pytest

from placement.models import Role
from tests.conftest import assert_accessible
from tests.factories import create_candidate, create_municipality, create_user

pytestmark = pytest.mark.browser


def test_a_look_at_a_profile_is_found_by_the_admin_and_shown_to_the_citizen(as_user):
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name="Jens Hansen")
    candidate = create_candidate(viborg, name="Asta Andersen", consultant=consultant)
    citizen = create_user(Role.CITIZEN, candidate=candidate, name="Asta Andersen")
    admin = create_user(Role.ADMIN, name="Anne Admin")

    as_user(consultant.email).goto(f"/borgere/{candidate.id}")

    page = as_user(admin.email)
    page.get_by_role("link", name="Revisionslog: hvem har set hvilke borgeres oplysninger").click()
    page.get_by_label("Borger").fill("asta")
    # A period the wrong way round: the page explains, and keeps what was typed.
    page.get_by_label("Fra").fill("2030-01-02")
    page.get_by_label("Til").fill("2030-01-01")
    page.get_by_role("button", name="Søg").click()
    assert "Til-datoen ligger før Fra-datoen" in page.locator("#til-error").inner_text()
    assert page.get_by_label("Borger").input_value() == "asta"
    assert_accessible(page)
    page.get_by_label("Fra").fill("")
    page.get_by_label("Til").fill("")
    page.get_by_role("button", name="Søg").click()
    row = page.locator("tbody tr")
    assert row.count() == 1
    assert "Jens Hansen, jobkonsulent" in row.inner_text() and "Asta Andersen" in row.inner_text()
    assert_accessible(page)

    page = as_user(citizen.email)
    page.get_by_role("link", name="Hvem har set mine oplysninger").click()
    assert page.locator("h1").inner_text() == "Hvem har set mine oplysninger"
    rows = page.locator("tbody tr")
    # Newest first: the citizen's own sign-in just now, then the consultant's look.
    assert rows.count() == 2
    assert "Dig selv" in rows.nth(0).inner_text()
    assert "Loggede ind med adgangskode" in rows.nth(0).inner_text()
    assert "Jens Hansen, jobkonsulent" in rows.nth(1).inner_text()
    assert "Så profil" in rows.nth(1).inner_text()
    assert_accessible(page)
