"""The locust users of bench/load.py: each asks for one page again and again, at once.

Set by bench/load.py in the environment: BENCH_PATH (the page), BENCH_NAME (its name in the
statistics), BENCH_USER_AGENT (the logins' own: Flask-Login binds the session to it) and
BENCH_SESSIONS (JSON: a list of sessions, each its cookies {name: value}, made by logging in
before the load; empty for the public pages). User n takes session n modulo their number, so
nobody logs in during the load.
"""

from __future__ import annotations

import itertools
import json
import os
from http.cookiejar import Cookie, DefaultCookiePolicy

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

PATH = os.environ.get("BENCH_PATH", "/healthz")
NAME = os.environ.get("BENCH_NAME", PATH)
HEADERS = {"User-Agent": os.environ.get("BENCH_USER_AGENT", "placement-bench")}
SESSIONS = json.loads(os.environ.get("BENCH_SESSIONS") or "[]")
_numbers = itertools.count()


def _cookie(name: str, value: str) -> Cookie:
    return Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain="127.0.0.1",
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=True,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={"HttpOnly": None},
    )


class _PlainHttp(DefaultCookiePolicy):
    """The production session cookie is Secure, and this load talks plain HTTP to 127.0.0.1
    (no proxy terminates TLS here): send it all the same."""

    def return_ok_secure(self, cookie, request):
        return True


class PageUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        if SESSIONS:
            # The client's cookie jar then keeps what the server sets later (the
            # session's last-seen time), as a browser would.
            self.client.cookiejar.set_policy(_PlainHttp())
            for name, value in SESSIONS[next(_numbers) % len(SESSIONS)].items():
                self.client.cookiejar.set_cookie(_cookie(name, value))

    @task
    def page(self):
        # A redirect (to /login, say) is a failure: the page itself must be what was timed.
        with self.client.get(
            PATH, name=NAME, headers=HEADERS, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
