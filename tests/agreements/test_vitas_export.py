"""The VITAS export: the confirmed agreement's fields, as CSV and JSON, for the consultant only."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import UTC, date, timedelta

import pytest
from sqlalchemy import select

from placement.agreements import representative, versions, vitas_export
from placement.agreements.versions import Terms
from placement.common.clock import COPENHAGEN
from placement.extensions import db
from placement.models import (
    AuditAction,
    AuditEvent,
    AuditSubject,
    InternshipPurpose,
    Kind,
    MentorGrant,
    MentorKind,
    MentorPayer,
    PlacementStatus,
    RepresentativeDecision,
    Role,
    User,
)
from placement.placements import hours_plan, lifecycle
from tests.agreements.representative_helpers import token_from
from tests.conftest import log_in, post_form
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
    declare_net_growth,
)
from tests.html_forms import shown_form, typed

START = date(2030, 3, 4)
END = START + timedelta(weeks=8, days=-1)
NAME = "Łukasz Østergård-Şahin"
CPR = "010190-1234"


@pytest.fixture
def viborg():
    return create_municipality()


@pytest.fixture
def consultant(viborg):
    return create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")


def _placement(consultant, viborg, kind=Kind.INTERNSHIP, public=False, **opening_fields):
    """An agreed placement at a company with a P-number and a contact, confirmed by all three."""
    company = create_employer(
        name="Hald Lager & Søn ApS",
        p_number="1012345678",
        address="Vestergade 4",
        postcode="8800",
        city="Viborg",
        contact_name="Lene Holm",
        contact_phone="86 12 34 56",
        public_sector=public,
    )
    opening = create_opening(company, kind=kind, title="Lagermedhjælper", **opening_fields)
    candidate = create_candidate(
        viborg, name=NAME, birth_date=date(1990, 1, 1), cpr=CPR, consultant=consultant
    )
    placement = create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=START,
        end_date=END,
        hours_per_week=10,
        working_times="Mandag–torsdag kl. 9–13",
        tasks="Plukke varer\nPakke kasser; mærke dem",
        mentor_name="Jens Ørum",
        mentor_role="Lagerformand",
    )
    hours_plan.replace_plan(placement, [(1, 10), (3, 15)])
    if kind == Kind.WAGE_SUBSIDY:
        declare_net_growth(placement)
    lifecycle.agree(placement, consultant, today=START)
    db.session.commit()
    return placement


def _confirm_all(placement, consultant):
    employer = create_user(Role.EMPLOYER, employer=placement.opening.employer)
    citizen = create_user(Role.CITIZEN, candidate=placement.candidate)
    for person in (consultant, employer, citizen):
        versions.confirm(placement, person, placement.agreement.version)
    db.session.commit()


@pytest.fixture
def internship(consultant, viborg):
    placement = _placement(consultant, viborg, purpose=InternshipPurpose.JOB_GOAL)
    _confirm_all(placement, consultant)
    return placement


def _export(placement, with_cpr=True) -> dict[str, str]:
    rows = vitas_export.rows_for(
        placement, vitas_export.confirmed_version(placement), with_cpr=with_cpr
    )
    return {field.label: vitas_export.as_text(value, iso=True) for field, value in rows}


# --- the fields ---------------------------------------------------------------------------------


def test_an_internship_exports_what_vitas_asks_for(internship):
    number = versions.document_number(internship)
    assert _export(internship) == {
        "Aftalenummer": number,
        "Aftaleversion": "1",
        "CPR-nummer": CPR,
        "Borgerens navn": NAME,
        "Tilbudstype": "Virksomhedspraktik",
        "CVR-nummer": internship.opening.employer.cvr,
        "P-nummer": "1012345678",
        "Virksomhedens navn": "Hald Lager & Søn ApS",
        "Virksomhedens adresse": "Vestergade 4, 8800 Viborg",
        "Kontaktperson i virksomheden": "Lene Holm, tlf. 86 12 34 56",
        "Startdato": "2030-03-04",
        "Slutdato": "2030-04-28",
        "Timer pr. uge": "10",
        "Optrapning af timer": "fra uge 1: 10 timer, fra uge 3: 15 timer",
        "Arbejdstider": "Mandag–torsdag kl. 9–13",
        "Formål med praktikken": "Afklare et jobmål",
        "Jobfunktion": "Lagermedhjælper",
        "Arbejdsopgaver": "Plukke varer; Pakke kasser; mærke dem",
        "Mentor": "Jens Ørum",
        "Mentorens funktion": "Lagerformand",
        # Wage subsidy only: empty, not invented.
        "Antal fuldtidsansatte": "",
        "Tillidsrepræsentant": "",
        "Lønudgift pr. måned (kr.)": "",
        # Neither a representative nor net growth for an internship, and no mentor support.
        "Tillidsrepræsentant, navn": "",
        "Tillidsrepræsentantens godkendelse": "",
        "Tillidsrepræsentanten svarede": "",
        "Merbeskæftigelse: måned": "",
        "Merbeskæftigelse: almindelige ansatte i måneden": "",
        "Merbeskæftigelse: gennemsnit for de 12 måneder før": "",
        "Merbeskæftigelse: kravet opfyldt": "",
        "Merbeskæftigelse: erklæret af": "",
        "Merbeskæftigelse: erklæret": "",
        "Mentorstøtte: mentor": "",
        "Mentorstøtte: intern eller ekstern": "",
        "Mentorstøtte: timer pr. uge": "",
        "Mentorstøtte: fra": "",
        "Mentorstøtte: til": "",
        "Mentorstøtte: betales af": "",
        "Jobcenter": f"Jobcenter {internship.candidate.municipality.name}",
        "Jobkonsulent": f"Mette Konsulent, {internship.consultant.email}",
    }


def test_a_wage_subsidy_at_a_public_employer_exports_its_figures(consultant, viborg):
    placement = _placement(consultant, viborg, kind=Kind.WAGE_SUBSIDY, public=True)
    versions.set_terms(
        placement,
        Terms(
            tasks="Lager",
            mentor_name="Jens Ørum",
            full_time_employees=42,
            staff_representative="Kim Tillid",
            monthly_wage_cost=32500,
        ),
        consultant,
    )
    db.session.commit()
    _confirm_all(placement, consultant)
    fields = _export(placement)
    assert fields["Aftaleversion"] == "2"
    assert fields["Tilbudstype"] == "Løntilskud, offentlig arbejdsgiver"
    assert fields["Formål med praktikken"] == ""
    assert (
        fields["Antal fuldtidsansatte"],
        fields["Tillidsrepræsentant"],
        fields["Lønudgift pr. måned (kr.)"],
    ) == ("42", "Kim Tillid", "32500")


def _wage_subsidy_with_everything(consultant, viborg, outbox, *, representative_answers=True):
    """A wage subsidy with two grants of mentor support, a representative who approved, and a
    net growth declaration by the company's contact, confirmed by all three."""
    company = create_employer(name="Hald Lager & Søn ApS")
    opening = create_opening(company, kind=Kind.WAGE_SUBSIDY, title="Lagermedhjælper")
    candidate = create_candidate(viborg, name=NAME, cpr=CPR, consultant=consultant)
    placement = create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=START,
        end_date=END,
        hours_per_week=20,
        staff_representative="Kim Tillid",
        staff_representative_email="kim@example.dk",
    )
    placement.mentor_grants.extend(
        [
            MentorGrant(
                mentor_name="Lene Holm",
                mentor_role="Værkfører",
                mentor_kind=MentorKind.INTERNAL,
                hours_tenths=75,
                start_date=START,
                end_date=START + timedelta(weeks=4, days=-1),
                paid_by=MentorPayer.JOBCENTER,
            ),
            MentorGrant(
                mentor_name="Mentorhuset",
                mentor_kind=MentorKind.EXTERNAL,
                hours_tenths=20,
                start_date=START + timedelta(weeks=4),
                end_date=END,
                paid_by=MentorPayer.COMPANY,
            ),
        ]
    )
    db.session.commit()
    company_user = create_user(Role.EMPLOYER, employer=company, name="Lene Holm")
    outbox.clear()
    declare_net_growth(placement, employees=9, average="9.5", by=company_user)
    lifecycle.agree(placement, consultant, today=START)
    db.session.commit()
    if representative_answers:
        token = token_from(outbox, to="kim@example.dk")
        representative.answer(token, RepresentativeDecision.APPROVE, "", "127.0.0.1")
        db.session.commit()
    _confirm_all(placement, consultant)
    return placement


