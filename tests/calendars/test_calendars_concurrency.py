"""Two tabs renewing the calendar link at the same moment leave one link (the user's row lock);
the meeting's time and place posted twice at once is written once (the placement's row lock)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from placement.extensions import db
from placement.models import AuditAction, AuditEvent, AuditSubject, CalendarFeed
from tests.calendars.test_calendars import world  # noqa: F401  (the fixture)
from tests.conftest import csrf_token, log_in, postgresql_only
from tests.html_forms import shown_form, typed
from tests.posted_at_once import posted_at_once

pytestmark = postgresql_only("concurrent transactions with row locks")
LINK = re.compile(r'value="http://localhost(/kalender/[\w-]+\.ics)"')


def _signed_in(app, user):
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302
    return client


def test_two_renewals_at_once_leave_one_link(app, world):  # noqa: F811
    tabs = [_signed_in(app, world["asta_user"]) for _ in range(2)]
    tokens = [csrf_token(tab, "/kalender/") for tab in tabs]
    answers = posted_at_once(
        {
            n: (tab, "/kalender/forny", {"csrf_token": token})
            for n, (tab, token) in enumerate(zip(tabs, tokens, strict=True))
        }
    )
    assert [status for status, _page in answers.values()] == [200, 200]
    links = [LINK.search(page).group(1) for _status, page in answers.values()]
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(CalendarFeed)) == 1
    # The one that committed last is the link; the other tab's answers 404 like a renewed one.
    statuses = sorted(app.test_client().get(link).status_code for link in links)
    assert statuses == [200, 404]


def test_the_same_time_and_place_posted_twice_at_once_is_written_once(app, world):  # noqa: F811
    placement = world["asta"]
    followup = placement.followups[1]
    page = f"/forloeb/{placement.id}/opfoelgning/{followup.id}"
    action = page + "/tid-og-sted"
    tabs = [_signed_in(app, world["anna"]) for _ in range(2)]
    forms = [shown_form(tab.get(page).get_data(as_text=True), action) for tab in tabs]
    answers = posted_at_once(
        {
            n: (tab, action, typed(form, meeting_time="13:00", place="Jobcentret"))
            for n, (tab, form) in enumerate(zip(tabs, forms, strict=True))
        }
    )
    assert [status for status, _page in answers.values()] == [302, 302]
    db.session.rollback()
    changes = db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == AuditAction.CHANGE, AuditEvent.subject == AuditSubject.FOLLOWUP)
    )
    assert changes == 1
