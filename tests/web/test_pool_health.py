"""Pooled connections that PostgreSQL ended (a restart, pg_terminate_backend) cost no page an
error, though the pool no longer pings each connection it hands out: the checkout sees the
closed socket, and the user's lookup tries once more on a new connection."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from placement.common import pool_health
from placement.extensions import db
from placement.models import Role
from tests.conftest import postgresql_only
from tests.notifications.test_notifications import bell

pytestmark = postgresql_only(
    "PostgreSQL's pg_terminate_backend", on_sqlite="SQLite has no server that ends connections"
)


def _end_the_apps_connections(app) -> int:
    """Ends every other connection to the suite's database, as a restart does to them all."""
    with app.app_context():
        url = db.engine.url
    killer = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with killer.connect() as connection:
            return len(
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).all()
            )
    finally:
        killer.dispose()


def _pooled(app) -> int:
    with app.app_context():
        return db.engine.pool.checkedin()


def test_pages_are_answered_after_the_server_ended_every_pooled_connection(app, client, login):
    login(Role.CONSULTANT)
    db.session.commit()
    assert client.get("/borgere").status_code == 200
    assert _pooled(app) >= 1
    assert _end_the_apps_connections(app) >= 1

    response = client.get("/borgere")
    assert response.status_code == 200
    assert bell(response) == "Beskeder"
    # Anonymous pages too: their first statement is not the user's lookup.
    _end_the_apps_connections(app)
    assert client.get("/ledige-pladser/").status_code == 200


def test_a_connection_that_broke_unseen_is_tried_again_by_the_users_lookup(
    app, client, login, monkeypatch
):
    login(Role.CONSULTANT)
    db.session.commit()
    assert client.get("/adgangskode").status_code == 200
    # As if the connection had gone without a word (a network that went away): the socket
    # looks fine, and the first statement is what finds it broken.
    monkeypatch.setattr(pool_health, "looks_broken", lambda _connection: False)
    assert _end_the_apps_connections(app) >= 1

    assert client.get("/adgangskode").status_code == 200
    assert client.get("/borgere").status_code == 200


def test_the_checkout_tells_a_closed_connection_from_an_idle_one(app):
    with app.app_context():
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            connection.rollback()
            dbapi = connection.connection.dbapi_connection
            assert not pool_health.looks_broken(dbapi)
            with db.engine.connect() as other:
                other.execute(
                    text("SELECT pg_terminate_backend(:pid)"), {"pid": dbapi.info.backend_pid}
                )
                other.commit()
            assert _readable_soon(dbapi)
            connection.invalidate()


def _readable_soon(dbapi) -> bool:
    """The server's goodbye arrives a moment after pg_terminate_backend returns."""
    import time

    for _ in range(100):
        if pool_health.looks_broken(dbapi):
            return True
        time.sleep(0.02)
    return False
