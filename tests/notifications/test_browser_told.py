"""In Chromium: the company and the citizen find what waits for them on their own home page
("Venter på dig") and in their mail, with nobody telling them where to look; the consultant
finds the next step on theirs. The test only opens each person's home page and their mails."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from placement.extensions import db
from placement.models import (
    CandidateKind,
    CandidatePlace,
    Kind,
    Notification,
    OpeningStatus,
    Placement,
    Role,
)
from placement.notifications.outbox import send_due
from tests.conftest import assert_accessible, shows
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_user,
)

pytestmark = pytest.mark.browser
TITLE = "Praktik i kantinen"
NOTHING = "Intet venter på dig lige nu."


@pytest.fixture
def people():
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")
    company = create_employer(name="Kantinen ApS", employees=30, postcode="8800")
    employer = create_user(
        Role.EMPLOYER, employer=company, name="Lene Holm", email="lene@kantinen.dk"
    )
    asta = create_candidate(
        viborg, name="Asta Andersen", consultant=consultant, postcode="8800", max_hours=20
    )
    asta.kinds = [CandidateKind(kind=Kind.INTERNSHIP)]
    asta.places = [CandidatePlace(postcode="8800")]
    citizen = create_user(
        Role.CITIZEN, candidate=asta, name="Asta Andersen", email="asta@example.dk"
    )
    start = date.today() + timedelta(days=14)
    create_opening(
        company,
        title=TITLE,
        kind=Kind.INTERNSHIP,
        status=OpeningStatus.PUBLISHED,
        start_date=start,
        duration_weeks=4,
        hours_min=10,
        hours_max=20,
        postcode="8800",
    )
    db.session.commit()
    return consultant, employer, citizen, asta


def mail_link(outbox, to: str, subject_part: str) -> str:
    """The path of the link in the newest mail to `to` whose subject holds these words."""
    send_due()  # what the scheduler does every minute
    mails = [m for m in outbox if m["to"] == to and subject_part in m["subject"]]
    assert mails, f"no mail to {to} about {subject_part!r}: {[m['subject'] for m in outbox]}"
    return re.search(r"https?://[^/\s]+(/\S*)", mails[-1]["body"]).group(1)


def follow_waiting(page, words: str) -> None:
    """On the person's home page, the item in "Venter på dig" that holds these words."""
    section = page.locator("section.waiting")
    section.get_by_role("link", name=re.compile(re.escape(words))).click()


def test_everyone_finds_what_waits_for_them_at_home_and_in_their_mail(people, as_user, outbox):
    consultant_user, employer_user, citizen_user, asta = people
    consultant = as_user(consultant_user.email)
    consultant.goto(f"/borgere/{asta.id}/job")
    consultant.get_by_role("button", name=f"Foreslå {TITLE}").click()
    shows(consultant, f"Asta Andersen er foreslået til {TITLE}")

    # The company reads its mail and follows the link to the proposal.
    company = as_user(employer_user.email)
    company.goto(mail_link(outbox, employer_user.email, "Nyt forslag"))
    company.get_by_role("button", name="Ja, vi vil gerne").click()
    shows(company, "Tak for svaret")

    # The citizen logs in and starts from their own home page.
    citizen = as_user(citizen_user.email)
    shows(citizen, "Venter på dig")
    assert_accessible(citizen)
    follow_waiting(citizen, f"Svar på tilbuddet: {TITLE}")
    card = citizen.locator(f"#{citizen.url.rsplit('#', 1)[1]}")
    card.get_by_role("button", name=re.compile("^Ja tak")).click()
    shows(citizen, "Tak for dit svar")

    # The consultant's home page says the next step is theirs.
    consultant.goto("/")
    follow_waiting(consultant, "Aftal forløbet: Asta Andersen")
    consultant.get_by_role("button", name="Aftal forløbet").click()
    shows(consultant, "Forløbet er aftalt.")
    consultant.get_by_role("button", name="Bekræft aftalen").click()
    shows(consultant, "Tak. Du har bekræftet aftalen.")

    # The company finds the agreement on its home page; the citizen in the mail.
    company.goto("/")
    follow_waiting(company, f"Bekræft aftalen om {TITLE} med Asta Andersen")
    company.get_by_role("button", name="Bekræft aftalen").click()
    shows(company, "Tak. Du har bekræftet aftalen.")
    citizen.goto(mail_link(outbox, citizen_user.email, "venter på din bekræftelse"))
    citizen.get_by_role("button", name="Bekræft aftalen").click()
    shows(citizen, "Tak. Du har bekræftet aftalen.")

    # Nothing waits now, and the others heard that everyone confirmed.
    for page in (company, citizen):
        page.goto("/")
        shows(page, NOTHING)
    placement = db.session.scalar(select(Placement))
    everyone = f"Aftalen om Asta Andersen i {TITLE} er bekræftet af alle"
    assert mail_link(outbox, employer_user.email, everyone).endswith(f"/{placement.id}")
    consultant.goto("/beskeder/")
    shows(consultant, everyone)
    assert not db.session.scalar(
        select(Notification).where(
            Notification.user_id == citizen_user.id, Notification.title == everyone
        )
    )