def test_a_wage_subsidy_exports_mentor_support_the_representative_and_net_growth(
    consultant, viborg, outbox
):
    placement = _wage_subsidy_with_everything(consultant, viborg, outbox)
    declaration = placement.net_growth
    approval = placement.representative_approvals[0]
    month = declaration.month
    fields = _export(placement)
    assert (
        fields["Tillidsrepræsentant, navn"],
        fields["Tillidsrepræsentantens godkendelse"],
        fields["Tillidsrepræsentanten svarede"],
    ) == ("Kim Tillid", "Godkendt", approval.answered_at.astimezone(UTC).isoformat())
    assert fields["Merbeskæftigelse: måned"] == month.isoformat()
    assert fields["Merbeskæftigelse: almindelige ansatte i måneden"] == "9"
    assert fields["Merbeskæftigelse: gennemsnit for de 12 måneder før"] == "9.5"
    assert fields["Merbeskæftigelse: kravet opfyldt"] == "Ja"
    assert fields["Merbeskæftigelse: erklæret af"] == "Lene Holm"
    assert fields["Merbeskæftigelse: erklæret"] == (
        declaration.declared_at.astimezone(UTC).isoformat()
    )
    # One value per grant, in the agreement's order.
    assert fields["Mentorstøtte: mentor"] == "Lene Holm, Værkfører; Mentorhuset"
    assert fields["Mentorstøtte: intern eller ekstern"] == (
        "Intern mentor (ansat i virksomheden); Ekstern mentor"
    )
    assert fields["Mentorstøtte: timer pr. uge"] == "7.5; 2.0"
    assert fields["Mentorstøtte: fra"] == f"{START.isoformat()}; {(START + timedelta(weeks=4))}"
    assert fields["Mentorstøtte: til"] == f"{START + timedelta(weeks=4, days=-1)}; {END}"
    assert fields["Mentorstøtte: betales af"] == "Jobcentret; Virksomheden selv"

    # The CSV in Danish: decimal commas, Danish dates, the moment in Danish time.
    rows = vitas_export.rows_for(
        placement, vitas_export.confirmed_version(placement), with_cpr=True
    )
    values = dict(
        csv.reader(io.StringIO(vitas_export.to_csv(rows).decode("utf-8-sig")), delimiter=";")
    )
    assert values["Merbeskæftigelse: gennemsnit for de 12 måneder før"] == "9,5"
    assert values["Mentorstøtte: timer pr. uge"] == "7,5; 2,0"
    assert values["Merbeskæftigelse: måned"] == month.strftime("%d-%m-%Y")
    assert values["Tillidsrepræsentanten svarede"] == approval.answered_at.astimezone(
        COPENHAGEN
    ).strftime("%d-%m-%Y %H.%M")
    data = json.loads(vitas_export.to_json(rows))
    assert data["net_growth_average_12_months"] == "9.5"
    assert data["representative_decision"] == "Godkendt"
    assert data["mentor_support_paid_by"] == "Jobcentret; Virksomheden selv"


