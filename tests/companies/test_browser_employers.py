"""In Chromium: a company registers, the jobcenter approves it, it posts an internship that
appears on the public board; and the company's own pages pass axe-core."""

import pytest
from playwright.sync_api import expect

from placement.models import Role
from tests.conftest import assert_accessible, browser_log_in, shows
from tests.factories import PASSWORD, create_municipality, create_user

pytestmark = pytest.mark.browser


def test_register_approve_post_and_see_it_on_the_board(page, chromium, live_server):
    consultant = create_user(Role.CONSULTANT, municipality=create_municipality())

    # The company registers itself.
    page.goto("/virksomhed/tilmeld")
    assert_accessible(page)
    page.get_by_label("Virksomhedens navn").fill("Fjordens Bageri ApS")
    page.get_by_label("CVR-nummer").fill("25313763")
    page.get_by_label("Adresse").fill("Havnegade 3")
    page.get_by_label("Postnummer").fill("8800")
    page.get_by_label("By", exact=True).fill("Viborg")
    page.get_by_label("Antal almindelige ansatte").fill("14")
    page.get_by_label("Dit navn").fill("Birte Bager")
    page.get_by_label("E-mail").fill("birte@fjordensbageri.dk")
    page.get_by_label("Vælg en adgangskode").fill("surdej-hver-morgen")
    page.get_by_role("button", name="Opret virksomhed").click()
    shows(page, "Fjordens Bageri ApS er oprettet")
    shows(page, "har ikke godkendt virksomheden endnu")
    assert_accessible(page)

    # The jobcenter approves it, in another browser session.
    jobcenter = chromium.new_context(base_url=live_server).new_page()
    browser_log_in(jobcenter, consultant.email, PASSWORD)
    jobcenter.goto("/virksomheder/")
    row = jobcenter.get_by_role("row").filter(has_text="Fjordens Bageri ApS")
    row.get_by_role("button", name="Godkend").click()
    # The click posts a form: wait for the answer rather than read the page mid-navigation.
    expect(jobcenter.locator("body")).to_contain_text("godkendt")
    jobcenter.context.close()

    # The company posts an internship and publishes it.
    page.goto("/virksomhed/")
    page.get_by_role("link", name="Opret opslag").click()
    page.get_by_label("Type").select_option("internship")
    page.get_by_label("Titel", exact=True).fill("Bagerimedhjælper i praktik")
    page.get_by_label("Om stedet og jobbet", exact=True).fill("Hjælp til i bageriet om morgenen.")
    page.get_by_label("Formål med praktikken").select_option("skills")
    page.get_by_label("Postnummer").fill("8800")
    page.get_by_label("By", exact=True).fill("Viborg")
    page.get_by_label("Mindst antal timer om ugen").fill("10")
    page.get_by_label("Højst antal timer om ugen").fill("20")
    page.get_by_label("Antal uger").fill("8")
    page.get_by_label("Antal pladser").fill("1")
    page.get_by_label("Ekstra pauser").check()
    page.get_by_role("button", name="Gem").click()
    page.get_by_role("button", name="Slå op").click()
    shows(page, "Slået op")
    # Anyone can now find it on the public board, also without login.
    visitor = chromium.new_context(base_url=live_server).new_page()
    visitor.goto("/ledige-pladser/")
    visitor.get_by_role("link", name="Bagerimedhjælper i praktik").click()
    shows(visitor, "Fjordens Bageri ApS")
    shows(visitor, "Ekstra pauser")
    visitor.context.close()


def test_company_pages_are_accessible(page):
    from tests.factories import create_candidate, create_employer, create_opening, create_placement

    employer = create_employer(name="Tilgængelig ApS")
    user = create_user(Role.EMPLOYER, employer=employer)
    proposal = create_placement(
        candidate=create_candidate(name="Ali Ahmadi", share_age=True),
        opening=create_opening(employer),
    )
    browser_log_in(page, user.email, PASSWORD)
    page.goto("/virksomhed/")
    assert_accessible(page)
    page.get_by_role("link", name="Ali Ahmadi").click()
    assert_accessible(page)
    page.get_by_role("button", name="Nej tak").click()
    shows(page, "Du har sagt nej tak")
    page.goto("/virksomhed/kollega")
    page.get_by_role("button", name="Send invitation").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    assert proposal.id
