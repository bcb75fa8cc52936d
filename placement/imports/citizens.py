"""Importing the caseload: one citizen a row, found again by the keyed hash of the CPR number.

The profile's own rules decide what is refused (placement/citizens/profiles.py), with their
words; the CPR number is encrypted on the way in (Candidate.cpr), and shown only masked.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from placement.citizens import profiles
from placement.common.identifiers import cpr_birth_date, mask_cpr
from placement.extensions import db
from placement.imports import rows
from placement.imports.rows import Outcome, Row
from placement.imports.words import kind_of
from placement.models import Adaptation, Candidate, Role, User
from placement.models.users import normalise_email
from placement.privacy import cpr_vault
from placement.privacy.audit import AuditAction, AuditSubject, record

STAND_IN_BIRTH_DATE = date(1990, 1, 1)

# The column that says which citizen a row is: a second row with it is refused.
KEY_COLUMN = "cpr"
COLUMNS = (
    "navn",
    "cpr",
    "email",
    "telefon",
    "postnummer",
    "by",
    "konsulent_email",
    "ønsker",
    "postnumre",
    "timer",
    "jobparat",
    "tilpasninger",
)
REQUIRED = ("navn", "cpr")
# The CPR numbers are made up (1 April 1990 and 17 May 1985 do not pass any real check).
EXAMPLE = [
    (
        "Mette Jensen",
        "010490-1234",
        "mette@example.dk",
        "20 30 40 50",
        "8800",
        "Viborg",
        "",
        "virksomhedspraktik, løntilskud",
        "8800, 8830",
        "15",
        "nej",
        "reduced_hours, quiet_workspace",
    ),
    (
        "Ali Hassan",
        "170585-4321",
        "",
        "",
        "8600",
        "Silkeborg",
        "",
        "fleksjob",
        "8600",
        "20",
        "nej",
        "mentor",
    ),
]

# The profile's fields, as the file's columns name them.
FIELD_COLUMNS = {
    "name": "navn",
    "birth_date": "cpr",
    "cpr": "cpr",
    "postcode": "postnummer",
    "max_hours": "timer",
    "places": "postnumre",
    "needs": "tilpasninger",
    "email": "email",
    None: "",
}


def scope(importer: User):
    """The citizens an import may find: the importer's municipality's, no other's."""
    return select(Candidate).where(Candidate.municipality_id == importer.municipality_id)


def _consultant(row: Row, text: str, importer: User) -> User | None:
    if not text:
        if importer.role == Role.CONSULTANT:
            return importer
        row.refuse("konsulent_email", _("Skriv e-mailen på borgerens jobkonsulent."))
        return None
    found = db.session.scalar(
        select(User).where(
            User.email == normalise_email(text),
            User.role == Role.CONSULTANT,
            User.active.is_(True),
            User.municipality_id == importer.municipality_id,
        )
    )
    if found is None:
        # The same words whether the e-mail is unknown or another municipality's.
        row.refuse(
            "konsulent_email",
            _("Der er ingen jobkonsulent med denne e-mail i jeres kommune."),
        )
    return found


def plan(number: int, values: dict[str, str], importer: User) -> Row:
    """What the import would do with the row (reads only)."""
    typed_cpr = values.get("cpr", "")
    born = cpr_birth_date(typed_cpr)
    row = Row(
        number, rows.shown(values.get("navn", "")) + (f" ({mask_cpr(typed_cpr)})" if born else "")
    )
    if born is None:
        row.refuse("cpr", _("Skriv CPR-nummeret som 10 cifre, fx DDMMÅÅ-1234."))
    else:
        row.key = cpr_vault.lookup_hash(typed_cpr)
        if profiles.find_by_cpr(scope(importer), typed_cpr) is not None:
            row.outcome = Outcome.EXISTS
            return row
    kinds = []
    for word in rows.several(values.get("ønsker", "")):
        kind = kind_of(word)
        if kind is None:
            row.refuse("ønsker", _("Ukendt type: »%(word)s«.", word=rows.shown(word)))
        elif kind not in kinds:
            kinds.append(kind)
    codes = rows.several(values.get("tilpasninger", ""))
    known = dict(db.session.execute(select(Adaptation.code, Adaptation.id)).all())
    unknown = [code for code in codes if code not in known]
    if unknown:
        row.refuse(
            "tilpasninger",
            _(
                "Ukendt kode i tilpasningskataloget: %(codes)s.",
                codes=", ".join(rows.shown(code) for code in unknown[:5]),
            ),
        )
    hours = rows.whole_number(row, "timer", values.get("timer", ""))
    job_ready = rows.yes_no(row, "jobparat", values.get("jobparat", ""))
    consultant = _consultant(row, values.get("konsulent_email", ""), importer)
    data = profiles.ProfileData(
        name=values.get("navn", ""),
        # Without a readable CPR number the rest is still checked, on a stand-in date.
        birth_date=born or STAND_IN_BIRTH_DATE,
        email=values.get("email", ""),
        phone=values.get("telefon", ""),
        postcode=values.get("postnummer", ""),
        city=values.get("by", ""),
        places=values.get("postnumre", ""),
        max_hours=hours,
        job_ready=job_ready,
        kinds=kinds,
        needs={known[code]: False for code in codes if code in known},
    )
    for field, message in profiles.profile_problems(data).items():
        row.refuse(FIELD_COLUMNS.get(field, field or ""), message)
    if row.outcome is Outcome.REFUSED or consultant is None or born is None:
        return row

    def write() -> int:
        candidate = profiles.create_candidate(data, consultant)
        profiles.set_cpr(candidate, typed_cpr)
        record(AuditAction.CREATE, AuditSubject.PROFILE, candidate)
        return candidate.id

    row.write = write
    return row
