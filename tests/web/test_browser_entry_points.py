"""In Chromium: a first-day consultant finds the way to create a citizen without typing an
address, from the caseload and from a CPR lookup that finds nobody; the CPR travels in no URL."""

import pytest

from placement.models import Role
from tests.conftest import assert_accessible, browser_log_in
from tests.factories import create_municipality, create_user

pytestmark = pytest.mark.browser
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture
def consultant():
    return create_user(Role.CONSULTANT, municipality=create_municipality(), name="Karin Konsulent")


def create_bodil(page):
    page.get_by_label("Navn", exact=True).fill("Bodil Ny")
    page.get_by_label("Fødselsdato").fill("1990-01-01")
    page.get_by_role("button", name="Opret borger").click()
    expect(page.locator(".flashes")).to_contain_text("Borgeren er oprettet")
    expect(page.locator("h1")).to_have_text("Bodil Ny")


def test_opret_borger_on_the_caseload_leads_to_the_form(page, consultant):
    browser_log_in(page, consultant.email)
    page.goto("/borgere")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 740})
        assert_accessible(page, impacts=ALL_IMPACTS)
    page.get_by_role("link", name="Opret borger").click()
    expect(page.locator("h1")).to_contain_text("Opret borger")
    create_bodil(page)


def test_a_cpr_lookup_that_finds_nobody_offers_to_create_the_citizen(page, consultant):
    browser_log_in(page, consultant.email)
    page.goto("/borgere")
    page.get_by_label("CPR-nummer", exact=True).fill("030393-4321")
    page.get_by_role("button", name="Find borger ud fra CPR-nummer").click()
    expect(page.locator("main")).to_contain_text(
        "Der er ingen borger med dette CPR-nummer i din kommune."
    )
    expect(page.get_by_label("CPR-nummer", exact=True)).to_have_value("030393-4321")  # kept
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 740})
        assert_accessible(page, impacts=ALL_IMPACTS)
    create = page.get_by_role("link", name="Opret borgeren")
    assert "4321" not in create.get_attribute("href")
    create.click()
    assert "4321" not in page.url and "030393" not in page.url
    create_bodil(page)
    assert "4321" not in page.url
