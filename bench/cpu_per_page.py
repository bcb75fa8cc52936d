"""CPU time a page costs, the app's and PostgreSQL's, per request: a measure a busy machine
does not bend the way it bends requests per second.

    python -m bench.cpu_per_page --database-url URL [--before REV] [--after-database-url URL]
        [--requests 300] [--rounds 3] [--path /adgangskode --path /borgere ...]

Asks each page `--requests` times one after the other through Flask's test client in this
process (logged in once as konsulent1@k791), and counts the CPU time this process used
(time.process_time) and the CPU time of the PostgreSQL backend serving its one pooled
connection (from /proc: the server must run on this machine). Wall time is printed too, but
on a shared machine it mostly says how busy the others were. With `--before REV` the same
is measured for that revision (a temporary git worktree, run in a process of its own) in
turns, `--rounds` times, and the medians are printed side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("/healthz", "/adgangskode", "/borgere", "/opslag/{opening}")
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_TICKS = os.sysconf("SC_CLK_TCK")


def _backend_cpu(pid: int) -> float:
    """Seconds of CPU the process has used (user + system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def measure(database_url: str, paths: list[str], requests: int) -> dict[str, dict]:
    """{path: {app_ms, db_ms, wall_ms}} per request, in this process."""
    from sqlalchemy import select

    from bench.generate import PASSWORD
    from placement import create_app
    from placement.extensions import db
    from placement.models import Opening, OpeningStatus

    app = create_app({"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        published = db.session.scalars(
            select(Opening.id).where(Opening.status == OpeningStatus.PUBLISHED).order_by(Opening.id)
        ).all()
        db.session.rollback()
    opening = published[len(published) // 2] if published else 0
    client = app.test_client()
    token = _CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    answer = client.post(
        "/login",
        data={"csrf_token": token, "email": "konsulent1@k791.example.dk", "password": PASSWORD},
    )
    assert answer.status_code == 302, answer.status_code
    figures = {}
    for template in paths:
        path = template.format(opening=opening)
        for _ in range(10):
            assert client.get(path).status_code == 200, path
        with app.app_context():
            raw = db.engine.raw_connection()
            pid = raw.driver_connection.info.backend_pid
            raw.close()
            pooled = db.engine.pool.checkedin()
        db_before, app_before, wall_before = _backend_cpu(pid), time.process_time(), time.time()
        for _ in range(requests):
            client.get(path)
        wall = time.time() - wall_before
        app_cpu, db_cpu = time.process_time() - app_before, _backend_cpu(pid) - db_before
        figures[template] = {
            "app_ms": 1000 * app_cpu / requests,
            "db_ms": 1000 * db_cpu / requests if pooled == 1 else float("nan"),
            "wall_ms": 1000 * wall / requests,
        }
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--after-database-url")
    parser.add_argument("--before")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--path", action="append")
    parser.add_argument("--json-out", help=argparse.SUPPRESS)  # the child's answer
    args = parser.parse_args(argv)
    paths = args.path or list(PAGES)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(measure(args.database_url, paths, args.requests)))
        return 0
    with tempfile.TemporaryDirectory() as work:
        roots = {"after": ROOT}
        if args.before:
            roots = {"before": Path(work) / "before", "after": ROOT}
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(roots["before"]), args.before],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            subprocess.run(
                [
                    str(Path(sys.executable).parent / "pybabel"),
                    "compile",
                    "-d",
                    "placement/translations",
                ],  # fmt: skip
                cwd=roots["before"],
                capture_output=True,
            )
        try:
            results: dict[str, list[dict]] = {name: [] for name in roots}
            for number in range(args.rounds):
                for name in roots if number % 2 == 0 else list(reversed(roots)):
                    url = (
                        args.after_database_url if name == "after" else None
                    ) or args.database_url
                    out = Path(work, f"{name}-{number}.json")
                    # This file, run against that checkout's code (an older one has no copy).
                    command = [sys.executable, __file__, "--database-url", url, "--requests",
                               str(args.requests), "--json-out", str(out)]  # fmt: skip
                    for path in paths:
                        command += ["--path", path]
                    env = {**os.environ, "PYTHONPATH": str(roots[name])}
                    subprocess.run(command, cwd=roots[name], env=env, check=True)
                    results[name].append(json.loads(out.read_text()))
                    print(f"round {number + 1} {name} done", flush=True)
        finally:
            if args.before:
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(roots["before"])],
                    cwd=ROOT,
                    capture_output=True,
                )
    print(f"\n{'page':20} {'version':7} {'app ms':>7} {'db ms':>7} {'total':>7} {'wall ms':>8}")
    for path in paths:
        for name, rounds in results.items():
            app_ms = statistics.median(r[path]["app_ms"] for r in rounds)
            db_ms = statistics.median(r[path]["db_ms"] for r in rounds)
            wall = statistics.median(r[path]["wall_ms"] for r in rounds)
            print(
                f"{path:20} {name:7} {app_ms:7.2f} {db_ms:7.2f} {app_ms + db_ms:7.2f} {wall:8.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
