"""The public board kept rendered: every change to what it shows is on the next page, whoever
made it and however (a stale board is a bug, not a speed-up); conditional requests answered
with 304; one visitor's page never handed to another."""

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from placement import create_app
from placement.common import clock
from placement.companies import registration
from placement.extensions import db
from placement.models import (
    Adaptation,
    InternshipPurpose,
    Kind,
    Opening,
    OpeningStatus,
    PlacementStatus,
    Role,
)
from placement.openings import board_version, jobs, openings, public_board
from placement.placements import lifecycle
from tests.conftest import csrf_token, postgresql_only, statements_sent
from tests.factories import (
    create_employer,
    create_opening,
    create_placement,
    create_user,
)
from tests.suite_day import SUITE_DAY

BOARD = "/ledige-pladser/"


def on_board(client, path: str = BOARD) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    return re.findall(r'<h3><a href="/ledige-pladser/\d+">(.*?)</a></h3>', response.get_data(True))


def kept(client) -> list[str]:
    """The board as shown twice: the second time from the kept copy, which costs the
    request at most the version's read (on PostgreSQL on a connection of its own)."""
    first = on_board(client)
    with statements_sent() as sent:
        assert on_board(client) == first
    assert len(sent) <= 1 and not any("openings" in statement for statement in sent), sent
    return first


@pytest.fixture(autouse=True)
def board_version_row():
    """The suite empties every table after each test, the version's row too, and a board
    without it keeps nothing. Each test starts with it, as a migrated database does."""
    board_version.bump(db.session)
    db.session.commit()


# --- every change that alters the board is on the next page --------------------------------


def test_publishing_an_opening_puts_it_on_the_kept_board(client):
    create_opening(title="Gammel plads")
    draft = create_opening(title="Ny plads", status=OpeningStatus.DRAFT)
    assert kept(client) == ["Gammel plads"]

    openings.publish(draft, SUITE_DAY)
    db.session.commit()

    assert sorted(on_board(client)) == ["Gammel plads", "Ny plads"]


def test_editing_a_published_opening_changes_its_card(client):
    opening = create_opening(title="Lagerpraktik")
    assert kept(client) == ["Lagerpraktik"]

    data = openings.OpeningData(
        kind=opening.kind,
        title="Lager og kunder",
        postcode=opening.postcode,
        city="Skive",
        hours_min=opening.hours_min,
        hours_max=opening.hours_max,
        start_date=opening.start_date,
        duration_weeks=opening.duration_weeks,
        purpose=InternshipPurpose.JOB_GOAL,
        seats=opening.seats,
    )
    openings.update_opening(opening, data)
    db.session.commit()

    page = client.get(BOARD).get_data(as_text=True)
    assert "Lager og kunder" in page and "Skive" in page
    assert "Lagerpraktik" not in page


def test_an_adaptation_added_to_an_opening_shows_on_its_card(client):
    opening = create_opening(title="Lagerpraktik")
    assert "<li>Ekstra pauser</li>" not in client.get(BOARD).get_data(as_text=True)
    opening.adaptations = list(
        db.session.scalars(select(Adaptation).where(Adaptation.code == "extra_breaks"))
    )
    db.session.commit()
    assert "<li>Ekstra pauser</li>" in client.get(BOARD).get_data(as_text=True)


def test_an_opening_marked_filled_leaves_the_kept_board(client):
    opening = create_opening(title="Besat snart")
    assert kept(client) == ["Besat snart"]
    openings.mark_filled(opening)
    db.session.commit()
    assert on_board(client) == []


def test_the_last_seat_agreed_takes_the_opening_off_and_a_cancellation_brings_it_back(client):
    opening = create_opening(title="Én plads", kind=Kind.FLEXJOB, seats=1)
    placement = create_placement(
        opening=opening,
        status=PlacementStatus.ACCEPTED,  # by both: it holds no seat until it is agreed
        start_date=opening.start_date,
        end_date=opening.start_date + timedelta(weeks=8, days=-1),
        hours_per_week=10,
    )
    consultant = create_user(Role.CONSULTANT)
    assert kept(client) == ["Én plads"]

    lifecycle.agree(placement, consultant, SUITE_DAY)
    db.session.commit()
    assert on_board(client) == []

    lifecycle.cancel(placement, consultant, "Borgeren er flyttet")
    db.session.commit()
    assert on_board(client) == ["Én plads"]