def test_a_company_without_a_representative_says_so_in_the_export(consultant, viborg, outbox):
    placement = _placement(consultant, viborg, kind=Kind.WAGE_SUBSIDY)
    placement.no_staff_representative = True
    db.session.commit()
    _confirm_all(placement, consultant)
    fields = _export(placement)
    assert fields["Tillidsrepræsentantens godkendelse"] == "Ingen tillidsrepræsentant"
    assert fields["Tillidsrepræsentant, navn"] == ""


def test_the_export_is_the_newest_version_all_three_confirmed(internship, consultant):
    versions.set_terms(internship, Terms(tasks="Noget nyt", mentor_name="Jens Ørum"), consultant)
    db.session.commit()
    assert internship.agreement.version == 2  # waiting for the parties
    fields = _export(internship)
    assert fields["Aftaleversion"] == "1" and fields["Arbejdsopgaver"].startswith("Plukke")


def test_nothing_is_exported_before_all_three_confirmed(consultant, viborg):
    placement = _placement(consultant, viborg)
    assert vitas_export.confirmed_version(placement) is None


def test_the_fields_are_documented_once_with_stable_ascii_keys():
    keys = [field.key for field in vitas_export.FIELDS]
    assert len(set(keys)) == len(keys)
    assert all(key.isascii() and key == key.lower() and " " not in key for key in keys)
    assert all(field.label and field.english for field in vitas_export.FIELDS)


