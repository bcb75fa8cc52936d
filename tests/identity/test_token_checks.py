"""The ID token is believed only when all of it checks out: a tampered token, a nonce this
browser never sent, a token made for another app and an expired token are all refused, and
nobody is signed in. Each token here is a real one from the provider process, changed or
misdirected the way an attacker or a broken clock would."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request

import pytest
from authlib.integrations.requests_client import OAuth2Session
from sqlalchemy import func, select

from placement.extensions import db
from placement.models import AuditAction, AuditEvent, User
from tests.factories import create_candidate
from tests.identity.provider import CPR, LOA, running
from tests.identity.test_sign_in_flow import CITIZEN_CPR, begin

pytestmark = pytest.mark.real_clock


@pytest.fixture
def mette(signed_in_through):
    create_candidate(name="Mette Sørensen", cpr=CITIZEN_CPR)
    return signed_in_through.person("mitid-mette", **{CPR: CITIZEN_CPR, LOA: "Substantial"})


def refused_and_nobody_signed_in(client, response, reason: str = "invalid_token") -> None:
    assert response.status_code == 403
    assert "Vi kunne ikke stole på svaret" in response.get_data(as_text=True)
    assert client.get("/mine-tilbud").status_code == 302
    assert db.session.scalar(select(func.count(User.id))) == 0
    row = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.SIGN_IN_REFUSED)
    ).all()[-1]
    assert row.detail == reason


def token_changed(monkeypatch, change) -> None:
    """The token endpoint's real answer, changed by `change(token)` on its way to the app."""
    real_fetch = OAuth2Session.fetch_token

    def fetch(self, url=None, **kwargs):
        return change(real_fetch(self, url, **kwargs))

    monkeypatch.setattr(OAuth2Session, "fetch_token", fetch)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_tampered_id_token_is_refused(client, signed_in_through, mette, monkeypatch):
    other = create_candidate(name="Anden Borger", cpr="0303803456")
    del other  # the profile the forged token tries to reach

    def forge(token):
        header, payload, signature = token["id_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims[CPR] = "0303803456"
        token["id_token"] = ".".join((header, _b64(json.dumps(claims).encode()), signature))
        return token

    token_changed(monkeypatch, forge)
    response = client.get(signed_in_through.authorize(begin(client, "borger"), mette))
    refused_and_nobody_signed_in(client, response)


def test_a_nonce_this_browser_did_not_send_is_refused(client, signed_in_through, mette):
    location = begin(client, "borger")
    # A token made for another sign-in (replayed): the nonce in it is not this session's.
    with client.session_transaction() as session:
        key = next(key for key in session if key.startswith("_state_oidc_citizens_"))
        state = session[key]
        state["data"]["nonce"] = "en-anden-nonce"
        session[key] = state

    response = client.get(signed_in_through.authorize(location, mette))
    refused_and_nobody_signed_in(client, response)


def test_an_id_token_made_for_another_app_is_refused(client, signed_in_through, mette, monkeypatch):
    location = begin(client, "borger")
    nonce = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))["nonce"]
    # Another app's sign-in at the same provider, with the same person and even our nonce.
    other_app = (
        signed_in_through.url
        + "/oauth2/authorize?"
        + urllib.parse.urlencode(
            {
                "response_type": "code",
                "client_id": "en-anden-app",
                "redirect_uri": "http://127.0.0.1:9/retur",
                "scope": "openid",
                "nonce": nonce,
                "state": "x",
            }
        )
    )
    code = dict(
        urllib.parse.parse_qsl(
            urllib.parse.urlsplit(signed_in_through.authorize(other_app, mette)).query
        )
    )["code"]
    exchange = urllib.request.Request(
        signed_in_through.url + "/oauth2/token",
        data=urllib.parse.urlencode(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": "http://127.0.0.1:9/retur",
                "client_id": "en-anden-app",
                "client_secret": "deres",
            }
        ).encode(),
    )
    with urllib.request.urlopen(exchange, timeout=10) as answer:
        theirs = json.load(answer)
    assert json.loads(base64.urlsafe_b64decode(theirs["id_token"].split(".")[1] + "=="))["aud"] in (
        "en-anden-app",
        ["en-anden-app"],
    )

    token_changed(monkeypatch, lambda ours: theirs)  # their whole answer: only the audience is off
    response = client.get(signed_in_through.authorize(location, mette))
    refused_and_nobody_signed_in(client, response)


def test_an_expired_id_token_is_refused(client, configure, tmp_path):
    create_candidate(cpr=CITIZEN_CPR)
    # A provider whose tokens expired ten minutes before they were issued: the app allows
    # a minute's difference between clocks (OIDC_LEEWAY_SECONDS), not ten.
    with running(tmp_path / "provider.log", "--token-max-age", "-600") as stale:
        configure(stale.url)
        sub = stale.person("mitid-gammel", **{CPR: CITIZEN_CPR, LOA: "Substantial"})
        response = client.get(stale.authorize(begin(client, "borger"), sub))
    refused_and_nobody_signed_in(client, response)


def test_a_provider_that_does_not_answer_gets_a_plain_page(client, configure):
    from tests.processes import free_port

    configure(f"http://127.0.0.1:{free_port()}")  # nothing listens there

    response = client.get("/log-ind/borger")

    assert response.status_code == 503
    assert "svarer ikke lige nu" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
