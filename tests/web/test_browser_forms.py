"""In Chromium: a refused form shows every problem in one round, in a summary that has the
focus and links to each field; text past maxlength gets a Danish message; the favicon, the
match card's words and the company's placement heading. axe-core at 1280 and 375 px."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from placement.extensions import db
from placement.models import CandidateKind, CandidatePlace, Kind, PlacementStatus, Role
from tests.conftest import assert_accessible, browser_log_in
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)

pytestmark = pytest.mark.browser

ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


def accessible_at_both_widths(page) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, impacts=ALL_IMPACTS)


def summary_links(page) -> list[tuple[str, str]]:
    """(href, text) of each link in the error summary, in order."""
    links = page.locator("#error-summary a")
    return [
        (links.nth(i).get_attribute("href"), links.nth(i).inner_text())
        for i in range(links.count())
    ]


def assert_summary_has_the_focus(page) -> None:
    assert page.evaluate("document.activeElement.id") == "error-summary"


def assert_each_link_points_at_its_field(page) -> None:
    for href, text in summary_links(page):
        target = page.locator(href)
        assert target.count() == 1, href
        # The link names the field by its label, and the label belongs to that field.
        label = page.locator(f'label[for="{href[1:]}"]').inner_text()
        assert text.startswith(f"{label}: "), (href, text)
        expect(target).to_have_attribute("aria-invalid", "true")


def test_the_company_sign_up_with_five_mistakes_shows_five_errors_in_one_round(page):
    create_employer(name="Allerede Her ApS", cvr="25313763")
    create_user(Role.ADMIN, email="birte@fjordensbageri.dk")
    page.goto("/virksomhed/tilmeld")
    # Name left empty, a CVR already registered, a 3-digit P-number, a short password and an
    # e-mail already in use: five mistakes, everything else right.
    page.get_by_label("CVR-nummer").fill("25313763")
    page.get_by_label("P-nummer (valgfrit)").fill("123")
    page.get_by_label("Adresse").fill("Havnegade 3")
    page.get_by_label("Postnummer").fill("8800")
    page.get_by_label("By", exact=True).fill("Viborg")
    page.get_by_label("Antal almindelige ansatte").fill("14")
    page.get_by_label("Dit navn").fill("Birte Bager")
    page.get_by_label("E-mail").fill("birte@fjordensbageri.dk")
    page.get_by_label("Vælg en adgangskode").fill("kort")
    page.get_by_role("button", name="Opret virksomhed").click()

    expect(page.get_by_role("alert")).to_contain_text("Der er noget, der skal rettes")
    assert [href for href, _ in summary_links(page)] == [
        "#name",
        "#cvr",
        "#p_number",
        "#contact_email",
        "#password",
    ]
    assert_summary_has_the_focus(page)
    assert_each_link_points_at_its_field(page)
    expect(page.locator("#cvr-error")).to_contain_text("allerede oprettet")
    expect(page.locator("#p_number-error")).to_contain_text("P-nummeret skal have 10 cifre.")
    expect(page.locator("#password-error")).to_contain_text("mindst 8 tegn")
    expect(page.locator("#contact_email-error")).to_contain_text("allerede en bruger")
    expect(page.get_by_label("Adresse")).to_have_value("Havnegade 3")  # kept
    accessible_at_both_widths(page)

    page.get_by_label("Virksomhedens navn").fill("Fjordens Bageri ApS")
    page.get_by_label("CVR-nummer").fill("35954716")
    page.get_by_label("P-nummer (valgfrit)").fill("")
    page.get_by_label("E-mail").fill("birte.bager@fjordensbageri.dk")
    page.get_by_label("Vælg en adgangskode").fill("surdej-hver-morgen")
    page.get_by_role("button", name="Opret virksomhed").click()
    expect(page.get_by_role("status")).to_contain_text("Fjordens Bageri ApS er oprettet")


def test_the_citizen_form_shows_the_postcode_and_a_future_birth_date_together(page):
    consultant = create_user(Role.CONSULTANT, municipality=create_municipality())
    browser_log_in(page, consultant.email)
    page.goto("/borgere/ny")
    page.get_by_label("Navn", exact=True).fill("Bodil Browser")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    page.get_by_label("Fødselsdato").fill(tomorrow)
    page.get_by_label("Postnummer", exact=True).fill("88")
    page.get_by_role("button", name="Opret borger").click()

    assert [href for href, _ in summary_links(page)] == ["#birth_date", "#postcode"]
    expect(page.locator("#birth_date-error")).to_contain_text(
        "Fødselsdatoen kan ikke ligge i fremtiden."
    )
    expect(page.locator("#postcode-error")).to_contain_text("Skriv et postnummer med 4 cifre.")
    assert_summary_has_the_focus(page)
    assert_each_link_points_at_its_field(page)
    expect(page.get_by_label("Fødselsdato")).to_have_value(tomorrow)
    accessible_at_both_widths(page)


def test_text_past_maxlength_gets_a_danish_message_and_no_error_page(page):
    consultant = create_user(Role.CONSULTANT, municipality=create_municipality())
    browser_log_in(page, consultant.email)
    page.goto("/borgere/ny")
    skills = page.get_by_label("Kompetencer", exact=True)
    expect(skills).to_have_attribute("maxlength", "2000")
    page.get_by_label("Navn", exact=True).fill("Bodil Browser")
    page.get_by_label("Fødselsdato").fill("1990-01-01")
    # What a script or a browser without maxlength sends: 260,000 characters.
    skills.evaluate("element => { element.value = 'x'.repeat(260000); }")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Opret borger").click()
    assert posted.value.status == 200
    expect(page.locator("#skills-error")).to_have_text(
        "Fejl: Højst 2.000 tegn. Du har skrevet 260.000."
    )
    assert_summary_has_the_focus(page)
    expect(page.get_by_label("Navn", exact=True)).to_have_value("Bodil Browser")
    accessible_at_both_widths(page)


def test_the_favicon_is_served_from_the_app(page):
    page.goto("/login")
    icons = page.locator('link[rel="icon"]')
    assert icons.count() == 2
    for i in range(icons.count()):
        response = page.request.get(icons.nth(i).get_attribute("href"))
        assert response.status == 200
        assert response.headers["content-type"].startswith("image/")
    classic = page.request.get("/favicon.ico")  # what a browser asks for by itself
    assert classic.status == 200
    assert classic.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_a_match_card_reads_its_reasons_not_a_raw_score(page):
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg)
    citizen = create_candidate(viborg, name="Lise Lager", skills="lager og truck", max_hours=20)
    citizen.kinds = [CandidateKind(kind=Kind.INTERNSHIP)]
    citizen.places = [CandidatePlace(postcode="8800")]
    db.session.commit()
    create_opening(title="Lagerpraktik", skills="lageret", hours_min=10, hours_max=15)
    browser_log_in(page, consultant.email)
    page.goto(f"/borgere/{citizen.id}/job")

    card = page.locator("li.card").first
    heard = card.aria_snapshot()
    assert "Lagerpraktik" in heard and "Timer passer: 10–15 t/uge" in heard
    # The score only orders the list (placement/matching/scoring.py); as a number it means nothing
    # to a person, and a missing must-have made it "-3990".
    assert "Point" not in heard and not re.search(r"-\d", card.text_content())
    accessible_at_both_widths(page)


@pytest.mark.parametrize(
    "status, heading",
    [
        (PlacementStatus.PROPOSED, "Forslag: Lise Lager"),
        (PlacementStatus.DECLINED, "Forslag: Lise Lager"),  # never became a placement
        (PlacementStatus.ACCEPTED, "Forløb: Lise Lager"),
        (PlacementStatus.AGREED, "Forløb: Lise Lager"),
        (PlacementStatus.ACTIVE, "Forløb: Lise Lager"),
    ],
)
def test_the_companys_placement_is_headed_by_its_state(page, status, heading):
    employer = create_employer(name="Grøn Have ApS")
    user = create_user(Role.EMPLOYER, employer=employer)
    placement = create_placement(
        create_candidate(name="Lise Lager"),
        create_opening(employer, title="Havepraktik"),
        status=status,
    )
    browser_log_in(page, user.email)
    page.goto(f"/virksomhed/forslag/{placement.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert page.title().startswith(heading)
    accessible_at_both_widths(page)
