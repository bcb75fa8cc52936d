"""Pages under load: gunicorn as the README's production section runs it, wrk (or locust
headless) in front of it for a fixed time per page, and the workers' memory after.

Called by bench.run (`--only load`). Each page gets `duration` seconds of locust with `users`
users that ask again as soon as an answer comes (no think time), so the requests per second
are what the server manages and the latencies include the wait for a free worker. The pages
take turns in `rounds` rounds (locust runs of duration / rounds seconds), and each figure is
the median round's. The load generator runs on the same machine: wrk (bench/wrk_load.py, in
C) takes little of it; locust (`--load-tool locust`) takes about a core, which limits the
cheapest pages, /healthz first.

Logging in: the consultant pages need a session, and a login costs an argon2 hash of the
production cost (tens of milliseconds of a core and 64 MiB). The sessions are made once,
before any load, through the real /login form with its CSRF token (one per consultant
account, at most four), and each locust user starts with one of their cookies; nobody logs in
while the clock runs. The login rate limit counts failed logins only, and these succeed: it is
left as it is.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests
from cryptography.fernet import Fernet

from bench import wrk_load
from bench.generate import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
START_TIMEOUT_SECONDS = 90
STOP_TIMEOUT_SECONDS = 30
# One browser's name for the logins and the load alike: Flask-Login's strong session
# protection ends a session that comes back from another address or user agent.
USER_AGENT = "placement-bench (bench/load.py)"
MIN_ROUND_SECONDS = 5
WARM_UP_REQUESTS = 3  # per page and worker, before the clock: imports, first plans, caches
_CSRF = re.compile(
    r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"|'
    r'<input[^>]*value="([^"]+)"[^>]*name="csrf_token"'
)
# The last line of a traceback in the server's log, e.g. "jinja2.exceptions.UndefinedError: …"
_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Timeout)\b")


class LoadError(RuntimeError):
    """The server or the load could not be run; the message says why."""


class Browser:
    """Plain HTTP to 127.0.0.1 with the production cookies, which are Secure: requests would
    keep them back over http://, so they are kept here and sent by hand (no proxy terminates
    TLS in this run; the server never sees the difference)."""

    def __init__(self, base: str, cookies: dict[str, str] | None = None):
        self.base, self.cookies = base, dict(cookies or {})

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        answer = requests.request(
            method,
            self.base + path,
            cookies=self.cookies,
            headers={"User-Agent": USER_AGENT},
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        self.cookies.update({c.name: c.value for c in answer.cookies})
        return answer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(url: str, workdir: str) -> dict[str, str]:
    """Production settings with throwaway keys: the generated data has no CPR numbers, so no
    real key is needed, and none is written anywhere."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PLACEMENT_", "MAIL_", "REDIS_", "CPR_", "SECRET_KEY"))
    }
    env.update(
        PLACEMENT_ENV="production",
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_hex(32),
        CPR_KEYS=Fernet.generate_key().decode(),
        CPR_HMAC_KEY=secrets.token_hex(32),
        PLACEMENT_INSTANCE=workdir,
        PYTHONUNBUFFERED="1",
    )
    return env


