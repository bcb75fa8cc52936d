"""In a real Chromium: every demo account logs in, lands home, and the pages pass axe-core."""

import pytest

from placement.demo import loader
from placement.extensions import db
from tests.conftest import assert_accessible, browser_log_in

pytestmark = pytest.mark.browser

HOMES = {
    "admin@demo.dk": ("/admin/", "Administration"),
    "leder@demo.dk": ("/leder", "Statistik for Viborg"),
    "konsulent@demo.dk": ("/borgere", "Mine borgere"),
    "konsulent.silkeborg@demo.dk": ("/borgere", "Mine borgere"),
    "virksomhed@demo.dk": ("/virksomhed/", None),
    "borger@demo.dk": ("/mine-tilbud", "Mine tilbud"),
}


@pytest.fixture
def demo_data():
    loader.load()
    db.session.commit()


def test_login_page_is_accessible(page):
    page.goto("/login")
    assert page.locator("h1").inner_text() == "Log ind"
    assert page.locator("html").get_attribute("lang") == "da"
    assert_accessible(page)


def test_login_errors_are_listed_and_accessible(page):
    page.goto("/login")
    page.get_by_role("button", name="Log ind").click()
    assert page.get_by_role("alert").filter(has_text="Der er noget, der skal rettes").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("email", list(HOMES))
def test_each_demo_account_lands_on_an_accessible_home_page(page, demo_data, email):
    browser_log_in(page, email, loader.DEMO_PASSWORD)
    path, heading = HOMES[email]
    assert page.url.endswith(path)
    if heading:
        assert heading in page.locator("h1").inner_text()
    assert_accessible(page)


def test_skip_link_moves_to_the_main_content(page):
    page.goto("/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Gå til indholdet")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()


def test_language_switch_works_without_javascript(chromium, live_server):
    context = chromium.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/login")
    page.get_by_role("button", name="English").click()
    assert page.locator("h1").inner_text() == "Log in"
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()
