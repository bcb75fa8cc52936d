"""Two schedulers running the revolving-door sweep at the same moment tell each consultant
once: the sweep's advisory lock makes the second wait, and it then finds the alerts made."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from placement.companies import revolving_door
from placement.extensions import db
from placement.models import Notification, Role
from placement.notifications.outbox import send_due
from placement.scheduler import run_sweep
from tests.companies.test_hiring import NOW, door
from tests.conftest import postgresql_only
from tests.factories import create_user

pytestmark = postgresql_only("concurrent transactions and advisory locks")


def _sweep_in_own_session(app, started, errors):
    with app.app_context():
        try:
            started.wait(timeout=10)
            run_sweep("revolving_door", NOW)
            send_due()
        except Exception as error:  # noqa: BLE001 — reported, and fails the test below
            db.session.rollback()
            errors.append(repr(error))
        finally:
            db.session.remove()


@pytest.mark.parametrize("round_", range(2))
def test_the_sweep_run_twice_at_once_sends_one_alert_per_consultant(
    app, outbox, monkeypatch, round_
):
    one, two = create_user(Role.CONSULTANT), create_user(Role.CONSULTANT)
    door(app.config["REVOLVING_DOOR_INTERNSHIPS"], [one, two])
    db.session.commit()
    outbox.clear()
    found = revolving_door.revolving

    def slowly(today, limit):
        # Each holds its transaction open a moment, so the other arrives while it runs.
        time.sleep(0.3)
        return found(today, limit)

    monkeypatch.setattr(revolving_door, "revolving", slowly)
    started, errors = threading.Barrier(2), []
    threads = [
        threading.Thread(target=_sweep_in_own_session, args=(app, started, errors))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a sweep never finished"
    assert errors == []
    db.session.expire_all()
    told = db.session.execute(
        select(Notification.user_id, func.count())
        .where(Notification.key.startswith("revolving-door:"))
        .group_by(Notification.user_id)
    ).all()
    assert sorted(told) == sorted([(one.id, 1), (two.id, 1)])
    assert len(outbox) == 2  # and each mailed once
