"""In Chromium: a consultant creates and edits a citizen, keeps goals and a journal, invites
them; the citizen activates with the code. Every page passes axe; the CPR is never logged."""

import logging
import re

import pytest
from sqlalchemy import select

from placement.extensions import db
from placement.models import Adaptation, Candidate, Role
from tests.conftest import assert_accessible, browser_log_in
from tests.factories import create_municipality, create_user

pytestmark = pytest.mark.browser


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


@pytest.fixture
def consultant():
    return create_user(Role.CONSULTANT, municipality=create_municipality(), name="Karin Konsulent")


def test_consultant_builds_a_profile_and_invites_the_citizen(page, consultant, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="werkzeug")
    first = db.session.scalars(select(Adaptation).order_by(Adaptation.id)).first()
    browser_log_in(page, consultant.email)

    page.goto("/borgere/ny")
    assert_accessible(page)
    page.get_by_label("Navn", exact=True).fill("Bodil Browser")
    page.get_by_label("Fødselsdato").fill("1990-01-01")
    page.get_by_label("Postnumre borgeren kan nå, adskilt med komma").fill("8800, 88")
    page.get_by_label("Højst timer pr. uge").fill("40")
    page.get_by_role("button", name="Opret borger").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_label("Højst timer pr. uge")).to_have_value("40")  # kept
    assert_accessible(page)  # the form with errors

    page.get_by_label("Højst timer pr. uge").fill("20")
    page.get_by_label("Postnumre borgeren kan nå, adskilt med komma").fill("8800, 8830")
    page.get_by_label("Virksomhedspraktik").check()
    page.get_by_role("button", name="Opret borger").click()
    expect(page.locator(".flashes")).to_contain_text("Borgeren er oprettet")
    assert page.locator("h1").inner_text() == "Bodil Browser"
    assert_accessible(page)  # the profile page

    page.get_by_role("link", name="Ret profil").click()
    page.get_by_label("CPR-nummer").fill("010190-1234")
    page.get_by_role("button", name="Indtast CPR-nummer (kun én gang)").click()
    expect(page.locator(".flashes")).to_contain_text("CPR-nummeret er gemt")
    expect(page.locator(".facts")).to_contain_text("010190-XXXX")

    page.get_by_role("link", name="Ret profil").click()
    page.get_by_label(first.label_da).select_option(label="Nødvendigt (skal være på plads)")
    page.get_by_label("E-mail", exact=True).fill("bodil@example.dk")
    assert_accessible(page)  # the edit form with the CPR shown masked
    page.get_by_role("button", name="Gem profil").click()
    expect(page.locator(".flashes")).to_contain_text("Profilen er gemt")
    expect(page.locator("main")).to_contain_text(f"{first.label_da} (skal være på plads)")
    # What companies see is the citizen's choice, not the profile form's: nothing chosen yet.
    expect(page.locator("li", has_text="Kontaktoplysninger")).to_contain_text("Ikke valgt endnu")

    page.get_by_role("link", name="Mål og trin").click()
    page.get_by_label("Nyt mål").fill("Arbejde på et lager")
    page.get_by_role("button", name="Gem mål").click()
    goal = page.locator("section.card", has=page.get_by_role("heading", name="Arbejde på et lager"))
    goal.get_by_label("Nyt lille trin").fill("Besøge et lager")
    goal.get_by_role("button", name="Tilføj trin").click()
    goal.get_by_role("button", name=re.compile("Markér som udført.*Besøge et lager")).click()
    expect(goal.locator("li", has_text="Besøge et lager")).to_contain_text(re.compile(r"Udført \d"))
    assert_accessible(page)

    page.get_by_role("link", name="Tilbage til profilen").click()
    page.get_by_role("link", name="Journal").click()
    page.get_by_role("button", name="Gem notat").click()
    expect(page.locator("#error-summary")).to_contain_text("Notat: Skal udfyldes.")
    page.get_by_label("Notat").fill("Første samtale. Bodil vil gerne arbejde på lager.")
    page.get_by_role("button", name="Gem notat").click()
    expect(page.locator("ol")).to_contain_text("Første samtale")
    expect(page.locator("ol")).to_contain_text("Karin Konsulent")
    assert_accessible(page)

    page.get_by_role("link", name="Tilbage til profilen").click()
    page.get_by_role("button", name="Invitér til portalen").click()
    code = page.locator(".invite-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    expect(page.locator("main")).to_contain_text("/borgere/aktiver")
    expect(page.locator("main")).to_contain_text("Vi har sendt koden til bodil@example.dk")
    assert_accessible(page)
    # A reload shows the same code, and makes no new one: the mailed code stays the one.
    assert code not in page.url
    page.reload()
    assert page.locator(".invite-code").inner_text() == code

    page.get_by_role("button", name="Log ud").click()
    page.goto("/borgere/aktiver")
    assert_accessible(page)
    page.get_by_label("Kode").fill("ZZZZ-ZZZZ")
    page.get_by_role("button", name="Videre").click()
    expect(page.locator("#error-summary")).to_contain_text("Koden er forkert eller udløbet")
    assert_accessible(page)
    page.get_by_label("Kode").fill(code.lower())
    page.get_by_role("button", name="Videre").click()
    expect(page.get_by_label("E-mail", exact=True)).to_have_value("bodil@example.dk")
    assert_accessible(page)
    page.get_by_label("Ny adgangskode", exact=True).fill("bodils lange sætning")
    page.get_by_label("Gentag ny adgangskode").fill("bodils lange sætning")
    page.get_by_role("button", name="Gem og log ind").click()
    expect(page).to_have_url(re.compile(r"/mine-tilbud$"))

    candidate = db.session.scalar(select(Candidate).where(Candidate.name == "Bodil Browser"))
    assert candidate.cpr == "010190-1234"
    logged = [record.getMessage() for record in caplog.records]
    assert any("/borgere/" in line for line in logged), "the request log was not captured"
    assert not [line for line in logged if "1234" in line or "0101901234" in line]
