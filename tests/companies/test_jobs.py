"""The monthly CVR sweep (placement/companies/jobs.py): registered companies' name, address and
employees refreshed from the register, once a month, counted in the log without names."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select

from placement.extensions import db
from placement.models import Employer
from tests.cvr_server import company
from tests.factories import create_employer
from tests.scheduled import at, run

FIRST = date(2027, 2, 1)


def test_the_sweep_refreshes_known_companies_once_a_month(cvr_register, caplog):
    renamed = create_employer(name="Bageriet", address="Gammel Vej 1", employees=20)
    renamed.cvr_unchecked = True
    same = create_employer(name="Hald Lager ApS", address="Testvej 9", city="Viborg")
    unknown = create_employer(name="Ukendt ApS", employees=7)
    db.session.commit()
    cvr_register.companies[renamed.cvr] = company(
        renamed.cvr, name="Bageriet Kornblomsten ApS", street="Søndergade", number=12
    )
    cvr_register.companies[same.cvr] = company(
        same.cvr,
        name="Hald Lager ApS",
        street="Testvej",
        number=9,
        monthly=((2026, 12, same.employees),),
    )

    with caplog.at_level(logging.INFO, logger="placement.companies.jobs"):
        result = run("cvr", at(FIRST, 3, 30))
    assert result.done == 2
    db.session.expire_all()
    renamed = db.session.get(Employer, renamed.id)
    assert (renamed.name, renamed.address, renamed.postcode, renamed.employees) == (
        "Bageriet Kornblomsten ApS",
        "Søndergade 12",
        "8800",
        23,
    )
    assert not renamed.cvr_unchecked  # the register knows the number now
    assert db.session.get(Employer, unknown.id).name == "Ukendt ApS"  # left as it was
    assert "2 of 3 companies read from the register, 1 changed, 1 unknown to it" in caplog.text
    assert "Bageriet" not in caplog.text and renamed.cvr not in caplog.text

    # Again the same month (another day, even): nobody is asked twice, nothing changes.
    asked = len(cvr_register.asked)
    before = db.session.execute(select(Employer.id, Employer.name, Employer.register_read_at))
    rows = sorted(before)
    assert run("cvr", at(FIRST, 3, 30)).done == 0
    assert run("cvr", at(date(2027, 2, 20), 3, 30)).done == 0
    assert len(cvr_register.asked) == asked + 2  # only the unknown one, once per run
    db.session.expire_all()
    after = db.session.execute(select(Employer.id, Employer.name, Employer.register_read_at))
    assert sorted(after) == rows

    # Next month each is read again.
    assert run("cvr", at(date(2027, 3, 1), 3, 30)).done == 2


def test_a_register_that_does_not_answer_changes_nothing_and_is_given_up(cvr_register):
    cvr_register.mode = "500"
    employers = [create_employer() for _ in range(5)]
    db.session.commit()
    assert run("cvr", at(FIRST, 3, 30)).done == 0
    assert len(cvr_register.asked) == 0
    db.session.expire_all()
    assert all(db.session.get(Employer, e.id).register_read_at is None for e in employers)


def test_without_the_register_the_sweep_does_nothing(caplog):
    create_employer()
    db.session.commit()
    with caplog.at_level(logging.INFO, logger="placement.companies.jobs"):
        assert run("cvr", at(FIRST, 3, 30)).done == 0
    assert "not configured" in caplog.text
