"""What one logged-in page costs the database: its statements and its round trips, one by one.

    PSYCOPG_IMPL=python python -m bench.floor_profile --database-url URL \
        [--email konsulent1@k791.example.dk] [--path /adgangskode --path /borgere ...] [--sql]

Runs the app in this process (no server), logs the consultant in once through /login, asks
each page twice (the first warms the pool and the caches) and prints, for the second ask,
the statements SQLAlchemy sent (a `before_cursor_execute` listener) and the round trips to
PostgreSQL: every query or command libpq sends, counted in psycopg's Python implementation
of libpq (`PSYCOPG_IMPL=python`; the binary one cannot be counted). A round trip that is not
a statement is the pool's pre-ping, psycopg's BEGIN, or the COMMIT/ROLLBACK at the end.
With `--sql` the statements are printed (their first 160 characters) instead. Read-only but
for the login (which sets the consultant's last login time, as bench.load's logins do).
"""

from __future__ import annotations

import argparse
import os
import re
from contextlib import contextmanager

from sqlalchemy import event

from bench._setup import middle_published_opening
from bench.generate import PASSWORD
from placement import create_app
from placement.extensions import db

PAGES = ("/adgangskode", "/borgere", "/opslag/{opening}")
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@contextmanager
def round_trips():
    """Every command libpq sends inside the block, as its first 60 characters."""
    from psycopg import pq

    if pq.__impl__ != "python":
        raise SystemExit("set PSYCOPG_IMPL=python to count round trips")
    pgconn = pq.PGconn  # the ctypes class: its methods can be wrapped
    sent: list[str] = []
    originals = {}
    for name in ("exec_", "send_query", "exec_params", "send_query_params", "send_prepare",
                 "send_query_prepared", "exec_prepared"):  # fmt: skip
        originals[name] = getattr(pgconn, name)

        def wrapped(self, command, *args, _original=originals[name], _name=name, **kwargs):
            text = command.decode() if isinstance(command, bytes) else str(command)
            sent.append(f"{_name}: {' '.join(text.split())[:60]}")
            return _original(self, command, *args, **kwargs)

        setattr(pgconn, name, wrapped)
    try:
        yield sent
    finally:
        for name, original in originals.items():
            setattr(pgconn, name, original)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--email", default="konsulent1@k791.example.dk")
    parser.add_argument(
        "--path", action="append", help="pages to ask ('{opening}': the middle one)"
    )
    parser.add_argument("--sql", action="store_true", help="print each statement's first line")
    args = parser.parse_args(argv)
    app = create_app(
        {
            "ENVIRONMENT": "testing",
            "SQLALCHEMY_DATABASE_URI": args.database_url,
            "WTF_CSRF_ENABLED": True,
        }
    )
    with app.app_context():
        opening = middle_published_opening(db.session) or 0
        db.session.rollback()
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = _CSRF.search(page).group(1)
    answer = client.post(
        "/login", data={"csrf_token": token, "email": args.email, "password": PASSWORD}
    )
    if answer.status_code != 302:
        raise SystemExit(f"login failed: {answer.status_code}")
    statements: list[str] = []

    def seen(_connection, _cursor, statement, *_args) -> None:
        statements.append(" ".join(statement.split()))

    for path in [p.format(opening=opening) for p in (args.path or PAGES)]:
        client.get(path)  # warm: the pool's connection, compiled statements, templates
        statements.clear()
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", seen)
        try:
            with round_trips() as sent:
                status = client.get(path).status_code
        finally:
            with app.app_context():
                event.remove(db.engine, "before_cursor_execute", seen)
        print(f"{path}: {status}, {len(statements)} statements, {len(sent)} round trips")
        for line in statements if args.sql else sent:
            print("   ", line[:160] if args.sql else line[:45])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
