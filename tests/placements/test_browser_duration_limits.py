"""In Chromium: the law's duration limits at the period change and at agreement, an extension
of a running internship confirmed by all three parties in their own views, and openings that
leave the public board by themselves. axe-core checks every changed page at 1280 and 375 px."""

from datetime import date, timedelta

import pytest

from placement.agreements import versions
from placement.extensions import db
from placement.models import (
    AgreementConfirmation,
    Kind,
    OpeningStatus,
    Party,
    PeriodExtension,
    Placement,
    PlacementStatus,
    Role,
)
from placement.placements import lifecycle
from tests.conftest import assert_accessible, shows
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)
from tests.suite_day import SUITE_DAY

pytestmark = pytest.mark.browser
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
OPENING = "Lagerpraktik"
COMPANY = "Hald Lager ApS"
CITIZEN = "Asta Andersen"
CONSULTANT = "Mette Konsulent"
EMPLOYER = "Lene Holm"
TODAY = SUITE_DAY


def accessible_at_both_widths(page) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page, impacts=ALL_IMPACTS)
    page.set_viewport_size({"width": 1280, "height": 900})


def _parties(
    kind=Kind.INTERNSHIP,
    *,
    job_ready=False,
    status=PlacementStatus.ACCEPTED,
    start=TODAY,
    end_weeks=4,
):
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name=CONSULTANT)
    company = create_employer(name=COMPANY, employees=40, contact_name=EMPLOYER)
    employer = create_user(Role.EMPLOYER, employer=company, name=EMPLOYER)
    candidate = create_candidate(viborg, name=CITIZEN, consultant=consultant, job_ready=job_ready)
    citizen = create_user(Role.CITIZEN, candidate=candidate, name=CITIZEN)
    opening = create_opening(company, kind=kind, title=OPENING, tasks="Pakke varer", seats=2)
    placement = create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=status,
        start_date=start,
        end_date=start + timedelta(weeks=end_weeks, days=-1),
        hours_per_week=10,
        tasks=opening.tasks,
    )
    return placement, consultant, employer, citizen


def _save_period(page, end: date) -> None:
    page.get_by_label("Slutdato").fill(end.isoformat())
    page.get_by_role("button", name="Gem aftalen").click()


def test_a_40_week_internship_for_a_job_ready_citizen_is_refused(as_user):
    placement, consultant_user, _employer, _citizen = _parties(job_ready=True)
    page = as_user(consultant_user.email)
    page.goto(f"/forloeb/{placement.id}")
    forty = TODAY + timedelta(weeks=40, days=-1)
    _save_period(page, forty)
    shows(
        page,
        "Virksomhedspraktik for en jobparat borger må højst vare 4 uger (LAB § 61). "
        "Perioden er 40 uger.",
    )
    assert page.get_by_label("Slutdato").input_value() == forty.isoformat()
    accessible_at_both_widths(page)

    # A period written before the limits were checked is refused when it is agreed.
    placement.end_date = forty
    db.session.commit()
    page.goto(f"/forloeb/{placement.id}")
    page.get_by_role("button", name="Aftal forløbet").click()
    shows(
        page,
        "Virksomhedspraktik for en jobparat borger må højst vare 4 uger (LAB § 61). "
        "Perioden er 40 uger.",
    )
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).status == PlacementStatus.ACCEPTED


def test_a_private_wage_subsidy_of_104_weeks_is_refused(as_user):
    placement, consultant_user, _employer, _citizen = _parties(Kind.WAGE_SUBSIDY)
    page = as_user(consultant_user.email)
    page.goto(f"/forloeb/{placement.id}")
    _save_period(page, TODAY + timedelta(weeks=104, days=-1))
    shows(
        page,
        "Løntilskud hos en privat virksomhed må højst vare 26 uger (LAB kap. 12). "
        "Perioden er 104 uger.",
    )
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).end_date == TODAY + timedelta(weeks=4, days=-1)


def _running_13_weeks():
    """An internship agreed for 13 weeks, started 10 weeks ago, confirmed by all three."""
    start = TODAY - timedelta(weeks=10)
    placement, consultant, employer, citizen = _parties(start=start, end_weeks=13)
    lifecycle.agree(placement, consultant, today=start)
    for party, user in (
        (Party.CONSULTANT, consultant),
        (Party.EMPLOYER, employer),
        (Party.CITIZEN, citizen),
    ):
        placement.agreement.confirmations.append(AgreementConfirmation(party=party, user=user))
    lifecycle.start(placement, consultant, today=start)
    db.session.commit()
    return placement, consultant, employer, citizen, start


def _confirmation(page, party: str) -> str:
    panel = page.locator("section[aria-labelledby=agreement-heading]")
    row = panel.locator("tbody tr").filter(has=page.locator("th", has_text=party))
    return row.locator("td").inner_text()


