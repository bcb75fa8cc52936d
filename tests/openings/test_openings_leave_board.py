"""Openings leave the public board by themselves: when their period is over, when their start
lies too far back, and while agreed or running placements fill every seat."""

import re
from datetime import date, timedelta

import pytest

from placement.common.policy import OPENING_START_GRACE_DAYS
from placement.extensions import db
from placement.models import Kind, OpeningStatus, PlacementStatus, Role
from placement.openings import openings
from placement.openings.openings import OpeningError
from placement.placements import lifecycle
from tests.conftest import post_form
from tests.factories import create_candidate, create_opening, create_placement, create_user
from tests.suite_day import SUITE_DAY

TODAY = SUITE_DAY


def on_board(client) -> list[str]:
    page = client.get("/ledige-pladser/").get_data(as_text=True)
    return re.findall(r'<h3><a href="/ledige-pladser/\d+">(.*?)</a></h3>', page)


def test_an_opening_whose_period_is_over_cannot_be_published():
    opening = create_opening(
        status=OpeningStatus.DRAFT,
        start_date=date(2024, 1, 8),
        duration_weeks=None,
        end_date=date(2024, 3, 31),
    )
    with pytest.raises(OpeningError, match=r"Opslagets periode er slut \(31\. mar\. 2024\)"):
        openings.publish(opening, TODAY)
    assert opening.status == OpeningStatus.DRAFT


def test_an_opening_whose_weeks_ran_out_cannot_be_published():
    opening = create_opening(
        status=OpeningStatus.DRAFT,
        start_date=TODAY - timedelta(days=10),
        duration_weeks=1,
        end_date=None,
    )
    with pytest.raises(OpeningError, match="Opslagets periode er slut"):
        openings.publish(opening, TODAY)


def test_a_start_further_back_than_the_grace_cannot_be_published_but_a_recent_one_can():
    old = create_opening(
        status=OpeningStatus.DRAFT,
        kind=Kind.FLEXJOB,
        duration_weeks=None,
        start_date=TODAY - timedelta(days=OPENING_START_GRACE_DAYS + 1),
    )
    with pytest.raises(OpeningError, match=r"ligger mere end 14 dage tilbage\. Ret startdatoen"):
        openings.publish(old, TODAY)
    recent = create_opening(
        status=OpeningStatus.DRAFT,
        kind=Kind.FLEXJOB,
        duration_weeks=None,
        start_date=TODAY - timedelta(days=OPENING_START_GRACE_DAYS),
    )
    openings.publish(recent, TODAY)
    assert recent.status == OpeningStatus.PUBLISHED


def test_publishing_an_over_date_opening_in_the_app_says_why_and_keeps_it_a_draft(client, login):
    employer_user = login(Role.EMPLOYER)
    opening = create_opening(
        employer_user.employer,
        status=OpeningStatus.DRAFT,
        title="Gammel praktik",
        start_date=date(2024, 1, 8),
        duration_weeks=None,
        end_date=date(2024, 3, 31),
    )
    response = post_form(
        client,
        f"/opslag/{opening.id}/slaa-op",
        {},
        form_page=f"/opslag/{opening.id}",
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Opslagets periode er slut" in response.get_data(as_text=True)
    db.session.expire_all()
    assert opening.status == OpeningStatus.DRAFT
    assert on_board(client) == []


def test_a_published_opening_leaves_the_board_when_its_period_is_over(client):
    create_opening(
        title="Slut i går",
        start_date=TODAY - timedelta(days=7),
        duration_weeks=None,
        end_date=TODAY - timedelta(days=1),
    )
    create_opening(
        title="Startede for længe siden",
        kind=Kind.FLEXJOB,
        duration_weeks=None,
        start_date=date(2024, 1, 8),
    )
    create_opening(
        title="Slutter i dag",
        start_date=TODAY - timedelta(days=7),
        duration_weeks=None,
        end_date=TODAY,
    )
    assert on_board(client) == ["Slutter i dag"]


def test_a_full_opening_leaves_the_board_and_returns_when_its_placement_is_cancelled(client):
    opening = create_opening(title="Én plads", seats=1)
    placement = create_placement(
        opening=opening,
        status=PlacementStatus.AGREED,
        start_date=opening.start_date,
        end_date=opening.start_date + timedelta(weeks=8, days=-1),
        hours_per_week=10,
    )
    assert on_board(client) == []
    assert client.get(f"/ledige-pladser/{opening.id}").status_code == 404

    lifecycle.cancel(placement, create_user(Role.CONSULTANT), "Borgeren er flyttet")
    db.session.commit()
    assert on_board(client) == ["Én plads"]


def test_an_opening_with_a_seat_left_stays_and_a_proposal_to_a_full_one_says_it_is_full(client):
    opening = create_opening(title="To pladser", seats=2)
    create_placement(opening=opening, status=PlacementStatus.ACTIVE)
    create_placement(opening=opening, status=PlacementStatus.PROPOSED)  # holds no seat yet
    assert on_board(client) == ["To pladser"]
    create_placement(opening=opening, status=PlacementStatus.AGREED)
    assert on_board(client) == []
    with pytest.raises(lifecycle.TransitionRefused, match="Alle pladser i opslaget er besat"):
        lifecycle.propose(create_candidate(), opening, create_user(Role.CONSULTANT))
