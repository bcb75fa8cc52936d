"""Workplaces: a company's production units (P-numbers), their pages, and openings at them."""

import re

import pytest
from sqlalchemy import func, select

from placement.companies import registration, workplaces
from placement.companies.workplaces import WorkplaceData, WorkplaceError
from placement.extensions import db
from placement.models import Employer, Kind, Opening, PlacementStatus, Role, Workplace
from placement.openings import openings
from placement.openings.openings import OpeningData
from tests.conftest import post_form
from tests.factories import (
    PASSWORD,
    create_employer,
    create_opening,
    create_placement,
    create_workplace,
    valid_cvr,
)


def field_error(page: str, field: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""


def workplace_form(**fields):
    base = {
        "name": "Lageret i Bjerringbro",
        "p_number": "1012345678",
        "address": "Industrivej 4",
        "postcode": "8850",
        "city": "Bjerringbro",
        "employees": "25",
    }
    return {**base, **fields}


def opening_data(**fields) -> OpeningData:
    base = dict(
        kind=Kind.FLEXJOB, title="Lager", postcode="8800", city="Viborg", hours_min=10, hours_max=20
    )
    return OpeningData(**{**base, **fields})


# --- the registration makes the first workplace ----------------------------------------------


def _registration(**fields) -> registration.Registration:
    base = dict(
        name="Ny Virksomhed ApS",
        cvr=valid_cvr(9000),
        p_number="1003388394",
        address="Vestergade 4",
        postcode="8800",
        city="Viborg",
        employees=14,
        contact_name="Lene Holm",
        contact_email="lene@nyvirksomhed.dk",
        password=PASSWORD,
    )
    return registration.Registration(**{**base, **fields})


def test_the_registration_makes_the_first_workplace_from_the_p_number_and_employees():
    user = registration.register(_registration())
    db.session.commit()
    [first] = user.employer.workplaces
    assert (first.p_number, first.name, first.address, first.postcode, first.employees) == (
        "1003388394",
        "Ny Virksomhed ApS",
        "Vestergade 4",
        "8800",
        14,
    )


def test_a_p_number_is_national_so_another_company_cannot_register_it():
    create_employer(p_number="1003388394")
    with pytest.raises(registration.CompanyError) as refused:
        registration.register(_registration())
    assert refused.value.problems == [
        ("p_number", "P-nummeret er allerede registreret på et andet arbejdssted.")
    ]


def _first_check_passes(monkeypatch, name: str) -> None:
    """The registration's check finds nothing the first time: another registration took the
    number between that check and the save."""
    real, calls = getattr(registration, name), []

    def check(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(registration, name, check)


@pytest.mark.parametrize(
    ("taken", "check", "field", "message"),
    [
        ("p_number", "p_number_problem", "p_number", "P-nummeret er allerede registreret"),
        ("cvr", "cvr_problem", "cvr", "Virksomheden med dette CVR-nummer er allerede oprettet"),
    ],
)
def test_a_number_taken_meanwhile_by_another_registration_is_refused_not_a_fault(
    monkeypatch, taken, check, field, message
):
    other = create_employer(p_number="1003388394")
    if taken == "cvr":
        other.cvr = _registration().cvr
        other.workplaces[0].p_number = None
        db.session.commit()
    _first_check_passes(monkeypatch, check)
    with pytest.raises(registration.CompanyError) as refused:
        registration.register(_registration())
    [(refused_field, said)] = refused.value.problems
    assert refused_field == field and said.startswith(message)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Employer)) == 1  # only the other


# --- the rules --------------------------------------------------------------------------------


def test_adding_and_editing_a_workplace():
    employer = create_employer()
    added = workplaces.add_workplace(employer, WorkplaceData(name="Filial", employees=7))
    db.session.commit()
    assert [w.name for w in employer.workplaces] == [employer.name, "Filial"]
    workplaces.update_workplace(
        added, WorkplaceData(name="Filial Nord", p_number="1012 3456 78", employees=12)
    )
    db.session.commit()
    assert (added.name, added.p_number, added.employees) == ("Filial Nord", "1012345678", 12)
    # Saving it again with its own number is no clash with itself.
    workplaces.update_workplace(added, WorkplaceData(name="Filial Nord", p_number="1012345678"))


