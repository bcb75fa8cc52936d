"""Agreements over HTTP: who may download and confirm, versions, paper, the CLI, the to-do lists."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from io import BytesIO

import pytest
from pypdf import PdfReader

from placement.agreements import versions
from placement.extensions import db
from placement.models import Party, Placement, PlacementStatus, Role, User
from placement.placements import lifecycle
from tests.conftest import csrf_token, log_in, missing, post_form
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

TODAY = SUITE_DAY
NAME = "Łukasz Østergård-Şahin"
CPR = "010190-1234"
CPR_DIGITS = "0101901234"
OLD_TASKS = "Plukke varer\nPakke kasser"


@dataclass
class Parties:
    placement: Placement
    consultant: User
    employer: User
    citizen: User

    @property
    def pages(self) -> dict[User, str]:
        """Where each party reads the agreement and presses "Bekræft aftalen"."""
        pid = self.placement.id
        return {
            self.consultant: f"/forloeb/{pid}",
            self.employer: f"/virksomhed/forslag/{pid}",
            self.citizen: f"/mine-tilbud/{pid}",
        }

    def pdf(self, version: int = 1) -> str:
        return f"/aftaler/{self.placement.id}/version-{version}.pdf"

    @property
    def number(self) -> str:
        return versions.document_number(self.placement)


@pytest.fixture
def viborg():
    return create_municipality()


@pytest.fixture
def parties(viborg) -> Parties:
    """An agreed placement (version 1, made by lifecycle.agree) starting today, and its people."""
    company = create_employer(name="Hald Lager ApS", employees=40)
    opening = create_opening(company, tasks=OLD_TASKS)
    candidate = create_candidate(viborg, name=NAME, birth_date=date(1990, 1, 1), cpr=CPR)
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")
    placement = create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=TODAY,
        end_date=TODAY + timedelta(weeks=8, days=-1),
        hours_per_week=10,
        tasks=OLD_TASKS,
    )
    lifecycle.agree(placement, consultant)
    db.session.commit()
    employer = create_user(Role.EMPLOYER, employer=company, name="Erik Lagerchef")
    citizen = create_user(Role.CITIZEN, candidate=candidate, name=NAME)
    return Parties(placement, consultant, employer, citizen)


@pytest.fixture
def other_placement(viborg) -> Parties:
    """Another agreed placement: another company, another citizen."""
    candidate = create_candidate(viborg, name="Anna Andersen")
    company = create_employer(name="Skive Bageri ApS", employees=40)
    consultant = create_user(Role.CONSULTANT, municipality=viborg)
    placement = create_placement(
        candidate=candidate,
        opening=create_opening(company),
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=TODAY,
        end_date=TODAY + timedelta(weeks=8, days=-1),
        hours_per_week=10,
    )
    lifecycle.agree(placement, consultant)
    db.session.commit()
    return Parties(
        placement,
        consultant,
        create_user(Role.EMPLOYER, employer=company),
        create_user(Role.CITIZEN, candidate=candidate),
    )


def signed_in(app, user: User):
    """A browser of its own for each person, so several can take turns in one test."""
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302, "login failed"
    return client


def pdf_text(response) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)


class _Forms(HTMLParser):
    """The forms of a page as a browser would submit them: action and hidden inputs."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action") or "", {}))
        elif tag == "input" and self.forms and attrs.get("type") == "hidden" and attrs.get("name"):
            self.forms[-1][1][attrs["name"]] = attrs.get("value") or ""


def confirm_form(client, page: str) -> tuple[str, dict[str, str]] | None:
    """The "Bekræft aftalen" form on a page, if the page offers it."""
    parser = _Forms()
    parser.feed(client.get(page).get_data(as_text=True))
    found = [form for form in parser.forms if form[0].endswith("/bekraeft")]
    assert len(found) <= 1
    return found[0] if found else None


def press_confirm(client, page: str):
    """Press "Bekræft aftalen" on the page, sending exactly what the form holds."""
    form = confirm_form(client, page)
    assert form is not None, f"no confirm button on {page}"
    action, fields = form
    return client.post(action, data=fields)


def confirmed_parties(placement: Placement, version: int) -> set[Party]:
    db.session.expire_all()
    agreement = versions.version_of(placement, version)
    return {c.party for c in agreement.confirmations}


# --- 1. download --------------------------------------------------------------------------------


def save_agreement(client, placement_id: int, follow_redirects=False, **changes):
    """The placement page's agreement form as shown, with some fields typed over, saved."""
    path = f"/forloeb/{placement_id}"
    shown = shown_form(client.get(path).get_data(as_text=True), f"{path}/aftale")
    return client.post(
        f"{path}/aftale", data=typed(shown, **changes), follow_redirects=follow_redirects
    )


