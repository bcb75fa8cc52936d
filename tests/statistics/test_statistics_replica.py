"""The statistics read from a real PostgreSQL streaming replica (STATISTICS_DATABASE_URL): the
page, its CSV files and the API show the replica's figures and say when they were read, and
that the newest changes may be missing while it lags; once it is gone they come from the
primary, without an error and without waiting for it on every page."""

from __future__ import annotations

import csv
import io
import logging
from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from placement import create_app
from placement.extensions import db
from placement.models import Kind, Role, StatisticsSnapshot
from placement.statistics import replica, snapshots
from tests.conftest import FreshContextClient, missing
from tests.factories import create_employer, create_municipality, create_opening, create_user
from tests.private_postgres import PrivatePostgres
from tests.processes import wait_for
from tests.statistics.test_statistics import citizen, make_placement, started
from tests.suite_day import SUITE_DAY

FIRST = SUITE_DAY.replace(day=1)
Q = f"fra={FIRST.isoformat()}&til={SUITE_DAY.isoformat()}"
READ_FROM_COPY = "Tallene er læst fra en kopi af databasen kl."
MAY_BE_MISSING = "kan mangle"


@pytest.fixture(scope="module")
def servers():
    reason = PrivatePostgres.available()
    if reason:
        missing(reason)
    primary = PrivatePostgres().create()
    primary.start()
    standby = None
    try:
        standby = primary.replica()
        standby.start()
        yield primary, standby
    finally:
        for server in (standby, primary):
            if server is not None:
                server.remove()


