"""The board's version pushed by PostgreSQL to each worker (LISTEN/NOTIFY): another worker's
commit reaches this one, this process's own commit is on its next page at once, and a
listener that lost its connection comes back; meanwhile the pages read the row."""

import re
import time

import psycopg
import pytest
from sqlalchemy import text

from placement.companies import registration
from placement.extensions import db
from placement.models import OpeningStatus
from placement.openings import board_listener, board_version, openings
from tests.conftest import postgresql_only, statements_sent
from tests.factories import create_employer, create_opening
from tests.suite_day import SUITE_DAY

BOARD = "/ledige-pladser/"
pytestmark = postgresql_only("LISTEN/NOTIFY is PostgreSQL's", on_sqlite="SQLite has no notices")


def on_board(client) -> list[str]:
    response = client.get(BOARD)
    assert response.status_code == 200
    return sorted(
        re.findall(r'<h3><a href="/ledige-pladser/\d+">(.*?)</a></h3>', response.get_data(True))
    )


def eventually(check, seconds: float = 10.0) -> bool:
    """`check()` became true within `seconds` (the notice travels on its own thread)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def listener():
    return board_listener.for_database(board_version._libpq_url(db.engine))


@pytest.fixture
def listening(app, monkeypatch):
    """The app as deployed: anonymous pages take the pushed version, once it is trusted."""
    monkeypatch.setitem(app.config, "BOARD_VERSION_LISTEN", True)
    board_version.bump(db.session)
    db.session.commit()
    board_version.current(pushed=True)  # starts the thread
    assert eventually(lambda: listener().known()[0]), "the listener never read the row"


def another_worker_commits(sql: str) -> None:
    """A commit made past this process's sessions, with the bump's notice, as another
    gunicorn worker's would be."""
    url = board_version._libpq_url(db.engine)
    with psycopg.connect(url, autocommit=False) as connection:
        connection.execute(sql)
        connection.execute(
            "UPDATE cache_versions SET number = number + 1, changed_at = now() WHERE name = 'board'"
        )
        connection.execute(f"NOTIFY {board_listener.CHANNEL}")


def test_a_kept_anonymous_page_costs_no_statement_once_the_listener_is_trusted(listening, client):
    create_opening(title="Plads")
    assert eventually(lambda: listener().known()[0])
    on_board(client)
    with statements_sent() as sent:
        assert on_board(client) == ["Plads"]
    assert sent == []


def test_this_process_own_commit_is_on_its_next_page_at_once(listening, client):
    create_opening(title="Gammel plads")
    draft = create_opening(title="Ny plads", status=OpeningStatus.DRAFT)
    assert on_board(client) == ["Gammel plads"]
    openings.publish(draft, SUITE_DAY)
    db.session.commit()
    assert on_board(client) == ["Gammel plads", "Ny plads"]  # no wait for the notice

    employer = create_employer(name="Suspenderes ApS")
    create_opening(employer, title="Hos dem")
    assert "Hos dem" in on_board(client)
    registration.suspend(employer)
    db.session.commit()
    assert "Hos dem" not in on_board(client)


def test_another_workers_commit_reaches_this_one(listening, client):
    opening = create_opening(title="Plads")
    assert eventually(lambda: listener().known()[0])
    assert on_board(client) == ["Plads"]

    another_worker_commits(f"UPDATE openings SET status = 'closed' WHERE id = {opening.id}")

    assert eventually(lambda: on_board(client) == [])


def test_a_listener_that_lost_its_connection_comes_back_and_the_board_is_right(listening, client):
    opening = create_opening(title="Plads")
    assert eventually(lambda: listener().known()[0])
    assert on_board(client) == ["Plads"]

    db.session.execute(
        text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :n"),
        {"n": board_listener.APPLICATION_NAME},
    )
    db.session.commit()
    # Its notice has no one to hear it; the page is right all the same, read per request
    # until the thread is back and has read the row.
    another_worker_commits(f"UPDATE openings SET status = 'closed' WHERE id = {opening.id}")
    assert eventually(lambda: on_board(client) == [])
    assert eventually(lambda: listener().known()[0]), "the listener never came back"
    assert on_board(client) == []
