"""Workplaces: a company's production units (P-numbers), where its openings are."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from placement.common.identifiers import clean_digits, is_valid_p_number
from placement.common.refusals import Problems, Refusal
from placement.extensions import db
from placement.models import Employer, Workplace


class WorkplaceError(Refusal):
    """A refused workplace; the problems name the fields."""


@dataclass
class WorkplaceData:
    """What a person fills in for a workplace (employees None: the form could not read it)."""

    name: str
    p_number: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    employees: int | None = 0


def p_number_problem(typed: str, workplace: Workplace | None = None) -> str | None:
    """Why a typed P-number cannot be used (for `workplace`, or a new one), or None."""
    number = clean_digits(typed or "")
    if not number:
        return None
    if not is_valid_p_number(number):
        return _("P-nummeret skal have 10 cifre.")
    taken = db.session.scalar(select(Workplace.id).where(Workplace.p_number == number))
    if taken is not None and (workplace is None or taken != workplace.id):
        # P-numbers are national: another company's workplace is not this one's to name.
        return _("P-nummeret er allerede registreret på et andet arbejdssted.")
    return None


def problems_with(data: WorkplaceData, workplace: Workplace | None = None) -> Problems:
    problems: Problems = []
    if not data.name.strip():
        problems.append(("name", _("Skriv arbejdsstedets navn.")))
    refused = p_number_problem(data.p_number, workplace)
    if refused:
        problems.append(("p_number", refused))
    if data.employees is not None and data.employees < 0:
        problems.append(("employees", _("Antal ansatte kan ikke være negativt.")))
    return problems


def lock_company(employer: Employer) -> None:
    """The company's row lock first (the lock order: company, opening, placement): the ratio
    rule counts a workplace's employees under it, so a change to them waits for an agreement."""
    db.session.scalars(
        select(Employer)
        .where(Employer.id == employer.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _apply(workplace: Workplace, data: WorkplaceData) -> None:
    workplace.name = data.name.strip()
    workplace.p_number = clean_digits(data.p_number or "") or None
    workplace.address = data.address.strip()
    workplace.postcode = data.postcode.strip()
    workplace.city = data.city.strip()
    workplace.employees = data.employees if data.employees is not None else 0


def first_workplace(employer: Employer, p_number: str = "") -> Workplace:
    """The registration's workplace: the company's own name, address and employees."""
    workplace = Workplace(
        p_number=clean_digits(p_number or "") or None,
        name=employer.name,
        address=employer.address,
        postcode=employer.postcode,
        city=employer.city,
        employees=employer.employees,
    )
    employer.workplaces.append(workplace)
    return workplace


def add_workplace(employer: Employer, data: WorkplaceData) -> Workplace:
    lock_company(employer)
    problems = problems_with(data)
    if problems:
        raise WorkplaceError.every(problems)
    workplace = Workplace(employer=employer)
    _apply(workplace, data)
    db.session.add(workplace)
    db.session.flush()
    return workplace


def update_workplace(workplace: Workplace, data: WorkplaceData) -> Workplace:
    lock_company(workplace.employer)
    db.session.refresh(workplace)
    problems = problems_with(data, workplace)
    if problems:
        raise WorkplaceError.every(problems)
    _apply(workplace, data)
    db.session.flush()
    return workplace


def workplace_of(employer: Employer, workplace_id: int | None) -> Workplace | None:
    """The company's own workplace with that id; None for another company's (or none)."""
    if workplace_id is None:
        return None
    return db.session.scalar(
        select(Workplace).where(Workplace.id == workplace_id, Workplace.employer_id == employer.id)
    )
