"""The opening pages: a company (or a consultant on its behalf) creates, edits, publishes,
closes, fills and copies openings, and never touches another company's."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from placement.extensions import db
from placement.models import (
    EmployerStatus,
    InternshipPurpose,
    Kind,
    Opening,
    OpeningStatus,
    Role,
)
from tests.conftest import post_form, statements_sent
from tests.factories import adaptations, create_employer, create_opening
from tests.suite_day import SUITE_DAY

SOON = SUITE_DAY + timedelta(days=14)


def form(**fields):
    base = {
        "kind": "internship",
        "title": "Lagerpraktik",
        "description": "Et travlt lager.",
        "tasks": "Pakke varer\nTjekke lister",
        "purpose": "job_goal",
        "postcode": "8800",
        "city": "Viborg",
        "hours_min": "10",
        "hours_max": "20",
        "start_date": SOON.isoformat(),
        "duration_weeks": "8",
        "seats": "1",
    }
    return {**base, **fields}


def count_openings() -> int:
    return db.session.scalar(select(func.count(Opening.id)))


def reload(opening: Opening) -> Opening:
    db.session.expire_all()
    return db.session.get(Opening, opening.id)


def only_opening() -> Opening:
    db.session.expire_all()
    return db.session.scalars(select(Opening)).one()


def field_error(page: str, field: str) -> str:
    """The error shown next to a field (empty if there is none)."""
    match = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', page, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def employer_user(login):
    return login(Role.EMPLOYER, employer=create_employer(name="Grøn Have ApS"))


@pytest.mark.parametrize("kind", list(Kind))
def test_an_employer_saves_a_draft_of_every_kind_and_sees_it(client, employer_user, kind):
    response = post_form(client, "/opslag/ny", form(kind=kind.value), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Opslaget er gemt som kladde." in page
    assert "<h1>Lagerpraktik</h1>" in page and 'badge--draft">Kladde<' in page
    opening = only_opening()
    assert (opening.kind, opening.status) == (kind, OpeningStatus.DRAFT)
    assert opening.employer_id == employer_user.employer_id
    # Only an internship has a purpose; the form's choice is dropped for the other kinds.
    expected = InternshipPurpose.JOB_GOAL if kind == Kind.INTERNSHIP else None
    assert opening.purpose == expected
    assert response.request.path == f"/opslag/{opening.id}"


def test_everything_typed_is_saved_and_shown_on_the_detail_page(client, employer_user):
    offered = adaptations("quiet_workspace", "mentor")
    response = post_form(
        client,
        "/opslag/ny",
        form(
            flexible_schedule="y",
            adaptation_ids=[str(a.id) for a in offered],
            adaptation_note="Vi har et roligt pauserum.",
            mentor_available="y",
            mentor_name="Lis Lager",
            mentor_role="Lagerformand",
            skills="truckkort, orden",
            deadline=(SOON - timedelta(days=3)).isoformat(),
            seats="2",
        ),
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    opening = only_opening()
    assert {a.code for a in opening.adaptations} == {"quiet_workspace", "mentor"}
    assert opening.flexible_schedule and opening.seats == 2
    assert (opening.mentor_name, opening.mentor_role) == ("Lis Lager", "Lagerformand")
    assert opening.deadline == SOON - timedelta(days=3)
    for text in (
        "Stille arbejdsplads",
        "Mentor eller makker",
        "Vi har et roligt pauserum.",
        "Lis Lager",
        "Lagerformand",
        "truckkort, orden",
        "Pakke varer<br>Tjekke lister",
        "Afklare et jobmål",
        "10 til 20 timer",
        "8 uger",
    ):
        assert text in page, text


def test_an_openings_page_reads_it_with_its_company_workplace_and_adaptations_at_once(
    client, login
):
    company = create_employer(name="Grøn Have ApS")
    opening = create_opening(company, title="Gartnerpraktik")
    opening.adaptations = adaptations("quiet_workspace", "mentor")
    db.session.commit()
    login(Role.CONSULTANT)
    path, workplace = f"/opslag/{opening.id}", opening.workplace.label
    with statements_sent() as sent:
        page = client.get(path).get_data(as_text=True)
    for text in ("Gartnerpraktik", "Grøn Have ApS", workplace, "Stille arbejdsplads"):
        assert text in page, text
    # The consultant with the bell's count, then the opening with what the page shows of it.
    assert len(sent) == 2, [s[:70] for s in sent]


def test_an_approved_company_publishes_its_draft(client, employer_user):
    opening = create_opening(employer_user.employer, status=OpeningStatus.DRAFT)
    path = f"/opslag/{opening.id}"
    response = post_form(client, f"{path}/slaa-op", {}, form_page=path, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Opslaget er slået op." in page and 'badge--published">Slået op<' in page
    assert reload(opening).status == OpeningStatus.PUBLISHED


def test_a_pending_company_prepares_drafts_but_cannot_publish(client, login):
    login(Role.EMPLOYER, employer=create_employer(status=EmployerStatus.PENDING))
    page = post_form(client, "/opslag/ny", form(), follow_redirects=True).get_data(as_text=True)
    assert "Opslaget er gemt som kladde." in page
    assert "først slås op, når jobcentret har godkendt virksomheden" in page
    assert ">Slå op</button>" not in page
    opening = only_opening()
    path = f"/opslag/{opening.id}"
    page = post_form(client, f"{path}/slaa-op", {}, form_page=path, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Virksomheden skal godkendes af jobcentret, før I kan slå opslag op." in page
    assert reload(opening).status == OpeningStatus.DRAFT


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"hours_max": "40"}, "hours_max", "Højst 37 timer om ugen (fuld tid)."),
        (
            {"end_date": (SOON - timedelta(days=1)).isoformat(), "duration_weeks": ""},
            "end_date",
            "Sidste dag skal ligge efter første dag.",
        ),
        ({"duration_weeks": "14"}, "duration_weeks", "Virksomhedspraktik kan højst vare 13 uger"),
        ({"seats": "0"}, "seats", "Der skal være mindst 1 plads."),
        ({"hours_min": "abc"}, "hours_min", "Skriv et helt tal."),
        ({"title": ""}, "title", "Skal udfyldes."),
        ({"title": "x" * 201}, "title", "Højst 200 tegn. Du har skrevet 201."),
        ({"purpose": ""}, "purpose", "Vælg formålet med praktikken."),
    ],
)
def test_a_mistake_is_explained_next_to_its_field_and_nothing_is_saved(
    client, employer_user, fields, field, message
):
    response = post_form(client, "/opslag/ny", form(**{"title": "Min praktik", **fields}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in field_error(page, field)
    assert "Der er noget, der skal rettes" in page
    if "title" not in fields:
        assert 'value="Min praktik"' in page
    assert count_openings() == 0


def test_editing_changes_the_opening(client, employer_user):
    opening = create_opening(
        employer_user.employer,
        status=OpeningStatus.DRAFT,
        purpose=InternshipPurpose.SKILLS,
        adaptation_codes=("quiet_workspace", "extra_breaks"),
    )
    path = f"/opslag/{opening.id}/ret"
    page = client.get(path).get_data(as_text=True)
    assert 'value="Lagermedhjælper"' in page
    quiet = adaptations("quiet_workspace")[0]
    assert re.search(rf'id="adaptation_ids-{quiet.id}"[^>]*checked', page)
    response = post_form(
        client,
        path,
        form(title="Pakkeri", hours_max="25", adaptation_ids=[str(quiet.id)]),
        follow_redirects=True,
    )
    assert "Ændringerne er gemt." in response.get_data(as_text=True)
    opening = reload(opening)
    assert (opening.title, opening.hours_max) == ("Pakkeri", 25)
    assert [a.code for a in opening.adaptations] == ["quiet_workspace"]


def test_a_published_opening_is_filled_and_another_is_closed(client, employer_user):
    filled = create_opening(employer_user.employer)
    closed = create_opening(employer_user.employer)
    page = post_form(
        client,
        f"/opslag/{filled.id}/besat",
        {},
        form_page=f"/opslag/{filled.id}",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Opslaget er meldt besat." in page and 'badge--filled">Besat<' in page
    page = post_form(
        client,
        f"/opslag/{closed.id}/luk",
        {},
        form_page=f"/opslag/{closed.id}",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Opslaget er lukket." in page and 'badge--closed">Lukket<' in page
    assert reload(filled).status == OpeningStatus.FILLED
    assert reload(closed).status == OpeningStatus.CLOSED


def test_a_closed_opening_cannot_be_edited(client, employer_user):
    opening = create_opening(employer_user.employer, status=OpeningStatus.CLOSED)
    response = client.get(f"/opslag/{opening.id}/ret", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.request.path == f"/opslag/{opening.id}"
    assert "Et lukket opslag kan ikke rettes. Kopiér det i stedet." in page
    assert f'href="/opslag/{opening.id}/ret"' not in page
    post_form(
        client,
        f"/opslag/{opening.id}/ret",
        form(title="Nyt navn"),
        form_page=f"/opslag/{opening.id}",
    )
    assert reload(opening).title == "Lagermedhjælper"


def test_copying_makes_a_draft_without_dates_and_opens_it_for_editing(client, employer_user):
    opening = create_opening(
        employer_user.employer, status=OpeningStatus.FILLED, adaptation_codes=("mentor",)
    )
    response = post_form(
        client,
        f"/opslag/{opening.id}/kopier",
        {},
        form_page=f"/opslag/{opening.id}",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Kopien er gemt som kladde. Ret datoerne, før du slår den op." in page
    copy = db.session.scalars(select(Opening).where(Opening.id != opening.id)).one()
    assert response.request.path == f"/opslag/{copy.id}/ret"
    assert 'value="Kopi af Lagermedhjælper"' in page
    assert copy.status == OpeningStatus.DRAFT and copy.start_date is None
    assert [a.code for a in copy.adaptations] == ["mentor"]


def test_an_employer_cannot_reach_another_companys_opening(client, employer_user):
    theirs = create_opening(create_employer(name="Anden A/S"), status=OpeningStatus.DRAFT)
    mine = create_opening(employer_user.employer)
    token_page = f"/opslag/{mine.id}"
    assert client.get(f"/opslag/{theirs.id}").status_code == 404
    assert client.get(f"/opslag/{theirs.id}/ret").status_code == 404
    for action in ("slaa-op", "luk", "besat", "kopier", "ret"):
        response = post_form(
            client, f"/opslag/{theirs.id}/{action}", form(title="Overtaget"), form_page=token_page
        )
        assert response.status_code == 404, action
    theirs = reload(theirs)
    assert (theirs.status, theirs.title) == (OpeningStatus.DRAFT, "Lagermedhjælper")
    assert count_openings() == 2


def test_an_employer_cannot_create_for_another_company(client, employer_user):
    other = create_employer()
    response = post_form(
        client, f"/opslag/ny?virksomhed={other.id}", form(), form_page="/opslag/ny"
    )
    assert response.status_code == 404
    assert count_openings() == 0


def test_a_consultant_creates_and_edits_on_a_companys_behalf(client, login):
    company = create_employer(name="Grøn Have ApS")
    login(Role.CONSULTANT)
    assert client.get("/opslag/ny").status_code == 404
    assert client.get("/opslag/ny?virksomhed=999999").status_code == 404
    path = f"/opslag/ny?virksomhed={company.id}"
    assert "Virksomhed: Grøn Have ApS" in client.get(path).get_data(as_text=True)
    response = post_form(client, path, form(), follow_redirects=True)
    assert "Opslaget er gemt som kladde." in response.get_data(as_text=True)
    opening = only_opening()
    assert opening.employer_id == company.id
    post_form(client, f"/opslag/{opening.id}/ret", form(title="Havepraktik"))
    assert reload(opening).title == "Havepraktik"


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.MANAGER])
def test_citizens_and_managers_may_not_open_the_pages(client, login, role):
    opening = create_opening()
    login(role)
    assert client.get("/opslag/ny").status_code == 403
    assert client.get(f"/opslag/{opening.id}").status_code == 403
    assert client.get(f"/opslag/{opening.id}/ret").status_code == 403


def test_anonymous_people_are_sent_to_log_in(client):
    opening = create_opening()
    response = client.get(f"/opslag/{opening.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(client, employer_user):
    opening = create_opening(employer_user.employer, status=OpeningStatus.DRAFT)
    assert client.post("/opslag/ny", data=form()).status_code == 400
    assert client.post(f"/opslag/{opening.id}/slaa-op").status_code == 400
    assert client.post(f"/opslag/{opening.id}/ret", data=form(title="X")).status_code == 400
    assert count_openings() == 1
    opening = reload(opening)
    assert (opening.status, opening.title) == (OpeningStatus.DRAFT, "Lagermedhjælper")
