"""Companies: self-registration, approval by the jobcenter, colleagues, and the contact log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from placement.accounts.users import (
    AccountError,
    UserData,
    create_user,
    email_taken,
    new_password_problems,
)
from placement.common import clock
from placement.common.identifiers import clean_digits, is_valid_cvr
from placement.common.refusals import Problems, Refusal
from placement.companies import cvr_register, register_sync
from placement.companies.cvr_register import Lookup, Outcome, UnitFacts
from placement.companies.workplaces import first_workplace, p_number_problem
from placement.extensions import db
from placement.fidelity.contacts import chosen_citizens
from placement.models import Employer, EmployerContact, EmployerStatus, Role, User


class CompanyError(Refusal):
    pass


@dataclass
class Registration:
    name: str
    cvr: str
    postcode: str
    city: str
    employees: int
    contact_name: str
    contact_email: str
    password: str
    p_number: str = ""
    address: str = ""
    industry: str = ""
    contact_phone: str = ""
    public_sector: bool = False
    # The CVR register's answer on the number (None: the register is off, or not asked).
    register: Outcome | None = None
    # The register's production units, which become the company's workplaces besides the
    # one typed here (placement/companies/register_sync.py).
    units: list[UnitFacts] = field(default_factory=list)


def register_on() -> bool:
    return cvr_register.from_config(current_app.config) is not None


def ask_register(cvr: str) -> Lookup | None:
    """The CVR register's answer on a well-formed number not yet registered here; None when the
    register is off or there is nothing to ask (the number's own problems come first)."""
    register = cvr_register.from_config(current_app.config)
    cvr = clean_digits(cvr or "")
    if register is None or not is_valid_cvr(cvr) or find_by_cvr(cvr):
        return None
    return register.look_up(cvr)


def find_by_cvr(cvr: str) -> Employer | None:
    return db.session.scalar(select(Employer).where(Employer.cvr == clean_digits(cvr)))


def cvr_problem(typed: str, register: Outcome | None = None) -> str | None:
    """Why a typed CVR number cannot be registered, or None."""
    cvr = clean_digits(typed or "")
    if not is_valid_cvr(cvr):
        return _(
            "CVR-nummeret er ikke gyldigt. Det har 8 cifre – tjek, at du har skrevet det rigtigt."
        )
    if find_by_cvr(cvr):
        return _(
            "Virksomheden med dette CVR-nummer er allerede oprettet. "
            "Kontakt jobcentret, så hjælper vi dig videre."
        )
    if register is Outcome.NOT_FOUND:
        return _(
            "CVR-registret kender ikke dette CVR-nummer. Tjek, at du har skrevet "
            "virksomhedens CVR-nummer rigtigt."
        )
    return None


def registration_problems(data: Registration) -> Problems:
    """Every reason a registration would be refused, each with its field, all at once so the
    company fixes them in one go. What was left empty or could not be read (None) is the
    form's to explain, so it is not checked here."""
    problems: Problems = []
    refused = cvr_problem(data.cvr, data.register) if data.cvr else None
    if refused:
        problems.append(("cvr", refused))
    p_number_refused = p_number_problem(data.p_number) if data.p_number else None
    if p_number_refused:
        problems.append(("p_number", p_number_refused))
    if data.employees is not None and data.employees < 0:
        problems.append(("employees", _("Antal ansatte kan ikke være negativt.")))
    if data.password:
        problems += new_password_problems(data.password)
    taken = email_taken(data.contact_email) if data.contact_email else None
    if taken:
        problems.append(("contact_email", taken))
    return problems


def register(data: Registration) -> User:
    """A company registers itself; it stays pending until the jobcenter approves it.
    The contact person becomes the company's first user."""
    problems = registration_problems(data)
    if problems:
        raise CompanyError.every(problems)
    cvr = clean_digits(data.cvr)
    employer = Employer(
        name=data.name.strip(),
        cvr=cvr,
        address=data.address.strip(),
        postcode=data.postcode.strip(),
        city=data.city.strip(),
        industry=data.industry.strip(),
        employees=data.employees,
        public_sector=data.public_sector,
        contact_name=data.contact_name.strip(),
        contact_phone=data.contact_phone.strip(),
        contact_email=data.contact_email.strip(),
        status=EmployerStatus.PENDING,
        # The register could not say whether the number exists: the jobcenter checks it.
        cvr_unchecked=data.register is Outcome.UNREACHABLE,
        register_read_at=clock.now() if data.register is Outcome.FOUND else None,
    )
    # Its first workplace: the P-number and employees asked here, at the company's address.
    first_workplace(employer, data.p_number)
    try:
        with db.session.begin_nested():
            db.session.add(employer)
    except IntegrityError:
        # Another registration took the CVR or the P-number since they were checked: the
        # check again names which (the unique keys decided; the message is the usual one).
        raise CompanyError.every(
            registration_problems(data) or [("cvr", _("Prøv igen om lidt."))]
        ) from None
    if data.units:
        register_sync.apply_units(employer, data.units)
    try:
        return create_user(
            UserData(
                email=data.contact_email,
                name=data.contact_name,
                role=Role.EMPLOYER,
                employer_id=employer.id,
            ),
            password=data.password,
        )
    except AccountError as error:
        raise CompanyError(str(error), "contact_email") from None


def invite_colleague(employer: Employer, name: str, email: str) -> User:
    """A second user of the same company, who chooses a password from a link."""
    try:
        return create_user(
            UserData(email=email, name=name, role=Role.EMPLOYER, employer_id=employer.id)
        )
    except AccountError as error:
        raise CompanyError(str(error), error.field) from None


def approve(employer: Employer) -> None:
    if employer.status == EmployerStatus.APPROVED:
        raise CompanyError(_("Virksomheden er allerede godkendt."))
    employer.status = EmployerStatus.APPROVED
    # Approving is the jobcenter's check of a number the register could not confirm.
    employer.cvr_unchecked = False
    db.session.flush()


def suspend(employer: Employer) -> None:
    """A suspended company's openings disappear from the board and matching at once."""
    if employer.status == EmployerStatus.SUSPENDED:
        raise CompanyError(_("Virksomheden er allerede suspenderet."))
    employer.status = EmployerStatus.SUSPENDED
    db.session.flush()


def contact_problems(when: date | None, note: str, today: date | None = None) -> Problems:
    """Every reason a contact cannot be logged, each with its field (reads only). A date the
    form could not read (None) is the form's to explain."""
    problems: Problems = []
    if not (note or "").strip():
        problems.append(("note", _("Skriv, hvad I talte om.")))
    # The log records contacts that happened; planned ones would inflate the IPS count.
    if when is not None and when > (today or clock.today()):
        problems.append(("contact_date", _("Datoen kan ikke ligge i fremtiden.")))
    return problems


def record_contact(
    employer: Employer,
    consultant: User,
    when: date,
    note: str,
    today: date | None = None,
    *,
    citizen_ids: list[int] | None = None,
    names_preferences: bool = False,
) -> EmployerContact:
    problems = contact_problems(when, note, today)
    citizens = chosen_citizens(consultant, citizen_ids or [])
    if citizens is None:
        problems.append(("citizens", _("Vælg kun borgere på din egen sagsstamme.")))
    if problems:
        raise CompanyError.every(problems)
    contact = EmployerContact(
        employer=employer,
        consultant=consultant,
        contact_date=when,
        note=note.strip(),
        candidates=citizens or [],
        names_preferences=names_preferences,
    )
    db.session.add(contact)
    db.session.flush()
    return contact
