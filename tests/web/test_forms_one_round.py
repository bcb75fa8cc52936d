"""Forms report every problem in one round: the form's own checks and the core's together."""

from datetime import date, timedelta

from sqlalchemy import func, select

from placement.extensions import db
from placement.models import Candidate, Employer, Role, User
from tests.citizens.test_profiles import profile_data
from tests.companies.test_employer_pages import registration
from tests.conftest import post_form
from tests.factories import create_employer, create_user


def errors_of(page: str) -> list[str]:
    """The error summary's links, as (href, text), in the order shown."""
    import re

    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    return re.findall(r'<a href="(#[\w-]+)">([^<]*)</a>', summary)


def test_the_company_sign_up_shows_five_mistakes_in_one_round(client):
    create_employer(cvr="35954716")
    create_user(Role.ADMIN, email="hanne@gronhave.dk")
    response = post_form(
        client,
        "/virksomhed/tilmeld",
        registration(
            name="",
            cvr="35954716",
            p_number="123",
            password="kort",
            contact_email="hanne@gronhave.dk",
        ),
    )
    assert response.status_code == 200
    found = dict(errors_of(response.get_data(as_text=True)))
    assert found == {
        "#name": "Virksomhedens navn: Skal udfyldes.",
        "#cvr": "CVR-nummer: Virksomheden med dette CVR-nummer er allerede oprettet. Kontakt "
        "jobcentret, så hjælper vi dig videre.",
        "#p_number": "P-nummer (valgfrit): P-nummeret skal have 10 cifre.",
        "#password": "Vælg en adgangskode: Adgangskoden skal have mindst 8 tegn.",
        "#contact_email": "E-mail: Der findes allerede en bruger med denne e-mail.",
    }
    assert db.session.scalar(select(func.count(Employer.id))) == 1
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_a_cvr_with_a_wrong_checksum_is_reported_beside_a_missing_name(client):
    page = post_form(client, "/virksomhed/tilmeld", registration(name="", cvr="35954717"))
    found = dict(errors_of(page.get_data(as_text=True)))
    assert set(found) == {"#name", "#cvr"}
    assert "CVR-nummeret er ikke gyldigt" in found["#cvr"]


def test_the_citizen_form_shows_the_postcode_and_a_future_birth_date_together(
    client, login, viborg
):
    login(Role.CONSULTANT, municipality=viborg)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = post_form(
        client, "/borgere/ny", profile_data(postcode="88", birth_date=tomorrow, max_hours="40")
    )
    page = response.get_data(as_text=True)
    found = dict(errors_of(page))
    assert found["#postcode"] == "Postnummer: Skriv et postnummer med 4 cifre."
    assert found["#birth_date"] == "Fødselsdato: Fødselsdatoen kan ikke ligge i fremtiden."
    assert found["#max_hours"] == "Højst timer pr. uge: Skriv et tal fra 0 til 37."
    assert f'value="{tomorrow}"' in page  # kept as typed
    assert db.session.scalar(select(func.count(Candidate.id))) == 0


def test_a_birth_date_in_year_one_is_refused_with_the_other_problems(client, login, viborg):
    login(Role.CONSULTANT, municipality=viborg)
    page = post_form(
        client, "/borgere/ny", profile_data(birth_date="0001-01-01", name="")
    ).get_data(as_text=True)
    found = dict(errors_of(page))
    assert found["#birth_date"] == (
        "Fødselsdato: Fødselsdatoen kan ikke ligge før 1900. Skriv fx 1990-05-17."
    )
    assert found["#name"] == "Navn: Skal udfyldes."
    assert db.session.scalar(select(func.count(Candidate.id))) == 0


def test_a_birth_date_in_1900_is_kept(client, login, viborg):
    login(Role.CONSULTANT, municipality=viborg)
    response = post_form(client, "/borgere/ny", profile_data(birth_date="1900-01-01"))
    assert response.status_code == 302
    assert db.session.scalar(select(Candidate.birth_date)) == date(1900, 1, 1)


