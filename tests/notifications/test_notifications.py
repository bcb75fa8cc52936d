"""The notification pages: the bell's count, the list, marking read — each person's own only."""

import re
from datetime import UTC, datetime

import pytest

from placement.extensions import db
from placement.models import Notification, PlacementStatus, Role
from placement.notifications import inbox
from tests.conftest import csrf_token, log_in, post_form, statements_sent
from tests.factories import (
    create_candidate,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)


def note(user, title, *, body="", created_at=None, read=False, **about) -> Notification:
    # Rows made directly: these tests are about the pages, not about how sweeps make them.
    # `about`: placement_id, candidate_id or opening_id.
    made = Notification(user=user, key=f"test:{title}", title=title, body=body, **about)
    if created_at:
        made.created_at = created_at
    db.session.add(made)
    db.session.flush()
    if read:
        made.read_at = made.created_at
    db.session.commit()
    return made


def text_of(response) -> str:
    """What a person reads: no tags, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def bell(response) -> str:
    """The text of the bell link in the header."""
    match = re.search(r'<a class="bell"[^>]*>(.*?)</a>', response.get_data(as_text=True), re.S)
    assert match, "no bell link in the header"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def unread(user) -> int:
    db.session.expire_all()
    return inbox.unread_count(user)


def test_the_bell_shows_the_unread_count_on_every_page(client, login):
    consultant = login(Role.CONSULTANT)
    for title in ("Opfølgning om 3 dage", "Opfølgning overskredet", "Ugens overblik"):
        note(consultant, title)
    note(consultant, "Gammel besked", read=True)

    assert bell(client.get("/borgere")) == "Beskeder (3 ulæste)"
    assert bell(client.get("/ledige-pladser/")) == "Beskeder (3 ulæste)"


def test_the_bell_says_one_in_the_singular_and_nothing_when_all_is_read(client, login):
    citizen = login(Role.CITIZEN)
    first = note(citizen, "Nyt tilbud")
    assert bell(client.get("/mine-tilbud")) == "Beskeder (1 ulæst)"

    first.read_at = first.created_at
    db.session.commit()
    assert bell(client.get("/mine-tilbud")) == "Beskeder"


def test_anonymous_visitors_have_no_bell_and_are_sent_to_login(client):
    assert 'class="bell"' not in client.get("/login").get_data(as_text=True)
    response = client.get("/beskeder/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_count_costs_one_query_per_page(client, login):
    consultant = login(Role.CONSULTANT)
    note(consultant, "Opfølgning overskredet")
    with statements_sent() as statements:
        response = client.get("/beskeder/")
    assert response.status_code == 200
    counts = [s for s in statements if "count(" in s.lower() and "notifications" in s.lower()]
    assert len(counts) == 1


@pytest.mark.parametrize("role", list(Role))
def test_every_role_can_open_the_list(client, login, role):
    user = login(role)
    note(user, "Til dig")
    response = client.get("/beskeder/")
    assert response.status_code == 200
    assert "Til dig" in text_of(response)


def test_the_list_shows_only_the_persons_own_notifications(client, login):
    other = create_user(Role.CONSULTANT)
    note(other, "Andens opfølgning er overskredet")
    me = login(Role.CONSULTANT)
    note(me, "Min opfølgning er overskredet")

    page = text_of(client.get("/beskeder/"))
    assert "Min opfølgning er overskredet" in page
    assert "Andens opfølgning" not in page
    assert bell(client.get("/beskeder/")) == "Beskeder (1 ulæst)"


def test_the_list_puts_unread_first_then_newest_with_time_body_and_link(client, login):
    me = login(Role.EMPLOYER)
    note(me, "Gammel og læst", created_at=datetime(2027, 1, 6, 7, 0, tzinfo=UTC), read=True)
    # About nothing in particular: it leads to the company's start page.
    note(
        me,
        "Ældre ulæst",
        created_at=datetime(2027, 1, 4, 7, 0, tzinfo=UTC),
        body="Første linje\nAnden linje",
    )
    note(me, "Nyeste ulæst", created_at=datetime(2027, 1, 5, 7, 0, tzinfo=UTC))

    response = client.get("/beskeder/")
    page = text_of(response)
    assert page.index("Nyeste ulæst") < page.index("Ældre ulæst") < page.index("Gammel og læst")
    # 07:00 UTC is 08:00 in Copenhagen in winter.
    assert "04.01.2027 08.00" in page
    html = response.get_data(as_text=True)
    assert "Første linje\nAnden linje" in html
    assert '<a href="/virksomhed/">Åbn' in html
    # The unread ones say so in words, the read one does not.
    assert page.count("Ulæst Nyeste ulæst") == 1 and page.count("Ulæst Ældre ulæst") == 1
    assert "Ulæst Gammel og læst" not in page


def open_links(client) -> dict[str, str]:
    """Each notification's "Åbn" link on the list, by its title."""
    html = client.get("/beskeder/").get_data(as_text=True)
    return {
        title: href
        for href, title in re.findall(
            r'<a href="([^"]+)">Åbn<span class="visually-hidden"> – ([^<]+)</span>', html
        )
    }


