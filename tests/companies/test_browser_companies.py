"""In a real Chromium: a consultant approves a pending company and logs a contact with it."""

from datetime import date

import pytest

from placement.models import EmployerStatus, PlacementStatus, Role
from tests.conftest import assert_accessible, browser_log_in, shows
from tests.factories import create_employer, create_opening, create_placement, create_user

pytestmark = pytest.mark.browser


def test_a_consultant_approves_a_company_and_records_a_contact(page):
    consultant = create_user(Role.CONSULTANT, name="Kirsten Konsulent")
    create_employer(name="Anden Virksomhed A/S")
    employer = create_employer(name="Grøn Have ApS", employees=12, status=EmployerStatus.PENDING)
    create_placement(opening=create_opening(employer), status=PlacementStatus.ACTIVE)
    browser_log_in(page, consultant.email)

    page.get_by_role("link", name="Virksomheder").click()
    assert page.locator("h1").inner_text() == "Virksomheder"
    first_row = page.locator("tbody tr").first
    assert "Grøn Have ApS" in first_row.inner_text()  # pending first
    assert_accessible(page)

    page.get_by_role("button", name="Godkend Grøn Have ApS").click()
    assert page.get_by_role("status").filter(has_text="Grøn Have ApS er godkendt.").is_visible()
    assert page.get_by_role("button", name="Godkend Grøn Have ApS").count() == 0

    page.get_by_role("link", name="Grøn Have ApS").click()
    assert page.locator("h1").inner_text() == "Grøn Have ApS"
    shows(page, "1 af 2. Plads til 1 mere.")
    assert_accessible(page)

    page.get_by_label("Hvad talte I om?").fill("Ringede om en praktikplads på lageret.")
    page.get_by_role("button", name="Gem kontakten").click()
    assert page.get_by_role("status").filter(has_text="Kontakten er skrevet i loggen.").is_visible()
    log = page.get_by_role("table", name="Kontakter med virksomheden, nyeste først")
    assert "Ringede om en praktikplads på lageret." in log.inner_text()
    assert "Kirsten Konsulent" in log.inner_text()
    # The form is ready for the next contact, dated today.
    assert page.get_by_label("Dato for kontakten").input_value() == date.today().isoformat()
    assert_accessible(page)


def test_a_refused_contact_shows_its_errors_accessibly(page):
    consultant = create_user(Role.CONSULTANT)
    employer = create_employer(name="Grøn Have ApS")
    browser_log_in(page, consultant.email)
    page.goto(f"/virksomheder/{employer.id}")
    page.get_by_role("button", name="Gem kontakten").click()
    assert page.get_by_role("alert").filter(has_text="Der er noget, der skal rettes").is_visible()
    assert page.get_by_label("Hvad talte I om?").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
