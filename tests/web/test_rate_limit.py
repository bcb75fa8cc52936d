"""Login rate limits per account and per address, shared through Redis, and common passwords."""

from __future__ import annotations

import logging
import os
import uuid

import pytest

from placement import create_app
from placement.common.policy import SECRET_LIMITS
from placement.extensions import limiter
from placement.models import Role
from tests.conftest import log_in, missing, post_form
from tests.factories import PASSWORD, create_user

LOCKED = "For mange forsøg. Vent 15 minutter, og prøv igen."
WRONG = "Forkert e-mail eller adgangskode."
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture(autouse=True)
def fresh_limits():
    """The session's app keeps one limiter: start and leave each test with no counts."""
    limiter.reset()
    yield
    limiter.reset()


def fail(client, email: str, times: int) -> None:
    for _ in range(times):
        response = log_in(client, email, "forkert-kode")
        assert response.status_code == 200 and WRONG in response.get_data(as_text=True)


def test_the_attempt_after_the_account_limit_is_refused_in_danish(client):
    user = create_user(Role.CONSULTANT, email="anne@example.dk")
    fail(client, user.email, SECRET_LIMITS.per_target)

    refused = log_in(client, user.email)  # even the right password
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert LOCKED in page
    assert 'value="anne@example.dk"' in page
    assert "Traceback" not in page
    assert client.get("/borgere").status_code == 302  # not logged in


def test_changing_the_case_of_the_email_does_not_start_a_new_count(client):
    create_user(Role.CONSULTANT, email="anne@example.dk")
    for variant in (
        "anne@example.dk",
        "Anne@Example.dk",
        "ANNE@EXAMPLE.DK",
        "anne@EXAMPLE.dk",
        "aNNe@example.dk",
    ):
        fail(client, variant, 1)
    assert log_in(client, "ANNE@example.dk").status_code == 429


def test_a_correct_login_just_before_the_limit_gets_in(client):
    user = create_user(Role.CONSULTANT)
    fail(client, user.email, SECRET_LIMITS.per_target - 1)
    assert log_in(client, user.email).status_code == 302
    assert client.get("/borgere").status_code == 200


def test_successful_logins_do_not_count(client):
    user = create_user(Role.CONSULTANT)
    for _ in range(SECRET_LIMITS.per_address + 1):
        assert log_in(client, user.email).status_code == 302
        assert post_form(client, "/logout", {}, form_page="/borgere").status_code == 302


def test_one_locked_account_does_not_lock_another(client):
    locked = create_user(Role.CONSULTANT)
    other = create_user(Role.CONSULTANT)
    fail(client, locked.email, SECRET_LIMITS.per_target)
    assert log_in(client, locked.email).status_code == 429
    assert log_in(client, other.email).status_code == 302


def test_the_address_limit_covers_guesses_spread_over_many_accounts(client):
    user = create_user(Role.CONSULTANT)
    for n in range(SECRET_LIMITS.per_address):
        fail(client, f"gaet{n}@example.dk", 1)
    refused = log_in(client, user.email)
    assert refused.status_code == 429
    assert LOCKED in refused.get_data(as_text=True)
    # Another address is not affected.
    other = log_in(client, user.email, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 302


def test_the_refusal_is_logged_without_the_email(client, caplog):
    caplog.set_level(logging.DEBUG)
    fail(client, "anne.privat@example.dk", SECRET_LIMITS.per_target)
    assert log_in(client, "anne.privat@example.dk").status_code == 429
    assert "Login refused: too many failed attempts for one account." in caplog.text
    assert "anne.privat" not in caplog.text.lower()


# --- several workers sharing Redis ------------------------------------------------------------


def _redis():
    try:
        import redis
    except ImportError:
        missing("the redis client is not installed")
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.RedisError as error:
        missing(f"Redis not reachable at {REDIS_URL}: {error}")
    return connection


def test_two_app_instances_sharing_redis_share_the_count(app, tmp_path):
    connection = _redis()
    prefix = f"test-{uuid.uuid4().hex}"
    settings = {
        "ENVIRONMENT": "testing",
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path),
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        # Workers of one deployment share their configuration, the secret key included.
        "SECRET_KEY": "shared-by-both-workers",
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": prefix,
    }
    try:
        first = create_app(settings)
        fail(first.test_client(), "anne@example.dk", SECRET_LIMITS.per_target)
        # The second worker starts with its own connection and no count of its own.
        second = create_app(settings)
        refused = log_in(second.test_client(), "anne@example.dk")
        assert refused.status_code == 429
        assert LOCKED in refused.get_data(as_text=True)
        assert list(connection.scan_iter(f"*{prefix}*")), "no counts stored in Redis"
    finally:
        for key in connection.scan_iter(f"*{prefix}*"):
            connection.delete(key)
        connection.close()
        limiter.init_app(app)  # back to the session app's memory storage


# --- common passwords -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "common", ["Sommer2024", "KODEORD123", "hejmeddig", "password1", "qwertyuiop", "Danmark2025"]
)
def test_a_common_password_is_refused_on_the_change_password_page(app, client, login, common):
    user = login(Role.CONSULTANT)
    response = post_form(
        client,
        "/adgangskode",
        {
            "current_password": PASSWORD,
            "password": common,
            "confirm": common,
        },
    )
    assert response.status_code == 200
    assert "Den adgangskode er for almindelig og let at gætte." in response.get_data(as_text=True)
    assert log_in(app.test_client(), user.email, common).status_code == 200  # not changed


def test_behind_a_proxy_the_clients_address_is_the_forwarded_one(tmp_path):
    from werkzeug.middleware.proxy_fix import ProxyFix

    from placement import create_app

    def app_with(proxies: int):
        return create_app(
            {
                "ENVIRONMENT": "testing",
                "TESTING": True,
                "TRUSTED_PROXIES": proxies,
                "INSTANCE_PATH": str(tmp_path),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}",
            }
        )

    assert isinstance(app_with(1).wsgi_app, ProxyFix)
    assert not isinstance(app_with(0).wsgi_app, ProxyFix)