# --- the files ----------------------------------------------------------------------------------


def test_the_csv_opens_in_danish_excel_and_reads_back(internship):
    rows = vitas_export.rows_for(
        internship, vitas_export.confirmed_version(internship), with_cpr=True
    )
    body = vitas_export.to_csv(rows)
    assert body.startswith("\ufeff".encode())  # the BOM: Excel then reads UTF-8
    text = body.decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert read[0] == ["Felt", "Værdi"]
    assert [label for label, _value in read[1:]] == [f.label for f in vitas_export.FIELDS]
    values = dict(read[1:])
    assert values["CPR-nummer"] == CPR and values["Borgerens navn"] == NAME
    # Danish dates, as VITAS's date fields take them; the semicolon inside a value is quoted.
    assert values["Startdato"] == "04-03-2030"
    assert values["Arbejdsopgaver"] == "Plukke varer; Pakke kasser; mærke dem"


def test_text_that_starts_like_a_formula_stays_text_in_excel(internship):
    rows = vitas_export.rows_for(
        internship, vitas_export.confirmed_version(internship), with_cpr=True
    )
    # A company names itself; its name as a formula, straight into the row.
    rows = [(f, "=HYPERLINK(1)" if f.key == "company_name" else v) for f, v in rows]
    values = dict(
        csv.reader(io.StringIO(vitas_export.to_csv(rows).decode("utf-8-sig")), delimiter=";")
    )
    assert values["Virksomhedens navn"] == "'=HYPERLINK(1)"


def test_the_json_has_stable_keys_and_iso_dates(internship):
    rows = vitas_export.rows_for(
        internship, vitas_export.confirmed_version(internship), with_cpr=True
    )
    data = json.loads(vitas_export.to_json(rows))
    assert list(data) == [field.key for field in vitas_export.FIELDS]
    assert all(isinstance(value, str) for value in data.values())
    assert data["start_date"] == "2030-03-04" and data["end_date"] == "2030-04-28"
    assert data["citizen_cpr"] == CPR and data["citizen_name"] == NAME
    assert data["monthly_wage_cost"] == ""


# --- over HTTP ----------------------------------------------------------------------------------


def _client(app, user):
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302
    return client


def _download(client, placement, format_: str):
    """Press the button as the page shows it: its form's fields and the button's value."""
    page_path = f"/forloeb/{placement.id}"
    page = client.get(page_path).get_data(as_text=True)
    action = f"/forloeb/{placement.id}/vitas"
    assert f'name="format" value="{format_}"' in page
    fields = typed(shown_form(page, action), format=format_)
    return client.post(action, data=fields, headers={"Referer": f"http://localhost{page_path}"})


def _exports(candidate_id: int) -> list[AuditEvent]:
    db.session.expire_all()
    return db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.candidate_id == candidate_id,
            AuditEvent.action.in_([AuditAction.EXPORT, AuditAction.UNMASK]),
        )
    ).all()


