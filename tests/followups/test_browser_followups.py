"""In Chromium: the consultant records a follow-up, the company adds its view, the citizen reads
the shared summary; axe-core checks each page."""

import re
from datetime import date, timedelta

import pytest

from placement.extensions import db
from placement.followups import plans
from placement.followups.plans import Record
from placement.models import FollowUp, PlacementStatus, Role
from placement.placements import lifecycle
from tests.conftest import assert_accessible
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)

pytestmark = pytest.mark.browser
CITIZEN = "Asta Andersen"
FIRST_WEEK = "Opfølgning efter første uge"


@pytest.fixture
def parties():
    """An agreed internship three weeks in (its first check-in has come), and its people."""
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")
    company = create_employer(name="Hald Lager ApS", employees=40)
    candidate = create_candidate(viborg, name=CITIZEN, consultant=consultant)
    start = date.today() - timedelta(weeks=3)
    placement = create_placement(
        candidate=candidate,
        opening=create_opening(company, title="Lagerpraktik"),
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=start,
        end_date=start + timedelta(weeks=8),
        hours_per_week=10,
    )
    lifecycle.agree(placement, consultant, today=start)
    db.session.commit()
    employer = create_user(Role.EMPLOYER, employer=company, name="Erik Lagerchef")
    citizen = create_user(Role.CITIZEN, candidate=candidate, name=CITIZEN)
    return placement, consultant, employer, citizen


def _first_week(placement) -> FollowUp:
    return next(f for f in placement.followups if f.key == "first_week")


def _followup_row(page, title: str):
    section = page.locator("section[aria-labelledby=followups-heading]")
    return section.locator("tbody tr").filter(has=page.get_by_role("link", name=re.compile(title)))


def test_the_consultant_records_a_follow_up(as_user, parties):
    placement, consultant, _employer, _citizen = parties
    page = as_user(consultant.email)
    page.goto(f"/forloeb/{placement.id}")
    assert _followup_row(page, FIRST_WEEK).locator("td").nth(1).inner_text() == "Overskredet"
    page.get_by_role("link", name=re.compile(FIRST_WEEK)).click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Opfølgning: {FIRST_WEEK}"
    assert page.get_by_role("group", name=re.compile("Hvordan går det?")).is_visible()
    assert page.get_by_label("Hvad skete der bagefter?").count() == 0  # not at the first week
    assert_accessible(page)

    # Forgetting how it goes: said at the top and by the scale, and the notes are kept.
    page.get_by_label("Det virker", exact=True).fill("Faste opgaver om formiddagen")
    page.get_by_label("Timer arbejdet om ugen").fill("12")
    page.get_by_role("button", name="Gem opfølgningen").click()
    summary = page.locator(".error-summary")
    assert "Hvordan går det?: Vælg hvordan det går, fra 1 til 5." in summary.inner_text()
    assert page.locator("#wellbeing-error").inner_text() == (
        "Fejl: Vælg hvordan det går, fra 1 til 5."
    )
    assert page.get_by_label("Det virker", exact=True).input_value() == (
        "Faste opgaver om formiddagen"
    )
    assert_accessible(page)
    summary.get_by_role("link").click()  # the summary leads to the scale
    assert page.evaluate("location.hash") == "#wellbeing"

    page.get_by_label("4 – Godt").check()
    page.get_by_label("Uddyb gerne").fill("Glad for kollegerne")
    page.get_by_label("Det virker ikke").fill("Larm ved pakkebordet")
    page.get_by_label("Næste skridt").fill("Prøve 15 timer fra uge 5")
    page.get_by_label("Del et resumé med borgeren").check()
    page.get_by_role("button", name="Gem opfølgningen").click()

    assert "Opfølgningen er gemt." in page.locator(".flashes").inner_text()
    cells = _followup_row(page, FIRST_WEEK).locator("td")
    assert cells.nth(1).inner_text() == "Gennemført"
    assert cells.nth(2).inner_text() == "Mette Konsulent"
    db.session.expire_all()
    first = _first_week(placement)
    assert (first.wellbeing, first.hours_worked, first.shared_with_citizen) == (4, 12, True)


def test_the_company_writes_its_view(as_user, parties):
    placement, consultant, employer, _citizen = parties
    first = _first_week(placement)
    plans.record(first, Record(wellbeing=2, works="Konsulentens egen note"), consultant)
    db.session.commit()
    page = as_user(employer.email)
    page.goto(f"/virksomhed/forslag/{placement.id}")
    section = page.locator("section[aria-labelledby=followups-heading]")
    assert FIRST_WEEK in section.inner_text()
    assert "Konsulentens egen note" not in page.content()
    assert_accessible(page)

    section.get_by_role("link", name=re.compile("Skriv jeres vurdering")).click()
    page.get_by_role("button", name="Gem jeres vurdering").click()  # empty: refused
    assert "Skriv jeres vurdering, før I gemmer." in page.locator(".error-summary").inner_text()
    assert_accessible(page)

    page.get_by_label("Jeres vurdering").fill("Asta er god til at pakke.")
    page.get_by_role("button", name="Gem jeres vurdering").click()
    assert "Jeres vurdering er gemt" in page.locator(".flashes").inner_text()
    assert page.get_by_label("Jeres vurdering").input_value() == "Asta er god til at pakke."
    db.session.expire_all()
    assert _first_week(placement).employer_view == "Asta er god til at pakke."


def test_the_citizen_reads_the_shared_summary(as_user, parties):
    placement, consultant, _employer, citizen = parties
    plans.record(
        _first_week(placement),
        Record(
            wellbeing=4,
            works="Faste opgaver om formiddagen",
            next_step="Prøve 15 timer fra uge 5",
            does_not_work="Larm ved pakkebordet",
            shared_with_citizen=True,
        ),
        consultant,
    )
    db.session.commit()
    page = as_user(citizen.email)
    page.goto(f"/mine-tilbud/{placement.id}")
    section = page.locator("section[aria-labelledby=followups-heading]")
    summary = section.locator("dl")
    assert section.get_by_role("heading", name=re.compile(f"Resumé: {FIRST_WEEK}")).is_visible()
    assert "Godt" in summary.inner_text() and "Prøve 15 timer fra uge 5" in summary.inner_text()
    assert "Larm ved pakkebordet" not in page.content()
    assert_accessible(page)
