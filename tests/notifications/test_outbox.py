"""The transactional outbox: notifications written with their change, mailed by a sender to a
real SMTP server, retried on a schedule, never lost, never sent twice by two senders."""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from placement import scheduler
from placement.common import clock
from placement.extensions import db
from placement.models import EmailState, Notification, Role, User
from placement.notifications import inbox as notifying
from placement.notifications.inbox import notify
from placement.notifications.notices import tell_consultant_of_answer
from placement.notifications.outbox import message_id, send_due
from tests.conftest import log_in, post_form, postgresql_only
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)
from tests.processes import FLASK, ROOT, process_env, wait_for
from tests.smtp_server import SmtpServer

S = EmailState
on_postgresql = postgresql_only(
    "PostgreSQL's row locks for several senders at once", "on SQLite one sender works at a time"
)


@pytest.fixture
def server():
    smtp = SmtpServer()
    yield smtp
    smtp.down()


@pytest.fixture
def smtp(app, monkeypatch, server):
    """The app mails through the test's SMTP server (started by the test when it wants)."""
    for key, value in {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": server.port,
        "MAIL_USE_TLS": False,
        "MAIL_USERNAME": "",
        "PUBLIC_URL": "https://placement.viborg.dk",
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return server


def notifications(count: int, **user_fields) -> list[Notification]:
    """`count` notifications to as many consultants, committed: mails waiting to go."""
    viborg = create_municipality()
    made = []
    for number in range(count):
        user = create_user(
            Role.CONSULTANT,
            municipality=viborg,
            name=f"Konsulent {number}",
            email=f"konsulent{number}@viborg.dk",
            **user_fields,
        )
        made.append(
            notify(
                user, f"test:{number}", f"Besked nummer {number}", f"Der er sket noget ({number})."
            )
        )
    db.session.commit()
    return made


def rows() -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).order_by(Notification.id)))


def ids_of(made) -> set[str]:
    return {message_id(n) for n in made}


# --- written with the change, in the recipient's language ---------------------------------------


def test_a_notification_is_a_row_due_at_once_and_goes_with_a_rolled_back_change(outbox):
    [kept] = notifications(1)
    user = kept.user
    assert (kept.email_state, kept.email_attempts) == (S.PENDING, 0)
    assert kept.email_next_at == kept.created_at
    notify(user, "test:rolled-back", "Aldrig sket")
    db.session.rollback()  # the change that caused it was refused
    assert [n.key for n in rows()] == ["test:0"]
    assert send_due().sent == 1
    assert [mail["subject"] for mail in outbox] == ["Besked nummer 0"]


def test_the_same_event_is_told_once_even_by_two_requests_at_once(monkeypatch):
    [first] = notifications(1)
    assert notify(first.user, "test:0", "Igen") is None
    # Two requests at the same moment both find no row; the second's insert then meets the
    # unique key and gives way, and its own change still commits.
    monkeypatch.setattr(notifying, "_existing", lambda messages: set())
    user_id = first.user.id
    first.user.name = "Ændret i samme forespørgsel"
    assert notify(first.user, "test:0", "Samtidig") is None
    db.session.commit()
    assert [n.title for n in rows()] == ["Besked nummer 0"]
    assert db.session.get(User, user_id).name == "Ændret i samme forespørgsel"


def test_no_usable_address_or_deactivated_means_in_the_app_only():
    viborg = create_municipality()
    erased = create_user(Role.CONSULTANT, municipality=viborg, email="slettet-7@slettet.invalid")
    later_off = create_user(Role.CONSULTANT, municipality=viborg)
    off = create_user(Role.CONSULTANT, municipality=viborg, active=False)
    assert notify(erased, "a", "Til en uden adresse").email_state == S.NONE
    assert notify(off, "b", "Til en deaktiveret") is None
    pending = notify(later_off, "c", "Til en, der bliver deaktiveret")
    later_off.active = False
    db.session.commit()
    assert pending.email_state == S.PENDING
    assert send_due().sent == 0  # deactivated since: kept in the app only
    assert [(n.key, n.email_state) for n in rows()] == [("a", S.NONE), ("c", S.NONE)]


