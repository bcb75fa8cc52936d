"""Rate limits past the login: invitation codes, reset links, API keys, mails to typed addresses."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from placement import create_app
from placement.accounts import users
from placement.api import tokens
from placement.citizens import profiles
from placement.common.policy import MAIL_LIMITS, SECRET_LIMITS, SIGNED_IN_MAIL_LIMITS
from placement.extensions import db, limiter
from placement.models import Invitation, Role, User
from placement.statistics import aggregates as stats
from tests.conftest import csrf_token, log_in, post_form
from tests.factories import (
    PASSWORD,
    create_candidate,
    create_employer,
    create_municipality,
    create_user,
)
from tests.web.test_rate_limit import REDIS_URL, _redis

TOO_MANY_TRIES = "For mange forsøg. Vent 15 minutter, og prøv igen."
TOO_MANY_MAILS = "Der er bedt om for mange mails. Vent 60 minutter, og prøv igen."
WRONG_CODE = "Koden er forkert eller udløbet."
EXPIRED_LINK = "Linket er udløbet eller allerede brugt."


def address(n: int) -> dict:
    """The environ of a client at another address (TEST-NET-2, never a real one)."""
    return {"environ_base": {"REMOTE_ADDR": f"198.51.100.{n}"}}


def refused(response, message: str) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == 429, page[:400]
    assert message in page
    assert response.headers["Retry-After"].isdigit()
    assert "Traceback" not in page
    return page


def invitation_code(candidate) -> str:
    code = profiles.invite_citizen(candidate, create_user(Role.CONSULTANT)).code
    db.session.commit()
    return code


def type_code(client, code: str, **kwargs):
    return post_form(
        client, "/borgere/aktiver", {"code": code}, form_page="/borgere/aktiver", **kwargs
    )


def wrong_code(n: int) -> str:
    return f"ZZZZ-{n:04d}"  # digits 0 and 1 are not in the alphabet: never a real code


# --- invitation codes --------------------------------------------------------------------------


def test_wrong_codes_from_one_address_are_refused_after_the_limit(client):
    code = invitation_code(create_candidate(email="rie@example.dk"))
    for n in range(SECRET_LIMITS.per_address):
        assert WRONG_CODE in type_code(client, wrong_code(n)).get_data(as_text=True)

    page = refused(type_code(client, code), TOO_MANY_TRIES)  # even the right code
    assert f'value="{code}"' in page  # the form keeps what was typed
    assert "rie@example.dk" not in page and "Koden er rigtig" not in page
    # Another address is not affected.
    assert "rie@example.dk" in type_code(client, code, **address(1)).get_data(as_text=True)


def test_one_code_typed_wrong_from_many_addresses_is_refused(client):
    code = invitation_code(create_candidate(email="rie@example.dk"))
    for n in range(SECRET_LIMITS.per_target):
        type_code(client, wrong_code(7), **address(n))
    refused(type_code(client, wrong_code(7), **address(99)), TOO_MANY_TRIES)
    # Another code from the same address still works until the address limit.
    assert "rie@example.dk" in type_code(client, code, **address(99)).get_data(as_text=True)


def test_wrong_codes_in_the_password_step_count_too(client):
    code = invitation_code(create_candidate())
    token = csrf_token(client, "/borgere/aktiver")
    for n in range(SECRET_LIMITS.per_address):
        response = client.post(
            "/borgere/aktiver",
            data={
                "csrf_token": token,
                "code": wrong_code(n),
                "email": "x@example.dk",
                "password": "en lang sætning",
                "confirm": "en lang sætning",
            },
        )
        assert WRONG_CODE in response.get_data(as_text=True)
    refused(type_code(client, code), TOO_MANY_TRIES)
    assert db.session.scalar(select(User).where(User.email == "x@example.dk")) is None


def test_right_codes_and_password_typos_do_not_count(client):
    code = invitation_code(create_candidate(email="rie@example.dk"))
    token = csrf_token(client, "/borgere/aktiver")
    for _ in range(SECRET_LIMITS.per_address + 1):
        assert "rie@example.dk" in type_code(client, code).get_data(as_text=True)
        mismatch = client.post(
            "/borgere/aktiver",
            data={
                "csrf_token": token,
                "code": code,
                "email": "rie@example.dk",
                "password": "en lang sætning",
                "confirm": "en anden sætning",
            },
        )
        assert mismatch.status_code == 200
    assert type_code(client, code).status_code == 200


# --- reset links ---------------------------------------------------------------------------------


def reset_path(user) -> str:
    return f"/nulstil/{users.make_reset_token(user)}"


def test_wrong_reset_links_from_one_address_are_refused_after_the_limit(client):
    user = create_user(Role.EMPLOYER)
    for n in range(SECRET_LIMITS.per_address):
        response = client.get(f"/nulstil/gaet-{n}")
        assert response.status_code == 302 and "/glemt-adgangskode" in response.location
    path = reset_path(user)
    refused(client.get(path), TOO_MANY_TRIES)  # even a right link
    token = csrf_token(client, "/glemt-adgangskode")
    refused(
        client.post(
            path,
            data={"csrf_token": token, "password": "mit-nye-kodeord", "confirm": "mit-nye-kodeord"},
        ),
        TOO_MANY_TRIES,
    )
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)  # nothing changed
    assert client.get(path, **address(1)).status_code == 200


def test_a_used_link_of_one_person_opened_too_often_is_refused(client):
    user, other = create_user(Role.EMPLOYER), create_user(Role.EMPLOYER)
    used = reset_path(user)
    user.set_password("en helt anden kode")  # the link worked once and is used up
    db.session.commit()
    for n in range(SECRET_LIMITS.per_target):
        assert client.get(used, **address(n)).status_code == 302
    refused(client.get(reset_path(user), **address(99)), TOO_MANY_TRIES)
    # Another person's link from the same address still works until the address limit.
    assert client.get(reset_path(other), **address(99)).status_code == 200


def test_opening_a_working_link_does_not_count(client):
    path = reset_path(create_user(Role.EMPLOYER))
    for _ in range(SECRET_LIMITS.per_address + 1):
        assert client.get(path).status_code == 200


# --- the forgotten-password mail ---------------------------------------------------------------


def ask_for_link(client, email: str, **kwargs):
    return post_form(client, "/glemt-adgangskode", {"email": email}, **kwargs)


def test_reset_mails_to_one_address_are_limited(client, outbox):
    user = create_user(Role.EMPLOYER, email="anne@example.dk")
    for n in range(MAIL_LIMITS.per_target):
        assert ask_for_link(client, "Anne@Example.dk", **address(n)).status_code == 302
    assert len(outbox) == MAIL_LIMITS.per_target

    page = refused(ask_for_link(client, user.email, **address(99)), TOO_MANY_MAILS)
    assert 'value="anne@example.dk"' in page
    assert len(outbox) == MAIL_LIMITS.per_target  # nothing sent
    # Someone else can still ask from the same address.
    assert ask_for_link(client, "bo@example.dk", **address(99)).status_code == 302


def test_reset_mails_from_one_address_are_limited_across_recipients(client, outbox):
    user = create_user(Role.EMPLOYER)
    for n in range(MAIL_LIMITS.per_address):
        assert ask_for_link(client, f"gaet{n}@example.dk").status_code == 302
    refused(ask_for_link(client, user.email), TOO_MANY_MAILS)
    assert outbox == []
    assert ask_for_link(client, user.email, **address(1)).status_code == 302
    assert len(outbox) == 1


def _visible(page: str, email: str) -> str:
    # Every CSRF token (the form's and the header's) carries the second it was signed.
    page = re.sub(r'<input[^>]*name="csrf_token"[^>]*>', "<input csrf>", page)
    return page.replace(email, "EMAIL")


def test_the_limit_does_not_reveal_whether_an_account_exists(client, outbox):
    create_user(Role.EMPLOYER, email="findes@example.dk")
    pages = []
    for n, email in enumerate(("findes@example.dk", "findes.ikke@example.dk")):
        answers = [
            ask_for_link(client, email, **address(10 * n + i))
            for i in range(MAIL_LIMITS.per_target + 1)
        ]
        assert [a.status_code for a in answers] == [302] * MAIL_LIMITS.per_target + [429]
        pages.append(_visible(answers[-1].get_data(as_text=True), email))
    assert pages[0] == pages[1]


# --- invitations sent by people who are logged in -----------------------------------------------


def test_inviting_colleagues_is_limited_per_address(client, login, outbox):
    login(Role.EMPLOYER, employer=create_employer())
    for n in range(SIGNED_IN_MAIL_LIMITS.per_address):
        response = post_form(
            client, "/virksomhed/kollega", {"name": f"Kollega {n}", "email": f"kollega{n}@firma.dk"}
        )
        assert response.status_code == 302
    page = refused(
        post_form(client, "/virksomhed/kollega", {"name": "Kaj Kollega", "email": "kaj@firma.dk"}),
        TOO_MANY_MAILS,
    )
    assert 'value="Kaj Kollega"' in page and 'value="kaj@firma.dk"' in page
    assert len(outbox) == SIGNED_IN_MAIL_LIMITS.per_address
    assert db.session.scalar(select(User).where(User.email == "kaj@firma.dk")) is None
    # The same person from another address (a second office) is not affected.
    assert (
        post_form(
            client,
            "/virksomhed/kollega",
            {"name": "Kaj Kollega", "email": "kaj@firma.dk"},
            **address(1),
        ).status_code
        == 302
    )


def _new_user(email: str, password: str = "") -> dict:
    return {
        "name": "Ny Bruger",
        "email": email,
        "role": "employer",
        "municipality_id": "",
        "employer_id": str(create_employer().id),
        "candidate_id": "",
        "language": "da",
        "active": "y",
        "password": password,
    }


def test_the_admins_new_users_with_a_mailed_link_are_limited_per_address(client, login, outbox):
    login(Role.ADMIN)
    for n in range(SIGNED_IN_MAIL_LIMITS.per_address):
        response = post_form(client, "/admin/brugere/ny", _new_user(f"ny{n}@firma.dk"))
        assert response.status_code == 302
    page = refused(
        post_form(client, "/admin/brugere/ny", _new_user("sidste@firma.dk")), TOO_MANY_MAILS
    )
    assert 'value="sidste@firma.dk"' in page
    assert len(outbox) == SIGNED_IN_MAIL_LIMITS.per_address
    assert db.session.scalar(select(User).where(User.email == "sidste@firma.dk")) is None
    assert (
        post_form(
            client, "/admin/brugere/ny", _new_user("sidste@firma.dk"), **address(1)
        ).status_code
        == 302
    )


def test_new_users_with_a_password_send_no_mail_and_do_not_count(client, login, outbox):
    login(Role.ADMIN)
    for n in range(SIGNED_IN_MAIL_LIMITS.per_address + 1):
        response = post_form(
            client, "/admin/brugere/ny", _new_user(f"ny{n}@firma.dk", "en-god-adgangskode")
        )
        assert response.status_code == 302
    assert outbox == []
    assert post_form(client, "/admin/brugere/ny", _new_user("mail@firma.dk")).status_code == 302


def invite_citizen(client, candidate, **kwargs):
    return post_form(
        client,
        f"/borgere/{candidate.id}/inviter",
        {},
        form_page=f"/borgere/{candidate.id}",
        **kwargs,
    )


def test_mailing_one_citizen_a_new_code_is_limited(client, login, outbox):
    viborg = create_municipality()
    login(Role.CONSULTANT, municipality=viborg)
    citizen = create_candidate(viborg, email="mette@example.dk")
    other = create_candidate(viborg, email="ole@example.dk")
    for _ in range(SIGNED_IN_MAIL_LIMITS.per_target):
        assert invite_citizen(client, citizen).status_code == 302
    hash_before = db.session.scalar(
        select(Invitation.code_hash).where(Invitation.candidate_id == citizen.id)
    )

    page = refused(invite_citizen(client, citizen), TOO_MANY_MAILS)
    assert "invite-code" not in page  # no new code made
    assert len(outbox) == SIGNED_IN_MAIL_LIMITS.per_target
    db.session.expire_all()
    assert (
        db.session.scalar(select(Invitation.code_hash).where(Invitation.candidate_id == citizen.id))
        == hash_before
    )
    assert invite_citizen(client, other).status_code == 302


# --- API keys ----------------------------------------------------------------------------------


@pytest.fixture
def no_figures(monkeypatch):
    monkeypatch.setattr(stats, "dashboard", lambda filters, today: [])


def ask_api(client, token: str, **kwargs):
    return client.get("/api/v1/statistics", headers={"Authorization": f"Bearer {token}"}, **kwargs)


def test_wrong_api_keys_from_one_address_are_refused_after_the_limit(client, no_figures):
    _row, token = tokens.create_token(create_user(Role.MANAGER), "Rapport")
    db.session.commit()
    for n in range(SECRET_LIMITS.per_address):
        assert ask_api(client, f"gaet-{n}").status_code == 401
    response = ask_api(client, token)
    assert response.status_code == 429 and response.mimetype == "application/json"
    assert response.get_json()["message"] == TOO_MANY_TRIES
    assert response.headers["Retry-After"].isdigit()
    assert ask_api(client, token, **address(1)).status_code == 200


def test_right_api_keys_do_not_count(client, no_figures):
    _row, token = tokens.create_token(create_user(Role.MANAGER), "Rapport")
    db.session.commit()
    for _ in range(SECRET_LIMITS.per_address + 1):
        assert ask_api(client, token).status_code == 200


# --- confirming the password, per address ------------------------------------------------------


def test_confirming_passwords_is_limited_per_address_across_people(app):
    rounds = SECRET_LIMITS.per_address // (SECRET_LIMITS.per_target - 1)
    for _ in range(rounds):  # each person stays under their own limit
        client = app.test_client()
        assert log_in(client, create_user(Role.CONSULTANT).email).status_code == 302
        for _ in range(SECRET_LIMITS.per_target - 1):
            assert (
                post_form(client, "/bekraeft-adgangskode", {"password": "gaet"}).status_code == 200
            )
    client = app.test_client()
    assert log_in(client, create_user(Role.CONSULTANT).email).status_code == 302
    page = refused(
        post_form(client, "/bekraeft-adgangskode", {"password": PASSWORD}), TOO_MANY_TRIES
    )
    assert "Bekræft din adgangskode" in page


# --- log lines -----------------------------------------------------------------------------------


def test_refusals_are_logged_without_personal_data(client, caplog):
    caplog.set_level(logging.DEBUG)
    for n in range(MAIL_LIMITS.per_target + 1):
        ask_for_link(client, "anne.privat@example.dk", **address(n))
    for n in range(SECRET_LIMITS.per_target + 1):
        type_code(client, "QQQQ-7777", **address(n))
    assert "Password reset mail refused: too many mails for one recipient." in caplog.text
    assert "Invitation code refused: too many failed attempts for one code." in caplog.text
    for personal in ("anne.privat", "QQQQ", "198.51.100"):
        assert personal not in caplog.text


# --- several workers sharing Redis ---------------------------------------------------------------


@dataclass
class Case:
    """One protected endpoint: who is logged in, an attempt that counts, and how many count."""

    role: Role | None
    attempt: Callable  # (client, n) -> response
    limit: int
    message: str = TOO_MANY_TRIES
    typed: str = ""  # a value that must never appear in Redis


CASES = {
    "login": Case(
        None,
        lambda c, n: log_in(c, "anne@example.dk", "forkert"),
        SECRET_LIMITS.per_target,
        typed="anne@example.dk",
    ),
    "confirm password": Case(
        Role.CONSULTANT,
        lambda c, n: post_form(c, "/bekraeft-adgangskode", {"password": "gaet"}),
        SECRET_LIMITS.per_target,
    ),
    "invitation code": Case(
        None, lambda c, n: type_code(c, "QQQQ-7777"), SECRET_LIMITS.per_target, typed="QQQQ"
    ),
    "reset link": Case(None, lambda c, n: c.get(f"/nulstil/gaet-{n}"), SECRET_LIMITS.per_address),
    "reset mail": Case(
        None,
        lambda c, n: ask_for_link(c, "anne@example.dk"),
        MAIL_LIMITS.per_target,
        TOO_MANY_MAILS,
        typed="anne@example.dk",
    ),
    "colleague": Case(
        Role.EMPLOYER,
        lambda c, n: post_form(
            c, "/virksomhed/kollega", {"name": "Kollega", "email": f"k{uuid.uuid4().hex}@firma.dk"}
        ),
        SIGNED_IN_MAIL_LIMITS.per_address,
        TOO_MANY_MAILS,
    ),
    "api key": Case(
        None,
        lambda c, n: c.get("/api/v1/statistics", headers={"Authorization": f"Bearer gaet-{n}"}),
        SECRET_LIMITS.per_address,
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_two_app_instances_sharing_redis_share_the_count(app, tmp_path, monkeypatch, name):
    case = CASES[name]
    connection = _redis()
    prefix = f"test-{uuid.uuid4().hex}"
    # Flask-Limiter keeps the first prefix it is given for good: forget it, so this test's
    # counts are under its own prefix and can be removed afterwards.
    monkeypatch.setattr(limiter, "_key_prefix", "")
    settings = {
        "ENVIRONMENT": "testing",
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path),
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "shared-by-both-workers",
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": prefix,
    }
    user = create_user(case.role) if case.role else None

    def client_of(worker):
        client = worker.test_client()
        if user is not None:
            assert log_in(client, user.email).status_code == 302
        return client

    try:
        first = client_of(create_app(settings))
        for n in range(case.limit):
            assert case.attempt(first, n).status_code != 429
        # The second worker starts with its own connection and no count of its own.
        second = client_of(create_app(settings))
        response = case.attempt(second, case.limit)
        assert response.status_code == 429
        shown = (
            response.get_json()["message"] if response.is_json else response.get_data(as_text=True)
        )
        assert case.message in shown
        keys = [key.decode() for key in connection.scan_iter(f"*{prefix}*")]
        assert keys, "no counts stored in Redis"
        for key in keys:
            assert "127.0.0.1" not in key and "@" not in key
            assert not case.typed or case.typed.lower() not in key.lower()
    finally:
        for key in connection.scan_iter(f"*{prefix}*"):
            connection.delete(key)
        connection.close()
        limiter.init_app(app)  # back to the session app's memory storage
