"""Workplaces: a company's production units (P-numbers), where its openings are."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from placement.common.identifiers import clean_digits, is_valid_p_number
from placement.common.refusals import Problems, Refusal
from placement.common.row_locks import locked
from placement.extensions import db
from placement.models import Employer, Workplace


def _p_number_taken() -> str:
    return _("P-nummeret er allerede registreret på et andet arbejdssted.")


class WorkplaceError(Refusal):
    """A refused workplace; the problems name the fields."""


class WorkplaceAlreadyAdded(WorkplaceError):
    """The very workplace asked for is there already (a second click, a second tab): nothing
    is written, and nothing went wrong."""

    repeated = True


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
        return _p_number_taken()
    return None


def already_added(employer: Employer, data: WorkplaceData) -> Workplace | None:
    """The company's workplace with just what `data` says, if it has one."""
    return db.session.scalars(
        select(Workplace).where(
            Workplace.employer_id == employer.id,
            Workplace.name == data.name.strip(),
            Workplace.p_number.is_(None)
            if not clean_digits(data.p_number or "")
            else Workplace.p_number == clean_digits(data.p_number),
            Workplace.address == data.address.strip(),
            Workplace.postcode == data.postcode.strip(),
            Workplace.city == data.city.strip(),
            Workplace.employees == (data.employees if data.employees is not None else 0),
        )
    ).first()


def problems_with(
    data: WorkplaceData, workplace: Workplace | None = None, employer: Employer | None = None
) -> Problems:
    """Every problem with the data, for `workplace` (an edit) or a new one at `employer`. A new
    one just like one the company has is no problem: adding it is a repeat (add_workplace)."""
    if workplace is None and employer is not None and already_added(employer, data):
        return []
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
    locked(Employer, employer.id)


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
    if already_added(employer, data):
        raise WorkplaceAlreadyAdded(_("Det er allerede sket."))
    problems = problems_with(data)
    if problems:
        raise WorkplaceError.every(problems)
    workplace = Workplace(employer=employer)
    _apply(workplace, data)
    db.session.add(workplace)
    _flush_p_number()
    return workplace


def update_workplace(workplace: Workplace, data: WorkplaceData) -> Workplace:
    lock_company(workplace.employer)
    db.session.refresh(workplace)
    problems = problems_with(data, workplace)
    if problems:
        raise WorkplaceError.every(problems)
    _apply(workplace, data)
    _flush_p_number()
    return workplace


def _flush_p_number() -> None:
    """Flush in a savepoint: another company may have taken the P-number since it was checked
    (the company's lock does not reach other companies); the unique index says so."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise WorkplaceError(_p_number_taken(), "p_number") from None


def workplace_of(employer: Employer, workplace_id: int | None) -> Workplace | None:
    """The company's own workplace with that id; None for another company's (or none)."""
    if workplace_id is None:
        return None
    return db.session.scalar(
        select(Workplace).where(Workplace.id == workplace_id, Workplace.employer_id == employer.id)
    )
