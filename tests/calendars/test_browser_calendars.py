"""In Chromium: a citizen makes and renews their calendar link (the old one stops at once),
and a consultant gives a follow-up a time and place that the citizen then sees; axe-core
checks each page."""

import re
from datetime import date, timedelta

import icalendar
import pytest

from placement.extensions import db
from placement.models import PlacementStatus, Role
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


@pytest.fixture
def parties():
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")
    company = create_employer(name="Hald Lager ApS", employees=40)
    candidate = create_candidate(viborg, name=CITIZEN, consultant=consultant, cpr="241287-3459")
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
    citizen = create_user(Role.CITIZEN, candidate=candidate, name=CITIZEN)
    return placement, consultant, citizen


def test_the_citizen_makes_and_renews_the_calendar_link(as_user, parties):
    placement, _consultant, citizen = parties
    page = as_user(citizen.email)
    page.get_by_role("link", name="Kalender").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kalender"
    assert_accessible(page)
    page.get_by_role("button", name="Lav et kalenderlink").click()
    first = page.get_by_label("Kalenderlink").input_value()
    assert re.search(r"/kalender/[\w-]{40,}\.ics$", first)
    assert "Kopiér linket nu." in page.locator("main").inner_text()
    assert_accessible(page)

    feed = page.request.get(first)
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    summaries = [
        str(e["summary"]) for e in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    ]
    assert "Start: Lagerpraktik, Hald Lager ApS" in summaries
    assert b"241287" not in feed.body()

    # Back on the page the link is not shown again; a new one replaces it.
    page.goto("/kalender/")
    assert first not in page.content()
    assert "Du har et kalenderlink" in page.locator("main").inner_text()
    page.get_by_role("button", name="Lav et nyt kalenderlink").click()
    second = page.get_by_label("Kalenderlink").input_value()
    assert second != first
    assert page.request.get(first).status == 404
    assert page.request.get(second).status == 200


def test_the_consultant_sets_the_meeting_and_the_citizen_sees_it(as_user, parties):
    placement, consultant, citizen = parties
    midway = next(f for f in placement.followups if f.key == "midway")
    page = as_user(consultant.email)
    page.goto(f"/forloeb/{placement.id}/opfoelgning/{midway.id}")
    page.get_by_label("Klokkeslæt").fill("kl ti")
    page.get_by_role("textbox", name="Sted").fill("Kantinen")
    page.get_by_role("button", name="Gem tid og sted").click()
    assert (
        "Skriv et klokkeslæt som timer:minutter, fx 09:30."
        in page.locator(".error-summary").inner_text()
    )
    assert page.get_by_label("Klokkeslæt").input_value() == "kl ti"
    assert page.get_by_role("textbox", name="Sted").input_value() == "Kantinen"
    assert_accessible(page)
    page.get_by_label("Klokkeslæt").fill("10.15")
    page.get_by_role("button", name="Gem tid og sted").click()
    assert "Tid og sted er gemt." in page.locator(".flashes").inner_text()
    assert page.get_by_label("Klokkeslæt").input_value() == "10:15"

    page = as_user(citizen.email)
    page.goto(f"/mine-tilbud/{placement.id}")
    row = page.locator("section[aria-labelledby=followups-heading] tbody tr").filter(
        has_text=midway.title
    )
    assert "kl. 10:15" in row.inner_text() and "Kantinen" in row.inner_text()
    with page.expect_download() as download:
        row.get_by_role("link", name=re.compile("Til kalender")).click()
    (event,) = icalendar.Calendar.from_ical(
        open(download.value.path(), "rb").read()  # noqa: SIM115
    ).walk("VEVENT")
    assert event.decoded("dtstart").strftime("%H:%M") == "10:15"
    assert_accessible(page)
