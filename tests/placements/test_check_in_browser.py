"""In Chromium on a phone-sized screen: the citizen opens the weekly link without signing in
and answers with one tap; the consultant then finds the placement on their home."""

from __future__ import annotations

import pytest

from placement.extensions import db
from placement.models import CheckIn, Role
from tests.conftest import assert_accessible, shows
from tests.factories import create_user
from tests.placements.check_in_helpers import link_from, run_weekly, running_with_citizen

pytestmark = pytest.mark.browser


def test_one_tap_on_a_phone_answers_and_the_consultant_sees_it(app, chromium, live_server, as_user):
    outbox = app.extensions["mail_outbox"]
    outbox.clear()
    consultant = create_user(Role.CONSULTANT, email="mette@viborg.dk")
    placement, _citizen = running_with_citizen(consultant)
    run_weekly()
    path = link_from(outbox)
    phone = chromium.new_context(
        base_url=live_server, locale="da-DK", viewport={"width": 375, "height": 700}
    )
    try:
        page = phone.new_page()
        page.goto(path)
        assert page.get_by_role("heading", name="Hvordan går det hos Bageriet Viborg?").is_visible()
        for label in ("1 – Meget dårligt", "2 – Dårligt", "3 – Hverken godt eller dårligt"):
            assert page.get_by_role("button", name=label).is_visible()
        for label in ("4 – Godt", "5 – Meget godt"):
            assert page.get_by_role("button", name=label).is_visible()
        assert "Ida Iversen" not in page.content()
        assert_accessible(page)
        page.get_by_role("button", name="2 – Dårligt").click()
        shows(page, "Tak for dit svar. Din jobkonsulent kan se det.")
        shows(page, "Du har svaret 2 (Dårligt) for denne uge.")
        assert_accessible(page)
    finally:
        phone.close()
    db.session.rollback()
    [row] = db.session.scalars(db.select(CheckIn)).all()
    assert (row.placement_id, row.score) == (placement.id, 2)

    home = as_user(consultant.email)
    home.goto("/borgere")
    section = home.get_by_role("region", name="Forløb der kræver opmærksomhed")
    assert section.get_by_role("link", name="Ida Iversen hos Bageriet Viborg").is_visible()
    shows(home, "Borgeren svarede 2 (Dårligt)")
    section.get_by_role("link", name="Ida Iversen hos Bageriet Viborg").click()
    shows(home, "Kræver forløbet opmærksomhed?")
    assert_accessible(home)