def test_the_mail_is_in_the_recipients_language_with_the_link_for_their_role(smtp):
    smtp.up()
    viborg = create_municipality()
    consultant = create_user(
        Role.CONSULTANT, municipality=viborg, language="en", email="mette@viborg.dk", name="Mette"
    )
    candidate = create_candidate(viborg, name="Ida Iversen", consultant=consultant)
    placement = create_placement(
        candidate,
        create_opening(create_employer(name="Lager Nord A/S"), title="Lagerpraktik"),
        consultant=consultant,
    )
    # A request answered in Danish (the company's language) tells an English-reading consultant.
    made = tell_consultant_of_answer(placement, "employer", yes=True)
    db.session.commit()
    assert made.title == "Answer from Lager Nord A/S"
    assert made.body == (
        "Lager Nord A/S has said yes to the proposal of Ida Iversen for Lagerpraktik."
    )
    assert (made.placement_id, made.candidate_id) == (placement.id, candidate.id)

    assert send_due().sent == 1
    [mail] = smtp.mails
    assert mail["subject"] == "Answer from Lager Nord A/S" and mail["to"] == "mette@viborg.dk"
    assert mail["body"] == (
        "Hello Mette\n\nLager Nord A/S has said yes to the proposal of Ida Iversen for "
        "Lagerpraktik.\n\nSee more in Placement: "
        f"https://placement.viborg.dk/forloeb/{placement.id}\n"
    )
    assert mail["message_id"] == f"<notification-{made.id}.{_digest(made)}@placement.viborg.dk>"
    assert mail["headers"]["Auto-Submitted"] == "auto-generated"


def _digest(notification) -> str:
    return message_id(notification).split(".", 1)[1].split("@")[0]


def test_the_link_in_a_companys_mail_is_the_companys_page(smtp):
    smtp.up()
    opening = create_opening(create_employer(name="Café Syd"), title="Køkkenhjælp")
    placement = create_placement(create_candidate(), opening)
    employer = create_user(Role.EMPLOYER, employer=opening.employer, email="cafe@syd.dk")
    notify(employer, "proposal", "Et forslag", placement=placement)
    db.session.commit()
    send_due()
    [mail] = smtp.mails
    assert f"https://placement.viborg.dk/virksomhed/forslag/{placement.id}\n" in mail["body"]


# --- the sender ----------------------------------------------------------------------------------


def test_every_due_mail_goes_once_over_one_connection_per_batch(smtp):
    smtp.up()
    made = notifications(250)
    report = send_due()
    assert (report.sent, report.retried, report.undeliverable) == (250, 0, 0)
    assert smtp.recorder.connections == 3  # batches of 100, 100 and 50
    assert smtp.times_got() == dict.fromkeys(ids_of(made), 1)
    assert {(n.email_state, n.email_attempts, n.email_next_at) for n in rows()} == {
        (S.SENT, 1, None)
    }
    assert all(n.emailed_at is not None for n in rows())
    assert send_due().sent == 0 and len(smtp.mails) == 250


def test_a_server_that_hangs_up_after_some_mails_gets_a_new_connection(smtp):
    smtp.up()
    smtp.recorder.session_limit = 3
    made = notifications(10)
    report = send_due()
    assert (report.sent, report.retried, report.undeliverable) == (10, 0, 0)
    assert smtp.recorder.connections == 4
    assert smtp.times_got() == dict.fromkeys(ids_of(made), 1)
    assert {(n.email_state, n.email_attempts) for n in rows()} == {(S.SENT, 1)}


def test_a_server_down_for_one_round_then_up_delivers_every_mail_exactly_once(smtp):
    made = notifications(30)
    now = clock.now()
    report = send_due(now)  # nobody listens on the port
    assert (report.sent, report.retried, report.undeliverable) == (0, 30, 0)
    assert {(n.email_state, n.email_attempts, n.email_error, n.email_next_at) for n in rows()} == {
        (S.PENDING, 1, "ConnectionRefusedError", now + timedelta(minutes=1))
    }

    smtp.up()
    assert send_due(now + timedelta(seconds=30)).sent == 0  # not due yet: no try
    assert smtp.recorder.connections == 0
    report = send_due(now + timedelta(minutes=1))
    assert (report.sent, report.retried) == (30, 0)
    assert smtp.times_got() == dict.fromkeys(ids_of(made), 1)
    assert {(n.email_state, n.email_attempts) for n in rows()} == {(S.SENT, 2)}


def test_failed_tries_wait_1_5_30_120_and_720_minutes_then_the_mail_is_undeliverable(smtp):
    notifications(1)
    now = clock.now()
    waits = [1, 5, 30, 120, 720]
    for tries, wait in enumerate(waits, start=1):
        report = send_due(now)
        assert report.retried == 1
        [row] = rows()
        assert (row.email_state, row.email_attempts) == (S.PENDING, tries)
        assert row.email_next_at == now + timedelta(minutes=wait)
        # A minute early nothing is tried.
        assert not send_due(row.email_next_at - timedelta(minutes=1)).failed
        now = row.email_next_at
    report = send_due(now)
    assert (report.retried, report.undeliverable) == (0, 1)
    [row] = rows()
    assert (row.email_state, row.email_attempts, row.email_next_at, row.email_error) == (
        S.UNDELIVERABLE,
        6,
        None,
        "ConnectionRefusedError",
    )
    assert send_due(now + timedelta(days=30)).undeliverable == 0  # tried no more


