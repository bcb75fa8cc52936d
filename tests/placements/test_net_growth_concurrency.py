"""The company saving its net growth declaration while the consultant agrees the placement: the
agreement sees the declaration or is refused, never made without one."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

from placement.agreements.content import AgreementContent
from placement.common import clock
from placement.extensions import db
from placement.models import Kind, Placement, PlacementStatus, Role, User
from placement.placements import lifecycle, net_growth
from placement.placements.net_growth_declaration import Figures, declare
from tests.conftest import postgresql_only
from tests.factories import (
    create_employer,
    create_opening,
    create_placement,
    create_user,
    declare_net_growth,
)
from tests.suite_day import SUITE_DAY

S = PlacementStatus
START = SUITE_DAY + timedelta(days=7)

pytestmark = postgresql_only("concurrent transactions with row locks")


def _accepted():
    consultant = create_user(Role.CONSULTANT)
    company = create_employer(employees=50)
    placement = create_placement(
        opening=create_opening(company, kind=Kind.WAGE_SUBSIDY, seats=3),
        consultant=consultant,
        status=S.ACCEPTED,
        start_date=START,
        end_date=START + timedelta(weeks=12),
        hours_per_week=20,
    )
    company_user = create_user(Role.EMPLOYER, employer=company)
    return placement, consultant, company_user


def _in_own_transaction(app, results, name, work, *, holding=None, hold=0.0, waiting=None):
    """Run work(session objects) in a transaction of its own; `holding` is set once the work is
    done (its locks held), and the commit waits `hold` seconds; `waiting` is waited for first."""

    def run():
        with app.app_context():
            try:
                if waiting is not None:
                    waiting.wait(timeout=10)
                work()
                if holding is not None:
                    holding.set()
                if hold:
                    threading.Event().wait(hold)
                db.session.commit()
                results[name] = "done"
            except lifecycle.TransitionRefused as refused:
                db.session.rollback()
                results[name] = f"refused: {refused}"
            except Exception as error:  # noqa: BLE001 — reported, and fails the test below
                db.session.rollback()
                results[name] = f"error: {error!r}"
            finally:
                if holding is not None:
                    holding.set()

    return threading.Thread(target=run)


def _contents(placement_id: int) -> list[AgreementContent]:
    db.session.rollback()
    placement = db.session.get(Placement, placement_id)
    db.session.refresh(placement)
    return [AgreementContent.from_json(a.content_json) for a in placement.agreements]


def test_agreeing_while_the_company_declares_waits_and_sees_the_declaration(app):
    placement, consultant, company_user = _accepted()
    ids = (placement.id, consultant.id, company_user.id)
    month = net_growth.months_offered(clock.today())[0]
    declared, results = threading.Event(), {}

    def company():
        p, user = db.session.get(Placement, ids[0]), db.session.get(User, ids[2])
        declare(p, Figures(month, 10, Decimal("9.5")), user)

    def agree():
        p, user = db.session.get(Placement, ids[0]), db.session.get(User, ids[1])
        assert p.net_growth is None  # read before the company's save is committed
        lifecycle.agree(p, user, today=START)

    threads = [
        _in_own_transaction(app, results, "company", company, holding=declared, hold=0.5),
        _in_own_transaction(app, results, "consultant", agree, waiting=declared),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == {"company": "done", "consultant": "done"}, results
    [content] = _contents(ids[0])
    assert content.net_growth is not None and content.net_growth.employees_last_month == 10


def test_a_declaration_changed_while_the_consultant_agrees_makes_the_next_version(app):
    placement, consultant, company_user = _accepted()
    declare_net_growth(placement, employees=10, average="9.5")
    ids = (placement.id, consultant.id, company_user.id)
    month = net_growth.months_offered(clock.today())[0]
    agreed, results = threading.Event(), {}

    def agree():
        p, user = db.session.get(Placement, ids[0]), db.session.get(User, ids[1])
        lifecycle.agree(p, user, today=START)

    def company():
        p, user = db.session.get(Placement, ids[0]), db.session.get(User, ids[2])
        declare(p, Figures(month, 12, Decimal("9.5")), user)

    threads = [
        _in_own_transaction(app, results, "consultant", agree, holding=agreed, hold=0.5),
        _in_own_transaction(app, results, "company", company, waiting=agreed),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == {"company": "done", "consultant": "done"}, results
    contents = _contents(ids[0])
    assert [c.net_growth.employees_last_month for c in contents if c.net_growth] == [10, 12]
    assert len(contents) == 2


def test_the_same_declaration_posted_twice_at_once_is_saved_once(app):
    placement, _consultant, company_user = _accepted()
    ids = (placement.id, company_user.id)
    month = net_growth.months_offered(clock.today())[0]
    start, results = threading.Barrier(2), {}

    def company():
        start.wait(timeout=10)
        p, user = db.session.get(Placement, ids[0]), db.session.get(User, ids[1])
        declare(p, Figures(month, 10, Decimal("9.5")), user)

    threads = [_in_own_transaction(app, results, name, company) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == {"one": "done", "two": "done"}, results
    db.session.rollback()
    assert db.session.get(Placement, ids[0]).net_growth.employees_last_month == 10
