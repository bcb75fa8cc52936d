"""Time of one scheduler `tick` over many active placements, and of a second with nothing to do.

    python -m bench.tick_scale [--placements 100000] [--database-url URL] [--keep]
                               [--profile /tmp/tick]

Needs an empty database: DATABASE_URL or --database-url (PostgreSQL: postgresql://…), or by
default a fresh SQLite file under /tmp, removed afterwards unless --keep. The schema is made
as `flask db upgrade` makes it, the caseload is bulk-loaded with SQLAlchemy Core (its time is
printed but is not the figure), then `tick(now)` runs twice with the same `now`. Mail is
"log": nothing is sent. --profile writes each tick's cProfile statistics to PREFIX-tick1.pstats
and PREFIX-tick2.pstats (read them with `python -m pstats`).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import random
import resource
import secrets
import shutil
import signal
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from unittest import mock

from flask_migrate import upgrade
from sqlalchemy import func, insert, inspect, select, text

from bench._setup import analyze
from bench.generate_data import cvr_numbers
from bench.measure import StatementCounter
from placement import create_app, scheduler
from placement.common import clock
from placement.extensions import db
from placement.models import (
    Answer,
    Candidate,
    CandidateStatus,
    Employer,
    EmployerStatus,
    FollowUp,
    InternshipPurpose,
    Kind,
    Municipality,
    Notification,
    Opening,
    OpeningStatus,
    Placement,
    PlacementEvent,
    PlacementStatus,
    Role,
    User,
    Workplace,
)

K = Kind
# Share of each kind among placements and openings: internships and flex jobs dominate a
# municipality's supported-employment caseload.
KIND_SHARES = {
    K.INTERNSHIP: 30,
    K.WAGE_SUBSIDY: 12,
    K.FLEXJOB: 25,
    K.SHELTERED_JOB: 8,
    K.SUPPORTED_JOB: 15,
    K.EDUCATION: 5,
    K.APPRENTICESHIP: 5,
}
# Planned length in weeks (shortest, longest) for the kinds that end; the others run on.
# Internships stay within LAB § 61 and wage subsidy within a year, so every running placement
# started within the last two years and ends after today.
DURATION_WEEKS = {
    K.INTERNSHIP: (4, 13),
    K.WAGE_SUBSIDY: (13, 52),
    K.EDUCATION: (26, 104),
    K.APPRENTICESHIP: (104, 208),
}
OPEN_ENDED_SINCE_DAYS = 730
TITLES = {
    K.INTERNSHIP: ("Lagermedhjælper", "Køkkenmedhjælper", "Butiksassistent", "Gartnermedhjælper"),
    K.WAGE_SUBSIDY: ("Pedelmedhjælper", "Kontormedhjælper", "Chauffør"),
    K.FLEXJOB: ("Rengøringsassistent", "Kantinemedarbejder", "Administrativ medarbejder"),
    K.SHELTERED_JOB: ("Værkstedsmedarbejder", "Pakkeri", "Vaskerimedarbejder"),
    K.SUPPORTED_JOB: ("Lagerarbejder", "Servicemedarbejder", "Opvasker"),
    K.EDUCATION: ("Uddannelsesforløb, social- og sundhed", "Uddannelsesforløb, landbrug"),
    K.APPRENTICESHIP: ("Elev, detail", "Lærling, tømrer", "Elev, kontor"),
}
MUNICIPALITIES = (  # id, name, code, share of citizens, its postcodes
    (
        1,
        "Viborg",
        "791",
        0.55,
        (
            ("8800", "Viborg"),
            ("8830", "Tjele"),
            ("8850", "Bjerringbro"),
            ("7470", "Karup J"),
            ("8840", "Rødkærsbro"),
        ),
    ),
    (
        2,
        "Silkeborg",
        "740",
        0.45,
        (
            ("8600", "Silkeborg"),
            ("8680", "Ry"),
            ("8620", "Kjellerup"),
            ("8653", "Them"),
            ("8654", "Bryrup"),
        ),
    ),
)
FIRST_NAMES = (
    "Anne",
    "Mette",
    "Søren",
    "Jens",
    "Line",
    "Mads",
    "Ida",
    "Ahmad",
    "Fatima",
    "Łukasz",
    "Birthe",
    "Kasper",
    "Sofie",
    "Bo",
    "Nanna",
    "Jørgen",
    "Aisha",
    "Rasmus",
)
LAST_NAMES = (
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Østergaard",
    "Møller",
    "Kaya",
    "Nowak",
    "Holm",
    "Bæk",
    "Ali",
)
CHUNK = 10_000  # rows per executemany, to keep the parameter lists small


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--placements", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: DATABASE_URL, else a fresh SQLite file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    parser.add_argument("--profile", metavar="PREFIX", help="write cProfile statistics per tick")
    return parser.parse_args()


# --- the data -----------------------------------------------------------------------------------


def name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def insert_rows(table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[start : start + CHUNK])


def load(placements: int, today: date, rng: random.Random) -> dict[str, int]:
    """Bulk-load the caseload with Core executemany inserts (one transaction); row counts."""
    created = datetime.now(UTC) - timedelta(days=800)
    kinds, weights = list(KIND_SHARES), list(KIND_SHARES.values())
    employers_n, openings_n = max(placements // 20, 50), max(placements // 5, 100)
    consultants_per, managers_per = max(placements // 1000, 2), 10

    users, consultants = [], {}
    for municipality_id, town, _code, _share, _places in MUNICIPALITIES:
        for role, count in ((Role.MANAGER, managers_per), (Role.CONSULTANT, consultants_per)):
            for n in range(count):
                users.append(
                    dict(
                        id=len(users) + 1,
                        email=f"{role.value}{n + 1}@{town.lower()}.dk",
                        name=name(rng),
                        role=role,
                        municipality_id=municipality_id,
                        employer_id=None,
                        session_token=secrets.token_urlsafe(32),
                        created_at=created,
                    )
                )
                if role == Role.CONSULTANT:
                    consultants.setdefault(municipality_id, []).append(len(users))
    places = [place for m in MUNICIPALITIES for place in m[4]]
    employers = []
    for n, cvr in enumerate(cvr_numbers(employers_n, rng), start=1):
        postcode, city = rng.choice(places)
        employers.append(
            dict(
                id=n,
                name=f"{rng.choice(LAST_NAMES)} & {rng.choice(LAST_NAMES)} {n} ApS",
                cvr=cvr,
                address=f"Industrivej {n % 90 + 1}",
                postcode=postcode,
                city=city,
                industry=rng.choice(("Handel", "Industri", "Landbrug", "Offentlig")),
                employees=rng.randint(1, 400),
                public_sector=rng.random() < 0.1,
                status=EmployerStatus.APPROVED,
                created_at=created,
            )
        )
    workplaces = [
        dict(
            id=e["id"],
            employer_id=e["id"],
            p_number=f"10{e['id']:08d}",
            name=e["name"],
            address=e["address"],
            postcode=e["postcode"],
            city=e["city"],
            employees=e["employees"],
            created_at=created,
        )
        for e in employers
    ]
    # One user for every fifth company, so expired openings have someone to tell.
    for employer in employers[::5]:
        users.append(
            dict(
                id=len(users) + 1,
                email=f"kontakt{employer['id']}@firma.dk",
                name=name(rng),
                role=Role.EMPLOYER,
                municipality_id=None,
                employer_id=employer["id"],
                session_token=secrets.token_urlsafe(32),
                created_at=created,
            )
        )

    openings, openings_by_kind = [], {kind: [] for kind in kinds}
    for n in range(1, openings_n + 1):
        employer = employers[rng.randrange(len(employers))]
        kind = rng.choices(kinds, weights)[0]
        hours_min = rng.choice((5, 10, 15, 20))
        roll = rng.random()
        # Most are filled; some still published (2 % past their deadline); a few drafts.
        status = (
            OpeningStatus.FILLED
            if roll < 0.75
            else OpeningStatus.PUBLISHED
            if roll < 0.95
            else OpeningStatus.DRAFT
        )
        deadline = (
            None
            if status == OpeningStatus.DRAFT
            else today + timedelta(days=rng.randint(-30, -1) if roll > 0.93 else rng.randint(1, 60))
        )
        openings.append(
            dict(
                id=n,
                employer_id=employer["id"],
                workplace_id=employer["id"],  # each company's one workplace has its id
                kind=kind,
                title=rng.choice(TITLES[kind]),
                purpose=InternshipPurpose.JOB_GOAL if kind == K.INTERNSHIP else None,
                postcode=employer["postcode"],
                city=employer["city"],
                hours_min=hours_min,
                hours_max=min(hours_min + rng.choice((0, 5, 10, 15)), 37),
                seats=rng.randint(1, 3),
                status=status,
                deadline=deadline,
                published_at=None if status == OpeningStatus.DRAFT else created,
                created_at=created,
                updated_at=created,
            )
        )
        openings_by_kind[kind].append(openings[-1])

    candidates, rows = [], []
    for n in range(1, placements + 1):
        municipality_id, _town, _code, _share, municipality_places = (
            MUNICIPALITIES[0] if rng.random() < MUNICIPALITIES[0][3] else MUNICIPALITIES[1]
        )
        postcode, city = rng.choice(municipality_places)
        consultant_id = rng.choice(consultants[municipality_id])
        candidates.append(
            dict(
                id=n,
                municipality_id=municipality_id,
                consultant_id=consultant_id,
                name=name(rng),
                birth_date=today - timedelta(days=rng.randint(18 * 365 + 5, 64 * 365)),
                postcode=postcode,
                city=city,
                max_hours=rng.choice((None, 15, 20, 30)),
                status=CandidateStatus.IN_PLACEMENT,
                created_at=created,
            )
        )
        kind = rng.choices(kinds, weights)[0]
        opening = rng.choice(openings_by_kind[kind] or openings)
        if kind in DURATION_WEEKS:
            shortest, longest = DURATION_WEEKS[kind]
            days = 7 * rng.randint(shortest, longest)
            start = today - timedelta(days=rng.randint(0, min(days - 2, OPEN_ENDED_SINCE_DAYS)))
            end = start + timedelta(days=days - 1)  # after today
        else:
            start, end = today - timedelta(days=rng.randint(0, OPEN_ENDED_SINCE_DAYS)), None
        answered = datetime.combine(start - timedelta(days=14), datetime.min.time(), tzinfo=UTC)
        rows.append(
            dict(
                id=n,
                candidate_id=n,
                opening_id=opening["id"],
                consultant_id=consultant_id,
                status=PlacementStatus.ACTIVE,
                citizen_answer=Answer.YES,
                citizen_answered_at=answered,
                employer_answer=Answer.YES,
                employer_answered_at=answered,
                start_date=start,
                end_date=end,
                hours_per_week=rng.randint(opening["hours_min"], opening["hours_max"]),
                created_at=answered - timedelta(days=7),
            )
        )

    for model, table_rows in (
        (Municipality, [dict(id=m[0], name=m[1], code=m[2]) for m in MUNICIPALITIES]),
        (Employer, employers),
        (Workplace, workplaces),
        (User, users),
        (Opening, openings),
        (Candidate, candidates),
        (Placement, rows),
    ):
        insert_rows(model.__table__, table_rows)
    if db.engine.dialect.name == "postgresql":
        # Explicit ids leave the sequences behind.
        for model in (Municipality, Employer, Workplace, User, Opening, Candidate, Placement):
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{model.__tablename__}', 'id'), "
                    f"(SELECT max(id) FROM {model.__tablename__}))"
                )
            )
    db.session.commit()
    analyze()
    return {
        "users": len(users),
        "employers": len(employers),
        "openings": len(openings),
        "candidates": len(candidates),
        "placements": len(rows),
    }


# --- the measurement ----------------------------------------------------------------------------


@contextmanager
def per_sweep(counter: StatementCounter):
    """Print each sweep's time as it ends (its transaction, commit and e-mails included)."""
    run_sweep = scheduler.run_sweep

    def timed(name, now):
        start, statements = time.perf_counter(), counter.count
        result = run_sweep(name, now)
        print(
            f"  {name:10} {time.perf_counter() - start:8.1f} s "
            f"{counter.count - statements:10,} statements {result.done:9,} changed "
            f"{len(result.notifications):10,} notifications",
            flush=True,
        )
        return result

    with mock.patch.object(scheduler, "run_sweep", timed):
        yield


