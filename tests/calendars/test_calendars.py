"""Calendars: each person's feed shows what their pages show (and no CPR), the link can be
renewed, a wrong link is 404 and limited, and one follow-up downloads as a .ics file."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from sqlalchemy import func, select

from placement.common import clock
from placement.common.policy import SECRET_LIMITS
from placement.extensions import db
from placement.models import (
    AuditAction,
    AuditEvent,
    AuditSubject,
    CalendarFeed,
    FollowUp,
    PlacementStatus,
    Role,
    User,
)
from placement.placements import lifecycle
from tests.conftest import log_in, post_form
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)
from tests.html_forms import shown_form, typed
from tests.suite_day import SUITE_DAY

CPR = "241287-3459"
START = SUITE_DAY - timedelta(weeks=3)
END = START + timedelta(weeks=8)
SECRET_NOTE = "Angst i store grupper"  # what a follow-up found: never in a calendar


def _agreed(municipality, consultant, name: str, company, title: str, **candidate):
    person = create_candidate(municipality, name=name, consultant=consultant, **candidate)
    placement = create_placement(
        candidate=person,
        opening=create_opening(company, title=title),
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=START,
        end_date=END,
        hours_per_week=10,
    )
    lifecycle.agree(placement, consultant, today=START)  # makes the follow-up plan
    db.session.commit()
    return placement


@pytest.fixture
def world():
    """Two consultants in Viborg, each with a citizen at a company of their own."""
    viborg = create_municipality()
    anna = create_user(Role.CONSULTANT, municipality=viborg, name="Anna Konsulent")
    bo = create_user(Role.CONSULTANT, municipality=viborg, name="Bo Konsulent")
    bager = create_employer(name="Bager Hansen ApS", employees=40)
    lager = create_employer(name="Hald Lager ApS", employees=40)
    asta = _agreed(viborg, anna, "Asta Andersen", bager, "Bagerimedhjælper", cpr=CPR)
    karl = _agreed(viborg, bo, "Karl Kristensen", lager, "Lagerpraktik")
    first = asta.followups[0]
    first.meeting_time, first.place = time(10, 30), "Kantinen hos Bager Hansen"
    first.wellbeing_note = SECRET_NOTE
    db.session.commit()
    return {
        "anna": anna,
        "bo": bo,
        "asta": asta,
        "karl": karl,
        "bager_user": create_user(Role.EMPLOYER, employer=bager, name="Birte Bager"),
        "asta_user": create_user(Role.CITIZEN, candidate=asta.candidate, name="Asta Andersen"),
    }


def _link_for(app, user: User) -> str:
    """Log in as the person (in a browser of their own), make their calendar link on the
    Kalender page, and return its path."""
    client = app.test_client()
    log_in(client, user.email)
    page = client.get("/kalender/").get_data(as_text=True)
    assert "<h1>Kalender</h1>" in page
    response = post_form(client, "/kalender/forny", {}, form_page="/kalender/")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    start = html.index("http://localhost/kalender/")
    link = html[start : html.index('"', start)]
    return link.removeprefix("http://localhost")


def _feed(client, path: str) -> icalendar.Calendar:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.data)


def _summaries(calendar) -> list[str]:
    return [str(e["summary"]) for e in calendar.walk("VEVENT")]


def _no_cpr(body: bytes) -> None:
    text = body.decode()
    assert CPR not in text and CPR.replace("-", "") not in text


def test_the_consultant_sees_their_own_caseload_and_nobody_else_s(app, world):
    client = app.test_client()
    calendar = _feed(client, _link_for(app, world["anna"]))
    summaries = _summaries(calendar)
    asta = world["asta"]
    # Start, end and every follow-up of Asta's placement; nothing of Bo's citizen Karl.
    assert len(summaries) == 2 + len(asta.followups)
    assert "Start: Asta Andersen – Bagerimedhjælper, Bager Hansen ApS" in summaries
    assert "Slut: Asta Andersen – Bagerimedhjælper, Bager Hansen ApS" in summaries
    assert not any("Karl" in s or "Lager" in s for s in summaries)
    body = client.get(_link_for(app, world["anna"])).data
    _no_cpr(body)
    assert SECRET_NOTE.encode() not in body


def test_the_company_sees_its_placements_by_the_citizens_names_and_nothing_more(app, world):
    client = app.test_client()
    path = _link_for(app, world["bager_user"])
    body = client.get(path).data
    calendar = icalendar.Calendar.from_ical(body)
    summaries = _summaries(calendar)
    first = world["asta"].followups[0]
    assert f"Opfølgning: {first.title} – Asta Andersen – Bagerimedhjælper" in summaries
    assert not any("Karl" in s for s in summaries)
    _no_cpr(body)
    assert SECRET_NOTE.encode() not in body
    # The link leads to the company's own page for the placement.
    urls = {str(e.get("url")) for e in calendar.walk("VEVENT")}
    assert urls == {f"http://localhost/virksomhed/forslag/{world['asta'].id}"}


def test_the_citizen_sees_their_own_placement_and_follow_ups(app, world):
    client = app.test_client()
    body = client.get(_link_for(app, world["asta_user"])).data
    summaries = _summaries(icalendar.Calendar.from_ical(body))
    assert "Start: Bagerimedhjælper, Bager Hansen ApS" in summaries
    assert len(summaries) == 2 + len(world["asta"].followups)
    assert not any("Karl" in s or "Lager" in s for s in summaries)
    _no_cpr(body)
    assert SECRET_NOTE.encode() not in body


def test_a_meeting_has_its_time_and_place_and_a_day_without_time_is_all_day(app, world):
    client = app.test_client()
    calendar = _feed(client, _link_for(app, world["anna"]))
    by_uid = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    first, second = world["asta"].followups[0], world["asta"].followups[1]
    meeting = by_uid[f"followup-{first.id}"]
    assert meeting.decoded("dtstart") == datetime.combine(
        first.due_date, time(10, 30), tzinfo=clock.COPENHAGEN
    )
    assert meeting.decoded("dtend") - meeting.decoded("dtstart") == timedelta(hours=1)
    assert str(meeting["location"]) == "Kantinen hos Bager Hansen"
    day = by_uid[f"followup-{second.id}"]
    assert day.decoded("dtstart") == second.due_date  # a date, not a moment: all day
    assert "dtstamp" in meeting and calendar.walk("VTIMEZONE")


def test_fetching_again_gives_the_same_events(app, world):
    client = app.test_client()
    path = _link_for(app, world["anna"])
    uids = [str(e["uid"]) for e in _feed(client, path).walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert [str(e["uid"]) for e in _feed(client, path).walk("VEVENT")] == uids


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(date(2027, 7, 1), 8), (date(2027, 1, 14), 9)],
    ids=["summer", "winter"],
)
def test_a_meeting_downloads_at_copenhagen_s_hour(app, world, day, utc_hour):
    followup = world["asta"].followups[0]
    followup.due_date = day
    db.session.commit()
    client = app.test_client()
    log_in(client, world["anna"].email)
    response = client.get(f"/kalender/opfoelgning/{followup.id}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    (event,) = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.astimezone(UTC) == datetime(day.year, day.month, day.day, utc_hour, 30, tzinfo=UTC)
    assert str(event["location"]) == "Kantinen hos Bager Hansen"
    _no_cpr(response.data)


def test_the_download_is_scoped_as_the_pages(app, world):
    followup = world["asta"].followups[0]
    path = f"/kalender/opfoelgning/{followup.id}.ics"
    assert app.test_client().get(path).status_code == 302  # to the login page
    for user, status in (
        (world["bager_user"], 200),
        (world["asta_user"], 200),
        (create_user(Role.EMPLOYER), 404),  # another company
        (create_user(Role.CITIZEN), 404),
        (create_user(Role.MANAGER, municipality=world["anna"].municipality), 403),
    ):
        client = app.test_client()
        log_in(client, user.email)
        assert client.get(path).status_code == status, user.role


def test_renewing_the_link_stops_the_old_one_at_once(app, world):
    client = app.test_client()
    old = _link_for(app, world["asta_user"])
    assert client.get(old).status_code == 200
    new = _link_for(app, world["asta_user"])
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(CalendarFeed)) == 1


def test_only_a_hash_of_the_link_is_kept(app, world):
    path = _link_for(app, world["anna"])
    token = path.removeprefix("/kalender/").removesuffix(".ics")
    feed = db.session.scalar(select(CalendarFeed))
    assert feed is not None and token not in feed.token_hash and len(feed.token_hash) == 64


def test_the_link_can_be_deleted(app, world):
    client = app.test_client()
    path = _link_for(app, world["asta_user"])
    log_in(client, world["asta_user"].email)
    response = post_form(client, "/kalender/stop", {}, form_page="/kalender/")
    assert response.status_code == 302
    assert client.get(path).status_code == 404


def test_a_deactivated_person_s_link_stops(app, world):
    client = app.test_client()
    path = _link_for(app, world["bager_user"])
    world["bager_user"].active = False
    db.session.commit()
    assert client.get(path).status_code == 404


def test_a_wrong_link_is_404_and_limited(app, world):
    client = app.test_client()
    good = _link_for(app, world["anna"])
    for n in range(SECRET_LIMITS.per_address):
        wrong = client.get(f"/kalender/gaet-{n}.ics")
        assert wrong.status_code == 404
        assert wrong.get_data(as_text=True).startswith("Kalenderlinket findes ikke.")
    refused = client.get("/kalender/gaet-igen.ics")
    assert refused.status_code == 429
    assert "For mange forsøg" in refused.get_data(as_text=True)
    assert refused.headers["Retry-After"] == str(SECRET_LIMITS.minutes * 60)
    # The right link works again only after the wait: a client that guesses is stopped.
    assert client.get(good).status_code == 429


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER])
def test_the_calendar_page_is_for_the_people_with_a_calendar(client, login, role):
    login(role)
    assert client.get("/kalender/").status_code == 403
    assert post_form(client, "/kalender/forny", {}, form_page="/adgangskode").status_code == 403


def test_the_page_says_when_a_link_exists_and_never_shows_it_again(app, world):
    client = app.test_client()
    path = _link_for(app, world["bager_user"])
    log_in(client, world["bager_user"].email)
    page = client.get("/kalender/").get_data(as_text=True)
    assert "Du har et kalenderlink" in page and "Lav et nyt kalenderlink" in page
    assert path not in page


# --- time and place on the follow-up ------------------------------------------------------------


def _meeting_page(world) -> tuple[str, str]:
    followup = world["asta"].followups[1]
    page = f"/forloeb/{world['asta'].id}/opfoelgning/{followup.id}"
    return page, page + "/tid-og-sted"


def _changes() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == AuditAction.CHANGE, AuditEvent.subject == AuditSubject.FOLLOWUP)
    )


def test_the_consultant_sets_time_and_place_and_an_untouched_form_changes_nothing(client, world):
    log_in(client, world["anna"].email)
    page, action = _meeting_page(world)
    fields = shown_form(client.get(page).get_data(as_text=True), action)
    response = client.post(action, data=typed(fields, meeting_time="9.05", place=" Jobcentret "))
    assert response.status_code == 302
    followup = db.session.get(FollowUp, world["asta"].followups[1].id)
    db.session.refresh(followup)
    assert (followup.meeting_time, followup.place) == (time(9, 5), "Jobcentret")
    assert _changes() == 1

    html = client.get(page).get_data(as_text=True)
    assert 'value="09:05"' in html and 'value="Jobcentret"' in html
    fields = shown_form(html, action)
    assert client.post(action, data=typed(fields)).status_code == 302
    assert _changes() == 1  # saved as it was: nothing written

    # Emptied again: the day only.
    fields = shown_form(client.get(page).get_data(as_text=True), action)
    client.post(action, data=typed(fields, meeting_time="", place=""))
    db.session.refresh(followup)
    assert (followup.meeting_time, followup.place) == (None, "")


def test_a_time_that_cannot_be_read_is_explained_and_kept(client, world):
    log_in(client, world["anna"].email)
    page, action = _meeting_page(world)
    fields = shown_form(client.get(page).get_data(as_text=True), action)
    response = client.post(action, data=typed(fields, meeting_time="kl 25", place="Kantinen"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Skriv et klokkeslæt som timer:minutter, fx 09:30." in html
    assert 'value="kl 25"' in html and 'value="Kantinen"' in html
    assert _changes() == 0


def test_a_place_too_long_is_refused_by_the_field(client, world):
    log_in(client, world["anna"].email)
    page, action = _meeting_page(world)
    fields = shown_form(client.get(page).get_data(as_text=True), action)
    response = client.post(action, data=typed(fields, place="x" * 201))
    assert response.status_code == 200
    assert "Højst 200 tegn. Du har skrevet 201." in response.get_data(as_text=True)


def test_another_municipality_s_consultant_cannot_set_the_meeting(client, world):
    silkeborg = create_municipality("Silkeborg", "740")
    log_in(client, create_user(Role.CONSULTANT, municipality=silkeborg).email)
    page, action = _meeting_page(world)
    assert client.get(page).status_code == 404
    response = post_form(client, action, {"place": "X"}, form_page="/adgangskode")
    assert response.status_code == 404


def test_company_and_citizen_see_the_time_and_place(app, world):
    for user, page in (
        (world["bager_user"], f"/virksomhed/forslag/{world['asta'].id}"),
        (world["asta_user"], f"/mine-tilbud/{world['asta'].id}"),
    ):
        client = app.test_client()
        log_in(client, user.email)
        html = client.get(page).get_data(as_text=True)
        assert "kl. 10:30" in html and "Kantinen hos Bager Hansen" in html
        assert f"/kalender/opfoelgning/{world['asta'].followups[0].id}.ics" in html
