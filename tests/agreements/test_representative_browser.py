"""In Chromium: the representative opens the link from the mail and approves the agreement."""

from __future__ import annotations

import pytest

from placement.extensions import db
from placement.models import RepresentativeDecision
from tests.agreements.representative_helpers import path, token_from, with_representative
from tests.conftest import assert_accessible, shows

pytestmark = pytest.mark.browser


def test_the_representative_opens_the_link_and_approves(app, page):
    outbox = app.extensions["mail_outbox"]
    outbox.clear()
    placement = with_representative()
    page.goto(path(token_from(outbox)))
    assert page.get_by_role("heading", name="Godkend aftale om løntilskud").is_visible()
    shows(page, "Asta Holm")
    assert page.get_by_label("Begrundelse for indsigelse").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Godkend").click()
    shows(page, "Tak. Du har godkendt aftalen.")
    shows(page, "Du godkendte denne version af aftalen")
    assert page.get_by_role("button", name="Godkend").count() == 0
    assert_accessible(page)
    db.session.rollback()
    assert placement.representative_approvals[0].decision == RepresentativeDecision.APPROVE