def table_counts() -> dict[str, int]:
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in (FollowUp, Notification, PlacementEvent)
    }


def run_tick(label: str, now: datetime, counter: StatementCounter, profile: str | None) -> None:
    before = table_counts()
    db.session.remove()  # start like a fresh scheduler run: nothing cached in the session
    print(f"{label}:", flush=True)
    profiler = cProfile.Profile() if profile else None
    statements = counter.count
    with per_sweep(counter):
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        results = scheduler.tick(now)
        seconds = time.perf_counter() - start
    if profiler:
        profiler.disable()
        profiler.dump_stats(f"{profile}-{label.replace(' ', '')}.pstats")
    statements = counter.count - statements
    del results  # what each sweep made: not needed here, and large
    db.session.remove()
    made = {table: count - before[table] for table, count in table_counts().items()}
    print(
        f"  {'total':10} {seconds:8.1f} s {statements:10,} statements   made: "
        + ", ".join(f"{count:,} {table}" for table, count in made.items()),
        flush=True,
    )
    print(
        f"  (load average {load_average()}, peak memory so far "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024:,} MiB)",
        flush=True,
    )


def load_average() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> None:
    args = parse_args()
    workdir = None
    url = args.database_url or os.environ.get("DATABASE_URL")
    if not url:
        workdir = tempfile.mkdtemp(prefix="placement-tick-")
        url = f"sqlite:///{workdir}/tick.sqlite"
        # A stopped run (timeout, kill) still removes its file, which grows to hundreds of MB.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # placement.config reads it from here and turns postgresql:// into the psycopg 3 driver.
    os.environ["DATABASE_URL"] = url
    app = create_app({"ENVIRONMENT": "testing", "MAIL_BACKEND": "log"})
    rng = random.Random(args.seed)
    now = datetime.now(UTC).replace(microsecond=0)
    try:
        with app.app_context():
            # Refuse before upgrading: this is not the way to migrate someone's real data.
            if inspect(db.engine).has_table(User.__tablename__) and db.session.scalar(
                select(func.count()).select_from(User)
            ):
                raise SystemExit(
                    f"{db.engine.url.render_as_string()} already has users: "
                    "the benchmark needs an empty database."
                )
            db.session.remove()
            upgrade()
            start = time.perf_counter()
            loaded = load(args.placements, clock.today(now), rng)
            print(
                f"{db.engine.dialect.name}: loaded in {time.perf_counter() - start:.1f} s (not "
                "timed below): " + ", ".join(f"{n:,} {what}" for what, n in loaded.items())
            )
            counter = StatementCounter(db.engine)
            print(
                f"tick at {now.isoformat()} over {args.placements:,} active placements "
                f"(load average {load_average()}, {os.cpu_count()} CPUs)",
                flush=True,
            )
            run_tick("tick 1", now, counter, args.profile)
            analyze()
            run_tick("tick 2", now, counter, args.profile)
    finally:
        if workdir and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif workdir:
            print(f"kept {workdir}/tick.sqlite")


if __name__ == "__main__":
    main()
