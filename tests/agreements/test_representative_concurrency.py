"""The representative's answer posted twice at the same moment (a double click, two tabs): the
second waits for the placement's row lock, finds the first, and writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from placement.extensions import db
from placement.models import RepresentativeApproval, RepresentativeDecision
from tests.agreements.representative_helpers import path, token_from, with_representative
from tests.conftest import postgresql_only
from tests.html_forms import shown_form, typed
from tests.posted_at_once import posted_at_once

pytestmark = postgresql_only("concurrent transactions with row locks")


@pytest.mark.parametrize("second", ["Godkend", "Gør indsigelse"])
def test_two_answers_at_once_record_one(app, outbox, second):
    outbox.clear()
    with_representative()
    token = token_from(outbox)
    one, two = app.test_client(), app.test_client()
    forms = [shown_form(c.get(path(token)).get_data(as_text=True)) for c in (one, two)]
    first_data = typed(forms[0], approve="Godkend")
    second_data = (
        typed(forms[1], approve="Godkend")
        if second == "Godkend"
        else typed(forms[1], object="Gør indsigelse", reason="Forkert løn")
    )
    answers = posted_at_once(
        {"one": (one, path(token), first_data), "two": (two, path(token), second_data)}
    )
    assert all(status in (200, 302) for status, _page in answers.values()), answers
    db.session.rollback()
    rows = db.session.scalars(select(RepresentativeApproval)).all()
    assert len(rows) == 1 and rows[0].decision is not None
    if rows[0].decision == RepresentativeDecision.APPROVE:
        assert rows[0].reason == ""
