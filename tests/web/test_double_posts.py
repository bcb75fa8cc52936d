"""The same form posted twice at the same moment (a double click, a second tab) to gunicorn with
several workers on PostgreSQL: one transition or confirmation, and two calm answers."""

from __future__ import annotations

import copy
import re
import subprocess
import threading
import urllib.request

import pytest
from sqlalchemy import select

from placement import create_app
from placement.extensions import db
from placement.models import Party, PlacementEvent, PlacementStatus
from tests.conftest import missing
from tests.factories import PASSWORD
from tests.journeys import assert_history_matches_status, confirmations, journey, people
from tests.private_postgres import PrivatePostgres
from tests.processes import FLASK, ROOT, Browser, process_env, serving

S = PlacementStatus
ROUNDS = 3
ALREADY = ("info", "Det er allerede sket.")
_FLASH = re.compile(r'class="flash flash--(\w+)"[^>]*><strong>[^<]*</strong> ([^<]*)</p>')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """gunicorn with three workers on a PostgreSQL of the test's own (the suite's database is
    emptied between tests, which would fight with a server using it), migrated by `flask db
    upgrade`; and an app in this process on the same database, to write and read rows."""
    reason = PrivatePostgres.available()
    if reason:
        missing(reason)
    postgres = PrivatePostgres().create()
    postgres.start()
    folder = tmp_path_factory.mktemp("double-posts")
    env = process_env(folder / "instance", DATABASE_URL=postgres.url)
    upgraded = subprocess.run(
        [*FLASK, "db", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert upgraded.returncode == 0, upgraded.stderr
    log = folder / "gunicorn.log"
    data = create_app(
        {
            "ENVIRONMENT": "testing",
            "INSTANCE_PATH": str(folder / "data"),
            "SQLALCHEMY_DATABASE_URI": postgres.url,
        }
    )
    try:
        with serving(env, log, workers=3) as base:
            yield base, data, log
    finally:
        with data.app_context():
            db.engine.dispose()
        postgres.remove()
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def _placements(data, status, **confirmed):
    """ROUNDS placements in `status` of one consultant, and that consultant's e-mail."""
    with data.app_context():
        who = people()
        ids = [journey(status, who, **confirmed)[0].id for _ in range(ROUNDS)]
        return ids, who.consultant.email


def _twin(browser: Browser) -> Browser:
    """A second browser with a copy of the first one's cookies: the same session, but each
    keeps the cookie its own answers set (so each sees its own message)."""
    twin = Browser(browser.base)
    for cookie in _jar(browser):
        _jar(twin).set_cookie(copy.copy(cookie))
    return twin


def _jar(browser: Browser):
    return next(
        h.cookiejar
        for h in browser.opener.handlers
        if isinstance(h, urllib.request.HTTPCookieProcessor)
    )


def _post_twice(browser: Browser, path: str, form_page: str, fields: dict) -> list[tuple]:
    """Post the form from `form_page` twice at the same moment, with the same token; for each,
    the status and the message on the page it leads to."""
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', browser.request(form_page)[2]
    ).group(1)
    browsers, go = [browser, _twin(browser)], threading.Barrier(2)
    answers: list = [None, None]

    def post(number):
        go.wait(timeout=10)
        status, headers, _page = browsers[number].request(path, {"csrf_token": token, **fields})
        page = browsers[number].request(headers["Location"])[2] if status == 302 else _page
        answers[number] = (status, _FLASH.findall(page))

    threads = [threading.Thread(target=post, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def _log_in(base: str, email: str) -> Browser:
    browser = Browser(base)
    assert browser.post_form("/login", {"email": email, "password": PASSWORD})[0] == 302
    return browser


@pytest.mark.parametrize(
    "word, moved_to, done",
    [
        ("start", S.ACTIVE, ("success", "Forløbet er i gang.")),
        ("annuller", S.CANCELLED, ("success", "Forløbet er annulleret.")),
    ],
)
def test_a_transition_posted_twice_at_once_is_written_once(site, word, moved_to, done):
    base, data, _log = site
    ids, email = _placements(data, S.AGREED)
    browser = _log_in(base, email)
    for placement_id in ids:
        answers = _post_twice(
            browser, f"/forloeb/{placement_id}/{word}", f"/forloeb/{placement_id}", {"note": ""}
        )
        assert sorted(answers) == sorted([(302, [done]), (302, [ALREADY])]), answers
        with data.app_context():
            assert assert_history_matches_status(placement_id) == moved_to
            assert (
                db.session.scalars(
                    select(PlacementEvent.to_status).where(
                        PlacementEvent.placement_id == placement_id
                    )
                )
                .all()
                .count(moved_to)
                == 1
            )


def test_an_agreement_confirmed_twice_at_once_is_confirmed_once(site):
    base, data, _log = site
    ids, email = _placements(data, S.AGREED, confirmed=(Party.EMPLOYER, Party.CITIZEN))
    browser = _log_in(base, email)
    for placement_id in ids:
        page = f"/forloeb/{placement_id}"
        answers = _post_twice(
            browser, f"/aftaler/{placement_id}/bekraeft", page, {"version": "1", "next": page}
        )
        assert sorted(answers) == sorted(
            [(302, [("success", "Tak. Du har bekræftet aftalen.")]), (302, [ALREADY])]
        ), answers
        with data.app_context():
            assert confirmations(placement_id) == sorted(Party)