def test_closing_an_opening_takes_it_off_the_kept_board(client):
    opening = create_opening(title="Lukkes")
    assert kept(client) == ["Lukkes"]
    openings.close(opening)
    db.session.commit()
    assert on_board(client) == []


def test_the_expiry_sweep_takes_an_opening_off_the_kept_board(client):
    # Seen on its last day; the sweep runs the next morning, as the scheduler does.
    opening = create_opening(title="Frist i dag", deadline=SUITE_DAY)
    assert kept(client) == ["Frist i dag"]
    with time_machine.travel(clock.now() + timedelta(days=1), tick=True):
        jobs.expire_openings(clock.now())
        db.session.commit()
        assert on_board(client) == []
    assert db.session.get(type(opening), opening.id).status == OpeningStatus.EXPIRED


def test_the_deadline_passing_takes_an_opening_off_with_no_change_at_all(client):
    # No commit, no sweep yet: the day turning is part of what the copy is kept under.
    create_opening(title="Frist i dag", deadline=SUITE_DAY)
    create_opening(title="Ingen frist")
    assert kept(client) == ["Ingen frist", "Frist i dag"]
    with time_machine.travel(clock.now() + timedelta(days=1), tick=True):
        assert on_board(client) == ["Ingen frist"]


def test_a_company_suspended_takes_its_openings_off_the_kept_board(client):
    employer = create_employer(name="Suspenderes ApS")
    create_opening(employer, title="Hos dem")
    create_opening(title="Hos andre")
    assert kept(client) == ["Hos andre", "Hos dem"]
    registration.suspend(employer)
    db.session.commit()
    assert on_board(client) == ["Hos andre"]


def test_a_company_renamed_changes_its_cards(client):
    employer = create_employer(name="Gammelt Navn ApS")
    create_opening(employer, title="Plads")
    assert "Gammelt Navn ApS" in client.get(BOARD).get_data(as_text=True)
    employer.name = "Nyt Navn ApS"
    db.session.commit()
    page = client.get(BOARD).get_data(as_text=True)
    assert "Nyt Navn ApS" in page and "Gammelt Navn ApS" not in page


def test_a_search_and_a_later_page_are_kept_apart_and_each_sees_a_change(client):
    for n in range(21):
        create_opening(title=f"Plads {n:02d}", city="Skive" if n % 2 else "Viborg")
    assert len(kept(client)) == 20
    assert on_board(client, BOARD + "?side=2") == ["Plads 00"]
    skive = on_board(client, BOARD + "?place=Skive")
    assert len(skive) == 10 and "Plads 01" in skive

    openings.close(db.session.scalars(select(Opening).where(Opening.title == "Plads 01")).one())
    db.session.commit()
    assert "Plads 01" not in on_board(client, BOARD + "?place=Skive")
    assert "Plads 01" not in on_board(client)
    assert "Plads 00" in on_board(client)  # 20 left: one page


def test_a_change_that_does_not_reach_the_board_keeps_its_version(client):
    create_opening(title="Plads")
    draft = create_opening(title="Kladde", status=OpeningStatus.DRAFT)
    before = board_version.current()
    draft.title = "Kladde, rettet"
    db.session.commit()
    assert board_version.current() == before


def test_a_rolled_back_change_does_not_move_the_version(client):
    opening = create_opening(title="Plads")
    before = board_version.current()
    opening.title = "Aldrig gemt"
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert board_version.current() == before


# --- conditional requests ----------------------------------------------------------------------


