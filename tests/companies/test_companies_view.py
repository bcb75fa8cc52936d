"""The jobcenter's company pages: list, approval, ratio rule, placements and contact log."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from placement.extensions import db
from placement.models import (
    EmployerContact,
    EmployerStatus,
    Kind,
    OpeningStatus,
    PlacementStatus,
    Role,
)
from tests.conftest import post_form
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_workplace,
)


def _status(employer):
    db.session.expire_all()
    return db.session.get(type(employer), employer.id).status


def test_pending_companies_come_first_then_by_name(client, login):
    login(Role.CONSULTANT)
    create_employer(name="Alfa Byg ApS", status=EmployerStatus.APPROVED)
    create_employer(name="Zulu Pleje ApS", status=EmployerStatus.PENDING)
    create_employer(name="Beta Lager ApS", status=EmployerStatus.SUSPENDED)
    create_employer(name="Mellem Have ApS", status=EmployerStatus.PENDING)
    page = client.get("/virksomheder/").get_data(as_text=True)
    positions = [
        page.index(name)
        for name in ("Mellem Have ApS", "Zulu Pleje ApS", "Alfa Byg ApS", "Beta Lager ApS")
    ]
    assert positions == sorted(positions)


def test_the_list_shows_open_openings_and_the_ratio(client, login):
    login(Role.CONSULTANT)
    employer = create_employer(name="Grøn Have ApS", employees=12)
    create_opening(employer)
    create_opening(employer, title="Gartner", kind=Kind.WAGE_SUBSIDY)
    create_placement(
        opening=create_opening(employer, title="Kladde", status=OpeningStatus.DRAFT),
        status=PlacementStatus.ACTIVE,
    )
    page = client.get("/virksomheder/").get_data(as_text=True)
    row = page[page.index("Grøn Have ApS") :]
    row = row[: row.index("</tr>")]
    assert '<td class="num">2</td>' in row  # two published, the draft not counted
    assert "1 af 2" in row


def test_search_by_name_and_by_cvr(client, login):
    login(Role.ADMIN)
    green = create_employer(name="Grøn Have ApS")
    other = create_employer(name="Blå Bilværksted A/S")
    by_name = client.get("/virksomheder/?q=grøn").get_data(as_text=True)
    assert "Grøn Have ApS" in by_name and "Blå Bilværksted" not in by_name
    by_cvr = client.get(f"/virksomheder/?q={other.cvr[:4]} {other.cvr[4:]}").get_data(as_text=True)
    assert "Blå Bilværksted" in by_cvr and green.name not in by_cvr


def test_filter_by_status(client, login):
    login(Role.CONSULTANT)
    create_employer(name="Venter ApS", status=EmployerStatus.PENDING)
    create_employer(name="Godkendt ApS", status=EmployerStatus.APPROVED)
    page = client.get("/virksomheder/?status=pending").get_data(as_text=True)
    assert "Venter ApS" in page and "Godkendt ApS" not in page


def test_a_consultant_approves_a_pending_company_and_is_told_so(client, login):
    login(Role.CONSULTANT)
    employer = create_employer(name="Grøn Have ApS", status=EmployerStatus.PENDING)
    response = post_form(
        client,
        f"/virksomheder/{employer.id}/godkend",
        {"q": "grøn", "status": "pending"},
        form_page="/virksomheder/",
    )
    assert response.status_code == 302
    assert response.location.startswith("/virksomheder/?")
    assert "q=gr" in response.location and "status=pending" in response.location
    assert _status(employer) == EmployerStatus.APPROVED
    assert "Grøn Have ApS er godkendt." in client.get("/virksomheder/").get_data(as_text=True)


def test_a_consultant_suspends_from_the_company_page_and_lands_there(client, login):
    login(Role.CONSULTANT)
    employer = create_employer(name="Grøn Have ApS")
    path = f"/virksomheder/{employer.id}"
    response = post_form(
        client, f"{path}/suspender", {"from": "company"}, form_page=path, follow_redirects=True
    )
    assert response.request.path == path
    assert "Grøn Have ApS er suspenderet." in response.get_data(as_text=True)
    assert _status(employer) == EmployerStatus.SUSPENDED


def test_only_sensible_buttons_are_shown(client, login):
    login(Role.CONSULTANT)
    employer = create_employer(name="Grøn Have ApS", status=EmployerStatus.APPROVED)
    page = client.get(f"/virksomheder/{employer.id}").get_data(as_text=True)
    assert f"/virksomheder/{employer.id}/suspender" in page
    assert f"/virksomheder/{employer.id}/godkend" not in page


def test_approving_twice_says_it_is_already_approved(client, login):
    login(Role.CONSULTANT)
    employer = create_employer()
    response = post_form(
        client,
        f"/virksomheder/{employer.id}/godkend",
        {},
        form_page="/virksomheder/",
        follow_redirects=True,
    )
    assert "Virksomheden er allerede godkendt." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CITIZEN, Role.MANAGER])
def test_other_roles_may_neither_see_nor_approve(client, login, role):
    employer = create_employer(status=EmployerStatus.PENDING)
    login(role)
    assert client.get("/virksomheder/").status_code == 403
    assert client.get(f"/virksomheder/{employer.id}").status_code == 403
    response = post_form(
        client, f"/virksomheder/{employer.id}/godkend", {}, form_page="/virksomheder/"
    )  # the 403 page has a token too
    assert response.status_code == 403
    assert _status(employer) == EmployerStatus.PENDING


def test_anonymous_people_are_sent_to_login_and_cannot_approve(client):
    employer = create_employer(status=EmployerStatus.PENDING)
    response = client.get("/virksomheder/")
    assert response.status_code == 302 and "/login" in response.location
    response = post_form(client, f"/virksomheder/{employer.id}/godkend", {}, form_page="/login")
    assert response.status_code == 302 and "/login" in response.location
    assert _status(employer) == EmployerStatus.PENDING


def test_a_post_without_csrf_token_is_refused(client, login):
    login(Role.CONSULTANT)
    employer = create_employer(status=EmployerStatus.PENDING)
    assert client.post(f"/virksomheder/{employer.id}/godkend").status_code == 400
    assert _status(employer) == EmployerStatus.PENDING
    response = client.post(
        f"/virksomheder/{employer.id}/kontakt",
        data={"contact_date": "2027-01-04", "note": "Uden token"},
    )
    assert response.status_code == 400
    assert db.session.scalar(select(EmployerContact)) is None


def test_an_unknown_company_is_not_found(client, login):
    login(Role.CONSULTANT)
    assert client.get("/virksomheder/999999").status_code == 404


def _workplace_rows(page: str) -> list[str]:
    """The workplaces table's rows, as text with single spaces."""
    section = page.split('id="arbejdssteder"', 1)[1].split("</section>", 1)[0]
    rows = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("</tr>")[:-1]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_the_ratio_box_for_twelve_employees_and_one_internship(client, login):
    login(Role.CONSULTANT)
    employer = create_employer(name="Tolv ApS", address="Vej 1", employees=12)
    create_placement(opening=create_opening(employer), status=PlacementStatus.ACTIVE)
    page = client.get(f"/virksomheder/{employer.id}").get_data(as_text=True)
    assert _workplace_rows(page) == [
        "Tolv ApS Vej 1, 8800 Viborg Ikke oplyst 12 1 af 2. Plads til 1 mere."
        " Ingen forløb er slut de seneste 24 måneder Ret Tolv ApS"
    ]


