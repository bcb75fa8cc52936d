"""The placements' sweep (placement/placements/jobs.py): agreed placements start on their start
date once confirmed, running ones await evaluation after their end date."""

from datetime import UTC, date, datetime, timedelta

from placement.common import clock
from placement.extensions import db
from placement.models import Party, Role
from placement.placements import lifecycle
from tests.conftest import log_in, statements_sent
from tests.factories import create_user
from tests.scheduled import (
    END,
    START,
    S,
    agreed,
    at,
    confirm,
    consultant,  # noqa: F401 (a fixture)
    notes,
    placement_in,
    run,
)


def test_a_confirmed_placement_starts_on_its_start_date(consultant):
    placement = agreed(consultant, name="Ida Jensen")
    assert run("placements", at(START - timedelta(days=1))).done == 0
    assert placement.status == S.AGREED

    result = run("placements", at(START, 6))
    assert result.done == 1
    db.session.expire_all()
    assert placement.status == S.ACTIVE
    [event] = [e for e in placement.events if e.to_status == S.ACTIVE]
    assert (event.from_status, event.actor, event.note) == (
        S.AGREED,
        None,
        "Startet på startdatoen.",
    )
    # Besides the news that everyone confirmed the agreement (placement/notifications/notices.py).
    [note] = [n for n in notes(consultant) if n.key.startswith("placement-started:")]
    assert note.title.startswith("Ida Jensen er startet hos")
    assert (note.placement_id, note.candidate_id) == (placement.id, placement.candidate_id)


def test_the_start_date_is_the_date_in_copenhagen(consultant):
    placement = agreed(consultant)
    # 22:30 UTC on 3 January is still the 3rd in Copenhagen; 23:30 UTC is 00:30 on the 4th.
    assert run("placements", datetime(2027, 1, 3, 22, 30, tzinfo=UTC)).done == 0
    assert run("placements", datetime(2027, 1, 3, 23, 30, tzinfo=UTC)).done == 1
    assert placement.status == S.ACTIVE
    # Summer time: 22:30 UTC on 30 June is 00:30 on 1 July.
    assert clock.today(datetime(2027, 6, 30, 22, 30, tzinfo=UTC)) == date(2027, 7, 1)


def test_an_unconfirmed_placement_waits_and_its_consultant_hears_once_per_version(consultant):
    placement = agreed(consultant, confirmed=False, name="Ida Jensen")
    confirm(placement, consultant, Party.CONSULTANT, Party.CITIZEN)

    assert run("placements", at(START, 6)).done == 0
    db.session.expire_all()
    assert placement.status == S.AGREED and placement.events[-1].to_status == S.AGREED
    [note] = notes(consultant)
    assert note.title == "Aftalen med Ida Jensen er ikke bekræftet"
    assert note.body == "Forløbet skulle starte, men aftalen mangler bekræftelse fra: virksomhed."

    # The same version a day later, and the same morning again: nothing new.
    run("placements", at(START, 7))
    run("placements", at(START + timedelta(days=1), 6))
    assert len(notes(consultant)) == 1

    # A change makes version 2, which nobody has confirmed: the consultant hears again, once.
    lifecycle.set_period(placement, START, END, 12, consultant)
    db.session.commit()
    run("placements", at(START + timedelta(days=2), 6))
    run("placements", at(START + timedelta(days=3), 6))
    assert [n.key for n in notes(consultant)] == [
        f"agreement-unconfirmed:{placement.id}:1",
        f"agreement-unconfirmed:{placement.id}:2",
    ]
    assert "jobkonsulent, virksomhed, borger" in notes(consultant)[-1].body
    assert placement.status == S.AGREED


def test_a_waiting_placement_is_not_read_again_until_someone_confirms_then_it_starts(
    consultant,
):
    placement = agreed(consultant, confirmed=False, name="Ida Jensen")
    confirm(placement, consultant, Party.CONSULTANT, Party.CITIZEN)
    run("placements", at(START, 6))
    with statements_sent() as statements:
        assert run("placements", at(START + timedelta(days=1), 6)).done == 0
    # The placements left to look at (none: this one waits, and its consultant was told),
    # then the ones past their end: neither it nor its agreement is loaded.
    assert len([s for s in statements if "advisory" not in s]) == 2
    # The company confirms: the next run starts it.
    confirm(placement, consultant, Party.EMPLOYER)
    assert run("placements", at(START + timedelta(days=1), 7)).done == 1
    db.session.expire_all()
    assert placement.status == S.ACTIVE
    assert len([n for n in notes(consultant) if n.key.startswith("agreement-unconfirmed:")]) == 1


def test_a_running_placement_awaits_evaluation_the_day_after_its_end(consultant):
    placement = placement_in(consultant, S.ACTIVE, name="Ida Jensen")
    assert run("placements", at(END, 23)).done == 0
    assert placement.status == S.ACTIVE

    assert run("placements", at(END + timedelta(days=1), 6)).done == 1
    db.session.expire_all()
    assert placement.status == S.AWAITING_EVALUATION
    [event] = placement.events
    assert (event.from_status, event.to_status, event.actor) == (
        S.ACTIVE,
        S.AWAITING_EVALUATION,
        None,
    )
    [note] = notes(consultant)
    assert note.title == "Forløbet med Ida Jensen er slut og venter på evaluering"


def test_the_news_of_a_placement_is_in_the_consultants_language(viborg):
    english = create_user(Role.CONSULTANT, municipality=viborg, language="en")
    waiting = agreed(english, confirmed=False, name="Ida Jensen")
    confirm(waiting, english, Party.CONSULTANT, Party.CITIZEN)
    placement_in(english, S.ACTIVE, end=START - timedelta(days=2), name="Ole Olsen")

    assert run("placements", at(START, 6)).done == 1
    by_key = {n.key.split(":")[0]: n for n in notes(english)}
    unconfirmed = by_key["agreement-unconfirmed"]
    assert unconfirmed.title == "The agreement with Ida Jensen is not confirmed"
    assert unconfirmed.body == (
        "The placement should have started, but the agreement is missing confirmation from: "
        "company."
    )
    assert by_key["placement-ended"].title == (
        "The placement with Ole Olsen has ended and is waiting for evaluation"
    )


def test_the_history_shows_the_schedulers_note_in_the_readers_language(client, consultant):
    placement = agreed(consultant, name="Ida Jensen")
    run("placements", at(START, 6))
    db.session.commit()

    log_in(client, consultant.email)
    page = client.get(f"/forloeb/{placement.id}").get_data(as_text=True)
    assert "Startet på startdatoen." in page

    consultant.language = "en"
    db.session.commit()
    page = client.get(f"/forloeb/{placement.id}").get_data(as_text=True)
    assert "Started on the start date." in page
    assert "Startet på startdatoen." not in page
