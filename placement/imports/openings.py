"""Importing openings: one a row, at a company already here (by CVR), found again by the
opening's own key in the file (`ref`, unique per company: Opening.external_ref). The opening's
own rules decide what is refused (placement/openings/openings.py), with their words."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from placement.common.identifiers import clean_digits
from placement.companies import registration
from placement.extensions import db
from placement.imports import rows
from placement.imports.rows import Outcome, Row
from placement.imports.words import kind_of, purpose_of
from placement.models import Opening, User, Workplace
from placement.openings import openings

# The column that says which opening a row is: a second row with it is refused.
KEY_COLUMN = "ref"
COLUMNS = (
    "cvr",
    "ref",
    "type",
    "titel",
    "timer_min",
    "timer_max",
    "startdato",
    "slutdato",
    "uger",
    "pladser",
    "p_nummer",
    "postnummer",
    "by",
    "formål",
    "beskrivelse",
    "opgaver",
)
REQUIRED = ("cvr", "ref", "type", "titel", "timer_min", "timer_max")
EXAMPLE = [
    (
        "12345674",
        "VIB-2027-001",
        "virksomhedspraktik",
        "Bagerimedhjælper",
        "10",
        "20",
        "2027-02-01",
        "",
        "8",
        "1",
        "1000000001",
        "",
        "",
        "jobmål",
        "Hjælp i bageriet om morgenen.",
        "Pakke brød, gøre rent",
    ),
    (
        "87654338",
        "VIB-2027-002",
        "løntilskud",
        "Genbrugsmedarbejder",
        "25",
        "30",
        "2027-03-01",
        "2027-08-31",
        "",
        "2",
        "",
        "",
        "",
        "",
        "Sortere og sælge genbrug.",
        "",
    ),
]

# The opening's fields, as the file's columns name them.
FIELD_COLUMNS = {
    "title": "titel",
    "workplace_id": "p_nummer",
    "hours_min": "timer_min",
    "hours_max": "timer_max",
    "seats": "pladser",
    "purpose": "formål",
    "end_date": "slutdato",
    "duration_weeks": "uger",
    "deadline": "startdato",
}


def _workplace(row: Row, employer, text: str) -> int | None:
    number = clean_digits(text)
    if not number:
        return None  # a company with one workplace has it (openings.chosen_workplace)
    found = db.session.scalar(
        select(Workplace.id).where(
            Workplace.employer_id == employer.id, Workplace.p_number == number
        )
    )
    if found is None:
        row.refuse("p_nummer", _("Virksomheden har intet arbejdssted med dette P-nummer."))
    return found


def plan(number: int, values: dict[str, str], importer: User) -> Row:
    """What the import would do with the row (reads only)."""
    ref = values.get("ref", "").strip()
    cvr = clean_digits(values.get("cvr", ""))
    row = Row(number, f"{values.get('titel', '')} ({ref})", key=f"{cvr}/{ref}")
    if not ref:
        row.refuse("ref", _("Skriv opslagets nøgle (ref), så en ny import kan finde det igen."))
    elif len(ref) > 60:
        row.refuse("ref", _("Nøglen (ref) må højst have 60 tegn."))
    employer = registration.find_by_cvr(cvr) if cvr else None
    if employer is None:
        row.refuse(
            "cvr",
            _("Virksomheden med dette CVR-nummer findes ikke her. Importér virksomhederne først."),
        )
        return row
    if ref and db.session.scalar(
        select(Opening.id).where(Opening.employer_id == employer.id, Opening.external_ref == ref)
    ):
        row.outcome = Outcome.EXISTS
        row.problems = []
        return row
    kind = kind_of(values.get("type", ""))
    if kind is None:
        row.refuse("type", _("Ukendt type: »%(word)s«.", word=rows.shown(values.get("type", ""))))
    purpose = None
    if values.get("formål"):
        purpose = purpose_of(values["formål"])
        if purpose is None:
            row.refuse("formål", _("Skriv formålet som ordinære timer, færdigheder eller jobmål."))
    hours_min = rows.whole_number(row, "timer_min", values.get("timer_min", ""), required=True)
    hours_max = rows.whole_number(row, "timer_max", values.get("timer_max", ""), required=True)
    seats = rows.whole_number(row, "pladser", values.get("pladser", ""))
    weeks = rows.whole_number(row, "uger", values.get("uger", ""))
    start = rows.a_date(row, "startdato", values.get("startdato", ""))
    end = rows.a_date(row, "slutdato", values.get("slutdato", ""))
    workplace_id = _workplace(row, employer, values.get("p_nummer", ""))
    if kind is None:
        return row
    workplace = db.session.get(Workplace, workplace_id) if workplace_id else None
    if workplace is None and len(employer.workplaces) == 1:
        workplace = employer.workplaces[0]
    data = openings.OpeningData(
        kind=kind,
        title=values.get("titel", ""),
        postcode=values.get("postnummer", "") or (workplace.postcode if workplace else ""),
        city=values.get("by", "") or (workplace.city if workplace else ""),
        hours_min=hours_min,  # type: ignore[arg-type]  # None: the number's own problem
        hours_max=hours_max,  # type: ignore[arg-type]
        description=values.get("beskrivelse", ""),
        tasks=values.get("opgaver", ""),
        purpose=purpose,
        start_date=start,
        end_date=end,
        duration_weeks=weeks,
        seats=seats if seats is not None else 1,
        workplace_id=workplace_id,
    )
    for field, message in openings.problems_with(data, employer):
        row.refuse(FIELD_COLUMNS.get(field or "", field or ""), message)
    if row.outcome is Outcome.REFUSED:
        return row

    def write() -> int:
        # A draft: the company or the jobcenter publishes it when it is ready (publishing
        # checks the dates against today).
        opening = openings.create_opening(employer, data)
        opening.external_ref = ref
        db.session.flush()
        return opening.id

    row.write = write
    return row
