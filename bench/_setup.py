"""Set-up shared by the benchmark scripts: the app on a given database, its schema, its state."""

from __future__ import annotations

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import inspect, select, text

from placement import create_app
from placement.extensions import db
from placement.models import Opening, OpeningStatus

# Seeded by the migrations themselves: an empty database already has these rows.
SEEDED_TABLES = {"adaptations", "alembic_version"}


class NotEmpty(RuntimeError):
    """The database already holds data; the benchmarks only ever fill an empty one."""


def app_for(url: str, instance_path: str | None = None) -> Flask:
    """The app on this database, as the benchmarks run it: mail only logged, nothing sent.

    The URL is passed in the config, not through DATABASE_URL, so a caller in a test process
    leaves the environment as it found it; postgresql:// gets the psycopg 3 driver as in
    placement.config."""
    if url.startswith(("postgres://", "postgresql://")):
        url = database_url_for(url)
    config = {"ENVIRONMENT": "testing", "MAIL_BACKEND": "log", "SQLALCHEMY_DATABASE_URI": url}
    if instance_path:
        config["INSTANCE_PATH"] = instance_path
    return create_app(config)


def middle_published_opening(reader) -> int | None:
    """The opening whose page the benchmarks show: the middle one of the published, by id.
    `reader`: a session, or a plain connection where no app runs (bench.compare)."""
    ids = reader.scalars(
        select(Opening.id).where(Opening.status == OpeningStatus.PUBLISHED).order_by(Opening.id)
    ).all()
    return ids[len(ids) // 2] if ids else None


def database_url_for(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def tables_with_rows() -> list[str]:
    """The app's tables that exist and hold a row (the migrations' own seed rows aside)."""
    existing = set(inspect(db.engine).get_table_names())
    found = []
    for table in db.metadata.sorted_tables:
        if table.name in existing and table.name not in SEEDED_TABLES:
            if db.session.execute(select(text("1")).select_from(table).limit(1)).first():
                found.append(table.name)
    db.session.rollback()
    return found


def migrate_empty() -> None:
    """Refuse a database with data (before upgrading: this is not how to migrate someone's
    real data), then make the schema as `flask db upgrade` makes it."""
    found = tables_with_rows()
    if found:
        raise NotEmpty(
            f"{db.engine.url.render_as_string()} already holds data (in "
            f"{', '.join(found[:5])}{' …' if len(found) > 5 else ''}): the "
            "benchmarks need an empty database."
        )
    db.session.remove()
    upgrade()


def reset_sequences(table_names) -> None:
    """Rows written with explicit ids leave PostgreSQL's sequences behind; move them on."""
    if db.engine.dialect.name != "postgresql":
        return
    for name in table_names:
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)"
            )
        )


def analyze() -> None:
    """PostgreSQL plans by its statistics, and reads an index alone only for pages its
    visibility map marks all-visible; autovacuum would see to both some time after a bulk
    load. VACUUM ANALYZE now, so the first measurement is neither a bad plan's nor one of heap
    reads an index could have answered (the caseload's counts). SQLite has no statistics
    unless someone runs ANALYZE, and a deployment does not: left as it is."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
