"""A database outage under a running app (gunicorn) and scheduler: 503 pages that need no
database, /healthz alive and /readyz not ready, one log line instead of a traceback per
request, and recovery without a restart once the database is back."""

from __future__ import annotations

import logging
import signal
import subprocess

import psycopg
import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from placement import create_app, scheduler
from placement.common import clock
from placement.extensions import db
from tests.conftest import missing
from tests.private_postgres import PrivatePostgres
from tests.processes import FLASK, ROOT, Browser, free_port, gunicorn, process_env, wait_for

EMAIL, PASSWORD = "karin@viborg.dk", "en lang nok kode"
UNAVAILABLE = "Placement er utilgængelig lige nu"
pytestmark = pytest.mark.real_clock  # the app runs in processes of its own


@pytest.fixture(scope="module")
def postgres():
    reason = PrivatePostgres.available()
    if reason:
        missing(reason)
    server = PrivatePostgres().create()
    server.start()
    yield server
    server.remove()


def _flask(env, *args, answers: str | None = None):
    return subprocess.run(
        [*FLASK, *args],
        cwd=ROOT,
        env=env,
        input=answers,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _prepare(env) -> None:
    """The schema, Viborg, and a consultant to log in as."""
    for args, answers in (
        (("db", "upgrade"), None),
        (("municipalities", "create", "--name", "Viborg", "--code", "791"), None),
        (
            (
                "users",
                "create",
                "--role",
                "consultant",
                "--email",
                EMAIL,
                "--municipality-code",
                "791",
            ),
            f"{PASSWORD}\n{PASSWORD}\n",
        ),
    ):
        done = _flask(env, *args, answers=answers)
        assert done.returncode == 0, done.stderr


def test_an_outage_answers_503_and_the_app_recovers_without_a_restart(postgres, tmp_path):
    env = process_env(tmp_path / "instance", DATABASE_URL=postgres.url)
    _prepare(env)

    port = free_port()
    web_log, sweep_log = tmp_path / "gunicorn.log", tmp_path / "scheduler.log"
    with open(web_log, "w") as web_out, open(sweep_log, "w") as sweep_out:
        web = subprocess.Popen(
            gunicorn(port), cwd=ROOT, env=env, stdout=web_out, stderr=subprocess.STDOUT
        )
        sweeps = subprocess.Popen(
            [*FLASK, "scheduler", "run"],
            cwd=ROOT,
            env=env,
            stdout=sweep_out,
            stderr=subprocess.STDOUT,
        )
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        wait_for(lambda: browser.status("/healthz") == 200, 60, "gunicorn to answer")
        # The scheduler checks the database once as it starts: on a loaded machine it may come
        # up after gunicorn, and it must be up before the outage begins.
        wait_for(lambda: "scheduled " in sweep_log.read_text(), 60, "the scheduler to start")
        assert browser.post_form("/login", {"email": EMAIL, "password": PASSWORD})[0] == 302
        assert browser.request("/borgere")[0] == 200
        assert browser.request("/readyz")[0] == 200

        postgres.stop()
        for _ in range(20):
            status, headers, page = browser.request("/borgere")
            assert status == 503
            assert headers["Retry-After"] == "30"
            assert UNAVAILABLE in page and "Det, du allerede har gemt, er ikke gået tabt." in page
            assert '<html lang="da">' in page and "Traceback" not in page
        assert browser.request("/healthz")[0] == 200  # with the session's cookie
        status, _headers, ready = browser.request("/readyz")
        assert status == 503 and '"database":"unavailable"' in ready.replace(" ", "")
        # Logging in needs the database as well: the same page, not gunicorn's bare error.
        status, _headers, page = browser.request("/login", {"email": EMAIL})
        assert status in (400, 503) and "Internal Server Error" not in page

        tick = _flask(env, "scheduler", "tick")
        assert tick.returncode == 2 and len(tick.stderr.strip().splitlines()) == 1, tick.stderr
        assert "DATABASE_URL" in tick.stderr
        assert sweeps.poll() is None, "the scheduler stopped during the outage"

        postgres.start()
        wait_for(lambda: browser.request("/borgere")[0] == 200, 30, "the caseload to come back")
        assert browser.request("/readyz")[0] == 200
        assert _flask(env, "scheduler", "tick").returncode == 0
        assert sweeps.poll() is None
    finally:
        for process in (web, sweeps):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        try:
            postgres.start()  # for the next test, if this one left it stopped
        except subprocess.CalledProcessError:
            pass

    log = web_log.read_text()
    assert "Traceback" not in log, log[-3000:]
    assert 1 <= log.count("The database cannot be reached") <= 2, log[-3000:]  # per worker
    assert 1 <= log.count("The database is back") <= 2, log[-3000:]
    assert "Traceback" not in sweep_log.read_text()
    assert sweeps.returncode == 0


def test_after_the_database_restarts_the_very_next_pages_are_answered(postgres, tmp_path):
    """The pool pings no connection it hands out (a round trip per request): after a restart
    every pooled connection is dead, and each worker must still answer its next pages, the
    logged-in ones and the anonymous ones, without an error (placement/common/pool_health.py,
    placement/accounts/session_user.py)."""
    with psycopg.connect(postgres.url.replace("+psycopg", ""), autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS restarted")
        admin.execute("CREATE DATABASE restarted")
    url = postgres.url.rsplit("/", 1)[0] + "/restarted"
    env = process_env(tmp_path / "instance", DATABASE_URL=url)
    _prepare(env)
    port, web_log = free_port(), tmp_path / "gunicorn.log"
    with open(web_log, "w") as web_out:
        web = subprocess.Popen(
            gunicorn(port), cwd=ROOT, env=env, stdout=web_out, stderr=subprocess.STDOUT
        )
    try:
        browser, visitor = Browser(f"http://127.0.0.1:{port}"), Browser(f"http://127.0.0.1:{port}")
        wait_for(lambda: browser.status("/healthz") == 200, 60, "gunicorn to answer")
        assert browser.post_form("/login", {"email": EMAIL, "password": PASSWORD})[0] == 302
        for _ in range(10):  # both workers, each with a pooled connection
            assert browser.request("/borgere")[0] == 200
            assert visitor.request("/ledige-pladser/")[0] == 200

        postgres.stop()
        postgres.start()
        # Anonymous first: the board's first statement is its own, not the user's lookup.
        for _ in range(10):
            assert visitor.request("/ledige-pladser/")[0] == 200
        for _ in range(10):
            assert browser.request("/borgere")[0] == 200
    finally:
        web.send_signal(signal.SIGTERM)
        web.wait(timeout=30)
        try:
            postgres.start()
        except subprocess.CalledProcessError:
            pass
    log = web_log.read_text()
    assert "Traceback" not in log and "cannot be reached" not in log, log[-3000:]


def test_a_sweep_that_finds_the_database_gone_is_tried_again_soon(postgres, caplog, tmp_path):
    app = create_app(
        {
            "ENVIRONMENT": "testing",
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": postgres.url,
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    later = BackgroundScheduler(timezone=clock.COPENHAGEN)
    later.start(paused=True)  # holds the jobs it is given, runs none
    caplog.set_level(logging.INFO, logger="placement.scheduler")

    postgres.stop()
    try:
        scheduler.scheduled_sweep(app, later, "placements")
        scheduler.scheduled_sweep(app, later, "placements", attempt=1)
    finally:
        postgres.start()
    [retry] = later.get_jobs()
    assert retry.id == "placements-retry" and retry.args[3] == 2
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        f"sweep placements: the database cannot be reached (OperationalError); trying again "
        f"in {seconds} s"
        for seconds in (60, 120)
    ]
    assert not any(r.exc_info for r in caplog.records)

    scheduler.scheduled_sweep(app, later, "placements", attempt=2)
    assert "sweep placements done, on attempt 3" in caplog.messages
    later.shutdown(wait=False)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app_without_database(app, tmp_path):
    """A second app whose PostgreSQL refuses every connection (nothing listens on its port)."""
    return create_app(
        {
            "ENVIRONMENT": "testing",
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/x",
        }
    )


def test_without_a_database_pages_and_the_api_answer_503_and_the_log_says_so_once(
    app_without_database, caplog
):
    client = app_without_database.test_client()
    for _ in range(5):
        page = client.get("/ledige-pladser/")
        assert page.status_code == 503 and page.headers["Retry-After"] == "30"
        assert UNAVAILABLE in page.get_data(as_text=True)
        api = client.get("/api/v1/openings")
        assert api.status_code == 503 and api.headers["Retry-After"] == "30"
        assert api.get_json()["status"] == 503
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 503
    said = [r for r in caplog.records if "database cannot be reached" in r.getMessage()]
    assert len(said) == 1 and said[0].exc_info is None
    assert not [r for r in caplog.records if r.exc_info]


def test_english_speakers_get_the_503_page_in_english(app_without_database):
    client = app_without_database.test_client()
    with client.session_transaction() as session:
        session["language"] = "en"
    page = client.get("/ledige-pladser/").get_data(as_text=True)
    assert '<html lang="en">' in page and UNAVAILABLE not in page
