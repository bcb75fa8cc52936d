"""In Chromium on a 375 px phone: the header leaves the first screen to the page, its menu
opens without JavaScript, and the board's cards are short enough to scan."""

from datetime import date

import pytest

from placement.models import Role
from tests.conftest import assert_accessible, browser_log_in
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_user,
)

pytestmark = pytest.mark.browser
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
PHONE = {"width": 375, "height": 740}


def height(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().height")


def test_a_citizens_page_on_a_phone_starts_with_the_citizen_not_the_menu(page):
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name="Karin Konsulent")
    candidate = create_candidate(
        viborg, name="Asta Andersen", consultant=consultant, birth_date=date(1990, 1, 1)
    )
    browser_log_in(page, consultant.email)
    page.set_viewport_size(PHONE)
    page.goto(f"/borgere/{candidate.id}")
    header = height(page, ".site-header")
    heading = page.locator("h1").bounding_box()
    bottom = heading["y"] + heading["height"]
    print(f"\nheader at 375 px: {header:.0f} px; h1 bottom at {bottom:.0f} px")
    assert header <= 140, f"the header takes {header:.0f} of 740 px"
    assert bottom <= 300  # the citizen's name in the first screen

    # The menu is a disclosure: closed, its links are out of the way; opened, all are there.
    menu = page.get_by_role("navigation", name="Hovedmenu")
    assert not menu.get_by_role("link", name="Mine borgere").is_visible()
    page.locator(".site-header summary").click()
    assert menu.get_by_role("link", name="Mine borgere").is_visible()
    assert_accessible(page, impacts=ALL_IMPACTS)
    menu.get_by_role("link", name="Mine borgere").click()
    assert page.locator("h1").inner_text() == "Mine borgere"

    page.set_viewport_size({"width": 1280, "height": 740})  # wide: the menu shows as it was
    assert (
        page.get_by_role("navigation", name="Hovedmenu")
        .get_by_role("link", name="Mine borgere")
        .is_visible()
    )
    assert_accessible(page, impacts=ALL_IMPACTS)


def test_a_board_card_on_a_phone_is_short(page):
    company = create_employer(name="Hald Lager & Logistik ApS")
    create_opening(
        company,
        title="Lagermedhjælper med truckkort",
        adaptation_codes=("quiet_workspace", "extra_breaks"),
    )
    create_opening(company, title="Kantinehjælp", deadline=date.today())
    page.set_viewport_size(PHONE)
    page.goto("/ledige-pladser/")
    card = height(page, ".offer-list .card")
    print(f"\nboard card at 375 px: {card:.0f} px")
    assert card <= 300, f"a card is {card:.0f} px high"
    assert_accessible(page, impacts=ALL_IMPACTS)
    page.set_viewport_size({"width": 1280, "height": 740})
    assert_accessible(page, impacts=ALL_IMPACTS)
