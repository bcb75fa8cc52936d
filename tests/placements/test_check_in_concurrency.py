"""Two answers to the same week's check-in at the same moment (a double tap, two tabs): the
second waits for the placement's row lock and finds the first's row, so there is one row."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from placement.common import clock
from placement.extensions import db
from placement.models import CheckIn, Role
from placement.placements import check_in_links
from placement.placements.check_ins import week_of
from tests.conftest import postgresql_only
from tests.factories import create_user
from tests.html_forms import shown_form, typed
from tests.placements.check_in_helpers import running_with_citizen
from tests.posted_at_once import posted_at_once

pytestmark = postgresql_only("concurrent transactions with row locks")


@pytest.mark.parametrize("scores", [("4", "4"), ("2", "5")])
def test_two_answers_at_once_make_one_row(app, viborg, scores):
    consultant = create_user(Role.CONSULTANT, municipality=viborg)
    placement, _citizen = running_with_citizen(consultant)
    db.session.commit()
    # No row yet (the answer comes before the job wrote one): both would insert it.
    path = "/hvordan-gaar-det/" + check_in_links.token(placement.id, week_of(clock.today()))
    one, two = app.test_client(), app.test_client()
    forms = [shown_form(c.get(path).get_data(as_text=True)) for c in (one, two)]
    answers = posted_at_once(
        {
            "one": (one, path, typed(forms[0], score=scores[0])),
            "two": (two, path, typed(forms[1], score=scores[1])),
        }
    )
    assert all(status in (200, 302) for status, _page in answers.values()), answers
    db.session.rollback()
    rows = db.session.scalars(select(CheckIn)).all()
    assert len(rows) == 1 and str(rows[0].score) in scores
