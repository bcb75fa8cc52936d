"""Fill an empty database with a realistic caseload for the benchmarks, fast and repeatable.

    python -m bench.generate --scale municipal|national --database-url URL [--seed 1]
                             [--today YYYY-MM-DD] [--method auto|core|copy]

municipal: Viborg (791) alone: 5 000 citizens, 1 000 companies, 3 000 openings and 20 000
placements. national: the 98 municipalities: 100 000 citizens, 20 000 companies, 50 000
openings and 500 000 placements. Around them: a consultant per 40 citizens and managers in
each municipality, company and citizen logins, citizens' needs, wishes and places, openings'
adaptations, placements in every state over the three years up to --today (some agreed to
start later) with their events, follow-up plans (the done ones recorded), step-up plans and
agreed adaptations, the current agreement (version 1) of every agreed or running placement with
its confirmations, employer contacts, journal notes, goals and interest in openings. The data
is what the scheduler would leave: a `tick` at --today finds the plans made and the openings
past their deadline already expired. Municipality codes and names are the real ones; the
postcodes are real for Viborg and Silkeborg (placement/demo/tables.py) and made up, four digits
and one municipality each, for the others.

Repeatable: the same --seed and --today give the same rows (every date counts from --today,
which defaults to today's date). Left out: CPR numbers (all NULL: encrypting one per citizen
would take longer than the rest), notifications, audit events, invitations and API tokens.
Every login has the password PASSWORD below (one argon2 hash, made once, salted from the seed).

The database must be empty (exit status 2 otherwise); its schema is made as `flask db upgrade`
makes it. Rows go in by SQLAlchemy Core executemany in batches, or on PostgreSQL by COPY
(--method auto picks COPY there). Prints each table's rows and seconds, and the total.
Everything is planned in memory first (generate_world.py, generate_lives.py), then streamed
table by table (generate_rows.py); the names and texts are in generate_data.py.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from dataclasses import dataclass
from datetime import date

from argon2 import low_level, profiles
from sqlalchemy import insert, select

from bench import _setup
from bench.generate_rows import write_all
from bench.generate_world import World
from placement.accounts import passwords
from placement.common import clock
from placement.extensions import db
from placement.models import Adaptation

PASSWORD = "benchmark-adgangskode"
BATCH = 5_000  # rows per Core executemany


@dataclass(frozen=True)
class Scale:
    citizens: int
    companies: int
    openings: int
    placements: int
    municipalities: tuple[str, ...] | None  # codes; None: all 98


SCALES = {
    "municipal": Scale(5_000, 1_000, 3_000, 20_000, ("791",)),
    "national": Scale(100_000, 20_000, 50_000, 500_000, None),
    "tiny": Scale(200, 40, 120, 800, ("791", "740")),  # for the test; not in --help
}


# --- writing -----------------------------------------------------------------------------------


class Writer:
    """Rows into tables in the session's transaction: SQLAlchemy Core executemany in batches
    of BATCH rows, or PostgreSQL's COPY. Times each table, its rows' making included."""

    def __init__(self, method: str, out=print):
        self.connection = db.session.connection()
        self.method, self.out = method, out
        self.seconds: dict[str, float] = {}
        self.rows: dict[str, int] = {}

    def write(
        self,
        name: str,
        columns: tuple[str, ...],
        rows,
        number_from: int | None = None,
        label: str = "",
    ):
        """number_from: the rows' first item is a placeholder for an id counted from there."""
        if number_from is not None:
            rows = ((number,) + row[1:] for number, row in enumerate(rows, start=number_from))
        start = time.perf_counter()
        table = db.metadata.tables[name]
        count = (
            self._copy(table, columns, rows)
            if self.method == "copy"
            else self._insert(table, columns, rows)
        )
        seconds = time.perf_counter() - start
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        self.rows[name] = self.rows.get(name, 0) + count
        self.out(f"  {label or name:28} {count:>12,} {seconds:8.1f} s")

    def _insert(self, table, columns, rows) -> int:
        statement, batch, count = insert(table), [], 0
        for row in rows:
            batch.append(dict(zip(columns, row)))
            if len(batch) == BATCH:
                self.connection.execute(statement, batch)
                count, batch = count + len(batch), []
        if batch:
            self.connection.execute(statement, batch)
        return count + len(batch)

    def _copy(self, table, columns, rows) -> int:
        count = 0
        with self.connection.connection.driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count