def test_an_anonymous_copy_still_good_gets_304_and_a_change_gets_the_new_page(client):
    opening = create_opening(title="Plads")
    first = client.get(BOARD)
    etag = first.headers["ETag"]
    assert "Cookie" in first.headers["Vary"]

    again = client.get(BOARD, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag

    openings.close(opening)
    db.session.commit()
    changed = client.get(BOARD, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "Plads" not in changed.get_data(as_text=True)


def test_only_the_tag_earns_a_304_not_the_date(client):
    """The date says when the board last changed, not in which language or for whom the
    copy was made: a copy validated by its date alone is sent again."""
    create_opening(title="Plads")
    first = client.get(BOARD)
    modified = first.headers["Last-Modified"]
    by_date = client.get(BOARD, headers={"If-Modified-Since": modified})
    assert by_date.status_code == 200 and "Plads" in by_date.get_data(as_text=True)
    by_tag = client.get(
        BOARD, headers={"If-None-Match": first.headers["ETag"], "If-Modified-Since": modified}
    )
    assert by_tag.status_code == 304


def test_a_copy_from_yesterday_is_not_good_today(client):
    create_opening(title="Plads")
    etag = client.get(BOARD).headers["ETag"]
    with time_machine.travel(clock.now() + timedelta(days=1), tick=True):
        assert client.get(BOARD, headers={"If-None-Match": etag}).status_code == 200


def test_an_answer_that_sets_a_cookie_is_for_the_browser_alone(client):
    # A first visit starts the session (the language switch's CSRF token); a proxy that
    # kept that answer would hand the cookie on to the next visitor.
    create_opening(title="Plads")
    first = client.get(BOARD)
    assert "session=" in first.headers["Set-Cookie"]
    assert first.cache_control.private and first.cache_control.no_cache
    assert not first.cache_control.public


def test_a_proxy_may_keep_an_anonymous_page_that_sets_no_cookie_briefly(app, client, monkeypatch):
    # With "strong" session protection Flask-Login marks an anonymous session changed on
    # every request, so today each answer sets a cookie; under "basic" it does not.
    monkeypatch.setattr(app.login_manager, "session_protection", "basic")
    create_opening(title="Plads")
    client.get(BOARD)
    client.get(BOARD)
    quiet = client.get(BOARD)
    assert "Set-Cookie" not in quiet.headers
    assert quiet.cache_control.public
    assert quiet.cache_control.s_maxage == 30
    assert quiet.cache_control.max_age == 0  # the browser asks again, and gets a 304


def test_another_session_never_matches_the_tag(app, client):
    create_opening(title="Plads")
    client.get(BOARD)
    etag = client.get(BOARD).headers["ETag"]
    stranger = app.test_client()
    stranger.get(BOARD)
    assert stranger.get(BOARD, headers={"If-None-Match": etag}).status_code == 200


def test_the_language_is_part_of_the_kept_copy(client):
    create_opening(title="Plads", kind=Kind.FLEXJOB)
    assert "Fleksjob" in client.get(BOARD).get_data(as_text=True)
    danish = client.get(BOARD).headers["ETag"]
    with client.session_transaction() as session:
        session["language"] = "en"
    english = client.get(BOARD, headers={"If-None-Match": danish})
    assert english.status_code == 200
    page = english.get_data(as_text=True)
    assert "Flex job" in page or "Flexjob" in page
    assert "Fleksjob" not in page


# --- no one's page handed to another ------------------------------------------------------------


def test_each_visitor_gets_the_kept_page_with_a_token_of_their_own_session(app):
    create_opening(title="Plads")
    first, second = app.test_client(), app.test_client()
    first_token = csrf_token(first, BOARD)
    second_token = csrf_token(second, BOARD)  # the same kept page, another session
    assert first_token != second_token
    # Each token works for its own session's language switch, and not for the other's.
    refused = second.post("/sprog", data={"csrf_token": first_token, "language": "en"})
    assert refused.status_code != 302
    switched = second.post(
        "/sprog", data={"csrf_token": second_token, "language": "en", "next": BOARD}
    )
    assert switched.status_code == 302
    assert ">Log in<" in second.get(BOARD).get_data(as_text=True)  # English, kept apart


def test_logged_in_and_anonymous_pages_never_share_their_frame(app, client, login):
    create_opening(title="Plads")
    anonymous = app.test_client()
    assert "Log ind" in anonymous.get(BOARD).get_data(as_text=True)  # kept now

    user = login(Role.CONSULTANT, name="Kirsten Konsulent")
    mine = client.get(BOARD)
    page = mine.get_data(as_text=True)
    assert "Kirsten Konsulent" in page and "Log ud" in page and ">Log ind<" not in page
    assert "Plads" in page
    assert mine.cache_control.private and mine.cache_control.no_cache
    assert "ETag" not in mine.headers

    again = anonymous.get(BOARD).get_data(as_text=True)
    assert user.name not in again and "Log ud" not in again and "Log ind" in again


def test_a_flashed_message_is_shown_once_and_never_kept(app, client):
    create_opening(title="Plads")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "En besked til dig")]
    shown = client.get(BOARD)
    assert "En besked til dig" in shown.get_data(as_text=True)
    assert shown.cache_control.private and "ETag" not in shown.headers
    assert "En besked til dig" not in client.get(BOARD).get_data(as_text=True)
    assert "En besked til dig" not in app.test_client().get(BOARD).get_data(as_text=True)


