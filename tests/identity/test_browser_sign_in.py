"""In Chromium: a citizen and a company sign in through the OpenID provider's own pages."""

import re

import pytest
from playwright.sync_api import expect

from placement.models import Role
from tests.conftest import assert_accessible, shows
from tests.factories import (
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
    valid_cvr,
)
from tests.identity.provider import CPR, CVR, EMAIL, FULL_NAME, LOA, ORG_NAME

# The provider is another process on the real clock; its ID tokens carry real times.
pytestmark = [pytest.mark.browser, pytest.mark.real_clock]


def authorize_at_the_provider(page, provider, sub: str) -> None:
    expect(page).to_have_url(re.compile(f"^{re.escape(provider.url)}/"))
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()


def test_a_citizen_signs_in_with_mitid_sees_their_offer_and_signs_out(page, signed_in_through):
    provider = signed_in_through
    asta = create_candidate(name="Asta Andersen", cpr="0101901234")
    consultant = create_user(Role.CONSULTANT, municipality=asta.municipality)
    opening = create_opening(create_employer(name="Hald Lager ApS"), title="Lagerpraktik")
    create_placement(asta, opening, consultant=consultant)
    sub = provider.person("mitid-asta", **{CPR: "0101901234", LOA: "Substantial"})

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    assert_accessible(page)
    page.get_by_role("link", name="Borger: Log ind med MitID").click()
    authorize_at_the_provider(page, provider, sub)

    expect(page).to_have_url(re.compile(r"/mine-tilbud$"))
    shows(page, "Hej Asta Andersen.")
    expect(page.locator(".offer-list > li")).to_contain_text("Lagerpraktik")
    assert_accessible(page)

    # Signing out here also ends the MitID session, at the provider, then back to our login.
    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(f"^{re.escape(provider.url)}/oauth2/end_session"))
    page.get_by_role("button", name="End session").click()
    expect(page).to_have_url(re.compile(r"/login(\?|$)"))
    shows(page, "Du er logget ud.")
    page.goto("/mine-tilbud")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.locator("body")).not_to_contain_text("Asta Andersen")


def test_a_new_company_signs_in_with_mitid_erhverv_registers_and_posts_an_opening(
    page, configure, oidc_provider
):
    configure(oidc_provider.url, OIDC_COMPANIES_APPROVE_PROVEN=True)
    cvr = valid_cvr(43)
    sub = oidc_provider.person(
        "erhverv-birte",
        **{
            CVR: cvr,
            LOA: "Substantial",
            FULL_NAME: "Birte Bager",
            EMAIL: "birte@fjordensbageri.dk",
            ORG_NAME: "Fjordens Bageri ApS",
        },
    )

    page.goto("/login")
    page.get_by_role("link", name="Virksomhed: Log ind med MitID Erhverv").click()
    authorize_at_the_provider(page, oidc_provider, sub)

    # The CVR number stands proven, not typed; the rest starts from what MitID Erhverv told.
    expect(page).to_have_url(re.compile(r"/virksomhed/tilmeld/mitid$"))
    shows(page, f"CVR-nummer: {cvr} (bekræftet med MitID Erhverv)")
    expect(page.get_by_label("CVR-nummer")).to_have_count(0)
    expect(page.get_by_label("Virksomhedens navn")).to_have_value("Fjordens Bageri ApS")
    expect(page.get_by_label("Dit navn")).to_have_value("Birte Bager")
    expect(page.get_by_label("E-mail")).to_have_value("birte@fjordensbageri.dk")
    assert_accessible(page)
    page.get_by_label("Adresse").fill("Havnegade 3")
    page.get_by_label("Postnummer").fill("8800")
    page.get_by_label("By", exact=True).fill("Viborg")
    page.get_by_label("Antal almindelige ansatte").fill("14")
    page.get_by_role("button", name="Opret virksomhed").click()

    expect(page).to_have_url(re.compile(r"/virksomhed/$"))
    shows(page, "Fjordens Bageri ApS er oprettet og klar.")
    page.get_by_role("link", name="Opret opslag").click()
    page.get_by_label("Type", exact=True).select_option(label="Virksomhedspraktik")
    page.get_by_label("Titel", exact=True).fill("Bagerimedhjælper i praktik")
    page.get_by_label("Formål med praktikken").select_option(label="Afklare et jobmål")
    page.get_by_label("Postnummer").fill("8800")
    page.get_by_label("By", exact=True).fill("Viborg")
    page.get_by_label("Mindst antal timer om ugen").fill("10")
    page.get_by_label("Højst antal timer om ugen").fill("20")
    page.get_by_label("Antal uger").fill("8")
    page.get_by_role("button", name="Gem som kladde").click()
    page.get_by_role("button", name="Slå op").click()
    shows(page, "Slået op")

    page.goto("/virksomhed/")
    row = page.get_by_role("row").filter(has_text="Bagerimedhjælper i praktik")
    expect(row).to_contain_text("Slået op")
