"""The agreement PDF's "Mentorstøtte" section: the grants as the placement has them, or none."""

from datetime import timedelta
from decimal import Decimal

from placement.agreements import versions
from placement.extensions import db
from placement.models import MentorKind, MentorPayer
from placement.placements import mentor_grants
from tests.agreements.test_agreement_pdf import flat, page_texts
from tests.placements.test_mentor_grants import START, draft
from tests.placements.test_mentor_grants import agreed_placement as agreed


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
        draft(end_date=middle),
        draft(
            mentor_name="Ole Berg",
            mentor_role="",
            mentor_kind=MentorKind.EXTERNAL,
            hours=Decimal(2),
            start_date=middle + timedelta(days=1),
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
