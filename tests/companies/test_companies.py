"""Company registration, approval and the contact log."""

from datetime import date

import pytest

from placement.companies import registration as companies
from placement.models import EmployerStatus, Role
from tests.factories import create_employer, create_user


def registration(**fields):
    base = dict(
        name="Grøn Have ApS",
        cvr="35954716",
        postcode="8800",
        city="Viborg",
        employees=12,
        contact_name="Hanne Have",
        contact_email="hanne@gronhave.dk",
        password="en-god-adgangskode",
    )
    return companies.Registration(**{**base, **fields})


def test_a_registered_company_is_pending_and_its_contact_is_its_first_user():
    user = companies.register(registration(cvr="3595 4716"))
    assert user.role == Role.EMPLOYER and user.email == "hanne@gronhave.dk"
    assert user.employer.status == EmployerStatus.PENDING
    assert user.employer.cvr == "35954716"
    assert user.check_password("en-god-adgangskode")


def test_an_invalid_cvr_is_refused_with_a_danish_message():
    with pytest.raises(companies.CompanyError) as error:
        companies.register(registration(cvr="35954717"))
    assert error.value.field == "cvr"
    assert "CVR-nummeret er ikke gyldigt" in str(error.value)


def test_the_same_cvr_cannot_register_twice():
    create_employer(cvr="35954716")
    with pytest.raises(companies.CompanyError) as error:
        companies.register(registration())
    assert "allerede oprettet" in str(error.value) and "Kontakt jobcentret" in str(error.value)


def test_a_p_number_must_have_ten_digits():
    with pytest.raises(companies.CompanyError, match="10 cifre"):
        companies.register(registration(p_number="12345"))


def test_approve_and_suspend():
    employer = create_employer(status=EmployerStatus.PENDING)
    companies.approve(employer)
    assert employer.status == EmployerStatus.APPROVED
    with pytest.raises(companies.CompanyError):
        companies.approve(employer)
    companies.suspend(employer)
    assert employer.status == EmployerStatus.SUSPENDED


def test_a_contact_needs_a_note():
    employer, consultant = create_employer(), create_user(Role.CONSULTANT)
    with pytest.raises(companies.CompanyError):
        companies.record_contact(employer, consultant, date(2026, 1, 4), " ")
    contact = companies.record_contact(employer, consultant, date(2026, 1, 4), "Talte om praktik")
    assert employer.contacts == [contact]


def test_a_contact_cannot_be_dated_in_the_future():
    employer, consultant = create_employer(), create_user(Role.CONSULTANT)
    with pytest.raises(companies.CompanyError, match="fremtiden"):
        companies.record_contact(
            employer, consultant, date(2027, 1, 5), "Planlagt møde", today=date(2027, 1, 4)
        )
