"""CSV import: the preview lists every row's problems in Danish, the import writes the valid
rows once, and a second run of the same file creates nothing."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from sqlalchemy import func, select

from placement.extensions import db
from placement.models import (
    AuditAction,
    AuditEvent,
    AuditSubject,
    Candidate,
    Employer,
    EmployerStatus,
    Opening,
    OpeningStatus,
    Role,
)
from tests.conftest import log_in
from tests.factories import create_candidate, create_employer, create_user
from tests.imports.files import (
    CITIZEN_HEADER,
    citizens_file,
    csv_bytes,
    digest_in,
    do_import,
    preview,
)


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def consultant(login, viborg):
    return login(Role.CONSULTANT, municipality=viborg)


def test_preview_lists_every_rows_problems_and_writes_nothing(client, consultant):
    data = citizens_file(
        consultant.email,
        f";311399-1234;;;88;;{consultant.email};rumfart;12345;99",
    )
    page = preview(client, "borgere", data).get_data(as_text=True)
    assert count(Candidate) == 0
    assert "2 nye" in page and "1 afvist" in page
    # Row 4 (the header is 1): every problem at once, each with its column.
    assert "<td>4</td>" in page
    for column, message in [
        ("cpr", "Skriv CPR-nummeret som 10 cifre, fx DDMMÅÅ-1234."),
        ("ønsker", "Ukendt type: »rumfart«."),
        ("timer", "Skriv et tal fra 0 til 37."),
        ("postnummer", "Skriv et postnummer med 4 cifre."),
        ("postnumre", "Et postnummer har 4 cifre. Ret: 12345"),
    ]:
        assert f"<strong>{column}</strong>: {message}" in page
    # CPR numbers shown masked, never whole, in the preview.
    assert "010490-XXXX" in page and "170585-XXXX" in page
    assert "010490-1234" not in page and "1705854321" not in page and "4321" not in page


def test_import_writes_once_and_again_finds_every_row(client, consultant, caplog):
    data = citizens_file(consultant.email)
    caplog.set_level(logging.DEBUG)
    page = do_import(client, "borgere", data).get_data(as_text=True)
    assert "2 nye oprettet" in page
    assert count(Candidate) == 2
    mette = db.session.scalar(select(Candidate).where(Candidate.name == "Mette Jensen"))
    # Encrypted on the way in, with its keyed hash: the digits are nowhere in the row.
    assert mette.cpr == "010490-1234" and "010490" not in (mette.cpr_encrypted or "")
    assert (
        mette.consultant_id == consultant.id and mette.municipality_id == consultant.municipality_id
    )
    assert sorted(p.postcode for p in mette.places) == ["8800", "8830"]
    page = do_import(client, "borgere", data).get_data(as_text=True)
    assert "0 nye oprettet" in page and "2 fandtes allerede" in page
    assert count(Candidate) == 2
    assert "1234" not in caplog.text and "4321" not in caplog.text
    imports = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.IMPORT)
    ).all()
    assert [(e.actor_id, e.subject, e.detail) for e in imports] == [
        (consultant.id, AuditSubject.CITIZEN_IMPORT, "ny 2, fandtes 0, afvist 0"),
        (consultant.id, AuditSubject.CITIZEN_IMPORT, "ny 0, fandtes 2, afvist 0"),
    ]


@pytest.mark.parametrize("bom, separator", [(True, ";"), (False, ";"), (True, ","), (False, ",")])
def test_bom_and_either_separator(client, consultant, bom, separator):
    data = csv_bytes(
        "navn;cpr;postnummer",
        "Mette Jensen;010490-1234;8800",
        bom=bom,
        separator=separator,
    )
    page = do_import(client, "borgere", data).get_data(as_text=True)
    assert "1 ny oprettet" in page, page
    assert count(Candidate) == 1


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "Filen kan ikke læses som tekst"),
        (b"", "Filen er tom."),
        (b"navn;alder\r\nMette;30\r\n", "Filen mangler kolonnerne: cpr."),
        (
            b"navn;cpr;hobby\r\nMette;010490-1234;fisk\r\n",
            "Filen har kolonner, der ikke kendes: hobby.",
        ),
        (b"navn;cpr\r\n", "Filen har ingen rækker under overskriften."),
        (b"navn;cpr\r\n" + b"Mette;010490-1234\r\n" * 60000, "Filen er for stor."),
    ],
)
def test_a_malformed_file_gets_a_danish_message(client, consultant, data, message):
    response = preview(client, "borgere", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(Candidate) == 0


def test_another_municipalitys_consultant_is_refused(client, consultant, silkeborg):
    other = create_user(Role.CONSULTANT, municipality=silkeborg)
    page = do_import(client, "borgere", citizens_file(other.email)).get_data(as_text=True)
    assert "Der er ingen jobkonsulent med denne e-mail i jeres kommune." in page
    assert "0 nye oprettet" in page and "2 afvist" in page
    assert count(Candidate) == 0


def test_same_cpr_twice_in_one_file_is_refused_the_second_time(client, consultant):
    data = citizens_file(consultant.email, "Mette J.;0104901234;;;8800;Viborg;;;;")
    page = preview(client, "borgere", data).get_data(as_text=True)
    assert "Samme nøgle står også i række 2." in page
    assert "0104901234" not in page


def test_a_changed_file_is_previewed_again_not_imported(client, consultant):
    first = citizens_file(consultant.email)
    page = preview(client, "borgere", first).get_data(as_text=True)

    response = do_import(
        client, "borgere", csv_bytes(CITIZEN_HEADER, "Ny;010490-1234;;;8800;;;;;"), digest_in(page)
    )
    assert "Filen er ikke den samme" in response.get_data(as_text=True)
    assert count(Candidate) == 0


COMPANIES = csv_bytes(
    "cvr;navn;p_nummer;adresse;postnummer;by;ansatte;offentlig",
    "12345674;Bageriet Korn ApS;1000000001;Skovvej 3;8800;Viborg;12;nej",
    "12345675;Forkert;123;;88;;-3;måske",
)


def test_companies_import_with_their_first_workplace(client, consultant):
    page = preview(client, "virksomheder", COMPANIES).get_data(as_text=True)
    for column, message in [
        ("cvr", "CVR-nummeret er ikke gyldigt."),
        ("p_nummer", "P-nummeret skal have 10 cifre."),
        ("postnummer", "Skriv et postnummer med 4 cifre."),
        ("ansatte", "Antal ansatte kan ikke være negativt."),
        ("offentlig", "Skriv ja eller nej."),
    ]:
        assert f"<strong>{column}</strong>: {message}" in page
    do_import(client, "virksomheder", COMPANIES)
    do_import(client, "virksomheder", COMPANIES)
    assert count(Employer) == 1
    korn = db.session.scalar(select(Employer))
    assert korn.status == EmployerStatus.APPROVED
    assert [w.p_number for w in korn.workplaces] == ["1000000001"]


def openings_file(cvr: str) -> bytes:
    return csv_bytes(
        "cvr;ref;type;titel;timer_min;timer_max;startdato;pladser;formål;p_nummer",
        f"{cvr};A-1;virksomhedspraktik;Lager;10;20;2027-02-01;1;jobmål;",
        f"{cvr};A-2;løntilskud;Kontor;25;30;01-03-2027;2;;",
        f"{cvr};A-3;virksomhedspraktik;;30;20;;0;;9999999999",
        "99999999;A-4;fleksjob;Ingen;10;20;;1;;",
    )


def test_openings_found_again_by_company_and_ref(client, consultant):
    employer = create_employer()
    data = openings_file(employer.cvr)
    page = preview(client, "opslag", data).get_data(as_text=True)
    for column, message in [
        ("titel", "Skriv en titel."),
        ("timer_max", "Det højeste antal timer skal være mindst lige så stort som det laveste."),
        ("pladser", "Der skal være mindst 1 plads."),
        ("formål", "Vælg formålet med praktikken."),
        ("p_nummer", "Virksomheden har intet arbejdssted med dette P-nummer."),
        ("cvr", "Virksomheden med dette CVR-nummer findes ikke her."),
    ]:
        assert f"<strong>{column}</strong>: {message}" in page, column
    do_import(client, "opslag", data)
    page = do_import(client, "opslag", data).get_data(as_text=True)
    assert "2 fandtes allerede" in page
    rows = db.session.scalars(select(Opening).order_by(Opening.external_ref)).all()
    assert [(o.external_ref, o.status) for o in rows] == [
        ("A-1", OpeningStatus.DRAFT),
        ("A-2", OpeningStatus.DRAFT),
    ]


@pytest.mark.parametrize("kind", ["borgere", "virksomheder", "opslag"])
def test_example_files_import_as_they_are(client, consultant, kind):
    response = client.get(f"/import/eksempel/{kind}.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    data = response.get_data()
    assert data.startswith("\ufeff".encode())
    if kind == "opslag":
        do_import(client, "virksomheder", client.get("/import/eksempel/virksomheder.csv").data)
    page = preview(client, kind, data).get_data(as_text=True)
    assert "0 afvist" in page, page


def test_only_staff_of_a_municipality_import(client, login):
    login(Role.MANAGER)
    assert client.get("/import").status_code == 403


def test_another_municipalitys_citizen_with_the_number_is_neither_found_nor_shown(
    client, consultant, silkeborg
):
    theirs = create_candidate(silkeborg, name="Deres Borger", birth_date=date(1990, 4, 1))
    theirs.cpr = "010490-1234"
    db.session.commit()
    page = do_import(client, "borgere", citizens_file(consultant.email)).get_data(as_text=True)
    assert "2 nye oprettet" in page and "Deres Borger" not in page
    ours = db.session.scalars(
        select(Candidate).where(Candidate.municipality_id == consultant.municipality_id)
    ).all()
    assert len(ours) == 2


def test_a_municipalitys_admin_imports_with_a_consultant_named(client, viborg):
    colleague = create_user(Role.CONSULTANT, municipality=viborg)
    admin = create_user(Role.ADMIN, municipality=viborg)
    assert log_in(client, admin.email).status_code == 302
    page = do_import(client, "borgere", citizens_file(colleague.email)).get_data(as_text=True)
    assert "2 nye oprettet" in page
    assert {c.consultant_id for c in db.session.scalars(select(Candidate))} == {colleague.id}
    # Without a consultant named, an admin's row is refused (an admin keeps no caseload).
    page = preview(client, "borgere", csv_bytes("navn;cpr", "Per;020202-2222")).get_data(
        as_text=True
    )
    assert "Skriv e-mailen på borgerens jobkonsulent." in page