def test_the_company_page_shows_the_rule_per_workplace(client, login):
    login(Role.CONSULTANT)
    employer = create_employer(name="Kæde A/S", address="Vej 1", employees=3, p_number="1111111111")
    create_placement(opening=create_opening(employer), status=PlacementStatus.ACTIVE)
    create_workplace(
        employer,
        name="Filial",
        address="Gade 2",
        postcode="8600",
        city="Silkeborg",
        p_number="2222222222",
        employees=60,
    )
    page = client.get(f"/virksomheder/{employer.id}").get_data(as_text=True)
    assert _workplace_rows(page) == [
        "Kæde A/S Vej 1, 8800 Viborg 1111111111 3 1 af 1. Der er ikke plads til flere lige nu. "
        "Ingen forløb er slut de seneste 24 måneder Ret Kæde A/S",
        "Filial Gade 2, 8600 Silkeborg 2222222222 60 0 af 11. Plads til 11 mere. "
        "Ingen forløb er slut de seneste 24 måneder Ret Filial",
    ]
    listing = client.get("/virksomheder/").get_data(as_text=True)
    assert "Kæde A/S: 1 af 1<br>Filial: 0 af 11" in listing
    # Its openings say where each is.
    openings = page.split('id="openings-caption"', 1)[1].split("</table>", 1)[0]
    assert '<th scope="col">Arbejdssted</th>' in openings and "<td>Kæde A/S</td>" in openings


