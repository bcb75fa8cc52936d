"""Time of matching (top 20 both ways) and of the consultant's caseload page, on a filled database.

    python -m bench.matching_profile --database-url URL [--today YYYY-MM-DD] [--runs 5]
                                     [--sample 30] [--dump FILE] [--json]

The samples are deterministic: citizens who are looking for work and openings open for matching
on --today, evenly spread over their ids (the same data gives the same samples). An opening's
citizens are those of the municipality where most citizens live at its postcode, as a
consultant there would see them. --today is the day the data leads up to (the generator's
--today; default today's date): on a later day the generated deadlines have passed.
--dump writes the top 20 of every sample (ids, scores and reasons) to FILE, to check that a
change to the queries leaves the results as they were.

The caseload is timed for two consultants (consultants()): its queries as the page makes them
(page 1, the template's lookups included) and the whole page through the app in one process.
The functions are for the benchmark suite (bench/run.py): each returns its timings in
milliseconds, one per call.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import time
from datetime import date

from sqlalchemy import func, select

from bench._setup import app_for
from bench.measure import StatementCounter
from placement.citizens.caseload import caseload_page
from placement.extensions import db
from placement.matching.queries import open_openings, rank_candidates_for, rank_openings_for
from placement.models import Candidate, CandidateStatus, Opening, Role, User

PASSWORD = "benchmark-adgangskode"  # bench/generate.py: every generated login has it
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


# --- samples -----------------------------------------------------------------------------------


def _spread(ids: list[int], n: int) -> list[int]:
    """n ids evenly spread over the sorted list (all of them if there are fewer)."""
    if len(ids) <= n:
        return ids
    step = len(ids) / n
    return [ids[int(i * step)] for i in range(n)]


def sample_citizens(app, n: int = 30) -> list[int]:
    with app.app_context():
        ids = db.session.scalars(
            select(Candidate.id)
            .where(Candidate.status == CandidateStatus.LOOKING, Candidate.anonymised_at.is_(None))
            .order_by(Candidate.id)
        ).all()
        return _spread(list(ids), n)


def sample_openings(app, n: int = 30, today: date | None = None) -> list[int]:
    with app.app_context():
        ids = db.session.scalars(
            open_openings(today).with_only_columns(Opening.id).order_by(Opening.id)
        ).all()
        return _spread(list(ids), n)


def municipality_for(opening_id: int) -> int:
    """The municipality with most citizens at the opening's postcode (lowest id on a tie; the
    lowest id of all if nobody lives there). Call inside an app context."""
    postcode = select(Opening.postcode).where(Opening.id == opening_id).scalar_subquery()
    found = db.session.scalar(
        select(Candidate.municipality_id)
        .where(Candidate.postcode == postcode)
        .group_by(Candidate.municipality_id)
        .order_by(func.count().desc(), Candidate.municipality_id)
        .limit(1)
    )
    return found or db.session.scalar(select(func.min(Candidate.municipality_id)))


def consultants(app) -> dict[str, int]:
    """Two consultants for the caseload: one with about 40 citizens of their own in a
    municipality of a few hundred, and the first of the largest municipality (the list holds
    the whole municipality, the consultant's own first)."""
    with app.app_context():
        sizes = (
            select(Candidate.municipality_id, func.count().label("n"))
            .group_by(Candidate.municipality_id)
            .subquery()
        )
        own = (
            select(Candidate.consultant_id, func.count().label("n"))
            .where(Candidate.consultant_id.is_not(None))
            .group_by(Candidate.consultant_id)
            .subquery()
        )
        typical = db.session.scalar(
            select(User.id)
            .join(own, own.c.consultant_id == User.id)
            .join(sizes, sizes.c.municipality_id == User.municipality_id)
            .where(
                User.role == Role.CONSULTANT, own.c.n.between(38, 42), sizes.c.n.between(200, 1000)
            )
            .order_by(User.id)
            .limit(1)
        )
        largest = db.session.scalar(
            select(User.id)
            .join(sizes, sizes.c.municipality_id == User.municipality_id)
            .where(User.role == Role.CONSULTANT)
            .order_by(sizes.c.n.desc(), User.id)
            .limit(1)
        )
        return {
            name: user_id
            for name, user_id in (("typical", typical), ("largest", largest))
            if user_id is not None
        }


# --- timings -----------------------------------------------------------------------------------


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def time_top_openings(
    app, candidate_ids, runs: int = 5, today: date | None = None, limit: int = 20
) -> list[float]:
    """Milliseconds of rank_openings_for, once per citizen per run. The citizen is loaded
    before the clock starts (the page loads it to check access); each call starts from an
    empty session, as a request does."""
    times = []
    with app.app_context():
        for _ in range(runs):
            for candidate_id in candidate_ids:
                db.session.remove()
                candidate = db.session.get(Candidate, candidate_id)
                start = time.perf_counter()
                rank_openings_for(candidate, limit=limit, today=today)
                times.append(_ms(start))
        db.session.remove()
    return times


def time_top_candidates(
    app, opening_ids, runs: int = 5, today: date | None = None, limit: int = 20
) -> list[float]:
    """Milliseconds of rank_candidates_for, once per opening per run (municipality_for)."""
    times = []
    with app.app_context():
        towns = {opening_id: municipality_for(opening_id) for opening_id in opening_ids}
        for _ in range(runs):
            for opening_id in opening_ids:
                db.session.remove()
                opening = db.session.get(Opening, opening_id)
                start = time.perf_counter()
                rank_candidates_for(opening, towns[opening_id], limit=limit, today=today)
                times.append(_ms(start))
        db.session.remove()
    return times


def _caseload_queries(user: User, number: int = 1) -> int:
    """What candidates/views.py caseload asks the database for page `number` (the rows carry
    what the template shows; the municipality comes with the user); the number of citizens
    on the page."""
    return len(caseload_page(user, number=number).items)


def time_caseload_queries(app, consultant_id: int, runs: int = 5) -> list[float]:
    """Milliseconds of the caseload page's queries (no rendering), per run."""
    times = []
    with app.app_context():
        for _ in range(runs):
            db.session.remove()
            user = db.session.get(User, consultant_id)
            start = time.perf_counter()
            _caseload_queries(user)
            times.append(_ms(start))
        db.session.remove()
    return times


def caseload_statements(app, consultant_id: int) -> tuple[int, int]:
    """(rows on the page, SQL statements it takes) for one consultant's caseload queries."""
    with app.app_context():
        db.session.remove()
        user = db.session.get(User, consultant_id)
        with StatementCounter(db.engine) as counter:
            rows = _caseload_queries(user)
        db.session.remove()
        return rows, counter.count


def logged_in_client(app, email: str, password: str = PASSWORD):
    """A test client logged in through the login form, as a browser would."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = _CSRF.search(page)
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token.group(1) if token else ""},
    )
    if response.status_code != 302:
        raise RuntimeError(f"could not log in as {email} ({response.status_code})")
    return client


def time_caseload_page(
    app, consultant_id: int, runs: int = 5, path: str = "/borgere"
) -> list[float]:
    """Milliseconds of GET /borgere through the whole app (one process, no server), per run."""
    with app.app_context():
        email = db.session.get(User, consultant_id).email
        db.session.remove()
    client = logged_in_client(app, email)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append(_ms(start))
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return times


# --- results, to compare before and after a change ---------------------------------------------


def ranked_results(app, candidate_ids, opening_ids, today: date | None = None) -> dict:
    """The top 20 (ids and scores, and reasons) for every sample."""
    out = {"openings_for_citizen": {}, "citizens_for_opening": {}}
    with app.app_context():
        for candidate_id in candidate_ids:
            db.session.remove()
            ranked = rank_openings_for(db.session.get(Candidate, candidate_id), today=today)
            out["openings_for_citizen"][str(candidate_id)] = [
                [r.opening.id, r.match.score, list(r.match.reasons)] for r in ranked
            ]
        for opening_id in opening_ids:
            db.session.remove()
            town = municipality_for(opening_id)
            ranked = rank_candidates_for(db.session.get(Opening, opening_id), town, today=today)
            out["citizens_for_opening"][str(opening_id)] = {
                "municipality_id": town,
                "top": [[r.candidate.id, r.match.score, list(r.match.reasons)] for r in ranked],
            }
        db.session.remove()
    return out


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
        "max_ms": round(ordered[-1], 2),
        "calls": len(ordered),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), required=False)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--dump", help="write the top 20 of every sample to this JSON file")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("--database-url or DATABASE_URL is needed")
    app = app_for(args.database_url)
    today = args.today
    citizens = sample_citizens(app, args.sample)
    openings = sample_openings(app, args.sample, today)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as file:
            json.dump(ranked_results(app, citizens, openings, today), file, indent=1)
    figures = {
        "top 20 openings for a citizen": summary(
            time_top_openings(app, citizens, args.runs, today)
        ),
        "top 20 citizens for an opening": summary(
            time_top_candidates(app, openings, args.runs, today)
        ),
    }
    for name, consultant_id in consultants(app).items():
        rows, statements = caseload_statements(app, consultant_id)
        label = f"caseload, {name} ({rows} on the page, {statements} statements)"
        figures[label + " queries"] = summary(
            time_caseload_queries(app, consultant_id, args.runs * 4)
        )
        figures[label + " page"] = summary(time_caseload_page(app, consultant_id, args.runs * 4))
    load = os.getloadavg()
    with app.app_context():
        dialect = db.engine.dialect.name
    print(
        f"{dialect}: samples: {len(citizens)} citizens, {len(openings)} openings, "
        f"{args.runs} runs; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    for name, figure in figures.items():
        print(f"{name:62} median {figure['median_ms']:8.1f} ms   p95 {figure['p95_ms']:8.1f} ms")
    if args.json:
        print(json.dumps({"load_average": load, "figures": figures}, indent=1))


if __name__ == "__main__":
    main()