def test_a_refused_address_is_undeliverable_at_once_a_full_mailbox_is_tried_again(smtp):
    smtp.up()
    made = notifications(4)
    smtp.recorder.refuse = {
        "konsulent1@viborg.dk": "550 5.1.1 No such user here",
        "konsulent2@viborg.dk": "452 4.2.2 Mailbox full",
    }
    now = clock.now()
    report = send_due(now)
    assert (report.sent, report.retried, report.undeliverable) == (2, 1, 1)
    # One connection: a refusal of one mail does not stop the others.
    assert smtp.recorder.connections == 1
    assert [(n.email_state, n.email_error) for n in rows()] == [
        (S.SENT, None),
        (S.UNDELIVERABLE, "SMTPRecipientsRefused"),
        (S.PENDING, "SMTPRecipientsRefused"),
        (S.SENT, None),
    ]
    assert rows()[2].email_next_at == now + timedelta(minutes=1)
    assert set(smtp.times_got()) == ids_of([made[0], made[3]])


def test_without_mail_server_production_keeps_them_in_the_app_and_logs_only_a_count(
    app, monkeypatch, caplog
):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "log")
    notifications(3)
    with caplog.at_level(logging.INFO, logger="placement.notifications.outbox"):
        report = send_due()
    assert (report.sent, report.kept, report.failed) == (0, 3, False)
    assert {n.email_state for n in rows()} == {S.NONE}
    assert caplog.messages == ["3 notification(s) kept in the app; mail is not configured."]


def test_the_command_prints_the_counts_and_fails_when_mail_could_not_go(smtp, runner):
    notifications(2)
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "outbox: 0 sent, 2 to retry, 0 undeliverable"
    assert "could not be delivered" in result.output

    smtp.up()
    for row in rows():  # the retry is due
        row.email_next_at = clock.now()
    db.session.commit()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert result.output == "outbox: 2 sent, 0 to retry, 0 undeliverable\n"


def test_the_scheduler_tick_ends_by_sending_and_fails_when_mail_could_not_go(smtp, runner):
    notifications(1)
    result = runner.invoke(args=["scheduler", "tick", "--now", "2027-01-04T08:00"])
    assert result.exit_code == 1
    # The one waiting, and the consultant's weekly overview the tick wrote.
    assert result.output.splitlines()[-2] == "outbox: 0 sent, 2 to retry, 0 undeliverable"
    assert "could not be delivered" in result.output


# --- several senders, and a sender killed ----------------------------------------------------


def _send_in_own_session(app, start, reports, errors):
    with app.app_context():
        try:
            start.wait(timeout=10)
            reports.append(send_due(batch_size=25))
        except Exception as error:  # noqa: BLE001 — reported, and fails the test below
            errors.append(repr(error))
        finally:
            db.session.remove()


@on_postgresql
@pytest.mark.parametrize("round_", range(2))
def test_two_senders_at_once_never_send_a_mail_twice(app, smtp, round_):
    smtp.up()
    smtp.recorder.delay = 0.002  # a real server takes a moment: the senders overlap
    made = notifications(200)
    start, reports, errors = threading.Barrier(2), [], []
    threads = [
        threading.Thread(target=_send_in_own_session, args=(app, start, reports, errors))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and len(reports) == 2
    assert sorted(report.sent for report in reports) != [0, 200], "the senders never overlapped"
    assert sum(report.sent for report in reports) == 200
    assert smtp.times_got() == dict.fromkeys(ids_of(made), 1)
    assert {n.email_state for n in rows()} == {S.SENT}


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="SQLite's lock file")
def test_on_sqlite_a_second_sender_waits_its_turn(app, smtp):
    smtp.up()
    smtp.recorder.delay = 0.05
    made = notifications(20)
    start, reports, errors = threading.Barrier(1), [], []
    first = threading.Thread(target=_send_in_own_session, args=(app, start, reports, errors))
    first.start()
    wait_for(lambda: len(smtp.mails) >= 2, 30, "the first sender to be at work")
    second = send_due()
    first.join(timeout=60)
    assert errors == [] and (second.busy, second.sent) == (True, 0)
    assert str(second) == "another sender is at work; nothing sent"
    assert reports[0].sent == 20
    assert smtp.times_got() == dict.fromkeys(ids_of(made), 1)


