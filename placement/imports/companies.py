"""Importing companies: one a row, found again by the CVR number; the P-number becomes the
company's first workplace, as at registration (placement/companies/registration.py)."""

from __future__ import annotations

from flask_babel import gettext as _

from placement.common.identifiers import clean_digits, is_valid_cvr
from placement.companies import registration
from placement.companies.workplaces import first_workplace, p_number_problem
from placement.extensions import db
from placement.imports import rows
from placement.imports.rows import Outcome, Row
from placement.models import Employer, EmployerStatus, User

# The column that says which company a row is: a second row with it is refused.
KEY_COLUMN = "cvr"
COLUMNS = (
    "cvr",
    "navn",
    "p_nummer",
    "adresse",
    "postnummer",
    "by",
    "ansatte",
    "offentlig",
    "kontaktperson",
    "kontakt_email",
    "kontakt_telefon",
)
REQUIRED = ("cvr", "navn", "postnummer", "by", "ansatte")
# Made-up numbers that pass the checks (CVR modulus 11; P-numbers have 10 digits).
EXAMPLE = [
    (
        "12345674",
        "Bageriet Korn ApS",
        "1000000001",
        "Skovvej 3",
        "8800",
        "Viborg",
        "12",
        "nej",
        "Lise Holm",
        "lise@korn.example.dk",
        "86 12 34 56",
    ),
    (
        "87654338",
        "Viborg Genbrug",
        "",
        "Industrivej 9",
        "8800",
        "Viborg",
        "40",
        "ja",
        "Per Dahl",
        "per@genbrug.example.dk",
        "",
    ),
]


def plan(number: int, values: dict[str, str], importer: User) -> Row:
    """What the import would do with the row (reads only). A company is shared by the
    municipalities of a deployment, so it is found by its CVR number wherever it came from."""
    cvr = clean_digits(values.get("cvr", ""))
    row = Row(number, f"{values.get('navn', '')} (CVR {cvr})", key=cvr)
    if not is_valid_cvr(cvr):
        refused = registration.cvr_problem(cvr)
        row.refuse("cvr", refused or "")
    elif registration.find_by_cvr(cvr) is not None:
        row.outcome = Outcome.EXISTS
        return row
    if not values.get("navn", "").strip():
        row.refuse("navn", _("Skriv virksomhedens navn."))
    p_number = values.get("p_nummer", "")
    refused = p_number_problem(p_number)
    if refused:
        row.refuse("p_nummer", refused)
    postcode = values.get("postnummer", "")
    if not (len(postcode) == 4 and postcode.isdigit()):
        row.refuse("postnummer", _("Skriv et postnummer med 4 cifre."))
    if not values.get("by", "").strip():
        row.refuse("by", _("Skriv byen."))
    employees = rows.whole_number(row, "ansatte", values.get("ansatte", ""), required=True)
    if employees is not None and employees < 0:
        row.refuse("ansatte", _("Antal ansatte kan ikke være negativt."))
    public = rows.yes_no(row, "offentlig", values.get("offentlig", ""))
    if row.outcome is Outcome.REFUSED:
        return row

    def write() -> int:
        # The jobcenter's own companies: known to it, so approved (a company's self-registration
        # waits for this approval).
        employer = Employer(
            name=values["navn"].strip(),
            cvr=cvr,
            address=values.get("adresse", "").strip(),
            postcode=postcode,
            city=values["by"].strip(),
            employees=employees or 0,
            public_sector=public,
            contact_name=values.get("kontaktperson", "").strip(),
            contact_email=values.get("kontakt_email", "").strip(),
            contact_phone=values.get("kontakt_telefon", "").strip(),
            status=EmployerStatus.APPROVED,
        )
        first_workplace(employer, p_number)
        db.session.add(employer)
        db.session.flush()
        return employer.id

    row.write = write
    return row
