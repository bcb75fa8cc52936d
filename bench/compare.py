"""Two versions of the app side by side, their pages loaded in turns: before and after a change.

    python -m bench.compare --database-url URL --before REV [--after DIR] [--rounds 3]
        [--seconds 8] [--connections 20]

The machine's speed moves too much from run to run to compare two runs of bench.run made at
different times. This serves `--before` (a git revision, checked out into a temporary
worktree) and `--after` (a checkout, by default this one) at once, each by gunicorn with 4
workers in production settings on the same database, and loads /healthz (anonymous and
logged in: /adgangskode, the floor of every logged-in page), the caseload, an opening's page
(the middle published opening, as bench.run's) and the public board of each in turns with
`wrk` (Debian's package `wrk`, a load generator in C that takes far less of the machine than
locust; bench/wrk_load.py). Each figure is the median round's,
and the ratios the issue's targets are stated in are printed after the table. `--pages
caseload,opening` loads only the pages whose label contains one of the words.

Both versions must run on the database's schema: the older code does not mind newer tables
and indexes, but not the other way round. When the after version brings a migration, give it
a copy of the database with the migration applied (`--after-database-url`), so that the
before version runs on the schema it had.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import create_engine

from bench import wrk_load
from bench._setup import middle_published_opening
from bench.load import ROOT, USER_AGENT, Gunicorn, log_in, warm_up

PAGES = (
    ("/healthz", "/healthz", False),
    ("/adgangskode (logged in)", "/adgangskode", True),
    ("caseload /borgere", "/borgere", True),
    ("opening /opslag/ID", "/opslag/{opening}", True),
    ("board /ledige-pladser/", "/ledige-pladser/", False),
)
CONSULTANT = "konsulent1@k791.example.dk"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--before", required=True, help="a git revision, e.g. e33c8f6")
    parser.add_argument("--after", type=Path, default=ROOT, help="a checkout (default: this)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument(
        "--after-database-url",
        help="the after version's database, if its schema differs (a copy with its migrations)",
    )
    parser.add_argument(
        "--pages", help="only the pages whose label contains one of these, comma-separated"
    )
    args = parser.parse_args(argv)
    if not wrk_load.available():
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    with tempfile.TemporaryDirectory() as work:
        before = Path(work) / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(before), args.before],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            return _compare({"before": before, "after": args.after}, args, work)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, capture_output=True
            )


def middle_opening(database_url: str) -> int:
    """The opening bench.run shows under load, read without starting an app."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return middle_published_opening(connection) or 0
    finally:
        engine.dispose()


def _pages(args) -> list[tuple[str, str, bool]]:
    opening = middle_opening(args.database_url)
    wanted = [w.strip() for w in (args.pages or "").split(",") if w.strip()]
    return [
        (label, path.format(opening=opening), logged_in)
        for label, path, logged_in in PAGES
        if not wanted or any(w in label for w in wanted)
    ]


def _compare(roots: dict[str, Path], args, work: str) -> int:
    # The translations are compiled files, not in git: the older checkout needs its own.
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "compile", "-d", "placement/translations"],
        cwd=roots["before"],
        capture_output=True,
    )
    pages = _pages(args)
    results: dict[tuple[str, str], list[dict]] = {}
    alone: dict[tuple[str, str], float] = {}
    servers, sessions = {}, {}
    try:
        for name, root in roots.items():
            Path(work, name + "-server").mkdir()
            url = (args.after_database_url if name == "after" else None) or args.database_url
            servers[name] = Gunicorn(
                url, 4, str(Path(work, name + "-server")), root=root
            ).__enter__()
            cookies = log_in(servers[name].base, CONSULTANT)
            sessions[name] = cookies
        for number in range(args.rounds):
            order = list(roots) if number % 2 == 0 else list(reversed(roots))
            for name in order:
                base, cookies = servers[name].base, sessions[name]
                for label, path, logged_in in pages:
                    if number == 0:
                        alone[name, label] = warm_up(base, path, cookies if logged_in else None, 12)
                    figure = wrk_load.run_wrk(
                        base,
                        path,
                        [cookies] if logged_in else [],
                        args.connections,
                        args.seconds,
                        USER_AGENT,
                    )
                    results.setdefault((name, label), []).append(figure)
                    print(
                        f"round {number + 1} {name:6} {label:24} {figure['rps']:8.1f} req/s "
                        f"p95 {figure['p95_ms']:7.1f} ms",
                        flush=True,
                    )
    finally:
        for server in servers.values():
            server.__exit__(None, None, None)
    print(f"\n{'page':24} {'version':7} {'req/s':>8} {'p95 ms':>8} {'alone ms':>9} failed")
    failed = 0
    for label, _path, _logged_in in pages:
        for name in roots:
            rounds = results[name, label]
            failed += sum(r["failures"] for r in rounds)
            print(
                f"{label:24} {name:7} {statistics.median(r['rps'] for r in rounds):8.1f} "
                f"{statistics.median(r['p95_ms'] for r in rounds):8.1f} "
                f"{alone[name, label]:9.1f} {sum(r['failures'] for r in rounds)}"
            )
    _print_ratios(results, roots)
    return 1 if failed else 0


# (page, the page it is measured against): the targets are ratios of these.
RATIOS = (
    ("board /ledige-pladser/", "/healthz"),
    ("/adgangskode (logged in)", "/healthz"),
    ("caseload /borgere", "/adgangskode (logged in)"),
    ("opening /opslag/ID", "/adgangskode (logged in)"),
    ("caseload /borgere", "/healthz"),
    ("opening /opslag/ID", "/healthz"),
)


def _print_ratios(results: dict[tuple[str, str], list[dict]], roots: dict[str, Path]) -> None:
    """Each ratio of the median rounds' requests per second, per version."""
    print()
    for page, against in RATIOS:
        shown = []
        for name in roots:
            if (name, page) in results and (name, against) in results:
                rps = [
                    statistics.median(r["rps"] for r in results[name, p]) for p in (page, against)
                ]
                shown.append(f"{name} {rps[0] / rps[1]:.2f}")
        if shown:
            print(f"{page} ÷ {against}: {', '.join(shown)}")


if __name__ == "__main__":
    raise SystemExit(main())
