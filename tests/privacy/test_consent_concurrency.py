"""The citizen and the consultant saving the choices at the same moment: they wait for each other
on the citizen's row lock, and the second decides on what the first left. No error page."""

import time

import pytest

from placement.common import clock
from placement.extensions import db
from tests.conftest import postgresql_only
from tests.posted_at_once import posted_at_once
from tests.privacy.test_consent import (
    MINE,
    THEIRS,
    chosen,
    form_on,
    fresh,
    history,
    people,  # noqa: F401 (a fixture)
    signed_in,
)

pytestmark = postgresql_only("concurrent transactions with row locks")
REFUSED = "Der er gemt ændringer, mens du skrev"


def at_once(monkeypatch, posts: dict) -> dict:
    """Send the posts together; each holds its transaction open a moment after writing, as a
    slow request would, so the other arrives while it is still open: the clock answers slowly,
    and a save asks it for the changes' time under the lock."""
    now = clock.now

    def slowly():
        time.sleep(0.3)
        return now()

    monkeypatch.setattr(clock, "now", slowly)
    return posted_at_once(posts)


@pytest.mark.parametrize("round_", range(2))
def test_the_citizen_and_the_consultant_at_once_one_wins_the_other_is_told(
    app, people, monkeypatch, round_
):
    asta = people["asta"]
    citizen, consultant = signed_in(app, people["citizen"]), signed_in(app, people["mette"])
    theirs = THEIRS.format(asta.id)
    first = chosen(form_on(citizen, MINE), share_skills="ja")
    assert citizen.post(MINE, data=first).status_code == 302
    citizens = chosen(form_on(citizen, MINE), share_skills="nej")
    consultants = chosen(form_on(consultant, theirs), share_age="ja")
    consultants["with_citizen"] = "y"  # its form still says yes to skills

    answers = at_once(
        monkeypatch,
        {"citizen": (citizen, MINE, citizens), "consultant": (consultant, theirs, consultants)},
    )
    codes = {name: status for name, (status, _page) in answers.items()}
    db.session.rollback()
    asta = fresh(asta)
    if codes == {"citizen": 302, "consultant": 200}:
        # The consultant's save would have put skills back to yes, unseen: refused.
        assert REFUSED in answers["consultant"][1]
        assert (asta.share_skills, asta.share_age) == (False, None)
    else:
        # The consultant first: the citizen's form says nothing of age, and its no to skills
        # is a change the consultant did not make: no conflict, both kept.
        assert codes == {"citizen": 302, "consultant": 302}, codes
        assert (asta.share_skills, asta.share_age) == (False, True)
    rows = history(asta)
    assert len(rows) == 1 + (codes["consultant"] == 302) + 1


def test_the_same_post_twice_at_once_is_written_once(app, people, monkeypatch):
    # Two sessions of the citizen (a second device), each with the form as shown, both saying
    # yes to goals: the second waits, finds it done, and writes nothing.
    one, two = signed_in(app, people["citizen"]), signed_in(app, people["citizen"])
    answers = at_once(
        monkeypatch,
        {
            "one": (one, MINE, chosen(form_on(one, MINE), share_goals="ja")),
            "two": (two, MINE, chosen(form_on(two, MINE), share_goals="ja")),
        },
    )
    assert {status for status, _page in answers.values()} == {302}
    db.session.rollback()
    assert len(history(people["asta"])) == 1