def password_hash(seed: int) -> str:
    """PASSWORD hashed as the app hashes it (argon2id, production cost), with a salt made
    from the seed so the same seed gives the same rows."""
    params = getattr(profiles, passwords.DEFAULT_PROFILE)
    salt = hashlib.sha256(f"bench.generate:{seed}".encode()).digest()[: params.salt_len]
    return low_level.hash_secret(
        PASSWORD.encode(),
        salt,
        params.time_cost,
        params.memory_cost,
        params.parallelism,
        params.hash_len,
        params.type,
        params.version,
    ).decode()


def run(
    url: str,
    scale: str,
    seed: int = 1,
    today: date | None = None,
    method: str = "auto",
    instance_path: str | None = None,
    out=print,
) -> dict[str, int]:
    """Fill the empty database at url; return the rows written per table. Raises
    _setup.NotEmpty when it holds data."""
    today = today or clock.today()
    app = _setup.app_for(url, instance_path)
    with app.app_context():
        try:
            _setup.migrate_empty()
            dialect = db.engine.dialect.name
            if method == "auto":
                method = "copy" if dialect == "postgresql" else "core"
            if method == "copy" and dialect != "postgresql":
                raise ValueError("--method copy needs PostgreSQL")
            started = time.perf_counter()
            adaptations = {
                row.id: (row.code, row.label_da)
                for row in db.session.execute(
                    select(Adaptation.id, Adaptation.code, Adaptation.label_da).order_by(
                        Adaptation.id
                    )
                )
            }
            world = World(SCALES[scale], seed, today, adaptations, password_hash(seed))
            world.plan()
            planned = time.perf_counter() - started
            out(f"{scale} scale on {dialect} ({method}), seed {seed}, today {today}")
            out(f"  {'planning in memory':28} {'':>12} {planned:8.1f} s")
            writer = Writer(method, out)
            write_all(world, writer)
            _setup.reset_sequences(
                name for name in writer.rows if "id" in db.metadata.tables[name].c
            )
            db.session.commit()
            written = time.perf_counter() - started
            _setup.analyze()
            total = time.perf_counter() - started
        finally:
            db.session.remove()
            db.engine.dispose()
    out(
        f"  {'total':28} {sum(writer.rows.values()):>12,} {written:8.1f} s"
        + (f" (+ VACUUM ANALYZE {total - written:.1f} s)" if dialect == "postgresql" else "")
    )
    states: dict[str, int] = {}
    for plan in world.plans:
        states[plan.status.value] = states.get(plan.status.value, 0) + 1
    out(
        "  placements now: "
        + ", ".join(f"{state} {count:,}" for state, count in states.items())
        + (f" ({world.demoted:,} running ones ended for want of a seat)" if world.demoted else "")
    )
    out(
        f'  every login has the password "{PASSWORD}", e.g. konsulent1@k{world.munis[0].code}'
        ".example.dk, leder1@…, admin@example.dk"
    )
    return dict(writer.rows)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", required=True, metavar="municipal|national")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL"), help="default: DATABASE_URL"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="the day the data leads up to (YYYY-MM-DD); default: today",
    )
    parser.add_argument(
        "--method",
        choices=("auto", "core", "copy"),
        default="auto",
        help="core: executemany; copy: PostgreSQL COPY; auto: copy if it can",
    )
    args = parser.parse_args(argv)
    if args.scale not in SCALES:
        parser.error("--scale must be municipal or national")
    if not args.database_url:
        parser.error("give --database-url or set DATABASE_URL")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        run(
            args.database_url,
            args.scale,
            args.seed,
            args.today,
            args.method,
            out=lambda line: print(line, flush=True),
        )
    except (_setup.NotEmpty, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
