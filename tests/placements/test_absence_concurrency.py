"""The company and the consultant registering overlapping days at the same moment: they wait for
each other on the placement's row lock, the second finds the first one's days, and the result is
one row per day and no error page."""

import time

import pytest

from placement.extensions import db
from placement.models import AbsenceReason
from placement.placements import absence, absence_alert
from tests.conftest import postgresql_only
from tests.html_forms import shown_form, typed
from tests.placements.test_absence_pages import (
    DAY_1,
    DAY_2,
    DAY_3,
    registered,
    world,  # noqa: F401 (a fixture)
)
from tests.posted_at_once import posted_at_once
from tests.privacy.test_consent import signed_in

pytestmark = postgresql_only("concurrent transactions with row locks")


def form(client, page: str, **fields):
    action = f"{page}/fravaer"
    return (
        client,
        action,
        typed(shown_form(client.get(page).get_data(as_text=True), action), **fields),
    )


@pytest.mark.parametrize("round_", range(2))
def test_the_company_and_the_consultant_at_once_make_one_row_per_day(
    app,
    world,
    monkeypatch,
    round_,  # noqa: F811 (the fixture)
):
    pid = world["placement"].id
    company, consultant = signed_in(app, world["employer"]), signed_in(app, world["consultant"])
    posts = {
        "company": form(
            company,
            f"/virksomhed/forslag/{pid}",
            first_day=DAY_3.isoformat(),
            last_day=DAY_2.isoformat(),
            reason=AbsenceReason.ILLNESS.value,
        ),
        "consultant": form(
            consultant,
            f"/forloeb/{pid}",
            first_day=DAY_2.isoformat(),
            last_day=DAY_1.isoformat(),
            reason=AbsenceReason.UNEXPLAINED.value,
        ),
    }
    check = absence_alert.check

    def slowly(placement):
        # Each request holds its transaction open a moment after writing its rows, as a slow
        # one would, so the other arrives while it is still open.
        time.sleep(0.3)
        return check(placement)

    monkeypatch.setattr(absence_alert, "check", slowly)
    answers = posted_at_once(posts)
    assert {name: status for name, (status, _page) in answers.items()} == {
        "company": 302,
        "consultant": 302,
    }
    db.session.rollback()
    days = registered(world)
    assert sorted(days) == [DAY_3, DAY_2, DAY_1]  # one row each, the shared day once
    assert days[DAY_3] == AbsenceReason.ILLNESS and days[DAY_1] == AbsenceReason.UNEXPLAINED
    assert len(absence.days_of(world["placement"])) == 3


def test_the_same_post_twice_at_once_is_written_once(app, world, monkeypatch):  # noqa: F811
    pid = world["placement"].id
    one, two = signed_in(app, world["employer"]), signed_in(app, world["employer"])
    page = f"/virksomhed/forslag/{pid}"
    fields = dict(first_day=DAY_1.isoformat(), reason=AbsenceReason.AGREED.value)
    check = absence_alert.check
    monkeypatch.setattr(absence_alert, "check", lambda p: (time.sleep(0.3), check(p))[1])
    answers = posted_at_once({"one": form(one, page, **fields), "two": form(two, page, **fields)})
    assert {status for status, _page in answers.values()} == {302}
    db.session.rollback()
    assert registered(world) == {DAY_1: AbsenceReason.AGREED}
