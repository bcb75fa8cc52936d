"""In Chromium: a company with two workplaces adds one more, posts an opening at its second
workplace, and sees the workplace on the opening's page; the pages pass axe-core."""

import pytest
from sqlalchemy import select

from placement.extensions import db
from placement.models import Opening, Role
from tests.conftest import assert_accessible, browser_log_in
from tests.factories import create_employer, create_user, create_workplace

pytestmark = pytest.mark.browser


def test_a_company_posts_an_opening_at_its_second_workplace(page):
    company = create_employer(name="Kæden A/S", p_number="1111111111", employees=30)
    create_workplace(
        company,
        name="Kæden Bjerringbro",
        p_number="2222222222",
        address="Industrivej 4",
        postcode="8850",
        city="Bjerringbro",
        employees=12,
    )
    user = create_user(Role.EMPLOYER, employer=company)
    browser_log_in(page, user.email)

    page.goto("/virksomhed/")
    workplaces = page.locator("#arbejdssteder")
    assert workplaces.get_by_role("rowheader", name="Kæden Bjerringbro").is_visible()
    assert workplaces.get_by_text("0 af 2.").is_visible()  # 12 employees: 2 at a time
    assert_accessible(page)

    page.goto("/opslag/ny")
    choice = page.get_by_label("Arbejdssted", exact=True)
    assert choice.input_value() == ""  # two workplaces: the company chooses
    assert_accessible(page)
    page.get_by_label("Type", exact=True).select_option(label="Fleksjob")
    page.get_by_label("Titel", exact=True).fill("Fleksjob på lageret")
    choice.select_option(
        label="Kæden Bjerringbro · Industrivej 4, 8850 Bjerringbro · P-nr. 2222222222"
    )
    page.get_by_label("Postnummer").fill("8850")
    page.get_by_label("By", exact=True).fill("Bjerringbro")
    page.get_by_label("Mindst antal timer om ugen").fill("10")
    page.get_by_label("Højst antal timer om ugen").fill("15")
    page.get_by_role("button", name="Gem som kladde").click()

    assert page.get_by_role("status").filter(has_text="Opslaget er gemt som kladde.").is_visible()
    assert page.get_by_text(
        "Kæden Bjerringbro · Industrivej 4, 8850 Bjerringbro · P-nr. 2222222222"
    ).is_visible()
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.scalars(select(Opening)).one().workplace.name == "Kæden Bjerringbro"


def test_a_company_adds_a_workplace_and_a_mistake_keeps_what_was_typed(page):
    user = create_user(Role.EMPLOYER, employer=create_employer(name="Kæden A/S"))
    browser_log_in(page, user.email)
    page.goto("/virksomhed/")
    page.get_by_role("link", name="Tilføj arbejdssted").click()
    page.get_by_label("Arbejdsstedets navn").fill("Kæden Skive")
    page.get_by_label("P-nummer (valgfrit)").fill("123")
    page.get_by_label("Antal almindelige ansatte på arbejdsstedet").fill("60")
    page.get_by_role("button", name="Gem arbejdssted").click()
    assert page.locator("#p_number-error").inner_text().endswith("P-nummeret skal have 10 cifre.")
    assert page.get_by_label("Arbejdsstedets navn").input_value() == "Kæden Skive"
    assert_accessible(page)
    page.get_by_label("P-nummer (valgfrit)").fill("3333333333")
    page.get_by_role("button", name="Gem arbejdssted").click()
    assert page.get_by_role("status").filter(has_text="Arbejdsstedet er tilføjet.").is_visible()
    assert page.locator("#arbejdssteder").get_by_text("0 af 11.").is_visible()
