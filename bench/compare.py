"""Two versions of the app side by side, their pages loaded in turns: before and after a change.

    python -m bench.compare --database-url URL --before REV [--after DIR] [--rounds 3]
        [--seconds 8] [--connections 20]

The machine's speed moves too much from run to run to compare two runs of bench.run made at
different times. This serves `--before` (a git revision, checked out into a temporary
worktree) and `--after` (a checkout, by default this one) at once, each by gunicorn with 4
workers in production settings on the same database, and loads /healthz (anonymous and
logged in), the caseload, an opening's page and the public board of each in turns with `wrk`
(Debian's package `wrk`, a load generator in C that takes far less of the machine than
locust; bench/wrk_load.py). Each figure is the median round's.

Both versions must run on the database's schema: the older code does not mind newer tables
and indexes, but not the other way round.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

from bench import wrk_load
from bench.load import ROOT, USER_AGENT, Gunicorn, log_in, warm_up

CONSULTANT = "konsulent1@k791.example.dk"


def pages(opening_id: int | None) -> list[tuple[str, str, bool]]:
    """(label, path, logged in) of the pages compared."""
    return [
        ("/healthz", "/healthz", False),
        ("/adgangskode (logged in)", "/adgangskode", True),
        ("caseload /borgere", "/borgere", True),
        *([(f"opening /opslag/{opening_id}", f"/opslag/{opening_id}", True)] if opening_id else []),
        ("board /ledige-pladser/", "/ledige-pladser/", False),
    ]


def middle_published_opening(url: str) -> int | None:
    """The opening bench.run loads: the middle one of the published, by id."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            ids = connection.scalars(
                text("SELECT id FROM openings WHERE status = 'published' ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    return ids[len(ids) // 2] if ids else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--before", required=True, help="a git revision, e.g. e33c8f6")
    parser.add_argument("--after", type=Path, default=ROOT, help="a checkout (default: this)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=20)
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


def _compare(roots: dict[str, Path], args, work: str) -> int:
    # The translations are compiled files, not in git: the older checkout needs its own.
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "compile", "-d", "placement/translations"],
        cwd=roots["before"],
        capture_output=True,
    )
    compared = pages(middle_published_opening(args.database_url))
    results: dict[tuple[str, str], list[dict]] = {}
    alone: dict[tuple[str, str], float] = {}
    servers, sessions = {}, {}
    try:
        for name, root in roots.items():
            Path(work, name + "-server").mkdir()
            servers[name] = Gunicorn(
                args.database_url, 4, str(Path(work, name + "-server")), root=root
            ).__enter__()
            cookies = log_in(servers[name].base, CONSULTANT)
            sessions[name] = cookies
        for number in range(args.rounds):
            order = list(roots) if number % 2 == 0 else list(reversed(roots))
            for name in order:
                base, cookies = servers[name].base, sessions[name]
                for label, path, logged_in in compared:
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
                        f"round {number + 1} {name:6} {label:28} {figure['rps']:8.1f} req/s "
                        f"p95 {figure['p95_ms']:7.1f} ms",
                        flush=True,
                    )
    finally:
        for server in servers.values():
            server.__exit__(None, None, None)
    print(f"\n{'page':28} {'version':7} {'req/s':>8} {'p95 ms':>8} {'alone ms':>9} failed")
    failed = 0
    for label, _path, _logged_in in compared:
        for name in roots:
            rounds = results[name, label]
            failed += sum(r["failures"] for r in rounds)
            print(
                f"{label:28} {name:7} {statistics.median(r['rps'] for r in rounds):8.1f} "
                f"{statistics.median(r['p95_ms'] for r in rounds):8.1f} "
                f"{alone[name, label]:9.1f} {sum(r['failures'] for r in rounds)}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