def test_links_are_built_when_shown_for_the_readers_role(app, client):
    """One placement, one citizen, one opening: each role's notification about them leads to
    that role's own page of it, and nothing stores a link."""
    assert "link" not in Notification.__table__.columns
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg)
    candidate = create_candidate(viborg, consultant=consultant)
    opening = create_opening()
    # Accepted: a proposal still to answer leads the citizen to its card on Mine tilbud.
    placement = create_placement(
        candidate, opening, consultant=consultant, status=PlacementStatus.ACCEPTED
    )
    employer = create_user(Role.EMPLOYER, employer=opening.employer)
    citizen = create_user(Role.CITIZEN, candidate=candidate)
    manager = create_user(Role.MANAGER, municipality=viborg)
    expected = {
        consultant: {
            "Om forløbet": f"/forloeb/{placement.id}",
            "Om borgeren": f"/borgere/{candidate.id}",
            "Om opslaget": f"/opslag/{opening.id}",
            "Om ugen": "/borgere",
        },
        employer: {
            "Om forløbet": f"/virksomhed/forslag/{placement.id}",
            "Om opslaget": f"/opslag/{opening.id}",
            "Om ugen": "/virksomhed/",
        },
        citizen: {
            "Om forløbet": f"/mine-tilbud/{placement.id}",
            "Om borgeren": "/mine-tilbud",
            "Om opslaget": f"/ledige-pladser/{opening.id}",
            "Om ugen": "/mine-tilbud",
        },
        # A manager opens no placement or citizen: their start page.
        manager: {"Om forløbet": "/leder", "Om ugen": "/leder"},
    }
    refs = {
        "Om forløbet": {"placement_id": placement.id},
        "Om borgeren": {"candidate_id": candidate.id},
        "Om opslaget": {"opening_id": opening.id},
        "Om ugen": {},
    }
    for user, links in expected.items():
        for title in links:
            note(user, title, **refs[title])
    for user, links in expected.items():
        reader = app.test_client()
        log_in(reader, user.email)
        assert open_links(reader) == links, user.role
        for href in links.values():
            assert reader.get(href).status_code == 200, (user.role, href)


def test_marking_one_read_lowers_the_count(client, login):
    me = login(Role.CONSULTANT)
    first = note(me, "Første")
    note(me, "Anden")

    response = post_form(
        client, f"/beskeder/{first.id}/laest", {}, form_page="/beskeder/", follow_redirects=True
    )
    assert response.request.path == "/beskeder/"
    assert "Beskeden er markeret som læst." in text_of(response)
    assert bell(response) == "Beskeder (1 ulæst)"
    assert unread(me) == 1


def test_marking_an_already_read_one_again_is_harmless(client, login):
    me = login(Role.CONSULTANT)
    done = note(me, "Læst før", read=True)
    response = post_form(client, f"/beskeder/{done.id}/laest", {}, form_page="/beskeder/")
    assert response.status_code == 302


def test_someone_elses_notification_cannot_be_marked(client, login):
    other = create_user(Role.CONSULTANT)
    theirs = note(other, "Ikke din")
    login(Role.CONSULTANT)

    response = post_form(client, f"/beskeder/{theirs.id}/laest", {}, form_page="/beskeder/")
    assert response.status_code == 404
    missing = post_form(client, "/beskeder/999999/laest", {}, form_page="/beskeder/")
    assert missing.status_code == 404
    assert unread(other) == 1


def test_marking_all_read_clears_the_count_and_leaves_others_alone(client, login):
    other = create_user(Role.CONSULTANT)
    note(other, "Ikke din")
    me = login(Role.CONSULTANT)
    note(me, "Første")
    note(me, "Anden")

    response = post_form(
        client, "/beskeder/alle-laest", {}, form_page="/beskeder/", follow_redirects=True
    )
    assert response.request.path == "/beskeder/"
    page = text_of(response)
    assert "2 beskeder er markeret som læst." in page
    assert "Du har ingen ulæste beskeder." in page
    assert bell(response) == "Beskeder"
    assert unread(me) == 0
    assert unread(other) == 1


def test_a_post_without_csrf_token_is_refused(client, login):
    me = login(Role.CONSULTANT)
    mine = note(me, "Første")
    csrf_token(client, "/beskeder/")  # the session has a token; the posts below leave it out

    assert client.post(f"/beskeder/{mine.id}/laest").status_code == 400
    assert client.post("/beskeder/alle-laest").status_code == 400
    assert unread(me) == 1
