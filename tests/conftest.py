"""Fixtures: the app on a real migrated database, a clean slate per test, logins, a browser."""

from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from datetime import datetime, time
from pathlib import Path

import pytest
import time_machine
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from werkzeug.serving import make_server

from placement import create_app
from placement.common.clock import COPENHAGEN
from placement.extensions import db, limiter
from placement.models import Role
from tests.cvr_server import CvrRegister
from tests.factories import PASSWORD, create_municipality, create_user
from tests.suite_day import SUITE_DAY

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
KEEP_TABLES = {"adaptations", "alembic_version"}  # seeded by migrations, never changed by tests


def missing(reason: str):
    """Skip locally, fail in CI: CI installs every piece and must not pass without one."""
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


def postgresql_only(needs: str, on_sqlite: str = "SQLite lets only one writer in at a time"):
    """A mark that skips a test unless the suite runs on PostgreSQL, as CI also does."""
    url = os.environ.get("DATABASE_URL")
    return pytest.mark.skipif(
        not url or make_url(url).get_backend_name() != "postgresql",
        reason=f"needs {needs}: set DATABASE_URL to PostgreSQL (CI does); {on_sqlite}",
    )


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """The suite's database: a temporary SQLite file, or DATABASE_URL's."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        # Under pytest-xdist each worker has a temporary folder, so a file, of its own.
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        return
    # The suite empties every table it knows: refuse anything that is not clearly a test database.
    if "test" not in (make_url(url).database or ""):
        pytest.exit(f"DATABASE_URL must name a test database (its name must contain 'test'): {url}")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        yield url
        return
    # Under pytest-xdist (-n 2) every worker empties the tables after each of its tests: on one
    # database, two workers would empty each other's. Each gets one of its own beside
    # DATABASE_URL's, named after it (test_e -> test_e_gw0), created empty and dropped after.
    try:
        with database_beside(url, f"{make_url(url).database}_{worker}") as own:
            yield own
    except OperationalError as error:
        missing(f"database not reachable: {error}")


@contextmanager
def database_beside(url: str, name: str):
    """A new, empty PostgreSQL database called `name` on `url`'s server: its URL, dropped
    after (and before, should a killed run have left it)."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    drop = text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    try:
        with admin.connect() as connection:
            connection.execute(drop)
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(drop)
    finally:
        admin.dispose()


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (own `g`, own database session), as in
    production, instead of sharing the test's."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory, database_url):
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        {
            "ENVIRONMENT": "testing",
            "TESTING": True,
            "INSTANCE_PATH": str(instance),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        try:
            upgrade()
        except Exception as error:  # an unreachable PostgreSQL, typically
            if "OperationalError" in type(error).__name__ or "connect" in str(error).lower():
                missing(f"database not reachable: {error}")
            raise
        _empty_tables()
    app.test_client_class = FreshContextClient
    return app


def _empty_tables() -> None:
    tables = [t.name for t in db.metadata.sorted_tables if t.name not in KEEP_TABLES]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()


@pytest.fixture(scope="session", autouse=True)
def copenhagen_noon():
    """The suite starts at noon in Copenhagen on the suite's day. Tests count from
    date.today() (the server's zone, UTC) and the app from Copenhagen's today; at noon they
    are the same day, where at night they differ for an hour or two. The clock ticks on from
    there for the whole session and never goes back: a live server in a thread, timeouts,
    retries and a browser's signed session cookie, kept from one test to the next, see time
    pass as it does."""
    with time_machine.travel(datetime.combine(SUITE_DAY, time(12), COPENHAGEN), tick=True):
        yield


@pytest.fixture(autouse=True)
def real_clock_when_marked(request):
    """A test marked real_clock runs the app in another process, which time-machine cannot
    reach: rows written at the pinned noon would not be due yet there. It gets the real
    moment."""
    if not request.node.get_closest_marker("real_clock"):
        yield
        return
    with time_machine.travel(time_machine.escape_hatch.time.time(), tick=True):
        yield


@pytest.fixture(autouse=True)
def app_context(app):
    """Every test runs in an app context and leaves an empty database behind."""
    with app.app_context():
        app.extensions["mail_outbox"] = []
        limiter.reset()  # failed logins in one test must not lock out the next
        yield
        db.session.rollback()
        _empty_tables()
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def viborg():
    return create_municipality("Viborg", "791")


@pytest.fixture
def silkeborg():
    return create_municipality("Silkeborg", "740")


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    return app.extensions["mail_outbox"]


@pytest.fixture
def cvr_register(app):
    """The CVR register configured, answering from a server in the test process
    (tests/cvr_server.py); off again after the test."""
    register = CvrRegister().up()
    saved = {key: app.config.get(key) for key in register.config()}
    app.config.update(register.config())
    yield register
    app.config.update(saved)
    register.down()


_CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'type="hidden" name="csrf_token" value="([^"]+)"'
)


