"""The bell's count comes with the logged-in person's row (one statement for both), and is
still right on the very next page after a notification is made or read, and within the
request that makes or reads one."""

from __future__ import annotations

from flask_login import login_user

from placement.extensions import db
from placement.models import Role
from placement.notifications import bell as bell_count
from placement.notifications import inbox
from placement.web.templating import _unread_notifications
from tests.conftest import post_form, statements_sent
from tests.notifications.test_notifications import bell


def test_the_simplest_logged_in_page_sends_one_statement_the_user_with_the_bells_count(
    client, login
):
    consultant = login(Role.CONSULTANT)
    inbox.notify(consultant, "test:one", "Opfølgning overskredet")
    db.session.commit()
    with statements_sent() as statements:
        response = client.get("/adgangskode")
    assert response.status_code == 200
    assert bell(response) == "Beskeder (1 ulæst)"
    assert len(statements) == 1, statements
    assert "FROM users" in statements[0] and "notifications" in statements[0]


def test_a_new_notification_shows_on_the_next_page_and_reading_it_clears_the_bell(client, login):
    consultant = login(Role.CONSULTANT)
    assert bell(client.get("/borgere")) == "Beskeder"

    inbox.notify(consultant, "test:first", "Ny besked")
    db.session.commit()
    assert bell(client.get("/borgere")) == "Beskeder (1 ulæst)"

    made = inbox.for_user(consultant)[0]
    answer = post_form(client, f"/beskeder/{made.id}/laest", {}, form_page="/beskeder/")
    assert answer.status_code == 302
    assert bell(client.get("/borgere")) == "Beskeder"

    for key in ("test:second", "test:third"):
        inbox.notify(consultant, key, "Endnu en besked")
    db.session.commit()
    assert bell(client.get("/adgangskode")) == "Beskeder (2 ulæste)"
    post_form(client, "/beskeder/alle-laest", {}, form_page="/beskeder/")
    assert bell(client.get("/adgangskode")) == "Beskeder"


def test_a_count_read_with_the_user_is_counted_again_once_the_request_changes_notifications(
    app, login
):
    consultant = login(Role.CONSULTANT)
    with app.test_request_context("/borgere"):
        login_user(consultant)
        bell_count.remember(consultant.id, 0)
        assert _unread_notifications(consultant) == 0

        inbox.notify(consultant, "test:in-request", "Ny besked")
        assert _unread_notifications(consultant) == 1

        inbox.notify_all([inbox.Message(consultant, "test:in-request-2", "Og en til")])
        assert _unread_notifications(consultant) == 2

        assert inbox.mark_read(consultant, inbox.for_user(consultant)[0].id)
        assert _unread_notifications(consultant) == 1

        inbox.mark_all_read(consultant)
        assert _unread_notifications(consultant) == 0
        db.session.rollback()
