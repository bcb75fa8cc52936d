"""The CVR register's production units as the company's workplaces: at the sign-up, in the
monthly sweep and when the jobcenter asks the register now from the company page
(placement/companies/register_sync.py, against tests/cvr_server.py)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from placement.extensions import db
from placement.models import Employer, Role, Workplace
from tests.conftest import csrf_token
from tests.cvr_server import BAKERY_P, KNOWN_CVR, SHOP_P, company, unit
from tests.factories import (
    create_employer,
    create_opening,
    create_workplace,
)
from tests.scheduled import at, run

from .test_cvr_sign_up import PAGE, contact, press

CLOSED_P = "1000000001"


def workplaces(employer_id: int) -> list[tuple]:
    db.session.expire_all()
    return [
        (w.p_number, w.name, w.address, w.employees)
        for w in db.session.scalars(
            select(Workplace).where(Workplace.employer_id == employer_id).order_by(Workplace.id)
        )
    ]


def three_units(register, cvr: str = KNOWN_CVR) -> None:
    """The company has its shop, its bakery and a unit that has closed."""
    register.companies[cvr] = company(cvr, p_numbers=(SHOP_P, BAKERY_P, CLOSED_P))
    register.units[SHOP_P] = unit(SHOP_P, cvr)
    register.units[BAKERY_P] = unit(
        BAKERY_P, cvr, name="Bageriet, produktionen", street="Industrivej", number=4, employees=31
    )
    register.units[CLOSED_P] = unit(CLOSED_P, cvr, name="Det gamle bageri", status="Ophørt")


def test_the_sweep_updates_known_workplaces_adds_new_ones_and_leaves_closed_ones(cvr_register):
    employer = create_employer(cvr=KNOWN_CVR, p_number=SHOP_P, employees=20)
    opening = create_opening(employer=employer)  # at the shop: it stays there
    db.session.commit()
    three_units(cvr_register)

    assert run("cvr", at(date(2027, 2, 1), 3, 30)).done == 1
    assert workplaces(employer.id) == [
        (SHOP_P, "Bageriet Kornblomsten, butikken", "Søndergade 12", 14),
        (BAKERY_P, "Bageriet, produktionen", "Industrivej 4", 31),
    ]
    assert db.session.get(type(opening), opening.id).workplace.p_number == SHOP_P

    # Next month the register says the same: nothing changes, nothing is doubled.
    assert run("cvr", at(date(2027, 3, 1), 3, 30)).done == 1
    assert len(workplaces(employer.id)) == 2


def test_an_unanswered_units_search_leaves_the_workplaces_as_they_are(cvr_register):
    employer = create_employer(cvr=KNOWN_CVR, p_number=SHOP_P, employees=20)
    db.session.commit()
    before = workplaces(employer.id)
    three_units(cvr_register)
    cvr_register.units_mode = "500"

    assert run("cvr", at(date(2027, 2, 1), 3, 30)).done == 1
    assert workplaces(employer.id) == before
    assert db.session.get(Employer, employer.id).employees == 23  # the company's own facts


def test_a_company_registered_without_a_p_number_gets_its_only_unit_s(cvr_register):
    employer = create_employer(cvr=KNOWN_CVR, name="Kornblomsten")
    db.session.commit()
    run("cvr", at(date(2027, 2, 1), 3, 30))
    assert workplaces(employer.id) == [
        (SHOP_P, "Bageriet Kornblomsten, butikken", "Søndergade 12", 14)
    ]


def test_a_p_number_already_at_another_company_is_not_taken_from_it(cvr_register):
    other = create_employer(name="Anden ApS")
    create_workplace(other, p_number=BAKERY_P, name="Lånt adresse")
    employer = create_employer(cvr=KNOWN_CVR, p_number=SHOP_P)
    db.session.commit()
    three_units(cvr_register)
    run("cvr", at(date(2027, 2, 1), 3, 30))
    assert [w[0] for w in workplaces(employer.id)] == [SHOP_P]
    assert BAKERY_P in [w[0] for w in workplaces(other.id)]


def test_the_sign_up_creates_a_workplace_per_open_unit(client, cvr_register):
    three_units(cvr_register)
    page = client.get(PAGE).get_data(as_text=True)
    fetched = press(client, page, "fetch", cvr=KNOWN_CVR).get_data(as_text=True)
    assert f'value="{SHOP_P}"' in fetched  # the first open unit's P-number filled in
    assert "CVR-registret kender 2 arbejdssteder (P-numre)" in fetched

    assert press(client, fetched, **contact()).status_code == 302
    employer = db.session.scalar(select(Employer).where(Employer.cvr == KNOWN_CVR))
    assert workplaces(employer.id) == [
        (SHOP_P, "Bageriet Kornblomsten, butikken", "Søndergade 12", 14),
        (BAKERY_P, "Bageriet, produktionen", "Industrivej 4", 31),
    ]


def _consultant_on_company_page(client, login, employer: Employer) -> str:
    login(Role.CONSULTANT)
    return client.get(f"/virksomheder/{employer.id}").get_data(as_text=True)


def test_the_jobcenter_reads_the_register_now_from_the_company_page(client, login, cvr_register):
    employer = create_employer(cvr=KNOWN_CVR, p_number=SHOP_P)
    db.session.commit()
    page = _consultant_on_company_page(client, login, employer)
    assert "Hent fra CVR-registret nu" in page
    three_units(cvr_register)

    token = csrf_token(client, f"/virksomheder/{employer.id}")
    answer = client.post(
        f"/virksomheder/{employer.id}/cvr", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Oplysningerne er hentet fra CVR-registret og opdateret." in answer
    assert "Bageriet, produktionen" in answer  # the new workplace, listed on the page
    assert len(workplaces(employer.id)) == 2

    again = client.post(
        f"/virksomheder/{employer.id}/cvr", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Oplysningerne her var allerede de samme." in again
    assert len(workplaces(employer.id)) == 2


def test_a_register_that_does_not_answer_changes_nothing_and_says_so(client, login, cvr_register):
    employer = create_employer(cvr=KNOWN_CVR, p_number=SHOP_P, name="Kornblomsten")
    db.session.commit()
    _consultant_on_company_page(client, login, employer)
    before = workplaces(employer.id)
    cvr_register.mode = "500"
    token = csrf_token(client, f"/virksomheder/{employer.id}")
    answer = client.post(
        f"/virksomheder/{employer.id}/cvr", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)
    assert "CVR-registret svarer ikke lige nu. Intet er ændret" in answer
    assert workplaces(employer.id) == before
    assert db.session.get(Employer, employer.id).name == "Kornblomsten"


def test_without_the_register_the_company_page_has_no_such_button(client, login):
    employer = create_employer()
    db.session.commit()
    assert "Hent fra CVR-registret nu" not in _consultant_on_company_page(client, login, employer)