class Gunicorn:
    """`gunicorn --workers N --bind 127.0.0.1:PORT --access-logfile - wsgi:app`, its output
    in a file, stopped (by its own pid) on leaving."""

    def __init__(self, url: str, workers: int, workdir: str, root: Path = ROOT):
        # root: the checkout whose wsgi.py to serve (bench/compare.py serves an older one).
        self.root, self.port, self.workers = root, free_port(), workers
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(workdir, "gunicorn.log")
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--access-logfile",
            "-",
            "wsgi:app",
        ]
        self.env = server_environment(url, workdir)
        self.process = None

    def __enter__(self) -> Gunicorn:
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            self.command, cwd=self.root, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        try:
            self._wait_until_ready()
        except BaseException:  # a server that never served is stopped all the same
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LoadError(f"gunicorn stopped at start: {self.tail()}")
            try:
                if (
                    requests.get(self.base + "/healthz", timeout=2).status_code == 200
                    and len(self.worker_pids()) == self.workers
                ):
                    return
            except requests.RequestException:  # not listening yet, or busy starting
                pass
            time.sleep(0.25)
        raise LoadError(f"gunicorn did not answer within {START_TIMEOUT_SECONDS} s")

    def __exit__(self, *_exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn stops its workers itself
            try:
                self.process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def errors_since(self, offset: int) -> tuple[list[str], int]:
        """The distinct exceptions the app logged after offset (a 500's cause), and the new
        offset."""
        self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as file:
            file.seek(offset)
            found = []
            for line in file:
                if _EXCEPTION.match(line) and line.strip() not in found:
                    found.append(line.strip())
            return found[:5], file.tell()

    def tail(self, lines: int = 15) -> str:
        self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as file:
            return "".join(file.readlines()[-lines:])


def rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def log_in(base: str, email: str) -> dict[str, str]:
    """One session through the real login form; its cookies, to hand to the load users."""
    browser = Browser(base)
    match = _CSRF.search(browser.request("GET", "/login").text)
    if not match:
        raise LoadError("no CSRF token on /login")
    answer = browser.request(
        "POST",
        "/login",
        data={"csrf_token": match.group(1) or match.group(2), "email": email, "password": PASSWORD},
    )
    if answer.status_code != 302 or "/login" in answer.headers.get("Location", ""):
        raise LoadError(f"logging in as {email} answered {answer.status_code}")
    return browser.cookies


def warm_up(base: str, path: str, cookies: dict[str, str] | None, count: int) -> float:
    """count requests one at a time, before the load; the median time of one alone (ms)."""
    browser, times = Browser(base, cookies), []
    for _ in range(count):
        started = time.perf_counter()
        answer = browser.request("GET", path)
        times.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise LoadError(f"{path} answered {answer.status_code} before the load")
    return round(statistics.median(times), 1)


def run_locust(
    base: str,
    page: dict,
    sessions: list[dict[str, str]],
    users: int,
    duration: float,
    workdir: str,
    round_number: int = 1,
) -> dict:
    prefix = os.path.join(workdir, f"locust-{page['key']}-{round_number}")
    env = dict(
        os.environ,
        BENCH_PATH=page["path"],
        BENCH_NAME=page["key"],
        BENCH_USER_AGENT=USER_AGENT,
        BENCH_SESSIONS=json.dumps(sessions if page["login"] else []),
    )
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        base,
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{max(1, round(duration))}s",
        "--stop-timeout",
        "10",
        "--csv",
        prefix,
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    with open(prefix + ".log", "w") as log:
        finished = subprocess.run(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=duration + 120
        )
    with open(prefix + ".log", encoding="utf-8", errors="replace") as log:
        output = log.read()
    if finished.returncode != 0:
        raise LoadError(f"locust for {page['path']} exited {finished.returncode}: {output[-800:]}")
    with open(prefix + "_stats.csv", newline="") as file:
        row = next((r for r in csv.DictReader(file) if r["Name"] == page["key"]), None)
    errors = []
    if os.path.exists(prefix + "_failures.csv"):
        with open(prefix + "_failures.csv", newline="") as file:
            errors = [f"{r['Error']} ×{r['Occurrences']}" for r in csv.DictReader(file)]
    if row is None or not int(row["Request Count"]):
        raise LoadError(f"locust made no request to {page['path']}: {output[-800:]}")
    return {
        "label": f"load: {page['label']}",
        "path": page["path"],
        "rps": round(float(row["Requests/s"]), 1),
        "median_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "mean_ms": round(float(row["Average Response Time"]), 1),
        "n": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "errors": errors[:5],
        "load_generator_cpu_warning": "CPU usage above" in output,
    }


def run_round(
    tool: str,
    base: str,
    page: dict,
    sessions: list[dict[str, str]],
    users: int,
    duration: float,
    workdir: str,
    round_number: int,
) -> dict:
    """One round of one page with the chosen load generator, as one figure."""
    if tool == "locust":
        return run_locust(base, page, sessions, users, duration, workdir, round_number)
    result = wrk_load.run_wrk(
        base, page["path"], sessions if page["login"] else [], users, duration, USER_AGENT
    )
    return {
        "label": f"load: {page['label']}",
        "path": page["path"],
        **result,
        "load_generator_cpu_warning": False,
    }


def combined(results: list[dict], alone_ms: float) -> dict:
    """One page's rounds as one figure: the median round's requests per second and p95 (a
    round in a busy moment of the shared machine moves neither), the counts summed."""
    first = results[0]
    return {
        "label": first["label"],
        "path": first["path"],
        "rps": statistics.median(r["rps"] for r in results),
        "median_ms": statistics.median(r["median_ms"] for r in results),
        "p95_ms": statistics.median(r["p95_ms"] for r in results),
        "n": sum(r["n"] for r in results),
        "failures": sum(r["failures"] for r in results),
        "alone_median_ms": alone_ms,
        "errors": sorted({e for r in results for e in r["errors"]})[:5],
        "server_errors": sorted({e for r in results for e in r["server_errors"]})[:5],
        "load_generator_cpu_warning": any(r["load_generator_cpu_warning"] for r in results),
        "rounds": [
            {
                key: r[key]
                for key in ("rps", "median_ms", "p95_ms", "n", "failures", "load_average_before")
            }
            for r in results
        ],
    }


def run_load(
    url: str,
    *,
    consultants: list[str],
    opening_id: int | None,
    users: int,
    duration: float,
    workers: int,
    workdir: str,
    rounds: int = 3,
    tool: str = "wrk",
    out=print,
) -> dict:
    if tool == "wrk" and not wrk_load.available():
        raise LoadError("wrk is not installed (Debian: apt-get install wrk); or --load-tool locust")
    needed = ("gunicorn", "locust") if tool == "locust" else ("gunicorn",)
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        raise LoadError(
            f"{' and '.join(missing)} not installed: .venv/bin/pip install "
            '-e ".[prod]" "locust>=2.40,<3"'
        )
    if not consultants:
        raise LoadError("no consultant in the municipality to log in as")
    pages = [
        {
            "key": "healthz",
            "label": "/healthz (the bare framework)",
            "path": "/healthz",
            "login": False,
        },
        # The simplest page of a logged-in person, the floor of every other: the session, the
        # user's row, the idle-time check, the bell's count and a small form. (/healthz no
        # longer looks at the session: it must answer while the database is down.)
        {
            "key": "logged_in_floor",
            "label": "/adgangskode (the simplest logged-in page)",
            "path": "/adgangskode",
            "login": True,
        },
        {
            "key": "caseload",
            "label": "caseload /borgere (consultant)",
            "path": "/borgere",
            "login": True,
        },
        {
            "key": "opening",
            "label": f"opening /opslag/{opening_id} (consultant)",
            "path": f"/opslag/{opening_id}",
            "login": True,
        },
        {
            "key": "board",
            "label": "public board /ledige-pladser/",
            "path": "/ledige-pladser/",
            "login": False,
        },
    ]
    if opening_id is None:
        pages = [p for p in pages if p["key"] != "opening"]
    figures = {}
    with Gunicorn(url, workers, workdir) as server:
        out(
            f"  gunicorn {workers} workers on {server.base}; logging in "
            f"{len(consultants)} consultant session(s)"
        )
        sessions = [log_in(server.base, email) for email in consultants]
        alone = {
            page["key"]: warm_up(
                server.base,
                page["path"],
                sessions[0] if page["login"] else None,
                WARM_UP_REQUESTS * workers,
            )
            for page in pages
        }
        _, offset = server.errors_since(0)
        # Rounds of at least MIN_ROUND_SECONDS: locust's first second is the users starting.
        rounds = max(1, min(rounds, int(duration // MIN_ROUND_SECONDS)))
        done: dict[str, list[dict]] = {page["key"]: [] for page in pages}
        for number in range(1, rounds + 1):
            for page in pages:
                before = os.getloadavg()[0]
                result = run_round(
                    tool, server.base, page, sessions, users, duration / rounds, workdir, number
                )
                result["load_average_before"] = round(before, 2)
                result["server_errors"], offset = server.errors_since(offset)
                done[page["key"]].append(result)
                out(
                    f"  round {number}/{rounds} {page['path']}: {result['rps']:.0f} req/s, "
                    f"p95 {result['p95_ms']:.0f} ms (load average {before:.2f})"
                    + (f", {result['failures']} failed" if result["failures"] else "")
                )
        for page in pages:
            figures[f"load.{page['key']}"] = combined(done[page["key"]], alone[page["key"]])
        rss = {pid: rss_mb(pid) for pid in server.worker_pids()}
    healthz = figures.get("load.healthz", {}).get("rps")
    floor = figures.get("load.logged_in_floor", {}).get("rps")
    for key, figure in list(figures.items()):
        if healthz and key != "load.healthz":
            figure["ratio_to_healthz"] = round(figure["rps"] / healthz, 3)
    for page, baseline, over in (
        ("board", healthz, "/healthz"),
        ("logged_in_floor", healthz, "/healthz"),
        ("caseload", healthz, "/healthz"),
        ("caseload", floor, "/adgangskode"),
        ("opening", floor, "/adgangskode"),
    ):
        if f"load.{page}" in figures and baseline:
            suffix = "_ratio" if over == "/healthz" else "_ratio_logged_in"
            figures[f"load.{page}{suffix}"] = {
                "label": f"load: {page.replace('_', ' ')} req/s ÷ {over} req/s",
                "value": round(figures[f"load.{page}"]["rps"] / baseline, 3),
            }
    sizes = [mb for mb in rss.values() if mb is not None]
    if sizes:
        figures["rss.max_mb"] = {
            "label": "worker RSS after the load, largest (MB)",
            "value": max(sizes),
            "workers": sizes,
        }
        figures["rss.median_mb"] = {
            "label": "worker RSS after the load, median (MB)",
            "value": statistics.median(sizes),
        }
    return figures
