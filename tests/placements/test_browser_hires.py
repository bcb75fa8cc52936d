"""In Chromium: the consultant completes an internship that ended in a job at the company; the
hire is offered as the company itself from the day after the end, and the company's page counts
it beside the ratio rule's headroom. The pages pass axe-core."""

import pytest

from placement.extensions import db
from placement.models import Role
from tests.conftest import assert_accessible, browser_log_in, shows
from tests.factories import create_employer, create_municipality, create_user
from tests.placements.test_hire_forms import _active

pytestmark = pytest.mark.browser


def test_a_hire_recorded_on_completing_shows_beside_the_headroom(page):
    consultant = create_user(Role.CONSULTANT, municipality=create_municipality())
    company = create_employer(name="Hald Lager ApS", employees=10)
    placement = _active(consultant, company)
    db.session.commit()
    browser_log_in(page, consultant.email)

    page.goto(f"/forloeb/{placement.id}")
    page.get_by_label("Hvad skete der bagefter?").select_option(label="Ordinært job")
    assert page.get_by_label("Hvem ansatte borgeren?").input_value() == "same"
    assert_accessible(page)
    page.get_by_role("button", name="Afslut forløbet").click()
    shows(page, "Forløbet er afsluttet.")
    shows(page, "Ansat af")

    page.goto(f"/virksomheder/{company.id}")
    workplaces = page.locator("#arbejdssteder")
    assert workplaces.get_by_role("columnheader", name="Ansat bagefter").is_visible()
    assert workplaces.get_by_role("cell", name="1 af 1 forløb (1 af 1 praktik)").is_visible()
    assert_accessible(page)
