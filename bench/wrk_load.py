"""wrk (Debian's package, a load generator in C) for bench/load.py and bench/compare.py.

Locust is Python: on this 2-core machine it takes a core of its own, and /healthz, the page
every other is compared with, is then limited by locust rather than by the server. wrk asks
with a fraction of the CPU. Its script (bench/wrk.lua) gives each of its threads one of the
sessions made before the load, counts anything but 200 as a failure, as the locust users do,
and prints one line of figures with the p95.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "wrk.lua"
THREADS = 2  # one per core: more only take turns


def available() -> bool:
    return shutil.which("wrk") is not None


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def run_wrk(
    base: str,
    path: str,
    sessions: list[dict[str, str]],
    connections: int,
    seconds: float,
    user_agent: str,
) -> dict:
    """`connections` connections asking for `path` for `seconds`: requests per second, median,
    p95 and mean latency (ms), the count and the failures."""
    env = dict(
        os.environ,
        BENCH_PATH=path,
        BENCH_COOKIES="\n".join(cookie_header(session) for session in sessions),
    )
    finished = subprocess.run(
        [
            "wrk",
            f"-t{min(THREADS, connections)}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            # wrk gives up on an answer after 2 s and leaves it out of the latencies: a slow
            # page must be timed, not dropped.
            "--timeout",
            "30s",
            "-H",
            f"User-Agent: {user_agent}",
            "-s",
            str(SCRIPT),
            base,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=seconds + 60,
    )
    line = next((row for row in finished.stdout.splitlines() if row.startswith("BENCH ")), None)
    if finished.returncode != 0 or line is None:
        raise RuntimeError(f"wrk for {path} failed: {(finished.stderr or finished.stdout)[-800:]}")
    figures = json.loads(line[len("BENCH ") :])
    return {
        "rps": round(figures["n"] / figures["seconds"], 1) if figures["seconds"] else 0.0,
        "median_ms": round(figures["median_ms"], 1),
        "p95_ms": round(figures["p95_ms"], 1),
        "mean_ms": round(figures["mean_ms"], 1),
        "n": figures["n"],
        "failures": figures["failures"],
        "errors": figures["statuses"]
        + ([f"socket errors ×{figures['socket_errors']}"] if figures["socket_errors"] else []),
    }