def test_the_consultant_downloads_csv_and_json_audited_and_uncached(app, internship, consultant):
    client = _client(app, consultant)
    number = versions.document_number(internship)

    response = _download(client, internship, "csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="vitas-aftale-{number}-version-1.csv"'
    values = dict(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert values["CPR-nummer"] == CPR
    # The CPR number travels in the answer only: not in the address, the name or a header.
    assert CPR not in response.request.url and CPR.replace("-", "") not in response.request.url
    assert NAME not in disposition and CPR not in str(response.headers)

    response = _download(client, internship, "json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Type"].startswith("application/json")
    assert json.loads(response.data)["citizen_cpr"] == CPR
    assert response.headers["Content-Disposition"].endswith('version-1.json"')

    rows = _exports(internship.candidate_id)
    agreement_id = vitas_export.confirmed_version(internship).id
    exports = [r for r in rows if r.subject == AuditSubject.AGREEMENT]
    assert [(r.action, r.object_id, r.actor_id) for r in exports] == [
        (AuditAction.EXPORT, agreement_id, consultant.id)
    ] * 2
    assert [r.subject for r in rows if r.action == AuditAction.UNMASK] == [AuditSubject.CPR] * 2


def test_a_colleague_in_the_municipality_gets_the_file_without_the_cpr_number(
    app, internship, viborg
):
    colleague = create_user(Role.CONSULTANT, municipality=viborg)
    client = _client(app, colleague)
    page = client.get(f"/forloeb/{internship.id}").get_data(as_text=True)
    assert "CPR-nummeret er ikke med" in page
    response = _download(client, internship, "json")
    assert response.status_code == 200 and json.loads(response.data)["citizen_cpr"] == ""
    assert [r.action for r in _exports(internship.candidate_id)] == [AuditAction.EXPORT]


def test_before_all_three_confirmed_the_page_says_when(app, consultant, viborg):
    placement = _placement(consultant, viborg)
    client = _client(app, consultant)
    page = client.get(f"/forloeb/{placement.id}").get_data(as_text=True)
    assert "kan hentes, når alle tre har bekræftet aftalen" in page
    assert "Hent til VITAS" not in page
    response = post_form(
        client, f"/forloeb/{placement.id}/vitas", {}, form_page=f"/forloeb/{placement.id}"
    )
    assert response.status_code == 302 and response.location == f"/forloeb/{placement.id}"
    assert _exports(placement.candidate_id) == []


def test_a_stale_password_is_asked_for_first(app, internship, consultant):
    client = _client(app, consultant)
    with client.session_transaction() as session:
        session["_password_confirmed"] = time.time() - 3600
    asked = _download(client, internship, "csv")
    assert asked.status_code == 302
    assert asked.headers["Location"].startswith("/bekraeft-adgangskode")
    assert CPR not in asked.headers["Location"] and CPR not in asked.get_data(as_text=True)
    assert _exports(internship.candidate_id) == []


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CITIZEN, Role.MANAGER, Role.ADMIN])
def test_only_consultants_export(app, internship, role):
    person = {
        Role.EMPLOYER: lambda: create_user(Role.EMPLOYER, employer=internship.opening.employer),
        # The citizen who confirmed the agreement.
        Role.CITIZEN: lambda: db.session.scalar(
            select(User).where(User.candidate_id == internship.candidate_id)
        ),
        Role.MANAGER: lambda: create_user(
            Role.MANAGER, municipality=internship.candidate.municipality
        ),
        Role.ADMIN: lambda: create_user(Role.ADMIN),
    }[role]()
    client = _client(app, person)
    response = post_form(client, f"/forloeb/{internship.id}/vitas", {}, form_page="/beskeder/")
    assert response.status_code == 403 and CPR not in response.get_data(as_text=True)
    assert _exports(internship.candidate_id) == []


def test_another_municipality_does_not_find_the_placement(app, internship):
    other = create_user(Role.CONSULTANT, municipality=create_municipality("Skive", "779"))
    client = _client(app, other)
    response = post_form(client, f"/forloeb/{internship.id}/vitas", {}, form_page="/beskeder/")
    assert response.status_code == 404 and CPR not in response.get_data(as_text=True)
    assert _exports(internship.candidate_id) == []
