"""In Chromium: the citizen chooses what companies see and sees what each company sees; the
company's page follows; the consultant sees the choices and their history and sets them with the
citizen. Every changed page passes axe-core, all impacts, at 1280 and 375 px."""

import pytest

from placement.extensions import db
from placement.models import ConsentItem, Role
from placement.privacy import consent
from tests.conftest import assert_accessible, shows
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)

pytestmark = pytest.mark.browser
ALL = ("minor", "moderate", "serious", "critical")
SKILLS = "Truckcertifikat og kassesystemer"


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def accessible_at_both_widths(page) -> None:
    for width, height in ((1280, 900), (375, 800)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page, impacts=ALL)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def world():
    viborg = create_municipality("Viborg", "791")
    mette = create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")
    asta = create_candidate(
        viborg, name="Asta Andersen", consultant=mette, skills=SKILLS, email="asta@example.dk"
    )
    citizen = create_user(Role.CITIZEN, candidate=asta, name="Asta Andersen")
    company = create_employer(name="Hald Lager ApS")
    erik = create_user(Role.EMPLOYER, employer=company, name="Erik Lagerchef")
    proposal = create_placement(
        asta, create_opening(company, title="Lagerpraktik"), consultant=mette
    )
    return {"asta": asta, "citizen": citizen, "mette": mette, "erik": erik, "proposal": proposal}


def test_the_citizen_turns_off_skills_and_the_company_stops_seeing_them(as_user, world):
    company = as_user(world["erik"].email)
    proposal_page = f"/virksomhed/forslag/{world['proposal'].id}"
    company.goto(proposal_page)
    shows(company, "Asta Andersen")
    expect(company.locator("main")).not_to_contain_text(SKILLS)  # nothing chosen: name only

    citizen = as_user(world["citizen"].email)
    citizen.goto("/mine-tilbud")
    accessible_at_both_widths(citizen)
    citizen.get_by_role("link", name="Det må virksomheder se").click()
    assert citizen.locator("h1").inner_text() == "Det må virksomheder se"
    accessible_at_both_widths(citizen)
    skills = citizen.get_by_role("group", name="Kompetencer og interesser")
    skills.get_by_label("Ja, det må de se").check()
    citizen.get_by_role("button", name="Gem mine valg").click()
    expect(citizen.locator(".flashes")).to_contain_text("Valgene er gemt.")
    card = citizen.locator("section.card", has_text="Hald Lager ApS: Lagerpraktik")
    expect(card).to_contain_text(SKILLS)  # what the company sees now
    company.reload()
    shows(company, SKILLS)

    skills = citizen.get_by_role("group", name="Kompetencer og interesser")
    expect(skills.get_by_label("Ja, det må de se")).to_be_checked()
    skills.get_by_label("Nej").check()
    citizen.get_by_role("button", name="Gem mine valg").click()
    expect(citizen.locator(".flashes")).to_contain_text("Valgene er gemt.")
    expect(card).not_to_contain_text(SKILLS)
    history = citizen.locator(".consent-history li")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Kompetencer og interesser – nej, valgt af dig selv.")
    accessible_at_both_widths(citizen)

    company.reload()
    shows(company, "Asta Andersen")
    expect(company.locator("main")).not_to_contain_text(SKILLS)
    accessible_at_both_widths(company)


def test_saved_untouched_the_form_changes_nothing(as_user, world):
    citizen = as_user(world["citizen"].email)
    citizen.goto("/mine-oplysninger/deling")
    citizen.get_by_role("button", name="Gem mine valg").click()
    expect(citizen.locator(".flashes")).to_contain_text("Der var ingen ændringer at gemme.")
    shows(citizen, "Ingen valg endnu. Indtil der er valgt, ser virksomheder kun navnet.")
    db.session.expire_all()
    assert db.session.scalars(consent.history_of(world["asta"])).all() == []


def test_the_consultant_sees_the_choices_and_sets_them_with_the_citizen(as_user, world):
    asta = world["asta"]
    consent.set_choices(asta, {ConsentItem.GOALS: True}, world["citizen"])
    db.session.commit()
    consultant = as_user(world["mette"].email)
    consultant.goto(f"/borgere/{asta.id}")
    shows(consultant, "Mål: Ja")
    shows(consultant, "Kontaktoplysninger (e-mail og telefon): Ikke valgt endnu")
    accessible_at_both_widths(consultant)

    # The profile form no longer sets them; it points to the citizen's choices.
    consultant.get_by_role("link", name="Ret profil").click()
    expect(consultant.locator("input[name^=share_]")).to_have_count(0)
    accessible_at_both_widths(consultant)
    consultant.get_by_role("link", name="Se og ret borgerens valg sammen med borgeren").click()
    shows(consultant, "Sådan har borgerens valg ændret sig")
    consultant.goto(f"/borgere/{asta.id}")
    consultant.get_by_role(
        "link", name="Se alle ændringer, eller ret valgene sammen med borgeren"
    ).click()
    shows(consultant, "Mål – ja, valgt af borgeren selv.")
    accessible_at_both_widths(consultant)
    contact = consultant.get_by_role("group", name="Kontaktoplysninger (e-mail og telefon)")
    contact.get_by_label("Ja, det må de se").check()
    consultant.get_by_role("button", name="Gem borgerens valg").click()
    # Not without the citizen: the error at the top and at the box, the choice kept.
    expect(consultant.locator("#error-summary")).to_contain_text(
        "Sæt kryds, når du har talt med borgeren om dem."
    )
    expect(contact.get_by_label("Ja, det må de se")).to_be_checked()
    accessible_at_both_widths(consultant)

    consultant.get_by_label("Jeg har talt med borgeren, og valgene er borgerens egne").check()
    consultant.get_by_role("button", name="Gem borgerens valg").click()
    expect(consultant.locator(".flashes")).to_contain_text("Valgene er gemt.")
    expect(consultant.locator(".consent-history li").first).to_contain_text(
        "Kontaktoplysninger (e-mail og telefon) – ja, sat af jobkonsulent Mette Konsulent "
        "sammen med borgeren."
    )

    citizen = as_user(world["citizen"].email)
    citizen.goto("/mine-oplysninger/deling")
    shows(citizen, "sat af jobkonsulent Mette Konsulent sammen med dig.")
    card = citizen.locator("section.card", has_text="Hald Lager ApS: Lagerpraktik")
    expect(card).to_contain_text("asta@example.dk")
