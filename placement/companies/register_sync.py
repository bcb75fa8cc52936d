"""The CVR register's facts written onto a company and its workplaces: by the monthly sweep
(placement/companies/jobs.py), by the jobcenter's "Hent fra CVR-registret nu" on the company
page, and at the registration (the production units become workplaces).

What the register does not say stays as it is here; a closed production unit (ophørt) keeps
its workplace, which may hold openings and placements that are still on file.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from placement.common import clock
from placement.common.refusals import Refusal
from placement.companies import cvr_register
from placement.companies.cvr_register import CompanyFacts, Outcome, UnitFacts
from placement.companies.workplaces import lock_company
from placement.extensions import db
from placement.models import Employer, Workplace

log = logging.getLogger(__name__)


class RegisterRefused(Refusal):
    """The register could not be read for this company; the message says why."""


def _set(record, new: dict) -> bool:
    """Each value the register gave onto `record`; True when something changed."""
    changed = False
    for name, value in new.items():
        if value is not None and getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    return changed


def _unit_values(unit: UnitFacts) -> dict:
    return {
        "name": unit.name and unit.name[:200],
        "address": unit.address and unit.address[:200],
        "postcode": unit.postcode,
        "city": unit.city and unit.city[:100],
        "employees": unit.employees,
    }


def apply_units(employer: Employer, units: list[UnitFacts]) -> bool:
    """The register's open production units as the company's workplaces: a known P-number's
    workplace gets the register's facts, a new one is added. A company whose only workplace
    has no P-number yet (registered without one) gets its single open unit's number. A
    P-number already at another company's workplace is left to the jobcenter (logged).
    The caller holds the company's lock. True when something changed."""
    open_units = [unit for unit in units if unit.active]
    mine = {w.p_number: w for w in employer.workplaces if w.p_number}
    changed = False
    unnumbered = [w for w in employer.workplaces if not w.p_number]
    if len(employer.workplaces) == 1 and unnumbered and len(open_units) == 1:
        only = open_units[0]
        if only.p_number not in mine and not _elsewhere(only.p_number):
            unnumbered[0].p_number = only.p_number
            mine[only.p_number] = unnumbered[0]
            changed = True
    for unit in open_units:
        workplace = mine.get(unit.p_number)
        if workplace is not None:
            changed |= _set(workplace, _unit_values(unit))
            continue
        if _elsewhere(unit.p_number):
            log.warning("cvr: a production unit is registered at another company here")
            continue
        changed |= _add(employer, unit)
    db.session.flush()
    db.session.expire(employer, ["workplaces"])  # read again with the ones added
    return changed


def _add(employer: Employer, unit: UnitFacts) -> bool:
    """A workplace for the unit, in a savepoint: another company's workplace may have taken
    the P-number since it was checked (the company's lock does not reach other companies);
    then the unit is left to the jobcenter, as one found at another company."""
    values = _unit_values(unit)
    try:
        with db.session.begin_nested():
            db.session.add(
                Workplace(
                    employer_id=employer.id,
                    p_number=unit.p_number,
                    name=values["name"] or employer.name,
                    address=values["address"] or "",
                    postcode=values["postcode"] or "",
                    city=values["city"] or "",
                    employees=values["employees"] or 0,
                )
            )
    except IntegrityError:
        log.warning("cvr: a production unit was registered at another company meanwhile")
        return False
    return True


def _elsewhere(p_number: str) -> bool:
    return db.session.scalar(select(Workplace.id).where(Workplace.p_number == p_number)) is not None


def apply_facts(employer: Employer, facts: CompanyFacts, now: datetime) -> bool:
    """The register's name, address and employees onto the company, its production units onto
    its workplaces (what it does not give stays). The caller holds the company's lock. True
    when something changed."""
    changed = _set(
        employer,
        {
            "name": facts.name and facts.name[:200],
            "address": facts.address and facts.address[:200],
            "postcode": facts.postcode,
            "city": facts.city and facts.city[:100],
            "employees": facts.employees,
        },
    )
    if facts.units_read:  # an unanswered units search says nothing about the workplaces
        changed |= apply_units(employer, facts.units)
    employer.cvr_unchecked = False  # the register knows the number
    employer.register_read_at = now
    return changed


def refresh_now(employer: Employer) -> bool:
    """The jobcenter's "Hent fra CVR-registret nu": the register is asked with no lock held,
    then its facts are written under the company's lock. True when something changed;
    refused when the register is off, does not know the number or does not answer."""
    register = cvr_register.from_config(current_app.config)
    if register is None:
        raise RegisterRefused(_("CVR-registret er ikke sat op i denne installation."))
    lookup = register.look_up(employer.cvr)
    if lookup.outcome is Outcome.UNREACHABLE:
        raise RegisterRefused(
            _("CVR-registret svarer ikke lige nu. Intet er ændret; prøv igen senere.")
        )
    if lookup.facts is None:
        raise RegisterRefused(
            _("CVR-registret kender ikke CVR-nummeret %(cvr)s. Intet er ændret.", cvr=employer.cvr)
        )
    lock_company(employer)
    return apply_facts(employer, lookup.facts, clock.now())
