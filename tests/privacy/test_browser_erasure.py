"""In Chromium: a consultant asks for a citizen's erasure, a manager approves it, and the profile
then shows no one. The manager's pages pass axe."""

import pytest

from placement.extensions import db
from placement.models import Candidate
from tests.conftest import assert_accessible
from tests.privacy.test_data_export import EMAIL, NAME, PHONE, full_citizen

pytestmark = pytest.mark.browser


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_the_consultant_asks_and_the_manager_approves(as_user):
    zenobia = full_citizen()
    profile = f"/borgere/{zenobia.candidate.id}"

    consultant = as_user(zenobia.consultant.email)
    consultant.goto(profile)
    consultant.get_by_role("link", name="Anmod om sletning").click()
    expect(consultant.get_by_role("heading", level=1)).to_have_text(f"Anmod om sletning: {NAME}")
    assert_accessible(consultant)
    consultant.get_by_role("button", name="Send anmodning om sletning").click()
    # Without a reason the form says what is missing.
    expect(consultant.locator(".error-summary")).to_contain_text("Begrundelse")
    consultant.get_by_label("Begrundelse").fill("Borgeren har bedt om det på mail.")
    consultant.get_by_role("button", name="Send anmodning om sletning").click()
    expect(consultant.locator(".flash--success")).to_contain_text("sendt til en leder")
    expect(consultant.get_by_text("venter på en leder")).to_be_visible()

    manager = as_user(zenobia.manager.email)
    manager.get_by_role("link", name="Anmodninger om sletning af borgere").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Anmodninger om sletning")
    expect(manager.get_by_role("heading", name=NAME)).to_be_visible()
    assert_accessible(manager)
    manager.get_by_role("link", name=f"Behandl anmodningen – {NAME}").click()
    expect(manager.get_by_text("Sletningen kan ikke fortrydes.")).to_be_visible()
    assert_accessible(manager)
    manager.get_by_role("button", name="Godkend og slet borgerens data").click()
    expect(manager.locator(".flash--success")).to_contain_text("Borgerens data er slettet.")
    expect(manager.get_by_text("Ingen anmodninger venter.")).to_be_visible()
    assert_accessible(manager)

    consultant.goto(profile)
    expect(consultant.get_by_role("heading", level=1)).to_have_text("Anonymiseret borger")
    content = consultant.locator("main").inner_text()
    for value in (NAME, EMAIL, PHONE, "150390"):
        assert value not in content
    db.session.expire_all()
    assert db.session.get(Candidate, zenobia.candidate.id).anonymised_at is not None
