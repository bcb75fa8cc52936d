"""In Chromium: the consultant agrees a placement, all three parties confirm version 1 of the
agreement in their own views, the PDF names them, and the consultant starts the placement."""

import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from placement.extensions import db
from placement.models import Kind, Placement, PlacementStatus, Role
from tests.conftest import assert_accessible, shows
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)

pytestmark = pytest.mark.browser
OPENING = "Lagerpraktik"
COMPANY = "Hald Lager ApS"
CITIZEN = "Asta Andersen"
CONSULTANT = "Mette Konsulent"
EMPLOYER = "Lene Holm"


def _accepted(kind=Kind.INTERNSHIP, **fields):
    """A placement both sides said yes to, starting today, with a user for each party."""
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name=CONSULTANT)
    company = create_employer(name=COMPANY, employees=40, contact_name=EMPLOYER)
    employer = create_user(Role.EMPLOYER, employer=company, name=EMPLOYER)
    candidate = create_candidate(viborg, name=CITIZEN, consultant=consultant)
    citizen = create_user(Role.CITIZEN, candidate=candidate, name=CITIZEN)
    opening = create_opening(company, kind=kind, title=OPENING, tasks="Pakke varer")
    today = date.today()
    placement = create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=today,
        end_date=today + timedelta(weeks=8),
        hours_per_week=10,
        tasks=opening.tasks,
        **fields,
    )
    return placement, consultant, employer, citizen


def _panel(page):
    return page.locator("section[aria-labelledby=agreement-heading]")


def _confirmation(page, party: str) -> str:
    """The "Bekræftet" cell of one party's row in the agreement panel."""
    row = _panel(page).locator("tbody tr").filter(has=page.locator("th", has_text=party))
    return row.locator("td").inner_text()


def test_three_parties_confirm_and_the_consultant_starts(as_user):
    placement, consultant_user, employer_user, citizen_user = _accepted()

    consultant = as_user(consultant_user.email)
    consultant.goto(f"/forloeb/{placement.id}")
    consultant.get_by_role("button", name="Aftal forløbet").click()
    shows(consultant, "Forløbet er aftalt.")
    panel = _panel(consultant)
    assert re.search(r"Aftale nr\. \S+, version 1,", panel.inner_text())
    assert panel.get_by_role("link", name="Hent aftalen (PDF, version 1)").is_visible()
    assert consultant.get_by_role("heading", name="Aftalens indhold").is_visible()
    assert_accessible(consultant)

    consultant.get_by_role("button", name="Bekræft aftalen").click()
    shows(consultant, "Tak. Du har bekræftet aftalen.")
    assert _confirmation(consultant, "Jobkonsulent").startswith(f"Ja – {CONSULTANT}")
    assert _confirmation(consultant, "Virksomhed") == "Ikke endnu"
    assert _confirmation(consultant, "Borger") == "Ikke endnu"
    assert "Du har bekræftet denne version." in panel.inner_text()
    assert consultant.get_by_role("button", name="Bekræft aftalen").count() == 0
    # Today is the start date, but two parties have still to confirm.
    assert consultant.get_by_role("button", name="Start forløbet").count() == 0

    company = as_user(employer_user.email)
    company.goto("/virksomhed/")
    running = company.locator("section[aria-labelledby=running-heading] li").filter(
        has_text=CITIZEN
    )
    assert "aftalen venter på jeres bekræftelse" in running.inner_text()
    running.get_by_role("link", name=f"{CITIZEN} i {OPENING}").click()
    assert company.get_by_role("button", name="Bekræft aftalen").is_visible()
    assert_accessible(company)
    company.get_by_role("button", name="Bekræft aftalen").click()
    shows(company, "Tak. Du har bekræftet aftalen.")
    assert _confirmation(company, "Virksomhed").startswith(f"Ja – {EMPLOYER}")
    company.goto("/virksomhed/")
    assert "venter på jeres bekræftelse" not in company.content()

    citizen = as_user(citizen_user.email)
    citizen.goto("/mine-tilbud")
    mine = citizen.locator("section[aria-labelledby=placements-heading] li").filter(
        has_text=OPENING
    )
    assert "aftalen venter på din bekræftelse" in mine.inner_text()
    mine.get_by_role("link", name=f"{OPENING}, {COMPANY}").click()
    assert citizen.get_by_role("button", name="Bekræft aftalen").is_visible()
    assert_accessible(citizen)
    citizen.get_by_role("button", name="Bekræft aftalen").click()
    shows(citizen, "Tak. Du har bekræftet aftalen.")
    assert _confirmation(citizen, "Borger").startswith(f"Ja – {CITIZEN}")

    consultant.reload()
    for party, name in (
        ("Jobkonsulent", CONSULTANT),
        ("Virksomhed", EMPLOYER),
        ("Borger", CITIZEN),
    ):
        assert _confirmation(consultant, party).startswith(f"Ja – {name}")
    href = (
        _panel(consultant)
        .get_by_role("link", name="Hent aftalen (PDF, version 1)")
        .get_attribute("href")
    )
    response = consultant.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    for name in (CONSULTANT, EMPLOYER, CITIZEN):
        assert name in text, f"{name} is not in the PDF"

    consultant.get_by_role("button", name="Start forløbet").click()
    shows(consultant, "Forløbet er i gang.")
    assert consultant.locator("h1 + p .badge").inner_text() == "I gang"
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).status == PlacementStatus.ACTIVE


