"""The law's duration limits hold for placements: when the period is set or changed, when the
placement is agreed, and when its agreement is confirmed."""

from datetime import date, timedelta

import pytest

from placement.agreements import versions
from placement.extensions import db
from placement.models import Kind, Party, PlacementStatus, Role
from placement.placements import lifecycle
from tests.conftest import post_form
from tests.factories import (
    create_agreement,
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
)
from tests.html_forms import shown_form, typed
from tests.suite_day import SUITE_DAY

S = PlacementStatus
START = SUITE_DAY + timedelta(days=7)


def weeks(n: int) -> date:
    """The end date of a period of n weeks from START."""
    return START + timedelta(weeks=n, days=-1)


def placement_of(
    kind=Kind.INTERNSHIP, *, job_ready=False, public=False, end_weeks=8, status=S.ACCEPTED, **fields
):
    opening = create_opening(
        create_employer(employees=50, public_sector=public), kind=kind, seats=3
    )
    return create_placement(
        candidate=create_candidate(job_ready=job_ready),
        opening=opening,
        status=status,
        start_date=START,
        end_date=weeks(end_weeks) if end_weeks else None,
        hours_per_week=10,
        **fields,
    )


@pytest.fixture
def consultant():
    return create_user(Role.CONSULTANT)


JOB_READY_40 = (
    "Virksomhedspraktik for en jobparat borger må højst vare 4 uger (LAB § 61). "
    "Perioden er 40 uger."
)


def test_a_40_week_internship_for_a_job_ready_citizen_is_refused_on_the_period_change(consultant):
    placement = placement_of(job_ready=True, end_weeks=4)
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        lifecycle.set_period(placement, START, weeks(40), 10, consultant)
    assert str(refused.value) == JOB_READY_40
    db.session.rollback()
    assert placement.end_date == weeks(4)


def test_a_40_week_internship_for_a_job_ready_citizen_is_refused_at_agreement(consultant):
    placement = placement_of(job_ready=True, end_weeks=40)  # written before the check existed
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        lifecycle.agree(placement, consultant, today=START)
    assert str(refused.value) == JOB_READY_40
    db.session.rollback()
    assert placement.status == S.ACCEPTED and placement.agreement is None


def test_a_job_ready_citizens_4_week_internship_is_agreed(consultant):
    placement = placement_of(job_ready=True, end_weeks=4)
    lifecycle.agree(placement, consultant, today=START)
    assert placement.status == S.AGREED


def test_an_internship_may_be_13_weeks_and_a_longer_one_is_told_of_extension(consultant):
    placement = placement_of()
    assert lifecycle.set_period(placement, START, weeks(13), 10, consultant)
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        lifecycle.set_period(placement, START, weeks(14), 10, consultant)
    assert str(refused.value) == (
        "Virksomhedspraktik må højst vare 13 uger (LAB § 61). Perioden er 14 uger. "
        "Længere tid aftales som en forlængelse, når forløbet er i gang."
    )


def test_a_private_wage_subsidy_of_104_weeks_is_refused(consultant):
    placement = placement_of(Kind.WAGE_SUBSIDY)
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        lifecycle.set_period(placement, START, weeks(104), 10, consultant)
    assert str(refused.value) == (
        "Løntilskud hos en privat virksomhed må højst vare 26 uger "
        "(LAB kap. 12). Perioden er 104 uger."
    )
    stretched = placement_of(Kind.WAGE_SUBSIDY, end_weeks=104)
    with pytest.raises(lifecycle.TransitionRefused, match="højst vare 26 uger"):
        lifecycle.agree(stretched, consultant, today=START)


def test_a_public_wage_subsidy_may_last_52_weeks_not_53(consultant):
    placement = placement_of(Kind.WAGE_SUBSIDY, public=True)
    assert lifecycle.set_period(placement, START, weeks(52), 10, consultant)
    with pytest.raises(
        lifecycle.TransitionRefused,
        match=r"Løntilskud hos en offentlig arbejdsgiver må højst vare 52 uger",
    ):
        lifecycle.set_period(placement, START, weeks(53), 10, consultant)


def test_kinds_without_a_legal_limit_may_be_long_or_open_ended(consultant):
    placement = placement_of(Kind.FLEXJOB)
    assert lifecycle.set_period(placement, START, weeks(104), 10, consultant)
    assert lifecycle.set_period(placement, START, None, 10, consultant)
    lifecycle.agree(placement, consultant, today=START)
    assert placement.status == S.AGREED


def test_an_internship_needs_an_end_date_to_be_agreed_and_keeps_it(consultant):
    placement = placement_of(end_weeks=None)
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        lifecycle.agree(placement, consultant, today=START)
    assert str(refused.value) == (
        "Virksomhedspraktik skal have en slutdato: højst 13 uger (LAB § 61)."
    )
    db.session.rollback()
    agreed = placement_of(status=S.AGREED)
    with pytest.raises(lifecycle.TransitionRefused, match="skal have en slutdato"):
        lifecycle.set_period(agreed, START, None, 10, consultant)


def test_a_running_placement_cannot_be_stretched_past_the_limit_by_its_period(consultant):
    placement = placement_of(status=S.ACTIVE, end_weeks=13)
    with pytest.raises(lifecycle.TransitionRefused, match="højst vare 13 uger"):
        lifecycle.set_period(placement, START, weeks(26), 10, consultant)


def test_a_confirmation_checks_the_limit_again(consultant):
    placement = placement_of(status=S.AGREED, end_weeks=8)
    create_agreement(placement)
    placement.candidate.job_ready = True  # the citizen became job-ready since
    db.session.commit()
    citizen = create_user(Role.CITIZEN, candidate=placement.candidate)
    with pytest.raises(versions.AgreementRefused) as refused:
        versions.confirm(placement, citizen, 1)
    assert str(refused.value) == (
        "Virksomhedspraktik for en jobparat borger må højst vare 4 uger (LAB § 61). Perioden er "
        "8 uger. Jobkonsulenten skal rette perioden først."
    )
    db.session.rollback()
    assert versions.missing_parties(placement) == list(Party)


# --- on the consultant's page ------------------------------------------------------------------


def test_the_period_form_shows_the_limit_and_keeps_what_was_typed(client, login):
    consultant = login(Role.CONSULTANT)
    placement = placement_of(job_ready=True, end_weeks=4, consultant=consultant)
    path = f"/forloeb/{placement.id}"
    shown = shown_form(client.get(path).get_data(as_text=True), f"{path}/aftale")
    response = client.post(
        f"{path}/aftale",
        data=typed(shown, start_date=START.isoformat(), end_date=weeks(40).isoformat()),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert JOB_READY_40 in page
    assert f'value="{weeks(40).isoformat()}"' in page
    db.session.expire_all()
    assert placement.end_date == weeks(4)


def test_agreeing_on_the_page_says_the_limit(client, login):
    consultant = login(Role.CONSULTANT)
    placement = placement_of(job_ready=True, end_weeks=40, consultant=consultant)
    response = post_form(
        client,
        f"/forloeb/{placement.id}/aftal",
        {},
        form_page=f"/forloeb/{placement.id}",
        follow_redirects=True,
    )
    assert JOB_READY_40 in response.get_data(as_text=True)
    db.session.expire_all()
    assert placement.status == S.ACCEPTED
