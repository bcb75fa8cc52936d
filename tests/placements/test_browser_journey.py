"""The whole journey in Chromium: an employer posts an internship, a consultant matches and
proposes it, both say yes, all three confirm the agreement, the scheduler starts it and plans
its follow-ups, the first follow-up is recorded, the scheduler ends it, the outcome is noted."""

from datetime import date, datetime, time, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from placement.common.clock import COPENHAGEN
from placement.extensions import db
from placement.models import (
    CandidateKind,
    CandidatePlace,
    Kind,
    Opening,
    Outcome,
    Placement,
    PlacementStatus,
    Role,
)
from placement.scheduler import tick
from tests.conftest import assert_accessible, shows
from tests.factories import create_candidate, create_employer, create_municipality, create_user

pytestmark = pytest.mark.browser
TITLE = "Praktik på lageret"


def _next_monday(after: date) -> date:
    return after + timedelta(days=7 - after.weekday())


def _at_eight(day: date) -> datetime:
    return datetime.combine(day, time(8, 0), tzinfo=COPENHAGEN)


@pytest.fixture
def people():
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")
    company = create_employer(
        name="Hald Lager ApS",
        employees=40,
        postcode="8800",
        city="Viborg",
        contact_name="Lene Holm",
    )
    employer = create_user(Role.EMPLOYER, employer=company, name="Lene Holm")
    candidate = create_candidate(
        viborg,
        name="Asta Andersen",
        consultant=consultant,
        postcode="8800",
        city="Viborg",
        max_hours=20,
        skills="lager, pakning",
    )
    candidate.kinds = [CandidateKind(kind=Kind.INTERNSHIP)]
    candidate.places = [CandidatePlace(postcode="8800")]
    citizen = create_user(
        Role.CITIZEN, candidate=candidate, municipality=viborg, name="Asta Andersen"
    )
    db.session.commit()
    return consultant, employer, citizen


def _confirm(page) -> None:
    page.get_by_role("button", name="Bekræft aftalen").click()
    shows(page, "Tak. Du har bekræftet aftalen.")


def test_from_opening_to_ordinary_job(people, as_user):
    consultant_user, employer_user, citizen_user = people
    start = _next_monday(date.today() + timedelta(days=14))

    # The employer posts a four-week internship.
    company = as_user(employer_user.email)
    company.goto("/opslag/ny")
    company.get_by_label("Type", exact=True).select_option(label="Virksomhedspraktik")
    company.get_by_label("Titel", exact=True).fill(TITLE)
    company.get_by_label("Hvad skal man lave?", exact=True).fill("Pakke ordrer\nTælle varer")
    company.get_by_label("Formål med praktikken").select_option(label="Afklare et jobmål")
    company.get_by_label("Postnummer").fill("8800")
    company.get_by_label("By", exact=True).fill("Viborg")
    company.get_by_label("Mindst antal timer om ugen").fill("10")
    company.get_by_label("Højst antal timer om ugen").fill("20")
    company.get_by_label("Første dag").fill(start.isoformat())
    company.get_by_label("Antal uger").fill("4")
    company.get_by_role("button", name="Gem som kladde").click()
    company.get_by_role("button", name="Slå op").click()
    expect(company.locator(".badge")).to_have_text("Slået op")

    # The consultant finds it through matching and proposes it.
    candidate_id = citizen_user.candidate_id
    consultant = as_user(consultant_user.email)
    consultant.goto(f"/borgere/{candidate_id}/job")
    consultant.get_by_role("button", name=f"Foreslå {TITLE}").click()
    shows(consultant, f"Asta Andersen er foreslået til {TITLE}")
    # The citizen says yes; the employer accepts.
    citizen = as_user(citizen_user.email)
    citizen.goto("/mine-tilbud")
    citizen.locator(".offer-list > li").filter(has_text=TITLE).get_by_role(
        "button", name="Ja tak"
    ).click()
    shows(citizen, "Tak for dit svar")
    company.goto("/virksomhed/")
    company.get_by_role("link", name=f"Asta Andersen til {TITLE}").click()
    company.get_by_role("button", name="Ja, vi vil gerne").click()
    shows(company, "Tak for svaret")

    # The consultant agrees it; the three confirm version 1 in their own views.
    placement = db.session.scalar(
        select(Placement).join(Placement.opening).where(Opening.title == TITLE)
    )
    consultant.goto(f"/forloeb/{placement.id}")
    consultant.get_by_role("button", name="Aftal forløbet").click()
    shows(consultant, "Forløbet er aftalt.")
    _confirm(consultant)
    company.goto(f"/virksomhed/forslag/{placement.id}")
    _confirm(company)
    citizen.goto(f"/mine-tilbud/{placement.id}")
    _confirm(citizen)

    # On the start date the scheduler makes it active; its follow-ups are planned.
    tick(_at_eight(start))
    db.session.expire_all()
    placement = db.session.get(Placement, placement.id)
    assert placement.status == PlacementStatus.ACTIVE
    assert [f.key for f in placement.followups][:2] == ["first_week", "midway"]
    consultant.goto(f"/forloeb/{placement.id}")
    assert consultant.locator("h1 + p .badge").inner_text() == "I gang"

    # The consultant records the first follow-up.
    consultant.get_by_role("link", name="Opfølgning efter første uge").click()
    assert_accessible(consultant)
    consultant.get_by_label("4 – Godt").check()
    consultant.get_by_label("Det virker", exact=True).fill("Møder til tiden, glad for holdet.")
    consultant.get_by_role("button", name="Gem opfølgningen").click()
    shows(consultant, "Opfølgningen er gemt.")
    # After the end date the scheduler moves it to evaluation; the outcome is an ordinary job.
    tick(_at_eight(placement.end_date + timedelta(days=1)))
    consultant.goto(f"/forloeb/{placement.id}")
    assert consultant.locator("h1 + p .badge").inner_text() == "Afsluttet – afventer evaluering"
    consultant.get_by_label("Hvad skete der bagefter?").select_option(label="Ordinært job")
    consultant.get_by_role("button", name="Afslut forløbet").click()
    shows(consultant, "Forløbet er afsluttet.")
    assert_accessible(consultant)

    db.session.expire_all()
    placement = db.session.get(Placement, placement.id)
    assert placement.status == PlacementStatus.COMPLETED
    assert placement.outcome == Outcome.ORDINARY_JOB
    first = next(f for f in placement.followups if f.key == "first_week")
    assert first.done and first.wellbeing == 4
    # The citizen's page shows the follow-up dates still to come (the outcome check).
    citizen.goto(f"/mine-tilbud/{placement.id}")
    shows(citizen, "Status 3 måneder efter slut")
    assert_accessible(citizen)
