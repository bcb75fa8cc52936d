"""A real OpenID Connect provider for the sign-in tests: oidc-provider-mock (PyPI), run as its
own process on a free port. It publishes its metadata and keys, shows an authorization form
where the test (or the browser) names the person, signs ID tokens with the claims the test
gave that person, checks the nonce, and offers RP-initiated logout.

What it does not do: check a PKCE verifier (0.3.4 ignores code_challenge), so the tests check
the app's side of PKCE themselves (tests/identity/test_sign_in_flow.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.processes import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent.parent

# NemLog-in's attribute names, the app's defaults (placement/identity/settings.py).
CPR = "https://data.gov.dk/model/core/eid/cprNumber"
CVR = "https://data.gov.dk/model/core/eid/professional/cvr"
LOA = "https://data.gov.dk/concept/core/nsis/loa"
FULL_NAME = "https://data.gov.dk/model/core/eid/fullName"
EMAIL = "https://data.gov.dk/model/core/eid/email"
ORG_NAME = "https://data.gov.dk/model/core/eid/professional/orgName"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


class OidcProvider:
    def __init__(self, url: str):
        self.url = url

    def person(self, sub: str, **claims) -> str:
        """The claims the provider puts in this person's ID token (and userinfo)."""
        request = urllib.request.Request(
            f"{self.url}/users/{urllib.parse.quote(sub, safe='')}",
            data=json.dumps(claims).encode(),
            method="PUT",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 204
        return sub

    def authorize(self, authorization_url: str, sub: str) -> str:
        """The person signs in at the provider's form: the address it sends the browser back to
        (the app's callback, with the code and the state)."""
        assert authorization_url.startswith(self.url), authorization_url
        data = urllib.parse.urlencode({"sub": sub}).encode()
        try:
            _opener.open(urllib.request.Request(authorization_url, data=data), timeout=10)
        except urllib.error.HTTPError as redirect:
            assert redirect.code == 302, redirect.read()[:500]
            return redirect.headers["Location"]
        raise AssertionError("the provider did not send the browser back")

    def deny(self, authorization_url: str) -> str:
        data = urllib.parse.urlencode({"action": "deny"}).encode()
        try:
            _opener.open(urllib.request.Request(authorization_url, data=data), timeout=10)
        except urllib.error.HTTPError as redirect:
            return redirect.headers["Location"]
        raise AssertionError("the provider did not send the browser back")


@contextmanager
def running(log: Path, *options: str):
    """The provider on a free port until the block ends."""
    port = free_port()
    with open(log, "w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "oidc_provider_mock",
                "--port",
                str(port),
                "-n",
                "true",
                *options,
            ],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                return True
        except OSError:
            return process.poll() is None and False

    try:
        wait_for(answers, 30, "the OpenID provider to answer")
        yield OidcProvider(url)
    finally:
        process.terminate()
        process.wait(timeout=10)
