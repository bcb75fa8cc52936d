"""The notifications' sweep (placement/notifications/jobs.py): each consultant's overview of
the week, once a week."""

from datetime import date

from placement.extensions import db
from placement.followups.plans import Record, record
from placement.models import Role
from tests.factories import create_user
from tests.scheduled import (
    START,
    S,
    at,
    consultant,  # noqa: F401 (a fixture)
    notes,
    placement_in,
    run,
    with_followup,
)


def test_each_consultant_gets_one_summary_a_week_with_the_right_counts(consultant, viborg):
    wednesday, overdue = date(2027, 1, 6), date(2026, 12, 30)
    with_followup(consultant, wednesday)
    with_followup(consultant, date(2027, 1, 8))
    with_followup(consultant, overdue)
    with_followup(consultant, date(2027, 1, 11))  # next week
    done = with_followup(consultant, date(2027, 1, 5))
    record(done, Record(wellbeing=4), consultant)
    with_followup(consultant, date(2027, 1, 5), status=S.CANCELLED)  # no longer followed up
    for _ in range(2):
        placement_in(consultant, S.PROPOSED)
    placement_in(consultant, S.ACCEPTED)  # answered: not waiting
    colleague = create_user(Role.CONSULTANT, municipality=viborg)
    gone = create_user(Role.CONSULTANT, municipality=viborg, active=False)
    db.session.commit()

    run("weekly", at(START, 7, 30))
    [note] = notes(consultant)
    assert note.title == "Ugens overblik, uge 1"
    assert note.body == (
        "Opfølgninger i denne uge: 2\nOverskredne opfølgninger: 1\nTilbud, der venter på svar: 2"
    )
    assert note.key == "weekly:2027-W01"
    assert [n.body for n in notes(colleague)] == [
        "Opfølgninger i denne uge: 0\nOverskredne opfølgninger: 0\nTilbud, der venter på svar: 0"
    ]
    assert notes(gone) == []

    # Later the same week: nothing new. The next Monday: the next week's summary.
    run("weekly", at(date(2027, 1, 7), 7, 30))
    assert len(notes(consultant)) == 1
    run("weekly", at(date(2027, 1, 11), 7, 30))
    assert [n.key for n in notes(consultant)] == ["weekly:2027-W01", "weekly:2027-W02"]


def test_a_consultant_reading_english_gets_the_summary_in_english(viborg):
    english = create_user(Role.CONSULTANT, municipality=viborg, language="en")
    with_followup(english, date(2027, 1, 6))
    run("weekly", at(START, 7, 30))
    [note] = notes(english)
    assert note.title == "The week's overview, week 1"
    assert note.body == (
        "Follow-ups this week: 1\nOverdue follow-ups: 0\nOffers waiting for an answer: 0"
    )