# --- every worker, and a change made while a page renders ---------------------------------------


def test_two_app_instances_see_each_others_changes(app, client, tmp_path):
    """Four gunicorn workers are four apps with a cache each: the version they key it by is
    in the database, so a change committed through one is on the next page of every other."""
    other = create_app(
        {
            "ENVIRONMENT": "testing",
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SERVER_NAME": None,
        }
    )
    opening = create_opening(title="Plads")
    other_client = other.test_client()
    assert other_client.get(BOARD).status_code == 200
    assert "Plads" in other_client.get(BOARD).get_data(as_text=True)  # kept in the other app

    openings.close(opening)
    db.session.commit()
    assert "Plads" not in other_client.get(BOARD).get_data(as_text=True)


@postgresql_only("a board rendering while another transaction commits a change")
def test_a_change_committed_while_the_board_renders_is_on_the_next_page(app, client, monkeypatch):
    """The request reads the version, then the board, then keeps its copy under the version
    it read. A publish committed in between must not be missing from later pages."""
    create_opening(title="Gammel plads")
    draft = create_opening(title="Ny plads", status=OpeningStatus.DRAFT)
    queried, committed = threading.Event(), threading.Event()
    real_board_page = public_board.board_page

    def board_page_then_wait(*args, **kwargs):
        page = real_board_page(*args, **kwargs)
        if not committed.is_set():  # only the first request waits
            queried.set()
            assert committed.wait(timeout=20)
        return page

    monkeypatch.setattr("employers.board.board_page", board_page_then_wait)
    answers = {}
    rendering = threading.Thread(target=lambda: answers.update(slow=on_board(app.test_client())))
    rendering.start()
    assert queried.wait(timeout=20)

    openings.publish(draft, SUITE_DAY)
    db.session.commit()
    committed.set()
    rendering.join(timeout=30)

    assert answers["slow"] == ["Gammel plads"]  # rendered from the board before the commit
    # (the factory's openings have no publishing time, which the databases order apart)
    assert sorted(on_board(client)) == ["Gammel plads", "Ny plads"]
    assert sorted(on_board(app.test_client())) == ["Gammel plads", "Ny plads"]


def test_a_status_set_without_its_old_value_loaded_still_reaches_the_board(client):
    """A row whose status was never read (expired, or loaded with load_only) still tells the
    board what it was: the old status is loaded when the new one is set."""
    opening = create_opening(title="Plads")
    kept(client)
    db.session.expire(opening)
    opening.status = OpeningStatus.CLOSED
    db.session.commit()
    assert "Plads" not in client.get(BOARD).get_data(as_text=True)
