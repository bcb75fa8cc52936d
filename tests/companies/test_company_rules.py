"""A company's registration and status: the refusals a company or the jobcenter meets."""

import pytest

from placement.companies import registration as companies
from placement.models import EmployerStatus, Role
from tests.companies.test_companies import registration
from tests.factories import create_employer, create_user


def test_a_negative_number_of_employees_is_refused():
    with pytest.raises(companies.CompanyError) as error:
        companies.register(registration(employees=-1))
    assert error.value.field == "employees"
    assert "Antal ansatte kan ikke være negativt." in str(error.value)


def test_a_contact_e_mail_already_in_use_is_refused_on_that_field():
    create_user(Role.CONSULTANT, email="hanne@gronhave.dk")
    with pytest.raises(companies.CompanyError) as error:
        companies.register(registration())
    assert error.value.field == "contact_email"
    assert "Der findes allerede en bruger med denne e-mail." in str(error.value)


def test_a_colleague_with_an_e_mail_already_in_use_is_refused():
    employer = create_employer()
    create_user(Role.EMPLOYER, email="lone@firma.dk", employer=employer)
    with pytest.raises(companies.CompanyError) as error:
        companies.invite_colleague(employer, "Lone Larsen", "lone@firma.dk")
    assert error.value.field == "email"
    assert "Der findes allerede en bruger med denne e-mail." in str(error.value)


def test_a_suspended_company_cannot_be_suspended_again():
    employer = create_employer(status=EmployerStatus.SUSPENDED)
    with pytest.raises(companies.CompanyError, match="allerede suspenderet"):
        companies.suspend(employer)
    assert employer.status == EmployerStatus.SUSPENDED
