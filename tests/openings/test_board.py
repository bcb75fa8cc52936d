"""The public board: only live openings of approved companies, search that forgives odd input,
and a citizen's "Jeg er interesseret" that reaches their consultant."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from placement.extensions import db
from placement.models import EmployerStatus, Kind, OpeningInterest, OpeningStatus, Role
from placement.notifications.outbox import send_due
from tests.conftest import post_form
from tests.factories import adaptations, create_employer, create_opening, create_user


def titles(response) -> list[str]:
    """The opening titles listed on a board page, in order."""
    assert response.status_code == 200
    return re.findall(
        r'<h3><a href="/ledige-pladser/\d+">(.*?)</a></h3>', response.get_data(as_text=True)
    )


def field_error(page: str, field: str) -> str:
    match = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page, re.S)
    return match.group(1) if match else ""


def interest_count() -> int:
    return db.session.scalar(select(func.count(OpeningInterest.id)))


def adaptation_id(code: str) -> int:
    return adaptations(code)[0].id


# --- what is on the board ---------------------------------------------------------------------


def test_anyone_sees_a_published_opening_of_an_approved_company(client):
    opening = create_opening(
        create_employer(name="Grøn Have ApS"),
        title="Gartnerhjælper",
        kind=Kind.FLEXJOB,
        city="Silkeborg",
        postcode="8600",
        hours_min=8,
        hours_max=12,
        deadline=date.today() + timedelta(days=7),
        adaptation_codes=("extra_breaks",),
    )
    page = client.get("/ledige-pladser/").get_data(as_text=True)
    assert titles(client.get("/ledige-pladser/")) == ["Gartnerhjælper"]
    assert "1 ledig plads" in page
    for text in (
        "Grøn Have ApS",
        "8600 Silkeborg",
        "Fleksjob",
        "8 til 12 timer om ugen",
        "Ekstra pauser",
    ):
        assert text in page
    assert client.get(f"/ledige-pladser/{opening.id}").status_code == 200


@pytest.mark.parametrize(
    "status",
    [OpeningStatus.DRAFT, OpeningStatus.CLOSED, OpeningStatus.EXPIRED, OpeningStatus.FILLED],
)
def test_an_opening_that_is_not_published_is_neither_listed_nor_shown(client, status):
    create_opening(title="Synlig plads")
    hidden = create_opening(title="Skjult plads", status=status)
    assert titles(client.get("/ledige-pladser/")) == ["Synlig plads"]
    assert titles(client.get("/ledige-pladser/?q=Skjult")) == []
    assert client.get(f"/ledige-pladser/{hidden.id}").status_code == 404


@pytest.mark.parametrize("company_status", [EmployerStatus.PENDING, EmployerStatus.SUSPENDED])
def test_openings_of_a_pending_or_suspended_company_are_hidden(client, company_status):
    create_opening(title="Synlig plads")
    hidden = create_opening(create_employer(status=company_status), title="Skjult plads")
    assert titles(client.get("/ledige-pladser/")) == ["Synlig plads"]
    assert client.get(f"/ledige-pladser/{hidden.id}").status_code == 404


def test_the_detail_page_tells_what_where_when_and_what_support(client):
    opening = create_opening(
        create_employer(name="Café Solsiden"),
        title="Køkkenhjælper",
        kind=Kind.INTERNSHIP,
        purpose="job_goal",
        description="Et roligt køkken.",
        tasks="Skære grønt\nVaske op",
        postcode="8800",
        city="Viborg",
        hours_min=10,
        hours_max=15,
        flexible_schedule=True,
        duration_weeks=6,
        seats=2,
        deadline=date(2031, 1, 5),
        start_date=date(2031, 2, 1),
        adaptation_codes=("quiet_workspace",),
        adaptation_note="Vi har et pauserum.",
        mentor_available=True,
        mentor_name="Lis Holm",
        mentor_role="Køkkenchef",
        skills="madlavning, hygiejne",
    )
    page = client.get(f"/ledige-pladser/{opening.id}").get_data(as_text=True)
    for text in (
        "<h1>Køkkenhjælper</h1>",
        "Café Solsiden",
        "Virksomhedspraktik",
        "Du prøver et job af i en periode",
        "Afklare et jobmål",
        "Et roligt køkken.",
        "Skære grønt<br>Vaske op",
        "8800 Viborg",
        "10 til 15 timer om ugen, tiderne kan flyttes",
        "6 uger",
        "Stille arbejdsplads",
        "Vi har et pauserum.",
        "Lis Holm, Køkkenchef",
        "madlavning, hygiejne",
        "5. jan. 2031",
        "1. feb. 2031",
    ):
        assert text in page, text
    assert "Log ind for at vise interesse" in page


def test_the_detail_page_never_shows_other_candidates_or_placements(client, login):
    from tests.factories import create_candidate, create_placement

    opening = create_opening(title="Lagerplads")
    other = create_candidate(name="Anders Andersen", cpr="010190-1234")
    create_placement(other, opening)
    db.session.add(OpeningInterest(candidate=other, opening=opening))
    db.session.commit()
    login(Role.CONSULTANT)
    page = client.get(f"/ledige-pladser/{opening.id}").get_data(as_text=True)
    assert "Lagerplads" in page
    assert "Anders Andersen" not in page and "1234" not in page


# --- searching --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=truck", ["Lager"]),  # in the title
        ("q=ROLIGT", ["Køkken"]),  # in the description, any case
        ("q=regneark", ["Kontor"]),  # in the skills
        ("q=lager+truck", ["Lager"]),  # every word must match
        ("kind=flexjob", ["Kontor"]),
        ("hours=9", ["Køkken", "Kontor"]),  # the lowest hours fit
        ("place=8600", ["Køkken"]),
        ("place=holstebro", ["Kontor"]),
        ("kind=internship&place=viborg", ["Lager"]),
    ],
)
def test_each_filter_narrows_the_list(client, query, expected):
    create_opening(
        title="Lager og truck",
        kind=Kind.INTERNSHIP,
        hours_min=20,
        hours_max=30,
        postcode="8800",
        city="Viborg",
    )
    create_opening(
        title="Køkken",
        description="Et roligt sted.",
        kind=Kind.SHELTERED_JOB,
        hours_min=5,
        hours_max=10,
        postcode="8600",
        city="Silkeborg",
    )
    create_opening(
        title="Kontor",
        skills="regneark, post",
        kind=Kind.FLEXJOB,
        hours_min=9,
        hours_max=12,
        postcode="7500",
        city="Holstebro",
    )
    found = titles(client.get(f"/ledige-pladser/?{query}"))
    assert sorted(t.split()[0] for t in found) == sorted(expected)


def test_adaptation_filter_keeps_openings_that_offer_every_chosen_one(client):
    create_opening(title="Begge", adaptation_codes=("extra_breaks", "quiet_workspace"))
    create_opening(title="Kun pauser", adaptation_codes=("extra_breaks",))
    create_opening(title="Ingen")
    breaks, quiet = adaptation_id("extra_breaks"), adaptation_id("quiet_workspace")
    one = titles(client.get(f"/ledige-pladser/?adaptation={breaks}"))
    assert sorted(one) == ["Begge", "Kun pauser"]
    both = titles(client.get(f"/ledige-pladser/?adaptation={breaks}&adaptation={quiet}"))
    assert both == ["Begge"]
    page = client.get(f"/ledige-pladser/?adaptation={quiet}").get_data(as_text=True)
    assert f'value="{quiet}" checked' in page and "(1 valgt)" in page


def test_the_form_keeps_what_was_searched_for(client):
    page = client.get("/ledige-pladser/?q=lager&kind=flexjob&hours=12&place=Viborg").get_data(
        as_text=True
    )
    assert 'value="lager"' in page and 'value="12"' in page and 'value="Viborg"' in page
    assert re.search(r'<option selected value="flexjob">|<option value="flexjob" selected', page)


def test_an_empty_result_says_so_and_suggests_fewer_filters(client):
    create_opening(title="Lager", kind=Kind.INTERNSHIP)
    page = client.get("/ledige-pladser/?kind=flexjob").get_data(as_text=True)
    assert "0 ledige pladser" in page
    assert "Ingen ledige pladser passer til din søgning." in page and "færre valg" in page


def test_an_empty_board_says_there_is_nothing_right_now(client):
    page = client.get("/ledige-pladser/").get_data(as_text=True)
    assert "Der er ingen ledige pladser lige nu." in page


# --- paging -----------------------------------------------------------------------------------


def test_twenty_five_openings_make_two_pages_and_links_keep_the_filters(client):
    employer = create_employer()
    for n in range(25):
        create_opening(employer, title=f"Plads {n:02d}", kind=Kind.FLEXJOB)
    create_opening(employer, title="Praktik", kind=Kind.INTERNSHIP)

    first = client.get("/ledige-pladser/?kind=flexjob&q=plads")
    page = first.get_data(as_text=True)
    assert len(titles(first)) == 20 and "25 ledige pladser" in page and "Side 1 af 2" in page
    next_link = re.search(r'<a href="([^"]+)" rel="next">Næste side</a>', page).group(1)
    next_link = next_link.replace("&amp;", "&")
    assert "kind=flexjob" in next_link and "q=plads" in next_link and "side=2" in next_link

    second = client.get(next_link)
    page = second.get_data(as_text=True)
    assert len(titles(second)) == 5 and "Side 2 af 2" in page and "Næste side" not in page
    assert "Forrige side" in page
    assert set(titles(first)).isdisjoint(titles(second))


# --- odd input --------------------------------------------------------------------------------


def test_a_bad_hours_value_is_explained_and_the_search_runs_without_it(client):
    create_opening(title="Lager", hours_min=30, hours_max=37)
    response = client.get("/ledige-pladser/?hours=abc&q=lager")
    page = response.get_data(as_text=True)
    assert titles(response) == ["Lager"]
    assert "Skriv et helt tal." in field_error(page, "hours")
    assert "fra 1 til" not in field_error(page, "hours")  # one message per problem
    assert 'value="abc"' in page
    assert "Skriv et helt tal fra 1 til 37." in field_error(
        client.get("/ledige-pladser/?hours=-4").get_data(as_text=True), "hours"
    )


def test_an_unknown_kind_is_explained_and_ignored(client):
    create_opening(title="Lager")
    response = client.get("/ledige-pladser/?kind=nonsense")
    assert titles(response) == ["Lager"]
    assert "Vælg en af mulighederne." in field_error(response.get_data(as_text=True), "kind")


def test_an_unknown_adaptation_is_explained_and_ignored(client):
    create_opening(title="Lager")
    for value in ("abc", "999999"):
        response = client.get(f"/ledige-pladser/?adaptation={value}")
        assert titles(response) == ["Lager"]
        assert "Vælg en af mulighederne." in field_error(
            response.get_data(as_text=True), "adaptation"
        )


@pytest.mark.parametrize("side", ["-3", "abc", "99", "", "9" * 5000])
def test_a_page_that_does_not_exist_shows_the_nearest_one(client, side):
    create_opening(title="Lager")
    response = client.get(f"/ledige-pladser/?side={side}")
    assert titles(response) == ["Lager"]
    page = response.get_data(as_text=True)
    assert "Den side findes ikke. Du ser side 1 af 1." in page


def test_strange_query_strings_never_break_the_board(client):
    create_opening(title="Lager")
    for query in (
        "q=%25%5F%27",
        "hours=99999999999999999999",
        "kind=&hours=&place=",
        "q=" + "x" * 500,
        "place=%00",
        "q=lager%00%0A",
        "adaptation=&adaptation=1",
    ):
        assert client.get(f"/ledige-pladser/?{query}").status_code == 200, query


# --- "Jeg er interesseret" ----------------------------------------------------------------------


@pytest.fixture
def citizen(login):
    consultant = create_user(Role.CONSULTANT, name="Karin Jobkonsulent")
    user = login(Role.CITIZEN)
    user.candidate.name, user.candidate.cpr = "Mette Hansen", "240588-4321"
    user.candidate.consultant = consultant
    db.session.commit()
    return user


def test_a_citizen_shows_interest_and_the_consultant_is_told_without_cpr(client, citizen, outbox):
    opening = create_opening(create_employer(name="Grøn Have ApS"), title="Gartnerhjælper")
    path = f"/ledige-pladser/{opening.id}"
    assert "Jeg er interesseret" in client.get(path).get_data(as_text=True)

    response = post_form(client, f"{path}/interesse", {}, form_page=path, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Din jobkonsulent har fået besked." in page
    assert "Du har vist interesse." in page and ">Jeg er interesseret<" not in page
    assert interest_count() == 1

    assert send_due().sent == 1  # written with the interest, mailed by the outbox
    [mail] = outbox
    assert mail["to"] == citizen.candidate.consultant.email
    text = mail["subject"] + mail["body"]
    assert "Mette Hansen" in text and "Gartnerhjælper" in text and "Placement" in text
    assert "240588" not in text and "4321" not in text


def test_pressing_twice_keeps_one_interest_and_says_so(client, citizen, outbox):
    opening = create_opening()
    path = f"/ledige-pladser/{opening.id}"
    post_form(client, f"{path}/interesse", {}, form_page=path)
    response = post_form(client, f"{path}/interesse", {}, form_page=path, follow_redirects=True)
    assert "Du har allerede vist interesse for denne plads." in response.get_data(as_text=True)
    send_due()
    assert interest_count() == 1 and len(outbox) == 1


def test_a_citizen_without_a_consultant_is_told_to_contact_the_jobcenter(client, login, outbox):
    login(Role.CITIZEN)
    opening = create_opening()
    path = f"/ledige-pladser/{opening.id}"
    page = post_form(
        client, f"{path}/interesse", {}, form_page=path, follow_redirects=True
    ).get_data(as_text=True)
    assert "Du har ikke en jobkonsulent endnu" in page
    send_due()
    assert interest_count() == 1 and outbox == []


def test_interest_in_a_hidden_opening_is_404(client, citizen):
    draft = create_opening(status=OpeningStatus.DRAFT)
    visible = create_opening()
    response = post_form(
        client,
        f"/ledige-pladser/{draft.id}/interesse",
        {},
        form_page=f"/ledige-pladser/{visible.id}",
    )
    assert response.status_code == 404 and interest_count() == 0


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CONSULTANT, Role.MANAGER, Role.ADMIN])
def test_other_roles_see_no_button_and_may_not_press(client, login, role):
    login(role)
    opening = create_opening()
    path = f"/ledige-pladser/{opening.id}"
    page = client.get(path).get_data(as_text=True)
    assert "Jeg er interesseret" not in page and "Log ind for at vise interesse" not in page
    assert titles(client.get("/ledige-pladser/")) == [opening.title]
    assert post_form(client, f"{path}/interesse", {}, form_page=path).status_code == 403
    assert interest_count() == 0


def test_an_anonymous_press_goes_to_the_login_page(client):
    opening = create_opening()
    path = f"/ledige-pladser/{opening.id}"
    response = post_form(client, f"{path}/interesse", {}, form_page=path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert interest_count() == 0


def test_show_interest_refuses_an_opening_that_is_no_longer_on_the_board():
    from placement.citizens import interests

    citizen = create_user(Role.CITIZEN)
    closed = create_opening(status=OpeningStatus.CLOSED)
    with pytest.raises(interests.InterestRefused, match="ikke længere ledig"):
        interests.show_interest(citizen.candidate, closed)
    assert interest_count() == 0


def test_a_double_click_racing_past_the_check_still_leaves_one_row(monkeypatch):
    from placement.citizens import interests as interests

    citizen = create_user(Role.CITIZEN)
    opening = create_opening()
    interests.show_interest(citizen.candidate, opening)
    # As if the second request checked before the first one's row was there.
    monkeypatch.setattr(interests, "has_shown_interest", lambda *args: False)
    with pytest.raises(interests.AlreadyInterested):
        interests.show_interest(citizen.candidate, opening)
    db.session.commit()
    assert interest_count() == 1
