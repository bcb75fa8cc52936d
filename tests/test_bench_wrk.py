"""The load generator of bench.run and bench.compare (bench/wrk_load.py with bench/wrk.lua):
each connection sends its session, and an answer other than 200 counts as failed, so a page
that sends everyone to /login cannot pass as fast."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import wrk_load
from tests.conftest import missing


class _Page(BaseHTTPRequestHandler):
    """200 to the session "abc", a redirect to /login to everyone else."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        if "session=abc" in (self.headers.get("Cookie") or ""):
            self.send_response(200)
            body = b"the page"
        else:
            self.send_response(302)
            self.send_header("Location", "/login")
            body = b""
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args):
        pass


@pytest.fixture
def page_server():
    if not wrk_load.available():
        missing("wrk is not installed (Debian: apt-get install wrk)")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_logged_in_load_sends_the_session_and_is_served(page_server):
    figures = wrk_load.run_wrk(page_server, "/borgere", [{"session": "abc"}], 2, 1, "bench")

    assert figures["n"] > 0 and figures["failures"] == 0 and figures["errors"] == []
    assert figures["rps"] > 0 and 0 < figures["median_ms"] <= figures["p95_ms"]


def test_a_redirect_to_the_login_counts_as_failed(page_server):
    figures = wrk_load.run_wrk(page_server, "/borgere", [{"session": "expired"}], 2, 1, "bench")

    assert figures["n"] > 0 and figures["failures"] == figures["n"]
    assert figures["errors"] == [f"302 ×{figures['n']}"]