def test_a_new_opening_shows_the_forms_and_the_cores_problems_together(client, login):
    from tests.openings.test_openings_pages import form

    login(Role.EMPLOYER, employer=create_employer())
    page = post_form(
        client, "/opslag/ny", form(title="", hours_min="ti", hours_max="40", seats="0", purpose="")
    ).get_data(as_text=True)
    found = dict(errors_of(page))
    assert found["#title"].endswith("Skal udfyldes.")
    assert found["#hours_min"].endswith("Skriv et helt tal.")  # the form's own check
    assert found["#hours_max"].endswith("Højst 37 timer om ugen (fuld tid).")  # the core's
    assert found["#seats"].endswith("Der skal være mindst 1 plads.")
    assert found["#purpose"].endswith("Vælg formålet med praktikken.")


def test_a_wrong_current_password_and_a_short_new_one_are_said_at_once(client, login):
    login(Role.CONSULTANT)
    page = post_form(
        client,
        "/adgangskode",
        {
            "current_password": "forkert",
            "password": "kort",
            "confirm": "kort2",
        },
    ).get_data(as_text=True)
    found = dict(errors_of(page))
    assert found == {
        "#current_password": "Nuværende adgangskode: Den nuværende adgangskode er forkert.",
        "#password": "Ny adgangskode: Adgangskoden skal have mindst 8 tegn.",
        "#confirm": "Gentag ny adgangskode: De to adgangskoder er ikke ens.",
    }


def test_a_new_user_with_three_mistakes_gets_three_errors_at_once(client, login):
    from tests.accounts.test_admin_users import _form

    login(Role.ADMIN)
    create_user(Role.ADMIN, email="taget@viborg.dk")
    page = post_form(
        client,
        "/admin/brugere/ny",
        _form(
            name="", email="taget@viborg.dk", role="consultant", municipality_id="", password="kort"
        ),
    ).get_data(as_text=True)
    found = dict(errors_of(page))
    assert found == {
        "#name": "Navn: Skal udfyldes.",
        "#email": "E-mail: Der findes allerede en bruger med denne e-mail.",
        "#municipality_id": "Kommune: Vælg en kommune for denne rolle.",
        "#password": "Adgangskode: Adgangskoden skal have mindst 8 tegn.",
    }
    assert db.session.scalar(select(func.count(User.id))) == 2


def test_a_citizens_wishes_show_the_hours_and_the_postcodes_at_once(client, login, viborg):
    from tests.factories import create_candidate

    candidate = create_candidate(viborg)
    login(Role.CITIZEN, municipality=viborg, candidate=candidate)
    page = post_form(
        client,
        "/mig/oensker",
        {"max_hours": "ti", "postcodes": "8800, 88"},
        form_page="/mig/oensker",
    ).get_data(as_text=True)
    found = dict(errors_of(page))
    assert found["#max_hours"].endswith("Skriv et helt tal, fx 20.")
    assert found["#postcodes"].endswith(
        "»88« er ikke et postnummer. Et postnummer har 4 cifre, fx 8800."
    )


def test_a_journal_note_without_text_and_a_future_date_gets_both_errors(client, login, viborg):
    from tests.factories import create_candidate

    login(Role.CONSULTANT, municipality=viborg)
    candidate = create_candidate(viborg)
    path = f"/borgere/{candidate.id}/journal"
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    page = post_form(client, path, {"entry_date": tomorrow, "text": ""}).get_data(as_text=True)
    assert dict(errors_of(page)) == {
        "#entry_date": "Dato: Datoen kan ikke ligge i fremtiden.",
        "#text": "Notat: Skal udfyldes.",
    }


def test_a_company_contact_without_a_note_and_in_the_future_gets_both_errors(client, login):
    login(Role.CONSULTANT)
    employer = create_employer()
    path = f"/virksomheder/{employer.id}"
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    page = post_form(
        client, f"{path}/kontakt", {"contact_date": tomorrow, "note": ""}, form_page=path
    ).get_data(as_text=True)
    found = dict(errors_of(page))
    assert found["#note"].endswith("Skal udfyldes.")
    assert found["#contact_date"].endswith("Datoen kan ikke ligge i fremtiden.")
