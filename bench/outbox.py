"""Mails per second from the outbox to an SMTP server on this machine: the sender, one
connection per batch, against the old way, one connection per mail.

    .venv/bin/python -m bench.outbox --messages 3384 [--runs 3] [--latency 5] \
        [--database-url URL]

The server is aiosmtpd's sink in a process of its own (it takes every mail and keeps none),
with STARTTLS as in production (--no-tls: plain). --latency puts a proxy in front of it
(bench/latency_proxy.py) that makes each round trip take that many milliseconds, as a mail
server over a network does: the old way pays its round trips and TLS handshake per mail, the
outbox pays them per batch and its database commit per mail. Without --database-url a new
SQLite file is used; a PostgreSQL database must be empty (it is emptied again after).
Prints the median of --runs runs.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import delete, insert, select

from bench._setup import app_for, migrate_empty
from placement.extensions import db
from placement.models import Municipality, Notification, Role, User
from placement.notifications import mail
from placement.notifications.inbox import Message, notify_all
from placement.notifications.outbox import send_due


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--messages",
        type=int,
        default=3384,
        help="mails per run (3,384: a municipal day's notifications)",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--database-url", default=None, help="an empty database (default: a new SQLite file)"
    )
    parser.add_argument(
        "--old-way",
        type=int,
        default=500,
        help="mails sent the old way, one connection each, for comparison",
    )
    parser.add_argument(
        "--no-tls",
        action="store_true",
        help="plain SMTP (default: STARTTLS, as MAIL_USE_TLS in production)",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0,
        help="milliseconds per round trip to the server (default 0)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'outbox.sqlite'}"
        app = app_for(url, instance_path=folder)
        sink_port = port = _free_port()
        tls = [] if args.no_tls else _self_signed(Path(folder))
        helpers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "aiosmtpd",
                    "-n",
                    "-c",
                    "aiosmtpd.handlers.Sink",
                    "-l",
                    f"127.0.0.1:{sink_port}",
                    *tls,
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        ]
        if args.latency:
            port = _free_port()
            helpers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "bench.latency_proxy",
                        str(port),
                        str(sink_port),
                        str(args.latency),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        try:
            _wait_for_port(sink_port)
            _wait_for_port(port)
            app.config.update(
                MAIL_BACKEND="smtp",
                MAIL_SERVER="127.0.0.1",
                MAIL_PORT=port,
                MAIL_USE_TLS=not args.no_tls,
                MAIL_USERNAME="",
                PUBLIC_URL="https://placement.example.dk",
            )
            with app.app_context():
                migrate_empty()
                try:
                    _bench(args)
                finally:
                    _empty()
        finally:
            for helper in helpers:
                helper.terminate()
                helper.wait(timeout=10)


def _bench(args) -> None:
    users = _consultants(args.messages)
    write, send = [], []
    for run in range(args.runs):
        db.session.execute(delete(Notification))
        db.session.commit()
        start = time.perf_counter()
        notify_all(
            [
                Message(
                    user,
                    f"bench:{run}:{user.id}",
                    f"Ugens overblik, uge {run + 1}",
                    "Opfølgninger i denne uge: 2\nOverskredne opfølgninger: 0",
                )
                for user in users
            ]
        )
        db.session.commit()
        write.append(time.perf_counter() - start)
        start = time.perf_counter()
        report = send_due()
        send.append(time.perf_counter() - start)
        if (report.sent, report.failed) != (args.messages, False):
            raise SystemExit(f"run {run + 1}: {report}")
    old = _old_way(users[: args.old_way])
    seconds = statistics.median(send)
    setting = (
        f"{db.engine.dialect.name}, {'plain SMTP' if args.no_tls else 'STARTTLS'}, "
        f"{args.latency:g} ms round trip"
    )
    print(
        f"{setting}: outbox {args.messages / seconds:,.0f} mails/s ({args.messages} in "
        f"{seconds:.1f} s, median of {args.runs}; writing the rows took "
        f"{statistics.median(write):.2f} s)"
    )
    print(
        f"{setting}: old way, a connection per mail, {old:,.0f} mails/s "
        f"({min(args.old_way, len(users))} mails)"
    )


def _old_way(users: list[SimpleNamespace]) -> float:
    start = time.perf_counter()
    for user in users:
        if not mail.send_mail(user.email, "Ugens overblik", "Opfølgninger i denne uge: 2"):
            raise SystemExit("the old way could not send")
    return len(users) / (time.perf_counter() - start)


def _consultants(count: int) -> list[SimpleNamespace]:
    municipality = Municipality(name="Benchkommune", code="999")
    db.session.add(municipality)
    db.session.flush()
    db.session.execute(
        insert(User),
        [
            {
                "email": f"konsulent{n}@bench.example.dk",
                "name": f"Konsulent {n}",
                "role": Role.CONSULTANT,
                "municipality_id": municipality.id,
            }
            for n in range(count)
        ],
    )
    db.session.commit()
    # Plain values, not loaded users: nothing for the sender's commits to expire.
    return [
        SimpleNamespace(id=row.id, email=row.email, language=row.language, active=True)
        for row in db.session.execute(select(User.id, User.email, User.language).order_by(User.id))
    ]


def _empty() -> None:
    db.session.rollback()
    for model in (Notification, User, Municipality):
        db.session.execute(delete(model))
    db.session.commit()


def _self_signed(folder: Path) -> list[str]:
    """A certificate for the sink's STARTTLS (smtplib's starttls() does not check it)."""
    from datetime import datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (folder / "sink.crt").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "sink.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ["--tlscert", str(folder / "sink.crt"), "--tlskey", str(folder / "sink.key")]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the SMTP sink did not start")


if __name__ == "__main__":
    main()
