"""Extending a placement: refusals besides the law's steps (in test_period_extensions.py)."""

import pytest

from placement.models import Kind, PlacementStatus
from placement.placements import lifecycle, period_extensions
from placement.placements.period_extensions import REASON_MAX
from tests.factories import create_opening, create_placement
from tests.placements.test_period_extensions import START, consultant, running, weeks  # noqa: F401


def test_a_placement_without_an_end_date_is_not_extended(consultant):
    placement = create_placement(
        opening=create_opening(kind=Kind.FLEXJOB),
        consultant=consultant,
        status=PlacementStatus.ACTIVE,
        start_date=START,
        end_date=None,
        hours_per_week=10,
    )
    with pytest.raises(lifecycle.TransitionRefused, match="har ingen slutdato"):
        period_extensions.extend(placement, weeks(20), "Mere tid", consultant, shown_end=None)
    assert placement.extensions == [] and placement.end_date is None


def test_a_reason_longer_than_the_limit_is_refused_and_nothing_changes(consultant):
    placement = running(consultant)
    with pytest.raises(lifecycle.TransitionRefused, match=f"højst være {REASON_MAX} tegn"):
        period_extensions.extend(
            placement, weeks(20), "x" * (REASON_MAX + 1), consultant, shown_end=weeks(13)
        )
    assert placement.extensions == [] and placement.end_date == weeks(13)