def csrf_token(client, path: str) -> str:
    """The CSRF token of the form on a page, as a browser would have it."""
    page = client.get(path).get_data(as_text=True)
    match = _CSRF.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def post_form(client, path: str, data: dict, *, form_page: str | None = None, **kwargs):
    """Post a form with the CSRF token taken from the page that shows it."""
    token = csrf_token(client, form_page or path)
    return client.post(path, data={"csrf_token": token, **data}, **kwargs)


@contextmanager
def statements_sent():
    """The SQL statements sent to the database inside the block, as a list of their texts
    (an executemany counts once)."""
    sent: list[str] = []

    def remember(_connection, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)


def log_in(client, email: str, password: str = PASSWORD, **kwargs):
    return post_form(client, "/login", {"email": email, "password": password}, **kwargs)


@pytest.fixture
def login(client):
    """login(role, **fields) creates a user of that role, logs in, and returns the user."""

    def _login(role: Role, **fields):
        user = create_user(role, **fields)
        response = log_in(client, user.email)
        assert response.status_code == 302, "login failed"
        return user

    return _login


# --- the browser harness -------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server(app):
    """The app served from a thread on a free port, for the browser to visit."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed")
    _clicks_wait_for_the_next_page()
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        # No background traffic: this machine has no network besides loopback.
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )
    yield browser
    browser.close()
    playwright.stop()


def _clicks_wait_for_the_next_page() -> None:
    """A click that submits a form or follows a link returns, in Playwright, once the next page
    has started to load: read at once, it can still be empty or half there (a test read "no
    text" this way under load). A person waits until it has loaded; so does every click here."""
    from playwright.sync_api import Locator

    if getattr(Locator.click, "waits_for_the_page", False):
        return
    click = Locator.click

    def click_and_wait(self, *args, **kwargs):
        click(self, *args, **kwargs)
        self.page.wait_for_load_state()

    click_and_wait.waits_for_the_page = True
    Locator.click = click_and_wait


def shows(page, text) -> None:
    """Wait, as a person would, until the page shows `text` (a string or a pattern)."""
    from playwright.sync_api import expect

    expect(page.locator("body")).to_contain_text(text)


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server, locale="da-DK")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def as_user(chromium, live_server):
    """as_user(email) -> a page in its own browser context, logged in as that person: several
    people can take turns in one test."""
    contexts = []

    def _as(email: str, password: str = PASSWORD):
        context = chromium.new_context(base_url=live_server, locale="da-DK")
        contexts.append(context)
        page = context.new_page()
        browser_log_in(page, email, password)
        return page

    yield _as
    for context in contexts:
        context.close()


def assert_accessible(page, impacts=("serious", "critical")) -> None:
    """axe-core finds no violation of these impacts on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in impacts]
    summary = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
    assert not violations, f"axe-core on {page.url}:\n{summary}"


def browser_log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()


def pytest_terminal_summary(terminalreporter):
    """Say plainly what the run covered: the database, and how many browser tests ran."""
    passed = terminalreporter.stats.get("passed", [])
    browser = [r for r in passed if "browser" in r.keywords]
    url = os.environ.get("DATABASE_URL") or "sqlite (temporary file)"
    terminalreporter.write_line(
        f"database: {make_url(url).get_backend_name() if '://' in url else url}; "
        f"browser tests passed in Chromium: {len(browser)}"
    )
