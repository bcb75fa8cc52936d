"""The one clock: the app's today is Copenhagen's date, also after midnight there, while a
UTC server still has yesterday."""

from datetime import UTC, date, datetime, timedelta

import time_machine
from sqlalchemy import select

from placement.common import clock
from placement.extensions import db
from placement.models import JournalEntry, Opening, OpeningStatus, Role
from tests.conftest import post_form
from tests.factories import create_candidate, create_employer, create_opening

# Thursday 14 January 2027, winter time (UTC+1): 22:30 UTC is 23:30 on the 14th in
# Copenhagen, 23:30 UTC is 00:30 on the 15th.
LATE_EVENING = datetime(2027, 1, 14, 22, 30, tzinfo=UTC)
AFTER_MIDNIGHT = datetime(2027, 1, 14, 23, 30, tzinfo=UTC)
THURSDAY, FRIDAY = date(2027, 1, 14), date(2027, 1, 15)


def test_the_clock_tells_copenhagens_day_and_the_moment_in_utc():
    with time_machine.travel(AFTER_MIDNIGHT, tick=False):
        assert clock.today() == FRIDAY
        assert clock.now() == AFTER_MIDNIGHT and clock.now().utcoffset() == timedelta(0)
        local = clock.local_now()
        assert (local.date(), local.hour, local.minute) == (FRIDAY, 0, 30)
        assert local.utcoffset() == timedelta(hours=1)
    with time_machine.travel(LATE_EVENING, tick=False):
        assert clock.today() == THURSDAY
    # Summer time (UTC+2): 22:30 UTC on 30 June is already 1 July.
    with time_machine.travel(datetime(2027, 6, 30, 22, 30, tzinfo=UTC), tick=False):
        assert clock.today() == date(2027, 7, 1)


def publish_with_deadline_thursday(client, login, at: datetime) -> tuple[str, Opening]:
    with time_machine.travel(at, tick=True):
        employer = login(Role.EMPLOYER, employer=create_employer(name="Grøn Have ApS")).employer
        opening = create_opening(
            employer, status=OpeningStatus.DRAFT, deadline=THURSDAY, start_date=date(2027, 2, 1)
        )
        path = f"/opslag/{opening.id}"
        response = post_form(client, f"{path}/slaa-op", {}, form_page=path, follow_redirects=True)
    db.session.expire_all()
    return response.get_data(as_text=True), db.session.get(Opening, opening.id)


def test_after_midnight_in_copenhagen_thursdays_deadline_has_passed(client, login):
    page, opening = publish_with_deadline_thursday(client, login, AFTER_MIDNIGHT)
    assert "Fristen for at søge er gået. Ret fristen først." in page
    assert opening.status == OpeningStatus.DRAFT


def test_before_midnight_in_copenhagen_thursdays_deadline_is_still_open(client, login):
    page, opening = publish_with_deadline_thursday(client, login, LATE_EVENING)
    assert "Opslaget er slået op." in page
    assert opening.status == OpeningStatus.PUBLISHED


def test_after_midnight_in_copenhagen_a_note_may_be_dated_that_day_but_not_the_next(
    client, login, viborg
):
    with time_machine.travel(AFTER_MIDNIGHT, tick=True):
        login(Role.CONSULTANT, municipality=viborg, name="Karin Konsulent")
        candidate = create_candidate(viborg, name="Jens Journal", birth_date=date(1990, 5, 17))
        path = f"/borgere/{candidate.id}/journal"
        saved = post_form(client, path, {"entry_date": FRIDAY.isoformat(), "text": "Natvagt"})
        refused = post_form(
            client,
            path,
            {"entry_date": (FRIDAY + timedelta(days=1)).isoformat(), "text": "For tidligt"},
        )
        undated = post_form(client, path, {"text": "Uden dato"})
    assert saved.status_code == 302 and undated.status_code == 302
    assert refused.status_code == 200
    assert "Datoen kan ikke ligge i fremtiden." in refused.get_data(as_text=True)
    assert "For tidligt" in refused.get_data(as_text=True)  # what was typed is kept
    entries = db.session.scalars(select(JournalEntry).order_by(JournalEntry.id)).all()
    assert [(e.text, e.entry_date) for e in entries] == [("Natvagt", FRIDAY), ("Uden dato", FRIDAY)]
