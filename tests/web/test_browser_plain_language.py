"""In Chromium: the reworded pages a citizen and a company read pass axe-core, wide and narrow."""

import pytest

from placement.demo import loader
from placement.extensions import db
from tests.conftest import assert_accessible, browser_log_in, shows

pytestmark = pytest.mark.browser

ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
WIDTHS = (1280, 375)


def _accessible_at_both_widths(page) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, impacts=ALL_IMPACTS)


def test_the_citizen_reads_what_a_kind_means_on_the_board_and_in_her_offers(page):
    loader.load()
    db.session.commit()
    browser_log_in(page, "borger@demo.dk", loader.DEMO_PASSWORD)
    shows(page, "Slags arbejde")
    shows(page, "Du prøver et job af i en periode. Du får ikke løn af firmaet.")
    _accessible_at_both_widths(page)

    page.goto("/ledige-pladser/")
    shows(page, "Her er job og praktik hos firmaer")
    page.get_by_text("Vælg hjælp på jobbet").click()
    shows(page, "Rum og adgang")
    _accessible_at_both_widths(page)

    page.locator(".offer-list h3 a").first.click()
    shows(page, "Hjælp på jobbet")
    shows(page, "Tryk her. Så får din jobkonsulent besked")
    _accessible_at_both_widths(page)


def test_the_company_reads_its_opening_form_and_a_proposal_in_plain_words(page):
    loader.load()
    db.session.commit()
    browser_log_in(page, "virksomhed@demo.dk", loader.DEMO_PASSWORD)
    _accessible_at_both_widths(page)

    page.goto("/opslag/ny")
    assert page.get_by_label("Hvad skal man lave?", exact=True).is_visible()
    assert page.get_by_label("Frist for at søge").is_visible()
    shows(page, "Kan være tom. Når fristen er gået, udløber opslaget.")
    _accessible_at_both_widths(page)

    page.goto("/virksomhed/")
    page.get_by_role("link", name="Svar på forslaget").first.click()
    assert page.get_by_label("Hvorfor? (kan være tom)").is_visible()
    shows(page, "Hjælp på jobbet")
    _accessible_at_both_widths(page)