def test_a_workplace_is_refused_with_every_problem_at_once():
    employer = create_employer(p_number="1111111111")
    with pytest.raises(WorkplaceError) as refused:
        workplaces.add_workplace(
            create_employer(), WorkplaceData(name=" ", p_number="1111111111", employees=-1)
        )
    assert refused.value.problems == [
        ("name", "Skriv arbejdsstedets navn."),
        ("p_number", "P-nummeret er allerede registreret på et andet arbejdssted."),
        ("employees", "Antal ansatte kan ikke være negativt."),
    ]
    with pytest.raises(WorkplaceError, match="10 cifre"):
        workplaces.update_workplace(employer.workplaces[0], WorkplaceData(name="A", p_number="12"))


def test_an_opening_at_a_company_with_one_workplace_is_at_it():
    employer = create_employer()
    opening = openings.create_opening(employer, opening_data())
    assert opening.workplace == employer.workplaces[0]


def test_a_company_with_two_workplaces_must_choose_and_only_among_its_own():
    employer = create_employer()
    second = create_workplace(employer)
    other_company = create_employer()
    choose = "Vælg et af virksomhedens arbejdssteder."
    assert ("workplace_id", choose) in openings.problems_with(opening_data(), employer)
    forged = opening_data(workplace_id=other_company.workplaces[0].id)
    assert ("workplace_id", choose) in openings.problems_with(forged, employer)
    with pytest.raises(openings.OpeningInvalid):
        openings.create_opening(employer, forged)
    opening = openings.create_opening(employer, opening_data(workplace_id=second.id))
    assert opening.workplace == second


def test_an_opening_with_people_in_it_keeps_its_workplace():
    employer = create_employer()
    second = create_workplace(employer)
    opening = create_opening(employer, kind=Kind.FLEXJOB, seats=2)
    moved = opening_data(workplace_id=second.id)
    assert openings.problems_with(moved, employer, opening) == []
    create_placement(opening=opening, status=PlacementStatus.ACTIVE)
    [(field, message)] = openings.problems_with(moved, employer, opening)
    assert field == "workplace_id" and "arbejdsstedet kan ikke skiftes" in message


def test_a_copy_stays_at_the_same_workplace():
    employer = create_employer()
    second = create_workplace(employer)
    copy = openings.copy_opening(create_opening(employer, workplace=second))
    assert copy.workplace_id == second.id


# --- the pages --------------------------------------------------------------------------------


