"""Each person sees only their own: municipality, company, themselves."""

import pytest

from placement.models import Role
from tests.factories import (
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
)


def test_silkeborg_consultant_cannot_see_a_viborg_candidate(client, login, viborg, silkeborg):
    viborg_citizen = create_candidate(viborg, name="Vera Viborg")
    create_candidate(silkeborg, name="Sune Silkeborg")
    login(Role.CONSULTANT, municipality=silkeborg)

    assert client.get(f"/borgere/{viborg_citizen.id}").status_code == 404
    caseload = client.get("/borgere").get_data(as_text=True)
    assert "Sune Silkeborg" in caseload
    assert "Vera Viborg" not in caseload


def test_viborg_consultant_sees_the_viborg_candidate(client, login, viborg):
    citizen = create_candidate(viborg, name="Vera Viborg")
    login(Role.CONSULTANT, municipality=viborg)
    page = client.get(f"/borgere/{citizen.id}")
    assert page.status_code == 200
    assert "Vera Viborg" in page.get_data(as_text=True)


def test_caseload_lists_own_citizens_first(client, login, viborg):
    create_candidate(viborg, name="Aase Andenkonsulent")
    consultant = login(Role.CONSULTANT, municipality=viborg)
    create_candidate(viborg, name="Ølle Egen", consultant=consultant)
    page = client.get("/borgere").get_data(as_text=True)
    assert page.index("Ølle Egen") < page.index("Aase Andenkonsulent")


def test_caseload_never_shows_a_cpr_number(client, login, viborg):
    create_candidate(viborg, name="Cecilie Cpr", cpr="010190-1234")
    login(Role.CONSULTANT, municipality=viborg)
    page = client.get("/borgere").get_data(as_text=True)
    assert "Cecilie Cpr" in page
    assert "1234" not in page and "010190" not in page


def test_employer_sees_only_their_own_company(client, login):
    mine = create_employer(name="Min Virksomhed ApS")
    create_opening(mine, title="Mit opslag")
    create_opening(create_employer(name="Anden Virksomhed A/S"), title="Andres opslag")
    login(Role.EMPLOYER, employer=mine)
    page = client.get("/virksomhed/").get_data(as_text=True)
    assert "Mit opslag" in page
    assert "Andres opslag" not in page and "Anden Virksomhed" not in page


def test_employer_inbox_shows_only_proposals_to_their_company(client, login):
    mine, other = create_employer(), create_employer()
    create_placement(opening=create_opening(mine, title="Lagerjob hos os"))
    create_placement(opening=create_opening(other, title="Lagerjob hos andre"))
    login(Role.EMPLOYER, employer=mine)
    page = client.get("/virksomhed/").get_data(as_text=True)
    assert "Lagerjob hos os" in page
    assert "Lagerjob hos andre" not in page


def test_citizen_sees_only_their_own_offers(client, login, viborg):
    me = create_candidate(viborg)
    create_placement(candidate=me, opening=create_opening(title="Mit tilbud"))
    create_placement(candidate=create_candidate(viborg), opening=create_opening(title="Naboens"))
    login(Role.CITIZEN, candidate=me)
    page = client.get("/mine-tilbud").get_data(as_text=True)
    assert "Mit tilbud" in page
    assert "Naboens" not in page


def test_citizen_cannot_open_a_profile_page(client, login, viborg):
    me = create_candidate(viborg)
    login(Role.CITIZEN, candidate=me)
    assert client.get(f"/borgere/{me.id}").status_code == 403


@pytest.mark.parametrize(
    "role, path",
    [
        (Role.CITIZEN, "/admin/"),
        (Role.EMPLOYER, "/borgere"),
        (Role.CONSULTANT, "/admin/brugere"),
        (Role.MANAGER, "/virksomhed/"),
        (Role.EMPLOYER, "/leder"),
        (Role.CITIZEN, "/borgere"),
    ],
)
def test_pages_of_another_role_answer_403(client, login, role, path):
    login(role)
    assert client.get(path).status_code == 403


def test_manager_counts_only_their_own_municipality(client, login, viborg, silkeborg):
    # The caseload table names each consultant; only the manager's own appear.
    mine = create_user(Role.CONSULTANT, municipality=viborg, name="Vera Viborgsen")
    theirs = create_user(Role.CONSULTANT, municipality=silkeborg, name="Sigurd Silkeborgsen")
    create_placement(candidate=create_candidate(viborg, consultant=mine))
    create_placement(candidate=create_candidate(silkeborg, consultant=theirs))
    login(Role.MANAGER, municipality=viborg)
    page = client.get("/leder").get_data(as_text=True)
    assert "Vera Viborgsen" in page and "Sigurd Silkeborgsen" not in page
