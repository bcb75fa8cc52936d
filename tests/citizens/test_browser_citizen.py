"""In Chromium: a citizen keeps their own goals, wishes and interests; each page passes axe."""

from datetime import UTC, datetime, timedelta

import pytest

from placement.extensions import db
from placement.models import Kind, OpeningInterest, OpeningStatus, Role
from tests.conftest import assert_accessible, browser_log_in, shows
from tests.factories import create_candidate, create_opening, create_user

pytestmark = pytest.mark.browser


def expect(locator):
    """Playwright's waiting assertions, imported late: without Playwright the `page` fixture
    decides whether to skip or fail, not an import error at collection."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture
def citizen():
    user = create_user(Role.CITIZEN, candidate=create_candidate(name="Ida Iversen", max_hours=10))
    now = datetime.now(UTC)
    still_open = create_opening(title="Kantinemedhjælper")
    filled = create_opening(title="Lagerarbejde", status=OpeningStatus.FILLED)
    for opening, days in ((still_open, 1), (filled, 3)):
        db.session.add(
            OpeningInterest(
                candidate_id=user.candidate_id,
                opening_id=opening.id,
                created_at=now - timedelta(days=days),
            )
        )
    db.session.commit()
    return user


def test_a_citizen_adds_a_goal_and_a_step_and_ticks_it(page, citizen):
    browser_log_in(page, citizen.email)
    page.goto("/mig/maal")
    assert page.locator("h1").inner_text() == "Mine mål"
    shows(page, "Du har ingen mål endnu")
    assert_accessible(page)

    page.get_by_label("Mit nye mål").fill("Arbejde i en butik")
    page.get_by_label("Hvornår vil du gerne nå det?").fill("2027-03-01")
    page.get_by_role("button", name="Gem mål").click()
    goal = page.locator("section.card", has=page.get_by_role("heading", name="Arbejde i en butik"))
    expect(page.locator(".flashes")).to_contain_text("Dit mål er gemt")

    goal.get_by_label("Nyt trin").fill("Ringe til Netto")
    goal.get_by_role("button", name="Tilføj trin").click()
    expect(goal.locator("li", has_text="Ringe til Netto")).to_contain_text("Ikke udført endnu")
    goal.get_by_role("button", name="Sæt flueben – Ringe til Netto").click()
    expect(goal.locator("li", has_text="Ringe til Netto")).to_contain_text("Udført ")
    expect(goal).to_contain_text("1 af 1 trin er udført")
    expect(goal.get_by_role("button", name="Fjern flueben – Ringe til Netto")).to_be_visible()
    assert_accessible(page)

    goal.get_by_role("button", name="Tilføj trin").click()  # empty: refused next to the field
    expect(page.locator("#error-summary")).to_contain_text("Nyt trin: Skal udfyldes.")
    assert_accessible(page)


def test_a_citizen_changes_their_wishes(page, citizen):
    browser_log_in(page, citizen.email)
    page.goto("/mig/oensker")
    assert page.get_by_label("Højst antal timer om ugen").input_value() == "10"
    assert_accessible(page)

    page.get_by_label("Højst antal timer om ugen").fill("40")
    page.get_by_label("Fleksjob").check()
    page.get_by_label("Steder, jeg kan komme til").fill("8800, 88")
    page.get_by_role("button", name="Gem mine ønsker").click()
    expect(page.locator("#max_hours-error")).to_contain_text("Skriv et tal fra 1 til 37")
    expect(page.locator("#postcodes-error")).to_contain_text("»88« er ikke et postnummer")
    expect(page.get_by_label("Fleksjob")).to_be_checked()  # what was typed is kept
    expect(page.get_by_label("Steder, jeg kan komme til")).to_have_value("8800, 88")
    assert_accessible(page)

    page.get_by_label("Højst antal timer om ugen").fill("15")
    page.get_by_label("Steder, jeg kan komme til").fill("8800, 8600")
    page.get_by_role("button", name="Gem mine ønsker").click()
    expect(page.locator(".flashes")).to_contain_text("Dine ønsker er gemt.")
    expect(page.get_by_label("Steder, jeg kan komme til")).to_have_value("8600, 8800")
    db.session.expire_all()
    candidate = citizen.candidate
    assert candidate.max_hours == 15 and candidate.kinds_wanted == [Kind.FLEXJOB]


def test_a_citizen_sees_the_places_they_marked(page, citizen):
    browser_log_in(page, citizen.email)
    page.goto("/mig/interesse")
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert "Kantinemedhjælper" in rows.nth(0).inner_text()
    assert "Lagerarbejde (ikke længere ledig)" in rows.nth(1).inner_text()
    assert rows.nth(1).get_by_role("link").count() == 0
    assert_accessible(page)
    rows.nth(0).get_by_role("link", name="Kantinemedhjælper").click()
    expect(page.locator("h1")).to_have_text("Kantinemedhjælper")