def _type_wage_cost(page, placement, typed: str, tasks: str = "") -> None:
    """Type into the field key by key, as a person does: the browser decides what it keeps."""
    page.goto(f"/forloeb/{placement.id}")
    if tasks:
        page.get_by_label("Arbejdsopgaver").fill(tasks)
    page.get_by_label("Samlet lønudgift pr. måned (kr.)").press_sequentially(typed)
    page.get_by_role("button", name="Gem aftalen").click()


def test_wage_cost_that_is_not_a_whole_number_is_explained_in_danish(as_user):
    placement, consultant_user, _employer, _citizen = _accepted(kind=Kind.WAGE_SUBSIDY)
    page = as_user(consultant_user.email)
    tasks = "Modtage varer\nPakke ordrer"
    # A text box: the server gets what was typed, and explains.
    _type_wage_cost(page, placement, "cirka 30.000", tasks)

    summary = page.locator(".error-summary")
    assert summary.get_by_role("heading", name="Der er noget, der skal rettes").is_visible()
    assert "Samlet lønudgift pr. måned (kr.): Skriv et helt tal." in summary.inner_text()
    wage = page.get_by_label("Samlet lønudgift pr. måned (kr.)")
    assert wage.get_attribute("aria-invalid") == "true"
    assert page.locator("#monthly_wage_cost-error").inner_text() == "Fejl: Skriv et helt tal."
    assert "monthly_wage_cost-error" in wage.get_attribute("aria-describedby")
    assert page.get_by_label("Arbejdsopgaver").input_value() == tasks
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).monthly_wage_cost is None


def test_a_danish_decimal_comma_in_the_wage_cost_is_not_saved_as_a_different_amount(as_user):
    # A browser's number input would send "32500,50" as 3250050; a text box does not.
    placement, consultant_user, _employer, _citizen = _accepted(kind=Kind.WAGE_SUBSIDY)
    page = as_user(consultant_user.email)
    _type_wage_cost(page, placement, "32500,50")
    shows(page, "Samlet lønudgift pr. måned (kr.): Skriv et helt tal.")
    db.session.expire_all()
    saved = db.session.get(Placement, placement.id).monthly_wage_cost
    assert saved is None, f"saved {saved} kr. without a word"
    # Danish thousands are read as such.
    _type_wage_cost(page, placement, "32.500")
    shows(page, re.compile("Der er lavet version|Aftalen er gemt"))
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).monthly_wage_cost == 32500
