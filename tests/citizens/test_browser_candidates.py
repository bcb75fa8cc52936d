"""In Chromium, with the demo accounts: a consultant finds ranked openings with reasons for a
citizen and proposes one; the citizen says yes; the company accepts; both answers show."""

import re

import pytest
from sqlalchemy import select

from placement.demo import loader
from placement.extensions import db
from placement.models import Placement, PlacementStatus, User
from tests.conftest import assert_accessible, browser_log_in, shows

pytestmark = pytest.mark.browser
OPENING = "Pakkemedarbejder med støtte (IPS)"


def _as(chromium, live_server, email):
    page = chromium.new_context(base_url=live_server, locale="da-DK").new_page()
    browser_log_in(page, email, loader.DEMO_PASSWORD)
    return page


def test_propose_say_yes_accept(chromium, live_server):
    loader.load()
    db.session.commit()
    citizen = db.session.scalar(select(User).where(User.email == "borger@demo.dk")).candidate

    consultant = _as(chromium, live_server, "konsulent@demo.dk")
    consultant.get_by_role("link", name=citizen.name).click()
    assert consultant.locator("h1").inner_text() == citizen.name
    assert_accessible(consultant)
    consultant.get_by_role("link", name=re.compile("Find job")).click()
    shows(consultant, "Timer passer")
    assert_accessible(consultant)
    consultant.get_by_role("button", name=f"Foreslå {OPENING}").click()
    shows(consultant, f"{citizen.name} er foreslået til {OPENING}")
    borger = _as(chromium, live_server, "borger@demo.dk")
    offer = borger.locator(".offer-list > li").filter(has_text=OPENING)
    offer.get_by_role("button", name=re.compile("^Ja tak")).click()
    shows(borger, "Tak for dit svar")
    company = _as(chromium, live_server, "virksomhed@demo.dk")
    company.get_by_role("link", name=f"{citizen.name} til {OPENING}").click()
    assert_accessible(company)
    company.get_by_role("button", name="Ja, vi vil gerne").click()
    shows(company, "Tak for svaret")
    placement = db.session.scalar(
        select(Placement).where(
            Placement.candidate_id == citizen.id, Placement.status == PlacementStatus.ACCEPTED
        )
    )
    assert placement is not None and placement.opening.title == OPENING
    consultant.goto(f"/borgere/{citizen.id}")
    consultant.get_by_role("link", name=re.compile(f"{re.escape(OPENING)}")).first.click()
    shows(consultant, "Accepteret af begge")
    assert consultant.get_by_text("Borgerens svar").is_visible()
    assert_accessible(consultant)
    for page in (consultant, borger, company):
        page.context.close()


def test_matching_and_placement_pages_are_accessible(page):
    from placement.models import CandidateKind, Kind, Role
    from tests.factories import (
        PASSWORD,
        create_candidate,
        create_municipality,
        create_opening,
        create_placement,
        create_user,
    )

    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg)
    citizen = create_candidate(viborg, name="Asta Andersen", consultant=consultant, skills="lager")
    citizen.kinds = [CandidateKind(kind=Kind.INTERNSHIP)]
    db.session.commit()
    opening = create_opening(title="Lagerpraktik", skills="lager")
    placement = create_placement(
        candidate=citizen,
        opening=create_opening(title="Kantinepraktik"),
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
    )
    browser_log_in(page, consultant.email, PASSWORD)
    page.goto(f"/opslag/{opening.id}/borgere")
    shows(page, "Asta Andersen")
    assert_accessible(page)
    page.goto(f"/forloeb/{placement.id}")
    shows(page, "Aftal forløbet")
    assert_accessible(page)
    page.get_by_label("Optrapning af timer", exact=True).fill("1: 10\nfem")
    page.get_by_role("button", name="Gem aftalen").click()
    shows(page, "skal have en uge og et antal timer")
    assert_accessible(page)