def test_each_party_downloads_the_pdf_without_the_cpr_number(app, parties):
    for person, page in parties.pages.items():
        client = signed_in(app, person)
        response = client.get(parties.pdf(1))
        assert response.status_code == 200, person.role
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.data.startswith(b"%PDF")
        text = pdf_text(response)
        assert NAME in text and parties.number in text
        assert CPR not in text and CPR_DIGITS not in text
        html = client.get(page)
        assert html.status_code == 200, page
        html = html.get_data(as_text=True)
        assert NAME in html and parties.number in html
        assert CPR not in html and CPR_DIGITS not in html


# --- 2. refusals --------------------------------------------------------------------------------


def test_people_outside_the_placement_get_404(app, parties):
    silkeborg = create_municipality("Silkeborg", "740")
    outsiders = [
        create_user(Role.CONSULTANT, municipality=silkeborg),
        create_user(Role.EMPLOYER),
        create_user(Role.CITIZEN, municipality=parties.placement.candidate.municipality),
    ]
    for person in outsiders:
        assert signed_in(app, person).get(parties.pdf(1)).status_code == 404, person.role


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_managers_and_admins_get_403(app, parties, viborg, role):
    person = create_user(role, municipality=viborg)
    assert signed_in(app, person).get(parties.pdf(1)).status_code == 403


def test_anonymous_is_sent_to_the_login_page(client, parties):
    response = client.get(parties.pdf(1))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_version_or_placement_that_does_not_exist_is_404(app, parties):
    client = signed_in(app, parties.consultant)
    assert client.get(parties.pdf(2)).status_code == 404
    assert client.get(parties.pdf(0)).status_code == 404
    guessed = parties.placement.id + 1000
    assert client.get(f"/aftaler/{guessed}/version-1.pdf").status_code == 404


# --- 3. confirming ------------------------------------------------------------------------------


def test_all_three_confirm_from_their_own_page(app, parties):
    for person, page in parties.pages.items():
        client = signed_in(app, person)
        response = press_confirm(client, page)
        # Back to the page they confirmed on, thanked, and no longer asked.
        assert response.status_code == 302 and response.headers["Location"] == page
        shown = client.get(page).get_data(as_text=True)
        assert "Du har bekræftet aftalen." in shown and "Du har bekræftet denne version." in shown
        assert confirm_form(client, page) is None
    assert confirmed_parties(parties.placement, 1) == set(Party)

    text = pdf_text(signed_in(app, parties.citizen).get(parties.pdf(1)))
    confirmations = text[text.rindex("Bekræftelser") :]
    for person in (parties.consultant, parties.employer, parties.citizen):
        assert person.name in confirmations
    assert "Ikke bekræftet endnu" not in text


def test_confirming_twice_says_it_is_already_done(app, parties):
    page = parties.pages[parties.employer]
    client = signed_in(app, parties.employer)
    press_confirm(client, page)
    again = post_form(
        client,
        f"/aftaler/{parties.placement.id}/bekraeft",
        {"version": "1", "next": page},
        form_page=page,
        follow_redirects=True,
    )
    shown = again.get_data(as_text=True)
    assert "Bemærk:</strong> Det er allerede sket." in shown and "Fejl:" not in shown
    assert len(versions.version_of(parties.placement, 1).confirmations) == 1


def test_a_stale_version_is_refused_and_the_message_names_the_new_one(app, parties):
    pid = parties.placement.id
    consultant = signed_in(app, parties.consultant)
    page = parties.pages[parties.employer]
    employer = signed_in(app, parties.employer)
    token = csrf_token(employer, page)  # the company opened the page while it was version 1
    save_agreement(consultant, pid, tasks="Sortere returvarer")

    response = employer.post(
        f"/aftaler/{pid}/bekraeft",
        data={"csrf_token": token, "version": "1", "next": page},
        follow_redirects=True,
    )
    shown = response.get_data(as_text=True)
    assert "Aftalen er ændret, siden du åbnede siden. Læs version 2, og bekræft den." in shown
    assert confirmed_parties(parties.placement, 1) == set()
    assert confirmed_parties(parties.placement, 2) == set()


def test_the_company_and_citizen_of_another_placement_cannot_confirm_this_one(
    app, parties, other_placement
):
    target = f"/aftaler/{parties.placement.id}/bekraeft"
    for person, own_page in other_placement.pages.items():
        if person is other_placement.consultant:
            continue
        client = signed_in(app, person)
        response = post_form(client, target, {"version": "1", "next": own_page}, form_page=own_page)
        assert response.status_code == 404, person.role
    assert confirmed_parties(parties.placement, 1) == set()


# --- 4. versions --------------------------------------------------------------------------------


