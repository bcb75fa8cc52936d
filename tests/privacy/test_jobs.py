"""The privacy feature's sweep (placement/privacy/jobs.py): the citizens past the retention
limit are anonymised by the night's run, quietly, and once. Who exactly is past the limit is
tested with the rule (tests/privacy/test_erasure.py)."""

from placement.extensions import db
from placement.privacy.jobs import anonymise_expired
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
