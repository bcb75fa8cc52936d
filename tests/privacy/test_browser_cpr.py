"""In Chromium: the consultant enters a CPR number, sees it masked, shows it with a click,
and finds the citizen by it; the pages pass axe."""

from datetime import date

import pytest
from sqlalchemy import select

from placement.extensions import db
from placement.models import AuditAction, AuditEvent, Role
from tests.conftest import assert_accessible, browser_log_in
from tests.factories import create_candidate, create_municipality, create_user

pytestmark = pytest.mark.browser


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_consultant_enters_sees_masked_and_unmasks_the_cpr(page):
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name="Karin Konsulent")
    candidate = create_candidate(
        viborg, consultant=consultant, name="Vilma Vis", birth_date=date(1990, 1, 1)
    )
    browser_log_in(page, consultant.email)

    page.goto(f"/borgere/{candidate.id}/ret")
    page.get_by_label("CPR-nummer").fill("0101901234")
    page.get_by_role("button", name="Indtast CPR-nummer (kun én gang)").click()
    facts = page.locator(".facts")
    expect(facts).to_contain_text("010190-XXXX")
    expect(facts).not_to_contain_text("1234")
    assert_accessible(page)

    page.get_by_role("button", name="Vis CPR-nummer").click()
    expect(facts).to_contain_text("010190-1234")
    expect(facts).to_contain_text("Visningen er registreret i loggen.")
    assert_accessible(page)
    db.session.expire_all()
    assert (
        db.session.scalar(
            select(AuditEvent.actor_id).where(
                AuditEvent.candidate_id == candidate.id, AuditEvent.action == AuditAction.UNMASK
            )
        )
        == consultant.id
    )

    page.goto("/borgere")
    page.get_by_label("CPR-nummer", exact=True).fill("010190-1234")
    page.get_by_role("button", name="Find borger ud fra CPR-nummer").click()
    expect(page.locator("h1")).to_have_text("Vilma Vis")
    assert "1234" not in page.url
    expect(facts).to_contain_text("010190-XXXX")
