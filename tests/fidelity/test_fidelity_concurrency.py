"""Two managers saving the team's reviewer scores at the same moment (PostgreSQL): they wait for
each other on the municipality's row lock; the second never overwrites unseen what the first
saved, and both new rows of different items are written (no unique-key fault)."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from placement.common import clock
from placement.extensions import db
from placement.fidelity import reviews
from placement.models import FidelityReview, Role
from tests.conftest import log_in, postgresql_only
from tests.factories import create_municipality, create_user
from tests.html_forms import shown_form, typed
from tests.posted_at_once import posted_at_once

pytestmark = postgresql_only("concurrent transactions with row locks")

PAGE = "/statistik/ips-fidelitet?fra=2026-01-01&til=2026-03-31"
SAVE = "/statistik/ips-fidelitet/vurdering"


@pytest.fixture
def managers(app, monkeypatch):
    viborg = create_municipality("Viborg", "791")
    clients = {}
    for name in ("Mette", "Karl"):
        user = create_user(Role.MANAGER, municipality=viborg, name=name)
        clients[name] = app.test_client()
        log_in(clients[name], user.email)
    db.session.commit()

    # Each save holds its transaction open a moment while writing, as a slow request would.
    def slowly():
        time.sleep(0.3)
        return clock.now()

    monkeypatch.setattr(reviews, "clock", SimpleNamespace(now=slowly))
    return clients


def _form(client):
    return shown_form(client.get(PAGE).get_data(as_text=True), action=SAVE)


@pytest.mark.parametrize("round_", range(2))
def test_the_same_item_at_once_one_is_saved_the_other_is_told(managers, round_):
    data = {
        "Mette": typed(_form(managers["Mette"]), **{"score-disclosure": "3"}),
        "Karl": typed(_form(managers["Karl"]), **{"score-disclosure": "5"}),
    }
    answers = posted_at_once({n: (managers[n], SAVE, data[n]) for n in managers})
    codes = sorted(status for status, _page in answers.values())
    assert codes == [302, 422], codes
    [(loser, (_status, told))] = [(n, a) for n, a in answers.items() if a[0] == 422]
    winner = "Karl" if loser == "Mette" else "Mette"
    assert f"ændret af {winner}" in told
    db.session.expire_all()
    (row,) = db.session.scalars(select(FidelityReview)).all()
    assert row.score == {"Mette": 3, "Karl": 5}[winner] and row.edit_version == 1


def test_different_items_at_once_are_both_saved(managers):
    data = {
        "Mette": typed(_form(managers["Mette"]), **{"score-disclosure": "3"}),
        "Karl": typed(_form(managers["Karl"]), **{"score-outreach": "4"}),
    }
    answers = posted_at_once({n: (managers[n], SAVE, data[n]) for n in managers})
    assert sorted(status for status, _page in answers.values()) == [302, 302]
    db.session.expire_all()
    rows = db.session.scalars(select(FidelityReview).order_by(FidelityReview.item_key)).all()
    assert [(r.item_key, r.score) for r in rows] == [("disclosure", 3), ("outreach", 4)]
