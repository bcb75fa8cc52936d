"""create_* factories: small, valid objects with sensible defaults, committed to the database."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy import select

from placement.agreements import versions
from placement.common.identifiers import is_valid_cvr
from placement.extensions import db
from placement.models import (
    Adaptation,
    Agreement,
    AgreementConfirmation,
    Candidate,
    Employer,
    EmployerStatus,
    Kind,
    Municipality,
    Opening,
    OpeningStatus,
    Party,
    Placement,
    PlacementStatus,
    Role,
    User,
    Workplace,
)

PASSWORD = "korrekt-hest-batteri"
_sequence = itertools.count(1)


def valid_cvr(seed: int) -> str:
    """The first valid CVR number at or after 10000000 + seed * 97."""
    number = 10_000_000 + seed * 97
    while not is_valid_cvr(str(number)):
        number += 1
    return str(number)


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def create_municipality(name: str = "Viborg", code: str = "791") -> Municipality:
    existing = db.session.scalar(select(Municipality).where(Municipality.code == code))
    return existing or _save(Municipality(name=name, code=code))


def create_employer(**fields) -> Employer:
    n = next(_sequence)
    defaults = dict(
        name=f"Testfirma {n} ApS",
        cvr=valid_cvr(n),
        address=f"Testvej {n}",
        postcode="8800",
        city="Viborg",
        industry="Lager og logistik",
        employees=20,
        status=EmployerStatus.APPROVED,
    )
    p_number = fields.pop("p_number", None)
    employer = Employer(**{**defaults, **fields})
    # Its first workplace, as the registration makes it: the company's address and employees.
    employer.workplaces.append(
        Workplace(
            p_number=p_number,
            name=employer.name,
            address=employer.address,
            postcode=employer.postcode,
            city=employer.city,
            employees=employer.employees,
        )
    )
    return _save(employer)


def create_workplace(employer: Employer, **fields) -> Workplace:
    n = next(_sequence)
    defaults = dict(
        name=f"Afdeling {n}",
        address=f"Fabriksvej {n}",
        postcode="8600",
        city="Silkeborg",
        employees=20,
    )
    return _save(Workplace(employer=employer, **{**defaults, **fields}))


def create_opening(employer: Employer | None = None, **fields) -> Opening:
    defaults = dict(
        kind=Kind.INTERNSHIP,
        title="Lagermedhjælper",
        description="Hjælp på lageret.",
        tasks="Pakke varer",
        postcode="8800",
        city="Viborg",
        hours_min=10,
        hours_max=20,
        start_date=date.today() + timedelta(days=14),
        duration_weeks=8,
        seats=1,
        status=OpeningStatus.PUBLISHED,
    )
    adaptation_codes = fields.pop("adaptation_codes", ())
    employer = employer or create_employer()
    fields.setdefault("workplace", employer.workplaces[0])
    opening = Opening(employer=employer, **{**defaults, **fields})
    db.session.add(opening)
    opening.adaptations = adaptations(*adaptation_codes)
    return _save(opening)


def adaptations(*codes: str) -> list[Adaptation]:
    if not codes:
        return []
    return list(db.session.scalars(select(Adaptation).where(Adaptation.code.in_(codes))))


def create_candidate(municipality: Municipality | None = None, **fields) -> Candidate:
    n = next(_sequence)
    defaults = dict(
        name=f"Borger {n}",
        birth_date=date(1990, 1, 1) + timedelta(days=n),
        postcode="8800",
        city="Viborg",
        max_hours=20,
    )
    return _save(
        Candidate(municipality=municipality or create_municipality(), **{**defaults, **fields})
    )


def create_user(role: Role = Role.CONSULTANT, *, password: str = PASSWORD, **fields) -> User:
    n = next(_sequence)
    defaults = dict(email=f"{role.value}{n}@example.dk", name=f"{role.label} {n}", role=role)
    if role in (Role.MANAGER, Role.CONSULTANT) and "municipality" not in fields:
        fields["municipality"] = create_municipality()
    if role == Role.EMPLOYER and "employer" not in fields:
        fields["employer"] = create_employer()
    if role == Role.CITIZEN and "candidate" not in fields:
        fields["candidate"] = create_candidate(fields.get("municipality"))
    if role == Role.CITIZEN:
        fields.setdefault("municipality", fields["candidate"].municipality)
    user = User(**{**defaults, **fields})
    user.set_password(password)
    return _save(user)


def create_placement(
    candidate: Candidate | None = None, opening: Opening | None = None, **fields
) -> Placement:
    defaults = dict(status=PlacementStatus.PROPOSED)
    return _save(
        Placement(
            candidate=candidate or create_candidate(),
            opening=opening or create_opening(),
            **{**defaults, **fields},
        )
    )


def create_agreement(placement: Placement, *confirmed_by: Party) -> Agreement:
    """The placement's next agreement version, confirmed by these parties (by new users)."""
    roles = {
        Party.CONSULTANT: Role.CONSULTANT,
        Party.EMPLOYER: Role.EMPLOYER,
        Party.CITIZEN: Role.CITIZEN,
    }
    users = {party: create_user(roles[party]) for party in confirmed_by}  # each commits
    agreement = versions.write_version(
        placement, versions.content_for(placement), placement.consultant
    )
    agreement.confirmations.extend(
        AgreementConfirmation(party=party, user=user) for party, user in users.items()
    )
    db.session.commit()
    return agreement


def declare_net_growth(
    placement: Placement, employees: int = 10, average: str = "9.5", by: User | None = None
) -> None:
    """A wage subsidy's net growth declaration that passes (10 + 1 > 9,5 by default), for last
    month as the company would state it; committed."""
    from decimal import Decimal

    from placement.common import clock
    from placement.placements import net_growth
    from placement.placements.net_growth_declaration import Figures, declare

    month = net_growth.months_offered(clock.today())[0]
    declare(placement, Figures(month, employees, Decimal(average)), by)
    db.session.commit()