@pytest.fixture(scope="module")
def app(servers, tmp_path_factory):
    """The app on the private primary, its statistics on the replica (overrides conftest's:
    the autouse fixtures then empty this primary after each test)."""
    primary, standby = servers
    app = create_app(
        {
            "ENVIRONMENT": "testing",
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
            "SQLALCHEMY_DATABASE_URI": primary.url,
            "STATISTICS_DATABASE_URL": standby.url,
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        upgrade()
    app.test_client_class = FreshContextClient
    yield app
    with app.app_context():
        db.engine.dispose()
        _replica().engine.dispose()


@pytest.fixture
def on_replica(servers):
    """A superuser's connection to the replica, to pause and resume its replay."""
    engine = create_engine(servers[1].url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def _replica() -> replica.Replica:
    configured = replica.configured()
    assert configured is not None
    return configured


def _caught_up(connection) -> bool:
    """The replica has replayed everything the primary has written so far."""
    primary_lsn = db.session.scalar(text("SELECT pg_current_wal_lsn()"))
    db.session.rollback()
    return connection.scalar(
        text("SELECT pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn)"), {"lsn": primary_lsn}
    )


def _received_unreplayed(connection) -> bool:
    return connection.scalar(text("SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()"))


def _internships(municipality, consultant, opening, how_many: int) -> None:
    for _ in range(how_many):
        make_placement(
            citizen(municipality, consultant, FIRST.isoformat()),
            opening,
            consultant,
            started(FIRST.isoformat(), SUITE_DAY.isoformat()),
            start_date=SUITE_DAY,
            hours_per_week=15,
        )


def _started(client) -> tuple[str, list[list[str]]]:
    """The total of 'Startet' in the CSV file of placements per kind, and the whole file."""
    response = client.get(f"/statistik/placements_by_kind.csv?{Q}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index("Startet")
    total = next(row for row in rows if row and row[0] == "I alt")
    return total[column], rows


def _page(client) -> str:
    response = client.get(f"/statistik?{Q}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _api(client, user) -> dict:
    from placement.api import tokens

    _token, plaintext = tokens.create_token(user, "Rapportsystem")
    db.session.commit()
    response = client.get(
        f"/api/v1/statistics?from={FIRST.isoformat()}&to={SUITE_DAY.isoformat()}",
        headers={"Authorization": f"Bearer {plaintext}"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_the_figures_come_from_the_replica_and_say_how_far_behind_it_was(
    app, client, login, on_replica, caplog
):
    viborg = create_municipality("Viborg", "791")
    anna = create_user(Role.CONSULTANT, name="Anna Andersen", municipality=viborg)
    opening = create_opening(create_employer(), kind=Kind.INTERNSHIP, seats=20)
    _internships(viborg, anna, opening, 5)
    manager = login(Role.MANAGER, municipality=viborg)
    wait_for(lambda: _caught_up(on_replica), 30, "the replica to replay the placements")

    page = _page(client)
    assert READ_FROM_COPY in page and MAY_BE_MISSING not in page
    started_, rows = _started(client)
    assert started_ == "5"
    assert rows[-1][0].startswith(READ_FROM_COPY)  # the CSV file says it too

    # Replay paused: a sixth placement reaches the replica but is not applied, so the page
    # shows the replica's five, and says that the newest changes may be missing.
    on_replica.execute(text("SELECT pg_wal_replay_pause()"))
    try:
        _internships(viborg, anna, opening, 1)
        wait_for(lambda: _received_unreplayed(on_replica), 30, "the replica to receive it")
        page = _page(client)
        assert READ_FROM_COPY in page and MAY_BE_MISSING in page
        started_, rows = _started(client)
        assert started_ == "5"
        assert MAY_BE_MISSING in rows[-1][0]
        read = _api(client, manager)["read"]
        assert read["from_replica"] is True and read["caught_up"] is False
        assert read["behind_seconds"] is not None and read["behind_seconds"] >= 0
    finally:
        on_replica.execute(text("SELECT pg_wal_replay_resume()"))

    wait_for(lambda: _caught_up(on_replica), 30, "the replica to replay the sixth placement")
    assert _started(client)[0] == "6"
    page = _page(client)
    assert READ_FROM_COPY in page and MAY_BE_MISSING not in page
    read = _api(client, manager)["read"]
    assert read["from_replica"] is True and read["caught_up"] is True
    assert read["behind_seconds"] is None
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_sweep_counts_on_the_replica_and_writes_its_snapshot_to_the_primary(app, on_replica):
    viborg = create_municipality("Viborg", "791")
    anna = create_user(Role.CONSULTANT, municipality=viborg)
    _internships(viborg, anna, create_opening(create_employer(), kind=Kind.INTERNSHIP), 5)
    wait_for(lambda: _caught_up(on_replica), 30, "the replica to replay the placements")
    now = db.session.scalar(text("SELECT now()"))

    assert snapshots.take(now) == len(snapshots.LANGUAGES)
    db.session.commit()

    made = db.session.scalars(db.select(StatisticsSnapshot)).all()
    assert {snapshot.language for snapshot in made} == set(snapshots.LANGUAGES)
    assert all(snapshot.computed_at == now for snapshot in made)  # caught up: counted now


def test_without_the_replica_the_figures_come_from_the_primary(app, client, login, servers, caplog):
    viborg = create_municipality("Viborg", "791")
    anna = create_user(Role.CONSULTANT, municipality=viborg)
    _internships(viborg, anna, create_opening(create_employer(), kind=Kind.INTERNSHIP), 6)
    login(Role.MANAGER, municipality=viborg)
    standby = servers[1]
    standby.stop()
    try:
        with caplog.at_level(logging.WARNING):
            page = _page(client)
            assert READ_FROM_COPY not in page  # from the primary: as current as can be
            assert _started(client)[0] == "6"  # the primary's, including what was just added
            assert _page(client)
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        # One line for the failure; the next pages do not try the replica again meanwhile.
        assert len(warnings) == 1, [r.getMessage() for r in warnings]
        assert "statistics replica" in warnings[0].getMessage()
        assert "Viborg" not in warnings[0].getMessage()
    finally:
        standby.start()
        _replica().rest_over()


def test_a_replica_behind_says_how_many_seconds_may_be_missing(app):
    from placement.statistics.reading import Reading, notice

    at = db.session.scalar(text("SELECT now()"))
    assert notice(Reading(from_replica=False, read_at=at)) is None
    behind = notice(Reading(from_replica=True, read_at=at, behind_seconds=12, caught_up=False))
    assert behind is not None and "de sidste 12 sekunder kan mangle" in behind
    long_behind = Reading(from_replica=True, read_at=at, behind_seconds=600, caught_up=False)
    assert "de sidste 10 minutter" in (notice(long_behind) or "")
    assert long_behind.counted_at(at + timedelta(seconds=1)) == at - timedelta(seconds=600)
