"""The agreement PDF's "Mentorstøtte" section: the grants as the placement has them, or none."""

from datetime import timedelta
from decimal import Decimal

from placement.agreements import versions
from placement.extensions import db
from placement.models import MentorKind, MentorPayer, PlacementStatus, Role
from placement.placements import lifecycle, mentor_grants
from placement.placements.mentor_grants import GrantDraft
from tests.agreements.test_agreement_pdf import flat, page_texts
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


def agreed():
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
    lifecycle.agree(placement, consultant)
    db.session.commit()
    return placement, consultant


def text_of(placement) -> str:
    return flat(" ".join(page_texts(versions.render_pdf(placement.agreement, placement))))


def test_without_a_grant_the_pdf_says_none_is_granted(app):
    placement, _consultant = agreed()
    text = text_of(placement)
    assert "Mentorstøtte Ingen mentorstøtte bevilget." in text


def test_the_pdf_prints_each_grant_of_the_new_version(app):
    placement, consultant = agreed()
    middle = START + timedelta(weeks=4)
    for grant in (
        GrantDraft(
            mentor_name="Lene Holm",
            mentor_role="Værkfører",
            mentor_kind=MentorKind.INTERNAL,
            hours=Decimal("7.5"),
            start_date=START,
            end_date=middle,
            paid_by=MentorPayer.JOBCENTER,
        ),
        GrantDraft(
            mentor_name="Ole Berg",
            mentor_kind=MentorKind.EXTERNAL,
            hours=Decimal(2),
            start_date=middle + timedelta(days=1),
            end_date=END,
            paid_by=MentorPayer.COMPANY,
        ),
    ):
        mentor_grants.add(placement, grant, consultant)
        db.session.commit()
    assert placement.agreement.version == 3
    text = text_of(placement)
    assert "Ingen mentorstøtte bevilget." not in text
    assert "Mentor Lene Holm, Værkfører" in text
    assert "Intern eller ekstern Intern mentor (ansat i virksomheden)" in text
    assert "Timer om ugen 7,5 timer" in text
    assert "Betales af Jobcentret" in text
    assert (
        "Mentor Ole Berg" in text and "Ekstern mentor" in text and "Timer om ugen 2 timer" in text
    )
    assert "Betales af Virksomheden selv" in text
    assert "Periode 1" in text and "Periode 2" in text