def test_the_scheduler_job_sends_what_is_due_and_logs_only_counts(app, outbox, caplog):
    notifications(2)
    with caplog.at_level(logging.INFO, logger="placement.scheduler"):
        scheduler.scheduled_delivery(app)
    assert len(outbox) == 2
    assert caplog.messages == ["outbox: 2 sent, 0 to retry, 0 undeliverable"]


def _sender_process(app, tmp_path, server) -> subprocess.Popen:
    env = process_env(
        tmp_path / "instance",
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(server.port),
        MAIL_USE_TLS="false",
        PUBLIC_URL="https://placement.viborg.dk",
    )
    return subprocess.Popen(
        [*FLASK, "outbox", "send"],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.mark.real_clock
def test_a_sender_killed_mid_batch_loses_nothing_and_sends_at_most_one_twice(app, smtp, tmp_path):
    smtp.up()
    smtp.recorder.delay = 0.25  # slow: the kill lands while the server holds a mail
    made = notifications(40)
    by_message_id = {message_id(n): n.id for n in made}
    sender = _sender_process(app, tmp_path, smtp)
    try:
        wait_for(lambda: len(smtp.mails) >= 6, 60, "the sender to be half-way")
        sender.send_signal(signal.SIGKILL)
        assert sender.wait(timeout=10) == -signal.SIGKILL
    finally:
        if sender.poll() is None:
            sender.kill()
    got = smtp.times_got()
    marked = {n.id for n in rows() if n.email_state == S.SENT}
    # None marked sent that the server did not get; at most the one in flight is unmarked.
    assert marked <= {by_message_id[message_id] for message_id in got}
    assert len(got) - len(marked) <= 1
    assert 0 < len(marked) < 40

    smtp.recorder.delay = 0
    again = _sender_process(app, tmp_path, smtp)
    output, _ = again.communicate(timeout=120)
    assert again.returncode == 0, output
    assert re.search(r"outbox: \d+ sent, 0 to retry, 0 undeliverable", output)
    got = smtp.times_got()
    assert set(got) == set(by_message_id)  # every one delivered, none lost
    twice = [message_id for message_id, times in got.items() if times > 1]
    assert len(twice) <= 1 and all(got[message_id] == 2 for message_id in twice)
    assert {n.email_state for n in rows()} == {S.SENT}


# --- the admin ----------------------------------------------------------------------------------


def test_the_admin_sees_the_undeliverable_and_tries_one_again(client, login, smtp):
    smtp.up()
    made = notifications(2)
    smtp.recorder.refuse = {"konsulent0@viborg.dk": "550 5.1.1 No such user here"}
    assert send_due().undeliverable == 1
    login(Role.ADMIN)
    assert "1 e-mail kunne ikke sendes." in client.get("/admin/").get_data(as_text=True)
    page = client.get("/admin/ikke-sendt/").get_data(as_text=True)
    assert "E-mails, der ikke kunne sendes" in page
    for shown in (
        "Konsulent 0",
        "konsulent0@viborg.dk",
        "Besked nummer 0",
        "SMTPRecipientsRefused",
        "Prøv igen",
    ):
        assert shown in page
    assert "Besked nummer 1" not in page  # it was sent

    smtp.recorder.refuse = {}  # the address is mended
    response = post_form(
        client,
        f"/admin/ikke-sendt/{made[0].id}/proev-igen",
        {},
        form_page="/admin/ikke-sendt/",
        follow_redirects=True,
    )
    assert "E-mailen sendes igen inden for et minut." in response.get_data(as_text=True)
    assert "Alle e-mails er sendt" in response.get_data(as_text=True)
    # Pressed twice (a double click, a second admin): the first press is what happened.
    twice = post_form(
        client,
        f"/admin/ikke-sendt/{made[0].id}/proev-igen",
        {},
        form_page="/admin/ikke-sendt/",
        follow_redirects=True,
    )
    assert twice.status_code == 200 and "Det er allerede sket." in twice.get_data(as_text=True)
    [again, _sent] = rows()
    assert (again.email_state, again.email_attempts) == (S.PENDING, 0)
    assert send_due().sent == 1
    assert smtp.times_got()[message_id(made[0])] == 1

    # Only one that was undeliverable can be made due again.
    never = post_form(
        client, f"/admin/ikke-sendt/{made[1].id}/proev-igen", {}, form_page="/admin/ikke-sendt/"
    )
    assert never.status_code == 404


def test_only_the_admin_opens_the_list(app, login):
    for role in (Role.CONSULTANT, Role.MANAGER):
        reader = app.test_client()
        user = create_user(role)
        log_in(reader, user.email)
        assert reader.get("/admin/ikke-sendt/").status_code == 403
