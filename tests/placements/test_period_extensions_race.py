"""The same extension posted twice at the same moment (a double click, two consultants): the
row lock makes one wait for the other, and the second finds the first and writes nothing."""

import threading

from sqlalchemy import func, select

from placement.extensions import db
from placement.models import PeriodExtension, Placement, User
from placement.placements import lifecycle, period_extensions
from tests.conftest import postgresql_only
from tests.factories import create_user
from tests.placements.test_period_extensions import running, weeks

pytestmark = postgresql_only("concurrent transactions with row locks")


def _extend_in_own_transaction(app, placement_id, consultant_id, new_end, started, results):
    with app.app_context():
        placement = db.session.get(Placement, placement_id)
        consultant = db.session.get(User, consultant_id)
        started.wait(timeout=10)
        try:
            period_extensions.extend(
                placement, new_end, "Mere tid", consultant, shown_end=weeks(13)
            )
        except lifecycle.AlreadyDone:
            db.session.rollback()
            results.append("already done")
            return
        except lifecycle.TransitionRefused as refused:
            db.session.rollback()
            results.append(f"refused: {refused}")
            return
        except Exception as error:  # noqa: BLE001 — reported, and fails the test below
            db.session.rollback()
            results.append(repr(error))
            return
        db.session.commit()
        results.append("extended")


def _race(app, placement, consultant, *ends):
    started, results = threading.Barrier(len(ends)), []
    threads = [
        threading.Thread(
            target=_extend_in_own_transaction,
            args=(app, placement.id, consultant.id, end, started, results),
        )
        for end in ends
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a transaction never finished"
    db.session.expire_all()
    return sorted(results)


def _extensions(placement):
    return db.session.scalar(
        select(func.count(PeriodExtension.id)).where(PeriodExtension.placement_id == placement.id)
    )


def test_the_same_extension_twice_at_once_makes_one(app):
    consultant = create_user()
    placement = running(consultant)
    assert _race(app, placement, consultant, weeks(26), weeks(26)) == ["already done", "extended"]
    assert _extensions(placement) == 1 and placement.end_date == weeks(26)


def test_two_different_extensions_at_once_make_one(app):
    consultant = create_user()
    placement = running(consultant)
    results = _race(app, placement, consultant, weeks(20), weeks(26))
    assert results[0] == "extended" and results[1].startswith("refused: Slutdatoen er ændret")
    assert _extensions(placement) == 1
