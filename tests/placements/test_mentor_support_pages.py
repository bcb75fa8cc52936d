"""Mentor support on the pages: the consultant adds, changes and removes it; the citizen and the
company read it on their own placement pages. Forms are posted as the browser shows them."""

from datetime import timedelta

from placement.extensions import db
from placement.models import MentorGrant, PlacementStatus, Role
from placement.placements import lifecycle
from tests.conftest import log_in
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)
from tests.html_forms import shown_form, typed
from tests.suite_day import SUITE_DAY

START = SUITE_DAY + timedelta(days=14)
END = START + timedelta(weeks=8, days=-1)
GRANT = dict(
    mentor_name="Lene Holm",
    mentor_role="Værkfører",
    mentor_kind="internal",
    hours="7,5",
    start_date=START.isoformat(),
    end_date=(START + timedelta(weeks=4)).isoformat(),
    paid_by="jobcenter",
)


def setup(client):
    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg)
    company = create_employer(name="Lager ApS")
    candidate = create_candidate(viborg, name="Asta Andersen", consultant=consultant)
    placement = create_placement(
        candidate=candidate,
        opening=create_opening(company, title="Lagerpraktik"),
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        hours_per_week=10,
        start_date=START,
        end_date=END,
    )
    lifecycle.agree(placement, consultant)
    db.session.commit()
    assert log_in(client, consultant.email).status_code == 302
    return placement, consultant


def add(client, placement, **changes):
    path = f"/forloeb/{placement.id}/mentorstoette"
    shown = shown_form(client.get(path).get_data(as_text=True), path)
    return client.post(path, data=typed(shown, **{**GRANT, **changes}))


def test_the_consultant_adds_a_grant_from_the_placement_page(app, client):
    placement, _consultant = setup(client)
    page = client.get(f"/forloeb/{placement.id}").get_data(as_text=True)
    assert "Ingen mentorstøtte bevilget." in page
    assert f"/forloeb/{placement.id}/mentorstoette" in page

    response = add(client, placement)
    assert response.status_code == 302
    shown = client.get(response.location).get_data(as_text=True)
    assert "Mentorstøtten er gemt. Der er lavet version 2 af aftalen" in shown
    (grant,) = db.session.query(MentorGrant).all()
    assert (grant.mentor_name, grant.hours_tenths, grant.paid_by.value) == (
        "Lene Holm",
        75,
        "jobcenter",
    )
    page = client.get(f"/forloeb/{placement.id}").get_data(as_text=True)
    assert "Lene Holm, Værkfører" in page and "7,5" in page and "Jobcentret" in page


def test_a_refused_grant_says_why_by_the_field_and_keeps_what_was_typed(app, client):
    placement, _consultant = setup(client)
    response = add(client, placement, hours="7,25", end_date=(END + timedelta(days=3)).isoformat())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Skriv timerne med højst én decimal, fx 7,5." in page
    assert "Mentorstøtten skal slutte senest" in page
    assert 'value="Lene Holm"' in page and 'value="7,25"' in page
    assert db.session.query(MentorGrant).count() == 0

    response = add(client, placement, hours="syv")
    assert "Skriv et tal, fx 2 eller 7,5." in response.get_data(as_text=True)


def test_the_same_form_posted_twice_makes_one_grant(app, client):
    placement, _consultant = setup(client)
    path = f"/forloeb/{placement.id}/mentorstoette"
    data = typed(shown_form(client.get(path).get_data(as_text=True), path), **GRANT)
    assert client.post(path, data=data).status_code == 302
    again = client.post(path, data=data, follow_redirects=True).get_data(as_text=True)
    assert "Mentorstøtten er allerede gemt." in again
    assert db.session.query(MentorGrant).count() == 1


def test_an_edit_form_saved_untouched_changes_nothing(app, client):
    placement, _consultant = setup(client)
    add(client, placement)
    grant = db.session.query(MentorGrant).one()
    path = f"/forloeb/{placement.id}/mentorstoette/{grant.id}"
    shown = shown_form(client.get(path).get_data(as_text=True), path)
    response = client.post(path, data=typed(shown), follow_redirects=True)
    assert "Der var ingen ændringer at gemme." in response.get_data(as_text=True)
    db.session.expire_all()
    assert grant.edit_version == 1 and placement.agreement.version == 2


def test_two_editing_at_once_the_second_is_told(app, client):
    placement, _consultant = setup(client)
    add(client, placement)
    grant = db.session.query(MentorGrant).one()
    path = f"/forloeb/{placement.id}/mentorstoette/{grant.id}"
    first = shown_form(client.get(path).get_data(as_text=True), path)
    second = shown_form(client.get(path).get_data(as_text=True), path)
    assert client.post(path, data=typed(first, hours="5")).status_code == 302
    response = client.post(path, data=typed(second, hours="3"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Der er gemt ændringer, mens du skrev" in page
    assert 'value="3"' in page  # what this person typed stays in the field
    db.session.expire_all()
    assert grant.hours_tenths == 50 and placement.agreement.version == 3
    # Saved once more, on top of the other change.
    again = shown_form(page, path)
    assert client.post(path, data=typed(again)).status_code == 302
    db.session.expire_all()
    assert grant.hours_tenths == 30


def test_the_consultant_removes_a_grant(app, client):
    placement, _consultant = setup(client)
    add(client, placement)
    grant = db.session.query(MentorGrant).one()
    path = f"/forloeb/{placement.id}/mentorstoette"
    remove = f"{path}/{grant.id}/fjern"
    data = shown_form(client.get(path).get_data(as_text=True), remove)
    page = client.post(remove, data=typed(data), follow_redirects=True).get_data(as_text=True)
    assert "Mentorstøtten er fjernet." in page and "Ingen mentorstøtte bevilget." in page
    again = client.post(remove, data=typed(data), follow_redirects=True).get_data(as_text=True)
    assert "Mentorstøtten er allerede fjernet." in again
    db.session.expire_all()
    assert placement.agreement.version == 3


def test_another_municipalitys_consultant_finds_no_such_page(app, client):
    placement, _consultant = setup(client)
    add(client, placement)
    grant = db.session.query(MentorGrant).one()
    skive = create_municipality("Skive", "779")
    stranger = create_user(Role.CONSULTANT, municipality=skive)
    client = app.test_client()  # another person's browser
    assert log_in(client, stranger.email).status_code == 302
    path = f"/forloeb/{placement.id}/mentorstoette"
    assert client.get(path).status_code == 404
    assert client.get(f"{path}/{grant.id}").status_code == 404


def test_the_citizen_and_the_company_read_the_grant_on_their_own_pages(app, client):
    placement, _consultant = setup(client)
    add(client, placement)
    citizen = create_user(Role.CITIZEN, candidate=placement.candidate)
    client = app.test_client()  # the citizen's own browser
    assert log_in(client, citizen.email).status_code == 302
    page = client.get(f"/mine-tilbud/{placement.id}").get_data(as_text=True)
    assert "Mentorstøtte" in page and "Lene Holm, Værkfører" in page and "7,5" in page
    section = page.split('id="mentor-support-heading"')[1].split("</section>")[0]
    assert "Jobcentret" in section and "<form" not in section  # read only

    company_user = create_user(Role.EMPLOYER, employer=placement.opening.employer)
    client = app.test_client()
    assert log_in(client, company_user.email).status_code == 302
    page = client.get(f"/virksomhed/forslag/{placement.id}").get_data(as_text=True)
    assert "Lene Holm, Værkfører" in page and "Intern mentor (ansat i virksomheden)" in page