def test_changed_terms_make_version_2_and_version_1_stays_as_it_was(app, parties):
    pid = parties.placement.id
    employer = signed_in(app, parties.employer)
    press_confirm(employer, parties.pages[parties.employer])
    consultant = signed_in(app, parties.consultant)

    response = save_agreement(
        consultant,
        pid,
        follow_redirects=True,
        tasks="Sortere returvarer\nTælle lager",
        working_times="Mandag–torsdag kl. 9–13",
        mentor_name="Jens Mentor",
        mentor_role="Lagerformand",
    )
    shown = response.get_data(as_text=True)
    assert "Der er lavet version 2, som skal bekræftes igen." in shown
    assert "version 2" in shown and "Hvem har bekræftet version 2" in shown
    assert shown.count("<strong>Ikke endnu</strong>") == 3
    assert "Version 1 (PDF)" in shown

    first, second = consultant.get(parties.pdf(1)), consultant.get(parties.pdf(2))
    assert first.status_code == second.status_code == 200
    first, second = pdf_text(first), pdf_text(second)
    assert "Plukke varer" in first and "Sortere returvarer" not in first
    assert "Sortere returvarer" in second and "Tælle lager" in second
    assert "Plukke varer" not in second
    # The company confirmed what version 1 said, not version 2.
    assert parties.employer.name in first
    assert parties.employer.name not in second and second.count("Ikke bekræftet endnu") == 3
    assert confirm_form(employer, parties.pages[parties.employer]) is not None


# --- 5. paper -----------------------------------------------------------------------------------


def test_paper_confirmations_need_a_note_and_then_the_placement_starts(app, parties):
    pid = parties.placement.id
    page = parties.pages[parties.consultant]
    consultant = signed_in(app, parties.consultant)
    press_confirm(consultant, page)
    assert "Start forløbet" not in consultant.get(page).get_data(as_text=True)

    refused = post_form(
        consultant,
        f"/forloeb/{pid}/papir",
        {"version": "1", "party": "employer", "note": "  "},
        form_page=page,
    )
    assert refused.status_code == 200  # the page is kept, with the error next to the field
    shown = refused.get_data(as_text=True)
    assert "Der er noget, der skal rettes" in shown and "Note: Skal udfyldes." in shown
    assert confirmed_parties(parties.placement, 1) == {Party.CONSULTANT}

    for party, note in (
        ("employer", "Underskrevet af direktøren 3. marts"),
        ("citizen", "Underskrevet på mødet, kopi i sagen"),
    ):
        response = post_form(
            consultant,
            f"/forloeb/{pid}/papir",
            {"version": "1", "party": party, "note": note},
            form_page=page,
            follow_redirects=True,
        )
        shown = response.get_data(as_text=True)
        assert "Bekræftelsen på papir er noteret." in shown and note in shown
    assert confirmed_parties(parties.placement, 1) == set(Party)
    paper = versions.version_of(parties.placement, 1).confirmation_by(Party.CITIZEN)
    assert paper.on_paper and paper.user == parties.consultant

    shown = consultant.get(page).get_data(as_text=True)
    assert "Start forløbet" in shown
    started = post_form(
        consultant, f"/forloeb/{pid}/start", {}, form_page=page, follow_redirects=True
    )
    assert "Forløbet er i gang." in started.get_data(as_text=True)
    db.session.expire_all()
    assert parties.placement.status == PlacementStatus.ACTIVE


# --- 6. the command line ------------------------------------------------------------------------


def test_the_cli_writes_a_pdf_that_qpdf_accepts(runner, parties, tmp_path):
    if shutil.which("qpdf") is None:
        missing("qpdf is not installed")
    output = tmp_path / "aftale.pdf"
    result = runner.invoke(
        args=["agreement", "render", str(parties.placement.id), "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert parties.number in result.output and NAME not in result.output
    assert output.read_bytes().startswith(b"%PDF")
    check = subprocess.run(
        ["qpdf", "--check", str(output)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout


def test_the_cli_says_plainly_when_the_placement_does_not_exist(runner, tmp_path):
    output = tmp_path / "aftale.pdf"
    result = runner.invoke(args=["agreement", "render", "999999", "-o", str(output)])
    assert result.exit_code != 0
    assert "No placement with id 999999." in result.output
    assert not output.exists()


# --- 7. the to-do lists -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, home, waiting",
    [
        ("employer", "/virksomhed/", "aftalen venter på jeres bekræftelse"),
        ("citizen", "/mine-tilbud", "aftalen venter på din bekræftelse"),
    ],
)
def test_home_pages_say_the_agreement_waits_until_confirmed(app, parties, who, home, waiting):
    person = getattr(parties, who)
    client = signed_in(app, person)
    shown = client.get(home).get_data(as_text=True)
    assert waiting in shown and parties.placement.opening.title in shown
    press_confirm(client, parties.pages[person])
    shown = client.get(home).get_data(as_text=True)
    assert waiting not in shown and parties.placement.opening.title in shown
