"""The citizen's weekly check-in: the job asks once a week, the signed link opens the page on a
phone without signing in, one tap answers, and the citizen can turn the mails off."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from placement.common import clock
from placement.extensions import db
from placement.models import CheckIn, PlacementStatus, Role
from placement.notifications.outbox import send_due
from placement.placements import check_in_links, check_ins
from placement.placements.check_ins import ask_for_check_ins, week_of
from tests.conftest import log_in, post_form, statements_sent
from tests.factories import create_user
from tests.html_forms import shown_form, typed
from tests.placements.check_in_helpers import (
    CPR,
    invitations,
    link_from,
    run_weekly,
    running_with_citizen,
)


@pytest.fixture
def consultant(viborg):
    return create_user(Role.CONSULTANT, municipality=viborg, email="mette@viborg.dk")


@pytest.fixture(autouse=True)
def empty_outbox(outbox):
    outbox.clear()
    return outbox


def rows() -> list[CheckIn]:
    db.session.expire_all()
    return list(db.session.scalars(select(CheckIn).order_by(CheckIn.id)))


# --- the weekly job -----------------------------------------------------------------------------


def test_the_citizen_gets_one_mail_a_week_with_a_link_and_no_cpr(consultant, outbox):
    placement, citizen = running_with_citizen(consultant)
    assert run_weekly().done == 1
    assert run_weekly().done == 0  # the same week again: nothing new
    assert send_due().sent == 1
    assert send_due().sent == 0
    [mail] = outbox
    assert mail["to"] == citizen.email
    assert mail["subject"] == "Hvordan går det hos Bageriet Viborg?"
    assert "/hvordan-gaar-det/" in mail["body"]
    assert CPR not in mail["body"] and CPR.replace("-", "") not in mail["body"]
    [row] = rows()
    assert row.placement_id == placement.id and row.week == week_of(clock.today())
    assert row.score is None
    # No token is stored: the notification holds the key only, the link is made as it is mailed.
    [note] = invitations(citizen)
    assert "/hvordan-gaar-det/" not in (note.body + note.title)


def test_a_run_killed_before_its_commit_leaves_nothing_and_the_next_run_asks_once(
    consultant, outbox
):
    _placement, citizen = running_with_citizen(consultant)
    ask_for_check_ins(clock.now())
    db.session.rollback()  # the process died before the sweep's commit
    assert rows() == [] and invitations(citizen) == []
    run_weekly()
    run_weekly(clock.now() + timedelta(hours=3))
    send_due()
    assert len(outbox) == 1 and len(rows()) == 1


def test_next_week_asks_again(consultant, outbox):
    running_with_citizen(consultant)
    run_weekly()
    run_weekly(clock.now() + timedelta(days=7))
    send_due()
    assert len(outbox) == 2 and len({row.week for row in rows()}) == 2


def test_a_rerun_loads_no_placement_and_one_started_since_is_asked_the_same_week(
    consultant, outbox
):
    running_with_citizen(consultant)
    run_weekly()
    with statements_sent() as statements:
        assert run_weekly(clock.now() + timedelta(hours=3)).done == 0
    # Which placements are left to ask (none): no placement, person or company is loaded.
    assert len(statements) == 1
    # A placement started later in the week is asked on the next run; the first not again.
    _later, citizen = running_with_citizen(consultant, email="ny@example.dk")
    assert run_weekly(clock.now() + timedelta(hours=6)).done == 1
    assert len(invitations(citizen)) == 1
    # A row without its notification (the citizen answered a link before the mail was
    # made) still gets the notification.
    db.session.delete(invitations(citizen)[0])
    db.session.commit()
    assert run_weekly(clock.now() + timedelta(hours=7)).done == 1
    assert len(rows()) == 2


def test_who_is_not_asked(consultant, outbox):
    no_address, _user = running_with_citizen(consultant, email="")
    turned_off, _user = running_with_citizen(consultant, email="off@example.dk")
    turned_off.candidate.check_ins_off = True
    ended, _user = running_with_citizen(consultant, email="ended@example.dk")
    ended.status = PlacementStatus.COMPLETED
    first_day, _user = running_with_citizen(consultant, email="new@example.dk")
    first_day.start_date = clock.today()
    db.session.commit()
    assert run_weekly().done == 0
    assert rows() == [] and send_due().sent == 0


def test_without_the_sites_address_nobody_is_asked(app, consultant):
    running_with_citizen(consultant)
    app.config["PUBLIC_URL"] = ""
    try:
        assert run_weekly().done == 0
    finally:
        app.config["PUBLIC_URL"] = "http://127.0.0.1:5000"
    assert rows() == []


# --- the link's page ------------------------------------------------------------------------------


def test_one_tap_answers_as_a_browser_submits_the_page(app, consultant, outbox):
    placement, _citizen = running_with_citizen(consultant)
    run_weekly()
    path = link_from(outbox)
    phone = app.test_client()  # not signed in
    page = phone.get(path).get_data(as_text=True)
    # The company and the question; not the citizen's name or CPR number.
    assert "Hvordan går det hos Bageriet Viborg?" in page
    assert "Ida Iversen" not in page and CPR not in page
    answer = phone.post(path, data=typed(shown_form(page), score="4"), follow_redirects=True)
    assert "Tak for dit svar" in answer.get_data(as_text=True)
    [row] = rows()
    assert (row.placement_id, row.score, row.words) == (placement.id, 4, "")
    assert row.answered_at is not None
    assert "Du har svaret 4 (Godt)" in answer.get_data(as_text=True)


def test_words_go_with_the_tap_and_a_second_answer_in_the_week_replaces_the_first(
    app, consultant, outbox
):
    running_with_citizen(consultant)
    run_weekly()
    path = link_from(outbox)
    phone = app.test_client()
    form = shown_form(phone.get(path).get_data(as_text=True))
    phone.post(path, data=typed(form, score="2", words="Lidt træt af morgenerne"))
    assert [(r.score, r.words) for r in rows()] == [(2, "Lidt træt af morgenerne")]
    form = shown_form(phone.get(path).get_data(as_text=True))
    again = phone.post(path, data=typed(form, score="2"), follow_redirects=True)  # words kept
    assert "Dit svar er allerede gemt" in again.get_data(as_text=True)
    phone.post(path, data=typed(form, score="3", words=""))
    assert [(r.score, r.words) for r in rows()] == [(3, "")]


def test_too_many_words_are_refused_and_kept(app, consultant, outbox):
    running_with_citizen(consultant)
    run_weekly()
    path = link_from(outbox)
    phone = app.test_client()
    form = shown_form(phone.get(path).get_data(as_text=True))
    page = phone.post(path, data=typed(form, score="5", words="x" * 501)).get_data(as_text=True)
    assert "500" in page and "x" * 501 in page
    assert rows()[0].score is None


def test_an_expired_link_is_refused(app, consultant, outbox):
    running_with_citizen(consultant)
    run_weekly()
    path = link_from(outbox)
    assert app.test_client().get(path).status_code == 200
    with time_machine.travel(time.time() + 7 * 86400 + 23 * 3600, tick=True):  # 7 days 23 h
        assert app.test_client().get(path).status_code == 200
    with time_machine.travel(time.time() + 8 * 86400 + 60, tick=True):  # 8 days and a minute
        page = app.test_client().get(path)
        assert page.status_code == 404
        assert "Linket er udløbet" in page.get_data(as_text=True)
        assert 'name="score"' not in page.get_data(as_text=True)
        with pytest.raises(check_ins.CheckInRefused, match="udløbet"):
            check_ins.answer(path.rsplit("/", 1)[1], 5)
    assert rows()[0].score is None


def test_a_forged_link_opens_nothing(app, consultant):
    placement, _citizen = running_with_citizen(consultant)
    token = check_in_links.token(placement.id, week_of(clock.today()))
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    page = app.test_client().get(f"/hvordan-gaar-det/{forged}")
    assert page.status_code == 404 and "Linket findes ikke" in page.get_data(as_text=True)
    assert "Bageriet" not in page.get_data(as_text=True)


def test_a_link_cannot_be_turned_into_another_placements(app, consultant):
    mine, _citizen = running_with_citizen(consultant)
    other, _other_citizen = running_with_citizen(consultant, email="bo@example.dk", company="Bo")
    week = week_of(clock.today())
    own, theirs = check_in_links.token(mine.id, week), check_in_links.token(other.id, week)
    # The other placement's payload with this link's signature.
    swapped = theirs.split(".")[0] + "." + ".".join(own.split(".")[1:])
    page = app.test_client().get(f"/hvordan-gaar-det/{swapped}")
    assert page.status_code == 404
    with pytest.raises(check_ins.CheckInRefused):
        check_ins.answer(swapped, 1)
    db.session.rollback()
    # The own link answers its own placement only.
    check_ins.answer(own, 1)
    db.session.commit()
    assert [(r.placement_id, r.score) for r in rows()] == [(mine.id, 1)]


def test_a_link_to_an_ended_placement_shows_no_buttons(app, consultant, outbox):
    placement, _citizen = running_with_citizen(consultant)
    run_weekly()
    path = link_from(outbox)
    placement.status = PlacementStatus.ENDED_EARLY
    db.session.commit()
    page = app.test_client().get(path).get_data(as_text=True)
    assert "Forløbet er slut" in page and 'name="score"' not in page
    with pytest.raises(check_ins.CheckInRefused):
        check_ins.answer(path.rsplit("/", 1)[1], 4)


# --- the citizen's choice --------------------------------------------------------------------


def test_the_citizen_turns_the_mails_off_and_on_on_their_own_page(client, consultant, outbox):
    placement, citizen = running_with_citizen(consultant)
    log_in(client, citizen.email)
    page = client.get("/mig/oensker").get_data(as_text=True)
    assert "Hvordan går det?" in page
    form = shown_form(page, "/mig/oensker/hvordan-gaar-det")
    assert ("wanted", "y") in form  # on from the start
    client.post("/mig/oensker/hvordan-gaar-det", data=typed(form, wanted=[]))
    db.session.expire_all()
    assert placement.candidate.check_ins_off is True
    assert run_weekly().done == 0
    post_form(
        client,
        "/mig/oensker/hvordan-gaar-det",
        {"wanted": "y"},
        form_page="/mig/oensker",
    )
    db.session.expire_all()
    assert placement.candidate.check_ins_off is False
    assert run_weekly().done == 1


# --- what the consultant sees ------------------------------------------------------------------


def test_the_answer_shows_on_the_placement_page_and_a_low_one_on_the_home(
    app, client, consultant, outbox, viborg
):
    placement, _citizen = running_with_citizen(consultant)
    run_weekly()
    check_ins.answer(link_from(outbox).rsplit("/", 1)[1], 1, "Det går ikke")
    db.session.commit()
    colleague = create_user(Role.CONSULTANT, municipality=viborg, email="jens@viborg.dk")
    log_in(client, consultant.email)
    home = client.get("/borgere").get_data(as_text=True)
    assert "Forløb der kræver opmærksomhed" in home
    assert "Ida Iversen hos Bageriet Viborg" in home
    assert "svarede 1 (Meget dårligt)" in home
    assert f"/forloeb/{placement.id}" in home or f"/{placement.id}" in home
    page = client.get(f"/forloeb/{placement.id}").get_data(as_text=True)
    assert "Kræver forløbet opmærksomhed?" in page and "»Det går ikke«" in page
    client.get("/logout")
    other = app.test_client()
    log_in(other, colleague.email)
    home = other.get("/borgere").get_data(as_text=True)
    assert "Forløb der kræver opmærksomhed" in home and "Ida Iversen hos" not in home


def test_the_citizens_beskeder_lead_to_the_question_too(client, consultant, outbox):
    _placement, citizen = running_with_citizen(consultant)
    run_weekly()
    log_in(client, citizen.email)
    page = client.get("/beskeder/").get_data(as_text=True)
    [path] = re.findall(r'href="(/hvordan-gaar-det/[^"]+)"', page)
    assert "Hvordan går det hos Bageriet Viborg?" in client.get(path).get_data(as_text=True)


def test_a_link_made_afresh_for_an_old_week_is_refused(consultant):
    placement, _citizen = running_with_citizen(consultant)
    old_week = week_of(clock.today()) - timedelta(weeks=3)
    with pytest.raises(check_ins.CheckInRefused, match="udløbet"):
        check_ins.answer(check_in_links.token(placement.id, old_week), 3)
    # Last week's, made now: the week's Sunday plus the link's 8 days have not passed.
    last_week = week_of(clock.today()) - timedelta(weeks=1)
    assert check_ins.answer(check_in_links.token(placement.id, last_week), 3).week == last_week
