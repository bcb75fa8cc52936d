"""In Chromium: the consultant's placement page is one form, the agreement, with one save and
the actions below it; an action pressed with unsaved changes loses none of them."""

from datetime import timedelta

import pytest

from placement.extensions import db
from placement.models import Placement, PlacementStatus, Role
from tests.conftest import assert_accessible, browser_log_in, shows
from tests.factories import create_candidate, create_municipality, create_placement, create_user
from tests.suite_day import SUITE_DAY

pytestmark = pytest.mark.browser
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
TODAY = SUITE_DAY


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def accessible_at_both_widths(page):
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 740})
        assert_accessible(page, impacts=ALL_IMPACTS)
    page.set_viewport_size({"width": 1280, "height": 740})


def test_typing_survives_an_action_and_one_save_keeps_it_all(page):
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name="Karin Konsulent")
    placement = create_placement(
        candidate=create_candidate(viborg, name="Asta Andersen", consultant=consultant),
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=TODAY,
        end_date=TODAY + timedelta(weeks=8),
        hours_per_week=10,
    )
    browser_log_in(page, consultant.email)
    page.goto(f"/forloeb/{placement.id}")
    accessible_at_both_widths(page)

    page.get_by_label("Arbejdstider").fill("Mandag–torsdag kl. 9–13")
    page.get_by_label("Optrapning af timer", exact=True).fill("1: 10\n5: 15")
    page.get_by_label("Bemærkning (valgfri)").first.fill("Aftalt på mødet i dag")
    page.get_by_role("button", name="Aftal forløbet").click()

    shows(page, "Du har ændret aftalen uden at gemme den")
    expect(page.get_by_label("Arbejdstider")).to_have_value("Mandag–torsdag kl. 9–13")
    expect(page.get_by_label("Optrapning af timer", exact=True)).to_have_value("1: 10\n5: 15")
    expect(page.get_by_label("Bemærkning (valgfri)").first).to_have_value("Aftalt på mødet i dag")
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).status == PlacementStatus.ACCEPTED
    accessible_at_both_widths(page)  # the page with the refusal

    page.get_by_role("button", name="Gem aftalen").click()
    shows(page, "Aftalen er gemt.")
    expect(page.get_by_label("Arbejdstider")).to_have_value("Mandag–torsdag kl. 9–13")
    page.get_by_label("Bemærkning (valgfri)").first.fill("Aftalt på mødet i dag")
    page.get_by_role("button", name="Aftal forløbet").click()
    shows(page, "Forløbet er aftalt.")

    db.session.expire_all()
    saved = db.session.get(Placement, placement.id)
    assert saved.status == PlacementStatus.AGREED
    assert saved.working_times == "Mandag–torsdag kl. 9–13"
    assert [(s.from_week, s.hours_per_week) for s in saved.hours_plan] == [(1, 10), (5, 15)]
    assert saved.events[-1].note == "Aftalt på mødet i dag"
    accessible_at_both_widths(page)  # agreed: the agreement's panel and other actions


def test_enter_in_a_field_saves_the_agreement_not_an_action(page):
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg)
    placement = create_placement(
        candidate=create_candidate(viborg, consultant=consultant),
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=TODAY,
        hours_per_week=10,
    )
    browser_log_in(page, consultant.email)
    page.goto(f"/forloeb/{placement.id}")
    page.get_by_label("Mentorens navn").fill("Jens Mentor")
    page.get_by_label("Mentorens navn").press("Enter")
    shows(page, "Aftalen er gemt.")
    db.session.expire_all()
    saved = db.session.get(Placement, placement.id)
    assert (saved.mentor_name, saved.status) == ("Jens Mentor", PlacementStatus.ACCEPTED)