def test_a_full_company_says_there_is_no_room(client, login):
    login(Role.CONSULTANT)
    employer = create_employer(employees=3)
    create_placement(opening=create_opening(employer), status=PlacementStatus.AGREED)
    page = client.get(f"/virksomheder/{employer.id}").get_data(as_text=True)
    assert "1 af 1." in page and "Der er ikke plads til flere lige nu." in page


def test_the_company_page_shows_facts_and_openings(client, login):
    login(Role.CONSULTANT)
    employer = create_employer(
        name="Grøn Have ApS",
        p_number="1234567890",
        public_sector=True,
        contact_name="Hanne Have",
        contact_email="hanne@gronhave.dk",
    )
    opening = create_opening(employer, title="Gartnermedhjælper", kind=Kind.WAGE_SUBSIDY)
    page = client.get(f"/virksomheder/{employer.id}").get_data(as_text=True)
    for text in (
        employer.cvr,
        "1234567890",
        "Offentlig",
        "Hanne Have",
        "hanne@gronhave.dk",
        "Gartnermedhjælper",
        "Løntilskud",
        "Opret opslag for virksomheden",
    ):
        assert text in page
    assert f'href="/opslag/{opening.id}"' in page
    assert f"virksomhed={employer.id}" in page


def test_a_consultant_records_a_contact_and_sees_it_newest_first(client, login):
    consultant = login(Role.CONSULTANT, name="Kirsten Konsulent")
    employer = create_employer()
    path = f"/virksomheder/{employer.id}"
    post_form(
        client,
        f"{path}/kontakt",
        {"contact_date": "2026-09-04", "note": "Første møde"},
        form_page=path,
    )
    response = post_form(
        client,
        f"{path}/kontakt",
        {"contact_date": "2026-10-01", "note": "Talte om en praktikplads"},
        form_page=path,
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Kontakten er skrevet i loggen." in page
    assert page.index("Talte om en praktikplads") < page.index("Første møde")
    assert "Kirsten Konsulent" in page
    contacts = db.session.scalars(select(EmployerContact)).all()
    assert {c.consultant_id for c in contacts} == {consultant.id}
    assert {c.contact_date for c in contacts} == {date(2026, 9, 4), date(2026, 10, 1)}


def test_the_contact_date_defaults_to_today(client, login):
    login(Role.CONSULTANT)
    employer = create_employer()
    page = client.get(f"/virksomheder/{employer.id}").get_data(as_text=True)
    assert f'value="{date.today().isoformat()}"' in page


@pytest.mark.parametrize(
    "data, error",
    [
        (
            {"contact_date": "4. januar", "note": "Talte om praktik"},
            "Skriv en dato som år-måned-dag",
        ),
        ({"contact_date": "2027-01-04", "note": "   "}, "Skal udfyldes."),
    ],
)
def test_a_bad_contact_is_not_saved_and_what_was_typed_is_kept(client, login, data, error):
    login(Role.CONSULTANT)
    employer = create_employer()
    path = f"/virksomheder/{employer.id}"
    response = post_form(client, f"{path}/kontakt", data, form_page=path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Der er noget, der skal rettes" in page and error in page
    assert 'aria-invalid="true"' in page
    if data["note"].strip():
        assert data["note"] in page
    assert f'value="{data["contact_date"]}"' in page
    assert db.session.scalar(select(EmployerContact)) is None


def test_a_consultant_sees_the_company_but_not_another_municipality_s_placement(client, login):
    viborg, silkeborg = create_municipality(), create_municipality("Silkeborg", "740")
    login(Role.CONSULTANT, municipality=silkeborg)
    employer = create_employer(name="Fælles Lager ApS")
    opening = create_opening(employer)
    create_placement(
        create_candidate(viborg, name="Viggo Viborg"), opening, status=PlacementStatus.ACTIVE
    )
    create_placement(create_candidate(silkeborg, name="Sille Silkeborg"), opening)
    assert "Fælles Lager ApS" in client.get("/virksomheder/").get_data(as_text=True)
    page = client.get(f"/virksomheder/{employer.id}").get_data(as_text=True)
    assert "Sille Silkeborg" in page
    assert "Viggo Viborg" not in page
    # The ratio rule still counts the Viborg citizen: the workplace's places are shared.
    assert "1 af 4. Plads til 3 mere." in _workplace_rows(page)[0]
