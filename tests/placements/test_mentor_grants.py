"""Mentor support (mentorstøtte): the rules for a grant, and the agreement version it makes."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from placement.agreements import edit, versions
from placement.agreements.content import AgreementContent
from placement.extensions import db
from placement.models import (
    MentorGrant,
    MentorKind,
    MentorPayer,
    PlacementStatus,
    Role,
)
from placement.placements import lifecycle, mentor_grants
from placement.placements.lifecycle import TransitionRefused
from placement.placements.mentor_grants import GrantAlreadyDone, GrantDraft, GrantRefused
from placement.web import edit_fields
from placement.web.edit_versions import EditConflict, Seen, snapshot
from tests.factories import (
    create_candidate,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)
from tests.suite_day import SUITE_DAY

START = SUITE_DAY + timedelta(days=14)
END = START + timedelta(weeks=8, days=-1)


def agreed_placement(status=PlacementStatus.AGREED):
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg)
    placement = create_placement(
        candidate=create_candidate(viborg, name="Asta Andersen", consultant=consultant),
        opening=create_opening(title="Lagerpraktik"),
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        hours_per_week=10,
        start_date=START,
        end_date=END,
    )
    if status == PlacementStatus.AGREED:
        lifecycle.agree(placement, consultant)  # version 1 of the agreement
        db.session.commit()
    return placement, consultant


def draft(**changes) -> GrantDraft:
    return replace(
        GrantDraft(
            mentor_name="Lene Holm",
            mentor_role="Værkfører",
            mentor_kind=MentorKind.INTERNAL,
            hours=Decimal("7.5"),
            start_date=START,
            end_date=END,
            paid_by=MentorPayer.JOBCENTER,
        ),
        **changes,
    )


def refusal(placement, consultant, grant: GrantDraft) -> dict:
    with pytest.raises(GrantRefused) as refused:
        mentor_grants.add(placement, grant, consultant)
    db.session.rollback()
    return dict(refused.value.problems)


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(MentorGrant))


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "Timerne skal være flere end 0."),
        ("-2", "Timerne skal være flere end 0."),
        ("37.5", "Mentorstøtten kan højst være 37 timer om ugen."),
        ("7.25", "Skriv timerne med højst én decimal, fx 7,5."),
        (None, "Skriv hvor mange timer om ugen mentoren har, fx 2 eller 7,5."),
    ],
)
def test_hours_out_of_bounds_are_refused_by_the_field(app, hours, message):
    placement, consultant = agreed_placement()
    grant = draft(hours=Decimal(hours) if hours else None)
    assert refusal(placement, consultant, grant) == {"hours": message}
    assert count() == 0


@pytest.mark.parametrize(("hours", "tenths"), [("7.5", 75), ("37", 370), ("0.5", 5), ("2.0", 20)])
def test_hours_with_at_most_one_decimal_up_to_full_time_are_granted(app, hours, tenths):
    placement, consultant = agreed_placement()
    grant = mentor_grants.add(placement, draft(hours=Decimal(hours)), consultant)
    db.session.commit()
    assert grant.hours_tenths == tenths and grant.hours == Decimal(hours)


def test_a_period_outside_the_placement_or_backwards_is_refused(app):
    placement, consultant = agreed_placement()
    early = refusal(placement, consultant, draft(start_date=START - timedelta(days=1)))
    assert list(early) == ["start_date"] and "tidligst starte" in early["start_date"]
    late = refusal(placement, consultant, draft(end_date=END + timedelta(days=1)))
    assert list(late) == ["end_date"] and "senest" in late["end_date"]
    backwards = refusal(placement, consultant, draft(start_date=END, end_date=START))
    assert backwards == {"end_date": "Slutdatoen skal være samme dag som startdatoen eller senere."}
    # One day is a period: from = to.
    mentor_grants.add(placement, draft(start_date=START, end_date=START), consultant)
    db.session.commit()
    assert count() == 1


def test_everything_missing_is_said_at_once(app):
    placement, consultant = agreed_placement()
    problems = refusal(placement, consultant, GrantDraft())
    assert set(problems) == {
        "mentor_name",
        "mentor_kind",
        "hours",
        "start_date",
        "end_date",
        "paid_by",
    }


def test_overlapping_grants_are_refused_and_following_ones_are_not(app):
    placement, consultant = agreed_placement()
    middle = START + timedelta(weeks=4)
    mentor_grants.add(placement, draft(end_date=middle), consultant)
    db.session.commit()
    overlap = refusal(placement, consultant, draft(start_date=middle, mentor_name="Ole Berg"))
    assert "overlapper" in overlap["start_date"]
    mentor_grants.add(
        placement,
        draft(start_date=middle + timedelta(days=1), hours=Decimal(2), paid_by=MentorPayer.COMPANY),
        consultant,
    )
    db.session.commit()
    assert [(g.start_date, g.hours_tenths) for g in placement.mentor_grants] == [
        (START, 75),
        (middle + timedelta(days=1), 20),
    ]


def test_the_same_grant_posted_twice_is_one_grant(app):
    placement, consultant = agreed_placement()
    mentor_grants.add(placement, draft(), consultant)
    db.session.commit()
    with pytest.raises(GrantAlreadyDone) as again:
        mentor_grants.add(placement, draft(mentor_name="  Lene Holm "), consultant)
    db.session.rollback()
    assert again.value.repeated
    assert count() == 1
    assert placement.agreement.version == 2  # the first made version 2; the second nothing


def test_a_grant_makes_a_new_agreement_version_that_prints_it(app):
    placement, consultant = agreed_placement()
    grant = mentor_grants.add(placement, draft(), consultant)
    db.session.commit()
    assert placement.agreement.version == 2
    assert placement.agreement.confirmations == []  # all three confirm again
    content = AgreementContent.from_json(placement.agreement.content_json)
    (support,) = content.mentor_support
    assert support.mentor == "Lene Holm, Værkfører"
    assert (support.hours, support.paid_by) == ("7,5", "Jobcentret")
    assert content.sha256 == placement.agreement.content_sha256

    seen = Seen(grant.edit_version, snapshot(grant, edit_fields.MENTOR_GRANT))
    # Saved as shown: nothing written, no new version, no edit counted.
    assert not mentor_grants.change(placement, grant.id, draft(), consultant, seen=seen)
    db.session.commit()
    assert placement.agreement.version == 2 and grant.edit_version == 1

    assert mentor_grants.change(placement, grant.id, draft(hours=Decimal(5)), consultant, seen=seen)
    db.session.commit()
    assert placement.agreement.version == 3 and grant.edit_version == 2

    mentor_grants.remove(placement, grant.id, consultant, shown_version=2)
    db.session.commit()
    assert count() == 0 and placement.agreement.version == 4
    assert AgreementContent.from_json(placement.agreement.content_json).mentor_support == ()
    with pytest.raises(GrantAlreadyDone):
        mentor_grants.remove(placement, grant.id, consultant, shown_version=2)
    db.session.rollback()


def test_before_the_agreement_a_grant_makes_no_version_and_after_the_end_none_is_written(app):
    placement, consultant = agreed_placement(status=PlacementStatus.ACCEPTED)
    mentor_grants.add(placement, draft(), consultant)
    db.session.commit()
    assert placement.agreements == []
    placement.status = PlacementStatus.COMPLETED
    db.session.commit()
    refused = refusal(placement, consultant, draft(start_date=END, end_date=END))
    assert refused == {None: "Forløbet er gennemført, og mentorstøtten kan ikke ændres."}


def test_two_editing_at_once_the_second_is_told_and_a_change_elsewhere_is_kept(app):
    placement, consultant = agreed_placement()
    colleague = create_user(Role.CONSULTANT, municipality=placement.candidate.municipality)
    grant = mentor_grants.add(placement, draft(), consultant)
    db.session.commit()
    seen = Seen(grant.edit_version, snapshot(grant, edit_fields.MENTOR_GRANT))

    mentor_grants.change(placement, grant.id, draft(hours=Decimal(5)), colleague, seen=seen)
    db.session.commit()
    # The same field changed again from the old form: told, nothing written.
    with pytest.raises(EditConflict) as conflict:
        mentor_grants.change(placement, grant.id, draft(hours=Decimal(3)), consultant, seen=seen)
    db.session.rollback()
    assert [c.name for c in conflict.value.changes] == ["hours"]
    assert conflict.value.by_name == colleague.name
    # Another field changed from the old form: saved, and the colleague's hours stay.
    mentor_grants.change(placement, grant.id, draft(mentor_role="Mester"), consultant, seen=seen)
    db.session.commit()
    db.session.refresh(grant)
    assert (grant.mentor_role, grant.hours_tenths) == ("Mester", 50)


def test_the_agreement_period_cannot_leave_a_grant_outside_it(app):
    placement, consultant = agreed_placement()
    mentor_grants.add(placement, draft(), consultant)
    db.session.commit()
    shorter = replace(edit.stored(placement), end_date=END - timedelta(weeks=1))
    with pytest.raises(TransitionRefused, match="uden for den nye periode"):
        edit.save_agreement(placement, shorter, consultant)
    db.session.rollback()
    assert placement.end_date == END


def test_content_without_mentor_support_hashes_as_before_grants_existed(app):
    """Versions written before the field existed keep their SHA-256: the JSON of a content
    without grants has no key for them."""
    placement, _consultant = agreed_placement()
    stored_json = placement.agreement.content_json
    assert "mentor_support" not in stored_json
    assert AgreementContent.from_json(stored_json).sha256 == placement.agreement.content_sha256
    assert versions.refresh(placement, None) is None
