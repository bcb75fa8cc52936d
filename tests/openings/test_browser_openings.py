"""In a real Chromium: a company writes, saves and publishes an opening; pages pass axe-core."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from placement.extensions import db
from placement.models import EmployerStatus, Opening, OpeningStatus, Role
from tests.conftest import assert_accessible, browser_log_in
from tests.factories import create_employer, create_opening, create_user

pytestmark = pytest.mark.browser


def test_an_employer_writes_saves_and_publishes_an_internship(page):
    user = create_user(Role.EMPLOYER, employer=create_employer(name="Grøn Have ApS"))
    browser_log_in(page, user.email)

    page.goto("/opslag/ny")
    assert page.locator("h1").inner_text() == "Opret opslag"
    assert_accessible(page)

    # Saving an empty form lists what is missing and stays accessible.
    page.get_by_role("button", name="Gem som kladde").click()
    assert page.get_by_role("alert").filter(has_text="Der er noget, der skal rettes").is_visible()
    assert_accessible(page)

    page.get_by_label("Type", exact=True).select_option(label="Virksomhedspraktik")
    page.get_by_label("Titel", exact=True).fill("Praktik i gartneriet")
    page.get_by_label("Hvad skal man lave?", exact=True).fill("Vande planter og pakke ordrer")
    page.get_by_label("Formål med praktikken").select_option(label="Afklare et jobmål")
    page.get_by_label("Postnummer").fill("8800")
    page.get_by_label("By", exact=True).fill("Viborg")
    page.get_by_label("Mindst antal timer om ugen").fill("10")
    page.get_by_label("Højst antal timer om ugen").fill("20")
    page.get_by_label("Første dag").fill((date.today() + timedelta(days=21)).isoformat())
    page.get_by_label("Antal uger").fill("8")
    page.get_by_label("Stille arbejdsplads").check()
    page.get_by_label("Ekstra pauser").check()
    page.get_by_role("button", name="Gem som kladde").click()

    assert page.get_by_role("status").filter(has_text="Opslaget er gemt som kladde.").is_visible()
    assert page.locator("h1").inner_text() == "Praktik i gartneriet"
    assert page.locator(".badge").inner_text() == "Kladde"
    assert_accessible(page)

    page.get_by_role("button", name="Slå op").click()
    assert page.locator(".badge").inner_text() == "Slået op"
    assert page.get_by_text("Stille arbejdsplads").is_visible()
    assert_accessible(page)

    db.session.expire_all()
    opening = db.session.scalars(select(Opening)).one()
    assert opening.status == OpeningStatus.PUBLISHED
    assert {a.code for a in opening.adaptations} == {"quiet_workspace", "extra_breaks"}


def test_a_pending_companys_draft_page_explains_and_is_accessible(page):
    user = create_user(Role.EMPLOYER, employer=create_employer(status=EmployerStatus.PENDING))
    browser_log_in(page, user.email)
    page.goto("/opslag/ny")
    page.get_by_label("Type", exact=True).select_option(label="Fleksjob")
    page.get_by_label("Titel", exact=True).fill("Fleksjob på kontoret")
    page.get_by_label("Postnummer").fill("8600")
    page.get_by_label("By", exact=True).fill("Silkeborg")
    page.get_by_label("Mindst antal timer om ugen").fill("8")
    page.get_by_label("Højst antal timer om ugen").fill("12")
    page.get_by_role("button", name="Gem som kladde").click()
    assert page.get_by_text("når jobcentret har godkendt virksomheden").is_visible()
    assert page.get_by_role("button", name="Slå op").count() == 0
    assert_accessible(page)


def test_a_consultants_view_of_a_companys_openings_is_accessible(page):
    company = create_employer(name="Grøn Have ApS")
    closed = create_opening(company, status=OpeningStatus.CLOSED, adaptation_codes=("mentor",))
    published = create_opening(company, title="Gartnerpraktik")
    user = create_user(Role.CONSULTANT)
    browser_log_in(page, user.email)
    page.goto(f"/opslag/{closed.id}")
    assert page.get_by_role("link", name="Tilbage til Grøn Have ApS").is_visible()
    assert page.get_by_role("link", name="Ret").count() == 0
    assert_accessible(page)
    page.goto(f"/opslag/{published.id}/ret")
    assert page.get_by_label("Titel", exact=True).input_value() == "Gartnerpraktik"
    assert_accessible(page)