def test_a_lawful_extension_is_confirmed_by_all_three(as_user):
    placement, consultant_user, employer_user, citizen_user, start = _running_13_weeks()
    version = placement.agreement.version
    new_end = start + timedelta(weeks=26, days=-1)

    consultant = as_user(consultant_user.email)
    consultant.goto(f"/forloeb/{placement.id}")
    accessible_at_both_widths(consultant)
    consultant.get_by_role("link", name="Forlæng forløbet").click()
    shows(consultant, "Højst 26 uger i alt med denne forlængelse (LAB § 61).")
    accessible_at_both_widths(consultant)
    consultant.get_by_label("Ny slutdato").fill(new_end.isoformat())
    consultant.get_by_label("Hvorfor forlænges forløbet?").fill(
        "Asta har brug for mere tid til at nå 15 timer om ugen."
    )
    consultant.get_by_role("button", name="Forlæng forløbet").click()
    shows(consultant, f"Der er lavet version {version + 1} af aftalen")
    assert consultant.locator("h1 + p .badge").inner_text() == "I gang"
    consultant.get_by_role("button", name="Bekræft aftalen").click()
    shows(consultant, "Tak. Du har bekræftet aftalen.")
    assert _confirmation(consultant, "Virksomhed") == "Ikke endnu"

    company = as_user(employer_user.email)
    company.goto("/virksomhed/")
    shows(company, f"Bekræft aftalen om {OPENING} med {CITIZEN}")
    company.get_by_role("link", name=f"Bekræft aftalen om {OPENING} med {CITIZEN}").click()
    company.get_by_role("button", name="Bekræft aftalen").click()
    shows(company, "Tak. Du har bekræftet aftalen.")

    citizen = as_user(citizen_user.email)
    citizen.goto("/")
    shows(citizen, f"Bekræft aftalen om {OPENING} med {COMPANY}")
    citizen.get_by_role("link", name=f"Bekræft aftalen om {OPENING} med {COMPANY}").click()
    citizen.get_by_role("button", name="Bekræft aftalen").click()
    shows(citizen, "Tak. Du har bekræftet aftalen.")

    consultant.reload()
    for party, name in (
        ("Jobkonsulent", CONSULTANT),
        ("Virksomhed", EMPLOYER),
        ("Borger", CITIZEN),
    ):
        assert _confirmation(consultant, party).startswith(f"Ja – {name}")
    db.session.expire_all()
    extended = db.session.get(Placement, placement.id)
    assert extended.end_date == new_end and extended.agreement.version == version + 1
    assert not versions.missing_parties(extended)
    shows(consultant, "Forlæng forløbet (forlænget 1 gang før)")
    consultant.get_by_role("link", name="Forlæng forløbet").click()
    shows(consultant, "Asta har brug for mere tid til at nå 15 timer om ugen.")


def test_an_extension_beyond_the_step_is_refused(as_user):
    placement, consultant_user, _employer, _citizen, start = _running_13_weeks()
    page = as_user(consultant_user.email)
    page.goto(f"/forloeb/{placement.id}/forlaeng")
    thirty = start + timedelta(weeks=30, days=-1)
    page.get_by_label("Ny slutdato").fill(thirty.isoformat())
    page.get_by_label("Hvorfor forlænges forløbet?").fill("Borgeren vil gerne blive længere.")
    page.get_by_role("button", name="Forlæng forløbet").click()
    shows(
        page,
        "En forlængelse må højst give 26 uger i alt, 13 uger mere end nu (LAB § 61). "
        "Perioden bliver 30 uger.",
    )
    assert page.get_by_label("Ny slutdato").input_value() == thirty.isoformat()
    assert page.get_by_label("Hvorfor forlænges forløbet?").input_value() == (
        "Borgeren vil gerne blive længere."
    )
    accessible_at_both_widths(page)
    assert db.session.query(PeriodExtension).count() == 0


# --- openings that leave the board -------------------------------------------------------------


def test_an_over_date_opening_cannot_be_published_and_is_not_on_the_board(as_user, page):
    company = create_employer(name=COMPANY)
    employer = create_user(Role.EMPLOYER, employer=company, name=EMPLOYER)
    opening = create_opening(
        company,
        title="Praktik i januar 2024",
        status=OpeningStatus.DRAFT,
        start_date=date(2024, 1, 8),
        duration_weeks=None,
        end_date=date(2024, 3, 31),
    )
    create_opening(
        company,
        title="Slut i går",
        start_date=TODAY - timedelta(days=10),
        duration_weeks=None,
        end_date=TODAY - timedelta(days=1),
    )
    own = as_user(employer.email)
    own.goto(f"/opslag/{opening.id}")
    own.get_by_role("button", name="Slå op").click()
    shows(own, "Opslagets periode er slut (31. mar. 2024). Ret datoerne først.")
    accessible_at_both_widths(own)
    db.session.expire_all()
    assert db.session.get(type(opening), opening.id).status == OpeningStatus.DRAFT

    page.goto("/ledige-pladser/")
    shows(page, "0 ledige pladser")
    assert "Praktik i januar 2024" not in page.content() and "Slut i går" not in page.content()


def test_a_full_opening_leaves_the_board_and_returns_when_its_placement_is_cancelled(as_user, page):
    opening = create_opening(create_employer(name=COMPANY), title="Én plads hos Hald", seats=1)
    consultant_user = create_user(Role.CONSULTANT, name=CONSULTANT)
    placement = create_placement(
        opening=opening,
        consultant=consultant_user,
        status=PlacementStatus.AGREED,
        start_date=opening.start_date,
        end_date=opening.start_date + timedelta(weeks=8, days=-1),
        hours_per_week=10,
    )
    page.goto("/ledige-pladser/")
    shows(page, "0 ledige pladser")
    assert "Én plads hos Hald" not in page.content()

    consultant = as_user(consultant_user.email)
    consultant.goto(f"/forloeb/{placement.id}")
    consultant.get_by_role("button", name="Annuller").click()
    shows(consultant, "Forløbet er annulleret.")

    page.goto("/ledige-pladser/")
    shows(page, "Én plads hos Hald")
    accessible_at_both_widths(page)
