"""In Chromium: borger@demo.dk answers an offer in "Mine tilbud"; the page passes axe-core."""

import pytest

from placement.demo import loader
from placement.extensions import db
from tests.conftest import assert_accessible, browser_log_in, shows

pytestmark = pytest.mark.browser


def test_the_citizen_says_yes_to_an_offer(page):
    loader.load()
    db.session.commit()
    browser_log_in(page, "borger@demo.dk", loader.DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "Mine tilbud"
    assert_accessible(page)
    offer = page.locator(".offer-list > li").first
    title = offer.locator("h3").inner_text()
    offer.get_by_role("button", name="Ja tak").click()
    shows(page, "Tak for dit svar")
    assert title in page.locator("text=Mine forløb").locator("xpath=following::ul[1]").inner_text()
    assert_accessible(page)