def test_a_company_user_adds_a_workplace_and_sees_it_on_the_home_page(client, login):
    user = login(Role.EMPLOYER)
    response = post_form(client, "/arbejdssteder/ny", workplace_form(), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Arbejdsstedet er tilføjet." in page
    assert response.request.path == "/virksomhed/"
    assert "Lageret i Bjerringbro" in page and "1012345678" in page
    names = db.session.scalars(
        select(Workplace.name).where(Workplace.employer_id == user.employer_id)
    ).all()
    assert names[-1] == "Lageret i Bjerringbro"


def test_a_refused_workplace_keeps_what_was_typed(client, login):
    create_employer(p_number="1012345678")
    login(Role.EMPLOYER)
    response = post_form(client, "/arbejdssteder/ny", workplace_form(employees="mange"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "P-nummeret er allerede registreret på et andet arbejdssted." in field_error(
        page, "p_number"
    )
    assert "Skriv et helt tal." in field_error(page, "employees")
    assert 'value="Lageret i Bjerringbro"' in page and 'value="mange"' in page
    assert (
        db.session.scalar(select(Workplace).where(Workplace.name.contains("Bjerringbro"))) is None
    )


def test_the_jobcenter_edits_a_company_s_workplace(client, login):
    login(Role.CONSULTANT)
    employer = create_employer()
    workplace = employer.workplaces[0]
    path = f"/arbejdssteder/{workplace.id}/ret"
    assert f'value="{workplace.name}"' in client.get(path).get_data(as_text=True)
    response = post_form(client, path, workplace_form(name="Hovedlageret", employees="60"))
    assert response.location.endswith(f"/virksomheder/{employer.id}#arbejdssteder")
    db.session.expire_all()
    assert (workplace.name, workplace.employees) == ("Hovedlageret", 60)


def test_a_company_user_cannot_reach_another_company_s_workplace(client, login):
    login(Role.EMPLOYER)
    theirs = create_employer().workplaces[0]
    assert client.get(f"/arbejdssteder/{theirs.id}/ret").status_code == 404
    response = post_form(
        client,
        f"/arbejdssteder/{theirs.id}/ret",
        workplace_form(),
        form_page="/arbejdssteder/ny",
    )
    assert response.status_code == 404


def test_a_workplace_form_without_its_csrf_token_changes_nothing(client, login):
    user = login(Role.EMPLOYER)
    response = client.post("/arbejdssteder/ny", data=workplace_form())
    assert response.status_code == 400
    assert len(db.session.get(type(user), user.id).employer.workplaces) == 1


def test_the_opening_form_offers_the_company_s_workplaces_and_refuses_a_forged_one(client, login):
    from tests.openings.test_openings_pages import form

    user = login(Role.EMPLOYER)
    company = user.employer
    second = create_workplace(company, name="Filialen", p_number="1012345678")
    page = client.get("/opslag/ny").get_data(as_text=True)
    assert 'value="">Vælg arbejdssted</option>' in page  # nothing chosen for them
    assert "Filialen · Fabriksvej" in page and "P-nr. 1012345678" in page
    theirs = create_employer().workplaces[0]
    response = post_form(client, "/opslag/ny", form(workplace_id=str(theirs.id)))
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), "workplace_id")
    assert db.session.scalar(select(Opening)) is None
    response = post_form(
        client, "/opslag/ny", form(workplace_id=str(second.id)), follow_redirects=True
    )
    assert "Filialen" in response.get_data(as_text=True)
    assert db.session.scalars(select(Opening)).one().workplace_id == second.id


def test_a_company_with_one_workplace_has_it_chosen_on_a_new_opening(client, login):
    user = login(Role.EMPLOYER)
    page = client.get("/opslag/ny").get_data(as_text=True)
    select_html = page.split('id="workplace_id"', 1)[1].split("</select>", 1)[0]
    assert "Vælg arbejdssted" not in select_html
    assert f'selected value="{user.employer.workplaces[0].id}"' in select_html


def test_the_same_workplace_posted_twice_is_added_once(client, login):
    user = login(Role.EMPLOYER)
    first = post_form(client, "/arbejdssteder/ny", workplace_form())
    second = post_form(client, "/arbejdssteder/ny", workplace_form(), follow_redirects=True)
    assert first.status_code == 302
    assert "Det er allerede sket." in second.get_data(as_text=True)
    assert second.request.path == "/virksomhed/"
    names = db.session.scalars(
        select(Workplace.name).where(Workplace.employer_id == user.employer_id)
    ).all()
    assert names.count("Lageret i Bjerringbro") == 1


def test_a_p_number_taken_meanwhile_by_another_company_is_refused_not_a_fault(monkeypatch):
    """Between the check and the save another company may register the number: the unique
    index catches it, and the person gets the same words as from the check."""
    create_employer(p_number="1012345678")
    employer = create_employer()
    monkeypatch.setattr(workplaces, "p_number_problem", lambda *_args: None)
    with pytest.raises(WorkplaceError) as refused:
        workplaces.add_workplace(employer, WorkplaceData(name="Filial", p_number="1012345678"))
    assert refused.value.problems == [
        ("p_number", "P-nummeret er allerede registreret på et andet arbejdssted.")
    ]
    db.session.rollback()
    assert len(db.session.get(type(employer), employer.id).workplaces) == 1


def test_the_home_page_names_each_opening_s_workplace_when_there_are_several(client, login):
    def openings_table() -> str:
        page = client.get("/virksomhed/").get_data(as_text=True)
        return page.split('id="openings-heading"', 1)[1].split("</section>", 1)[0]

    user = login(Role.EMPLOYER)
    company = user.employer
    create_opening(company, title="Lager")
    assert "Arbejdssted" not in openings_table()
    branch = create_workplace(company, name="Filialen")
    create_opening(company, workplace=branch, title="Butik")
    table = openings_table()
    assert '<th scope="col">Arbejdssted</th>' in table
    assert "<td>Filialen</td>" in table and f"<td>{company.name}</td>" in table
