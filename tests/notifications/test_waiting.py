""" "Venter på dig": each role's home page starts with what waits on that person now."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from placement.extensions import db
from placement.followups import plans
from placement.models import EmployerStatus, Party, PlacementStatus, Role
from placement.privacy import erasure
from tests.conftest import log_in, statements_sent
from tests.factories import (
    create_agreement,
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
)

S = PlacementStatus
HEADING = "Venter på dig"
NOTHING = "Intet venter på dig lige nu."


def waiting_items(page: str) -> list[str]:
    """The section's items as a person reads them, in order."""
    section = re.search(r'<section class="card waiting".*?</section>', page, re.S)
    assert section, "no 'Venter på dig' on the page"
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", section.group(0), re.S)
    ]


def waiting_links(page: str) -> list[str]:
    section = re.search(r'<section class="card waiting".*?</section>', page, re.S).group(0)
    return re.findall(r'<a href="([^"]+)"', section)


@pytest.fixture
def world(viborg):
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name="Karin Konsulent")
    company = create_employer(name="Hald Lager ApS", employees=40)
    employer = create_user(Role.EMPLOYER, employer=company, name="Erik Lagerchef")
    asta = create_candidate(viborg, name="Asta Andersen", consultant=consultant)
    citizen = create_user(Role.CITIZEN, candidate=asta, name="Asta Andersen")
    return consultant, company, employer, asta, citizen


def _home(client, user, path: str) -> str:
    assert log_in(client, user.email).status_code == 302
    return client.get(path).get_data(as_text=True)


def test_a_proposal_waits_for_the_company_and_the_citizen_until_each_has_answered(
    app, client, world
):
    consultant, company, employer, asta, citizen = world
    placement = create_placement(
        asta, create_opening(company, title="Lagerpraktik"), consultant=consultant
    )

    company_home = _home(client, employer, "/virksomhed/")
    assert waiting_items(company_home)[0].startswith(
        "Svar på forslaget: Asta Andersen til Lagerpraktik – siden "
    )
    assert waiting_links(company_home) == [f"/virksomhed/forslag/{placement.id}"]

    citizen_client = app.test_client()
    portal = _home(citizen_client, citizen, "/mine-tilbud")
    assert waiting_items(portal)[0].startswith("Svar på tilbuddet: Lagerpraktik hos Hald Lager ApS")
    link = waiting_links(portal)[0]
    assert link == f"/mine-tilbud#tilbud-{placement.id}"
    assert f'id="tilbud-{placement.id}"' in portal  # the card with the answer buttons

    placement.citizen_answer = placement.employer_answer = "yes"
    db.session.commit()
    assert NOTHING in client.get("/virksomhed/").get_data(as_text=True)
    assert NOTHING in citizen_client.get("/mine-tilbud").get_data(as_text=True)


def test_an_agreement_waits_for_each_party_that_has_not_confirmed_it(app, client, world):
    consultant, company, employer, asta, citizen = world
    placement = create_placement(
        asta,
        create_opening(company, title="Lagerpraktik"),
        consultant=consultant,
        status=S.AGREED,
        start_date=date.today() + timedelta(days=7),
        hours_per_week=10,
    )
    create_agreement(placement, Party.CONSULTANT)

    assert waiting_items(_home(client, employer, "/virksomhed/"))[0].startswith(
        "Bekræft aftalen om Lagerpraktik med Asta Andersen"
    )
    assert waiting_items(_home(app.test_client(), citizen, "/mine-tilbud"))[0].startswith(
        "Bekræft aftalen om Lagerpraktik med Hald Lager ApS"
    )
    assert NOTHING in _home(app.test_client(), consultant, "/borgere")


def test_the_consultant_sees_overdue_follow_ups_first_then_what_to_agree_and_evaluate(
    app, client, world
):
    consultant, company, _employer, asta, _citizen = world
    today = date.today()
    running = create_placement(
        asta,
        create_opening(company, title="Lagerpraktik"),
        consultant=consultant,
        status=S.ACTIVE,
        start_date=today - timedelta(weeks=3),
        end_date=today + timedelta(weeks=5),
        hours_per_week=10,
    )
    plans.plan(running, today - timedelta(weeks=3))
    db.session.commit()
    bo = create_candidate(asta.municipality, name="Bo Berg", consultant=consultant)
    create_placement(
        bo, create_opening(company, title="Kantine"), consultant=consultant, status=S.ACCEPTED
    )
    other_consultant = create_user(Role.CONSULTANT, municipality=asta.municipality)
    create_placement(
        create_candidate(asta.municipality, name="Ikke Min"),
        create_opening(company, title="Andet"),
        consultant=other_consultant,
        status=S.ACCEPTED,
    )

    items = waiting_items(_home(client, consultant, "/borgere"))
    first_week = next(f for f in running.followups if f.key == "first_week")
    assert items[0] == (
        f"Opfølgning: {first_week.title} med Asta Andersen – overskredet, "
        f"frist {_danish(first_week.due_date)}"
    )
    assert "Aftal forløbet: Bo Berg i Kantine – begge har sagt ja" in items
    assert not any("Ikke Min" in item for item in items)  # another consultant's


def test_the_manager_is_asked_about_erasures_and_the_admin_about_new_companies(
    app, client, world, viborg
):
    consultant, _company, _employer, asta, _citizen = world
    erasure.request_erasure(asta, consultant, "Borgeren har bedt om det.")
    create_employer(name="Ny Virksomhed ApS", status=EmployerStatus.PENDING)
    db.session.commit()
    manager = create_user(Role.MANAGER, municipality=viborg)
    manager_home = _home(client, manager, "/leder")
    assert waiting_items(manager_home)[0].startswith("Tag stilling til sletning af Asta Andersen")
    statistics = client.get("/statistik")
    assert statistics.status_code == 200 and HEADING not in statistics.get_data(as_text=True)

    admin = create_user(Role.ADMIN)
    assert waiting_items(_home(app.test_client(), admin, "/admin/"))[0].startswith(
        "Godkend virksomheden Ny Virksomhed ApS"
    )


def _danish(day: date) -> str:
    from flask_babel import force_locale, format_date

    with force_locale("da"):
        return format_date(day)


def test_the_consultants_caseload_reads_in_a_fixed_number_of_statements(client, world):
    """What waits on the consultant and what needs attention are read for all placements at
    once: more agreements waiting, follow-ups due and running placements add no statement."""
    consultant, company, _employer, _asta, _citizen = world
    today = date.today()

    def agreed_and_running(n: int) -> None:
        for _n in range(n):
            citizen = create_candidate(consultant.municipality, consultant=consultant)
            agreed = create_placement(
                citizen,
                create_opening(company),
                consultant=consultant,
                status=S.AGREED,
                start_date=today + timedelta(days=7),
                hours_per_week=10,
            )
            create_agreement(agreed, Party.EMPLOYER)
            running = create_placement(
                create_candidate(consultant.municipality, consultant=consultant),
                create_opening(company),
                consultant=consultant,
                status=S.ACTIVE,
                start_date=today - timedelta(weeks=3),
                end_date=today + timedelta(weeks=5),
                hours_per_week=10,
            )
            plans.plan(running, today - timedelta(weeks=3))
        db.session.commit()

    def statements() -> tuple[int, int]:
        with statements_sent() as sent:
            page = client.get("/borgere").get_data(as_text=True)
        return len(sent), len(waiting_items(page))

    assert log_in(client, consultant.email).status_code == 302
    agreed_and_running(1)
    few, few_items = statements()
    agreed_and_running(4)
    many, many_items = statements()
    assert many_items > few_items >= 2
    assert many == few, (few, many)
