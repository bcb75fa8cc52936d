"""The IPS fidelity page as managers and consultants see it, the reviewer's form, and the
contact log's link from employer contacts to the citizens they were for."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from placement.extensions import db
from placement.fidelity.contacts import own_caseload
from placement.models import EmployerContact, FidelityReview, Role
from tests.conftest import log_in, post_form
from tests.factories import create_employer, create_municipality, create_user
from tests.fidelity.helpers import citizens, contact
from tests.html_forms import shown_form, typed

PAGE = "/statistik/ips-fidelitet"
Q = "?fra=2026-01-01&til=2026-03-31"
SAVE = PAGE + "/vurdering"


@pytest.fixture
def team():
    viborg = create_municipality("Viborg", "791")
    anna = create_user(Role.CONSULTANT, name="Anna Andersen", municipality=viborg)
    bo = create_user(Role.CONSULTANT, name="Bo Berg", municipality=viborg)
    silkeborg = create_municipality("Silkeborg", "740")
    carl = create_user(Role.CONSULTANT, name="Carl Carlsen", municipality=silkeborg)
    (ida,) = citizens(anna, 1)
    ida.name = "Ida Iversen"
    (ole,) = citizens(bo, 1)
    ole.name = "Ole Olsen"
    (sara,) = citizens(carl, 1)
    sara.name = "Sara Sørensen"
    db.session.commit()
    contact(anna, date(2026, 2, 2), candidates=[ida], preferences=True)
    contact(carl, date(2026, 2, 2), candidates=[sara], preferences=True)
    return viborg, anna, bo, carl


def test_the_manager_sees_the_whole_scale_every_consultant_and_only_their_municipality(
    client, team, login
):
    viborg, *_ = team
    login(Role.MANAGER, municipality=viborg)
    page = client.get(PAGE + Q).get_data(as_text=True)
    assert "Supported Employment Fidelity Scale (IPS-25)" in page and "udgave 2008" in page
    assert "Dartmouth" in page and "ikke kontrolleret ord for ord" in page
    assert page.count("Vurderes af revisor") == 15 and page.count("Beregnet af systemet") == 10
    assert "Caseload size" in page and "20 borgere eller færre pr. jobkonsulent" in page
    # The 2008 scale's caseload bands, not 51+/41-50/31-40/21-30
    assert "41 borgere eller flere pr. jobkonsulent" in page and "26-30 borgere" in page
    assert "51 borgere" not in page
    assert "Anna Andersen" in page and "Bo Berg" in page  # the per-consultant table
    assert "Ida Iversen" in page and "Ole Olsen" in page  # rows behind the team's scores
    assert "Carl Carlsen" not in page and "Sara Sørensen" not in page
    assert "Gem point" in page


def test_a_manager_may_choose_a_consultant_of_their_own_team_only(client, team, login):
    viborg, anna, bo, carl = team
    login(Role.MANAGER, municipality=viborg)
    page = client.get(f"{PAGE}{Q}&konsulent={anna.id}").get_data(as_text=True)
    assert "Rækkerne bag pointene er Anna Andersen" in page
    assert "Ida Iversen" in page
    page = client.get(f"{PAGE}{Q}&konsulent={carl.id}").get_data(as_text=True)
    assert "Vælg en af mulighederne" in page or "Ret" in page
    assert "Sara Sørensen" not in page


def test_a_consultant_sees_their_own_rows_and_the_teams_totals(client, team):
    viborg, anna, bo, carl = team
    log_in(client, anna.email)
    page = client.get(f"{PAGE}{Q}&konsulent={bo.id}").get_data(as_text=True)
    assert "Rækkerne bag pointene er Anna Andersen" in page
    assert "Ida Iversen" in page and "Ole Olsen" not in page and "Bo Berg" not in page
    assert "Gem point" not in page and "ikke vurderet endnu" in page
    response = post_form(client, SAVE, {"score-outreach": "5"}, form_page=PAGE + Q)
    assert response.status_code == 403


def test_other_roles_may_not_open_the_page(client, login):
    login(Role.EMPLOYER)
    assert client.get(PAGE).status_code == 403


def test_the_default_period_is_the_last_three_months(client, team, login):
    login(Role.MANAGER, municipality=team[0])
    page = client.get(PAGE).get_data(as_text=True)
    today = date.today()
    assert f'value="{today.isoformat()}"' in page


def test_a_period_that_ends_before_it_starts_is_explained(client, team, login):
    login(Role.MANAGER, municipality=team[0])
    page = client.get(PAGE + "?fra=2026-03-01&til=2026-02-01").get_data(as_text=True)
    assert "Til-datoen ligger før Fra-datoen" in page and "Hele skalaen" not in page


def _review_form(client):
    return shown_form(client.get(PAGE + Q).get_data(as_text=True), action=SAVE)


def test_the_reviewer_form_round_trip(client, team, login):
    viborg, *_ = team
    login(Role.MANAGER, municipality=viborg)
    untouched = _review_form(client)
    response = client.post(SAVE, data=typed(untouched))
    assert response.status_code == 302
    assert db.session.scalars(select(FidelityReview)).all() == []  # nothing changed
    changed = typed(untouched, **{"score-generalists": "4", "note-generalists": "Hele forløbet"})
    assert client.post(SAVE, data=changed, follow_redirects=True).status_code == 200
    (row,) = db.session.scalars(select(FidelityReview)).all()
    assert (row.score, row.note, row.item_key, row.edit_version) == (
        4,
        "Hele forløbet",
        "generalists",
        1,
    )
    assert (row.date_from, row.date_to, row.municipality_id) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
        viborg.id,
    )
    # The same post again changes nothing; the page shows the score and counts it.
    client.post(SAVE, data=changed)
    db.session.expire_all()
    assert db.session.scalars(select(FidelityReview)).one().edit_version == 1
    page = client.get(PAGE + Q).get_data(as_text=True)
    assert "Hele forløbet" in page
    again = _review_form(client)
    assert dict(again)["score-generalists"] == "4"
    client.post(SAVE, data=typed(again))
    db.session.expire_all()
    assert db.session.scalars(select(FidelityReview)).one().edit_version == 1
    # Another period is another review.
    assert "Hele forløbet" not in client.get(PAGE + "?fra=2026-01-01&til=2026-03-30").get_data(
        as_text=True
    )


def test_a_score_saved_meanwhile_by_another_manager_is_not_overwritten_unseen(app, team):
    viborg, *_ = team
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        log_in(client, create_user(Role.MANAGER, municipality=viborg, name="Leder").email)
    forms = [_review_form(c) for c in (first, second)]
    assert first.post(SAVE, data=typed(forms[0], **{"score-disclosure": "3"})).status_code == 302
    response = second.post(SAVE, data=typed(forms[1], **{"score-disclosure": "5"}))
    assert response.status_code == 422
    assert "mens du havde siden åben" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalars(select(FidelityReview)).one().score == 3
    # The form shown again keeps the 5 and knows the 3: one more press saves it.
    kept = shown_form(response.get_data(as_text=True), action=SAVE)
    assert dict(kept)["score-disclosure"] == "5"
    assert second.post(SAVE, data=typed(kept)).status_code == 302
    db.session.expire_all()
    assert db.session.scalars(select(FidelityReview)).one().score == 5


def test_a_note_too_long_is_refused_and_keeps_what_was_typed(client, team, login):
    login(Role.MANAGER, municipality=team[0])
    response = client.post(SAVE, data=typed(_review_form(client), **{"note-outreach": "x" * 1001}))
    assert response.status_code == 422
    assert "Højst 1.000 tegn. Du har skrevet 1.001." in response.get_data(as_text=True)
    assert db.session.scalars(select(FidelityReview)).all() == []


def test_a_contact_is_linked_to_citizens_of_the_consultants_own_caseload(client, team):
    viborg, anna, bo, carl = team
    employer = create_employer(name="Lager A/S")
    log_in(client, anna.email)
    path = f"/virksomheder/{employer.id}"
    page = client.get(path).get_data(as_text=True)
    assert "Ida Iversen" in page and "Ole Olsen" not in page  # only her own caseload
    (ida,) = own_caseload(anna)
    ole = own_caseload(bo)[0]
    response = post_form(
        client,
        f"{path}/kontakt",
        {
            "contact_date": "2026-02-03",
            "note": "Talte om Ida",
            "citizens": [str(ida.id)],
            "names_preferences": "y",
        },
        form_page=path,
    )
    assert response.status_code == 302
    saved = db.session.scalars(
        select(EmployerContact).where(EmployerContact.note == "Talte om Ida")
    ).one()
    assert [c.name for c in saved.candidates] == ["Ida Iversen"] and saved.names_preferences
    assert "Ida Iversen" in client.get(path).get_data(as_text=True)
    refused = post_form(
        client,
        f"{path}/kontakt",
        {"contact_date": "2026-02-03", "note": "Om en andens borger", "citizens": [str(ole.id)]},
        form_page=path,
    )
    assert refused.status_code == 200 and "Vælg" in refused.get_data(as_text=True)
