"""The privacy feature's sweep (placement/privacy/jobs.py): the citizens past the retention
limit are anonymised by the night's run, quietly, and once. Who exactly is past the limit is
tested with the rule (tests/privacy/test_erasure.py)."""

from datetime import timedelta

import pytest

from placement import scheduler
from placement.common import clock
from placement.extensions import db
from placement.models import CandidateStatus, SweepRun
from placement.privacy.jobs import anonymise_expired
from placement.scheduler import run_sweep
from tests.privacy.test_erasure import (
    NOW,
    anonymised,
    retention_world,  # noqa: F401 (a fixture)
)


def test_the_night_anonymises_those_past_the_limit_tells_nobody_and_does_it_once(
    retention_world,
):
    result = anonymise_expired(NOW)
    db.session.commit()
    assert (result.done, result.notifications) == (4, [])
    assert anonymised(retention_world) == {"old", "early", "declined", "closed"}

    again = anonymise_expired(NOW)
    db.session.commit()
    assert (again.done, again.notifications) == (0, [])


def test_the_scheduler_does_the_retention_once_a_day_and_again_the_next(retention_world):
    """An idle tick later the same day does not read every citizen again: one closed since is
    anonymised by the next day's run, as the nightly schedule would do it anyway."""
    assert run_sweep("retention", NOW).done == 4
    looking = retention_world["looking"]  # registered in 2021, no placements
    looking.status = CandidateStatus.CLOSED
    db.session.commit()

    assert run_sweep("retention", NOW + timedelta(hours=10)).done == 0
    assert "looking" not in anonymised(retention_world)
    assert run_sweep("retention", NOW + timedelta(days=1)).done == 1
    assert anonymised(retention_world) == {"old", "early", "declined", "closed", "looking"}


def test_a_retention_run_that_dies_before_its_commit_is_done_again_the_same_day(
    retention_world, monkeypatch
):
    def dies_after_the_work(now):
        anonymise_expired(now)
        raise RuntimeError("killed")

    monkeypatch.setitem(scheduler.SWEEPS, "retention", dies_after_the_work)
    with pytest.raises(RuntimeError):
        run_sweep("retention", NOW)
    assert anonymised(retention_world) == set()
    assert db.session.get(SweepRun, "retention") is None

    monkeypatch.setitem(scheduler.SWEEPS, "retention", anonymise_expired)
    assert run_sweep("retention", NOW).done == 4
    assert db.session.get(SweepRun, "retention").day == clock.today(NOW)
    assert run_sweep("retention", NOW).done == 0
