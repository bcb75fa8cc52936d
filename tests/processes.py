"""The app's real processes for tests (gunicorn, flask commands) and a small HTTP client."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FLASK = [str(BIN / "flask"), "--app", "wsgi"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(port: int, workers: int = 2) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "-",
        "wsgi:app",
    ]


@contextmanager
def serving(env: dict, log: Path, workers: int = 1):
    """gunicorn on a free port with this environment, its output in `log`: yields the site's
    address once it answers, and stops it (SIGTERM) afterwards."""
    port = free_port()
    with open(log, "w") as output:
        server = subprocess.Popen(
            gunicorn(port, workers), cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: Browser(base).status("/healthz") == 200, 60, "gunicorn to answer")
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def process_env(instance: Path, **settings: str) -> dict:
    """This environment without the settings a developer's shell may hold, in development
    mode with its own instance folder, and these settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "MAIL_SERVER",
            "REDIS_URL",
            "FLASK_APP",
            "CPR_KEYS",
            "CPR_HMAC_KEY",
            "SECRET_KEY",
        }
    }
    env.update(PLACEMENT_ENV="development", PLACEMENT_INSTANCE=str(instance), **settings)
    return env


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


class Browser:
    """Enough of a browser for these tests: cookies kept, redirects not followed, every status
    read, and a form's CSRF token taken from its page."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect
        )

    def request(self, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def status(self, path: str) -> int | None:
        """The status, or None while nothing listens yet."""
        try:
            return self.request(path)[0]
        except OSError:
            return None

    def post_form(self, path: str, fields: dict) -> tuple[int, dict, str]:
        page = self.request(path)[2]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        return self.request(path, {"csrf_token": token, **fields})
