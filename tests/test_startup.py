"""An operator's mistake in a setting stops every kind of process (a command, the scheduler,
gunicorn) with one line that names the setting, exit status 2; a Redis that cannot be reached
is a warning, at start and when the limits fall back to counting in memory."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.processes import FLASK, ROOT, Browser, free_port, gunicorn, process_env, serving

PROCESSES = {
    "command": [*FLASK, "db", "upgrade"],
    "scheduler": [*FLASK, "scheduler", "run"],
    "gunicorn": gunicorn(port=0),  # the port is filled in per run
}
MISTAKES = {
    "malformed database url": (
        {"DATABASE_URL": "postgresql+psycopg://placement:hemmelig@db:port/x"},
        "DATABASE_URL is not a database URL",
    ),
    "unreachable database": (
        {"DATABASE_URL": "postgresql://placement:hemmelig@127.0.0.1:{port}/x"},
        "DATABASE_URL: the database 127.0.0.1:{port}/x cannot be reached",
    ),
    "unknown driver": (
        {"DATABASE_URL": "mysql://placement@127.0.0.1/x"},
        "DATABASE_URL names the driver 'mysql'",
    ),
    "a number that is not one": (
        {"IDLE_TIMEOUT_MINUTES": "tredive"},
        "IDLE_TIMEOUT_MINUTES must be a whole number",
    ),
    "a broken encryption key": (
        {"CPR_KEYS": "not-a-key"},
        "CPR_KEYS: key 1 of 1 is not a Fernet key",
    ),
    "a redis url that is not one": ({"REDIS_URL": "127.0.0.1:6379"}, "REDIS_URL must start with"),
}


def _env(tmp_path, **settings) -> dict:
    return process_env(
        tmp_path / "instance",
        **{"DATABASE_URL": f"sqlite:///{tmp_path / 'placement.sqlite'}", **settings},
    )


@pytest.mark.parametrize("process", list(PROCESSES))
@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_wrong_setting_stops_the_process_with_one_line_naming_it(tmp_path, process, mistake):
    port = free_port()
    settings, expected = MISTAKES[mistake]
    settings = {key: value.format(port=port) for key, value in settings.items()}
    command = [
        part.replace("127.0.0.1:0", f"127.0.0.1:{free_port()}") for part in PROCESSES[process]
    ]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=_env(tmp_path, **settings),
        capture_output=True,
        text=True,
        timeout=60,
    )
    ours = [line for line in done.stderr.splitlines() if line.startswith("placement:")]
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert ours == [ours[0]] and expected.format(port=port) in ours[0], done.stderr
    assert "hemmelig" not in done.stderr  # the password in the URL is never printed
    # Nothing else but gunicorn's own start-up lines, if any.
    others = [line for line in done.stderr.splitlines() if line not in ours]
    assert all(re.search(r"\[INFO\]", line) for line in others), others


def test_a_redis_that_cannot_be_reached_is_a_warning_at_start_and_at_the_fallback(tmp_path):
    env = _env(tmp_path, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    assert (
        subprocess.run(
            [*FLASK, "db", "upgrade"], cwd=ROOT, env=env, capture_output=True, timeout=60
        ).returncode
        == 0
    )
    log = tmp_path / "gunicorn.log"
    with serving(env, log) as base:
        status, _headers, page = Browser(base).post_form(
            "/login", {"email": "a@example.dk", "password": "forkert-kode"}
        )
        assert status == 200 and "Forkert e-mail eller adgangskode." in page
    text = log.read_text()
    assert "WARNING placement.startup: REDIS_URL: Redis cannot be reached" in text, text
    assert "falling back to in-memory storage" in text, text
