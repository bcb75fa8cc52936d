"""The rules an opening must pass, and its states."""

from datetime import date, timedelta

import pytest

from placement.extensions import db
from placement.models import EmployerStatus, InternshipPurpose, Kind, OpeningStatus
from placement.openings import openings, public_board
from placement.openings.openings import OpeningData, OpeningError, OpeningInvalid
from tests.factories import create_employer, create_opening

TODAY = date(2027, 3, 1)


def data(**fields) -> OpeningData:
    base = dict(
        kind=Kind.INTERNSHIP,
        title="Lagerpraktik",
        postcode="8800",
        city="Viborg",
        hours_min=10,
        hours_max=20,
        purpose=InternshipPurpose.JOB_GOAL,
        start_date=TODAY + timedelta(days=14),
        duration_weeks=8,
    )
    return OpeningData(**{**base, **fields})


def messages(employer, **fields):
    return {p.field: p.message for p in openings.problems_with(data(**fields), employer)}


def test_a_sound_opening_has_no_problems():
    assert messages(create_employer()) == {}


@pytest.mark.parametrize(
    "fields, field, text",
    [
        ({"hours_max": 40}, "hours_max", "Højst 37 timer"),
        ({"hours_min": 25, "hours_max": 20}, "hours_max", "mindst lige så stort"),
        ({"seats": 0}, "seats", "mindst 1 plads"),
        (
            {"end_date": TODAY + timedelta(days=10), "duration_weeks": None},
            "end_date",
            "efter første dag",
        ),
        ({"purpose": None}, "purpose", "formålet"),
        ({"title": "  "}, "title", "titel"),
        ({"deadline": TODAY + timedelta(days=30)}, "deadline", "før første dag"),
    ],
)
def test_each_rule_gives_a_clear_danish_message_on_its_field(fields, field, text):
    problems = messages(create_employer(), **fields)
    assert text in problems[field]


@pytest.mark.parametrize(
    "kind, weeks, public, allowed",
    [
        (Kind.INTERNSHIP, 13, False, True),
        (Kind.INTERNSHIP, 14, False, False),
        (Kind.WAGE_SUBSIDY, 26, False, True),
        (Kind.WAGE_SUBSIDY, 27, False, False),
        (Kind.WAGE_SUBSIDY, 52, True, True),
        (Kind.WAGE_SUBSIDY, 53, True, False),
        (Kind.FLEXJOB, 200, False, True),
    ],
)
def test_duration_limits_per_kind_come_from_the_policy_table(kind, weeks, public, allowed):
    employer = create_employer(public_sector=public)
    problems = messages(employer, kind=kind, duration_weeks=weeks)
    assert ("duration_weeks" not in problems) == allowed


def test_an_internship_limit_counts_the_end_date_and_points_to_extension():
    start = TODAY + timedelta(days=7)
    problems = messages(
        create_employer(),
        start_date=start,
        duration_weeks=None,
        end_date=start + timedelta(weeks=14),
    )
    assert "højst vare 13 uger" in problems["end_date"]
    assert "forlængelse" in problems["end_date"]


def test_create_refuses_an_invalid_opening_and_saves_nothing():
    employer = create_employer()
    with pytest.raises(OpeningInvalid) as invalid:
        openings.create_opening(employer, data(hours_max=50))
    assert invalid.value.problems[0].field == "hours_max"
    assert employer.openings == []


def test_a_pending_company_can_save_drafts_but_not_publish():
    employer = create_employer(status=EmployerStatus.PENDING)
    opening = openings.create_opening(employer, data())
    assert opening.status == OpeningStatus.DRAFT
    with pytest.raises(OpeningError, match="godkendes af jobcentret"):
        openings.publish(opening, TODAY)
    assert opening.status == OpeningStatus.DRAFT


def test_publish_close_and_fill():
    opening = openings.create_opening(create_employer(), data())
    openings.publish(opening, TODAY)
    assert opening.status == OpeningStatus.PUBLISHED and opening.published_at
    openings.mark_filled(opening)
    assert opening.status == OpeningStatus.FILLED
    with pytest.raises(OpeningError):
        openings.close(opening)
    with pytest.raises(OpeningError):
        openings.update_opening(opening, data(title="Nyt"))


def test_expiry_after_the_deadline_only():
    opening = create_opening(status=OpeningStatus.PUBLISHED, deadline=TODAY)
    assert not openings.expire(opening, TODAY)
    assert openings.expire(opening, TODAY + timedelta(days=1))
    assert opening.status == OpeningStatus.EXPIRED
    draft = create_opening(status=OpeningStatus.DRAFT, deadline=TODAY - timedelta(days=3))
    assert not openings.expire(draft, TODAY)


def test_copy_makes_a_new_draft_with_the_same_content_but_no_dates():
    original = create_opening(
        status=OpeningStatus.CLOSED, deadline=TODAY, adaptation_codes=("mentor", "extra_breaks")
    )
    copy = openings.copy_opening(original)
    assert copy.id != original.id and copy.status == OpeningStatus.DRAFT
    assert copy.title == f"Kopi af {original.title}"
    assert {a.code for a in copy.adaptations} == {"mentor", "extra_breaks"}
    assert copy.start_date is None and copy.deadline is None


def test_the_board_hides_an_opening_the_day_after_its_deadline():
    opening = create_opening(
        status=OpeningStatus.PUBLISHED, deadline=TODAY, start_date=TODAY + timedelta(days=7)
    )

    def visible(day):
        return opening.id in {o.id for o in db.session.scalars(public_board.public_openings(day))}

    assert visible(TODAY)
    assert not visible(TODAY + timedelta(days=1))


def test_percent_and_underscore_in_a_search_are_plain_characters():
    create_opening(title="Lager")
    create_opening(title="100% fleksibelt job")

    def found(words):
        query = public_board.board_query(public_board.BoardFilter(words=words))
        return [o.title for o in db.session.scalars(query)]

    assert found("%") == ["100% fleksibelt job"]
    assert found("_") == []
