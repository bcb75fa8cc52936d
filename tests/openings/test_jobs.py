"""The openings' sweep (placement/openings/jobs.py): a published opening past its deadline
leaves the board, and the company hears of it once."""

from datetime import date

from placement.extensions import db
from placement.models import OpeningStatus, Role
from tests.factories import create_employer, create_opening, create_user
from tests.scheduled import (
    START,
    at,
    consultant,  # noqa: F401 (a fixture)
    notes,
    run,
)


def test_an_opening_past_its_deadline_expires_and_each_company_user_hears(consultant):
    company = create_employer(name="Hald Lager ApS")
    first = create_user(Role.EMPLOYER, employer=company)
    second = create_user(Role.EMPLOYER, employer=company)
    past = create_opening(company, title="Lagermedhjælper", deadline=date(2027, 1, 3))
    today = create_opening(company, title="Chauffør", deadline=date(2027, 1, 4))
    draft = create_opening(
        company, title="Kladde", deadline=date(2027, 1, 1), status=OpeningStatus.DRAFT
    )

    result = run("openings", at(START, 0, 30))
    assert result.done == 1
    db.session.expire_all()
    assert (past.status, today.status, draft.status) == (
        OpeningStatus.EXPIRED,
        OpeningStatus.PUBLISHED,
        OpeningStatus.DRAFT,
    )
    for user in (first, second):
        [note] = notes(user)
        assert note.title == 'Jeres opslag "Lagermedhjælper" er udløbet'
        assert "3. januar 2027" in note.body and note.opening_id == past.id
    assert notes(consultant) == []

    assert run("openings", at(START, 0, 30)).done == 0
    assert len(notes(first)) == 1


def test_a_company_user_reading_english_hears_of_the_expiry_in_english():
    company = create_employer(name="Hald Lager ApS")
    english = create_user(Role.EMPLOYER, employer=company, language="en")
    create_opening(company, title="Lagermedhjælper", deadline=date(2027, 1, 3))
    run("openings", at(START, 4, 30))
    [note] = notes(english)
    assert note.title == 'Your opening "Lagermedhjælper" has expired'
    assert note.body == (
        "The application deadline January 3, 2027 has passed, and the opening has been taken "
        "off the list of vacancies. You can make a copy with a new deadline."
    )
