"""An agreement's fields as VITAS asks for them, as CSV and JSON: the caseworker copies, not types.

VITAS is the state's system where a jobcenter registers a virksomhedspraktik or a løntilskud.
Its labels are Danish whatever language the consultant reads Placement in, so the labels here
are plain Danish text, not translated strings. Only what Placement holds is exported; a field
VITAS asks for that the agreement leaves empty stays empty, never guessed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from placement.agreements import representative, versions
from placement.agreements.content import AgreementContent, AgreementDocument
from placement.agreements.pdf import KIND_LABELS
from placement.common import clock
from placement.models import Agreement, Party, Placement, RepresentativeDecision
from placement.placements import net_growth

Scalar = str | int | Decimal | date | datetime | None
# A tuple: one value per mentor grant, joined by "; " in the files.
Value = Scalar | tuple[Scalar, ...]


@dataclass(frozen=True)
class Extras:
    """What VITAS asks for that the agreement does not print, read from the records now."""

    cpr: str = ""  # "" unless the person exporting may see the whole number (see the view)
    job_title: str = ""  # the opening's title
    public_employer: bool = False  # VITAS tells løntilskud at private and public employers apart
    # A wage subsidy's employee representative on this version (representative.py).
    representative_name: str = ""
    representative_decision: str = ""  # "Godkendt", "Indsigelse", "Afventer svar", "Ingen …"
    representative_answered_at: datetime | None = None


@dataclass(frozen=True)
class Field:
    key: str  # the JSON key: ASCII snake_case, never renamed (someone's script reads it)
    label: str  # the Danish label in the CSV, worded like VITAS's registration form
    english: str  # for the reader of this table; not in the files
    read: Callable[[AgreementDocument, Extras], Value]


def _c(name: str) -> Callable[[AgreementDocument, Extras], Value]:
    """A field read straight from the agreement's content."""
    return lambda document, _extras: getattr(document.content, name)


def _offer_type(document: AgreementDocument, extras: Extras) -> str:
    kind = document.content.kind
    label = KIND_LABELS.get(kind, kind)
    if kind == "wage_subsidy":  # VITAS registers the two as different kinds of offer
        return f"{label}, {'offentlig' if extras.public_employer else 'privat'} arbejdsgiver"
    return label


def _hours_plan(content: AgreementContent) -> str:
    return ", ".join(f"fra uge {week}: {hours} timer" for week, hours in content.hours_plan)


def _grants(read: Callable[..., Scalar]) -> Callable[[AgreementDocument, Extras], Value]:
    """One value per grant of mentor support in the version, in the agreement's order."""
    return lambda document, _extras: tuple(read(g) for g in document.content.mentor_support)


def _growth(read: Callable[..., Value]) -> Callable[[AgreementDocument, Extras], Value]:
    """A figure of the net growth declaration in the version (None: none declared)."""
    return lambda document, _extras: (
        read(document.content.net_growth) if document.content.net_growth else None
    )


def _met(growth) -> str:
    met = net_growth.is_net_growth(growth.employees_last_month, Decimal(growth.average_12_months))
    return "Ja" if met else "Nej"


# The export, in roughly the order VITAS's registration asks for it: who, where, what kind,
# when and how much, the content, the wage-subsidy figures, and who at the jobcenter. Left out
# on purpose: the agreed adaptations (they can tell of health, and VITAS does not ask for them),
# the follow-up dates and the standard terms.
FIELDS: tuple[Field, ...] = (
    Field("document_number", "Aftalenummer", "Agreement number", lambda d, _x: d.number),
    Field("agreement_version", "Aftaleversion", "Agreement version", lambda d, _x: d.version),
    Field("citizen_cpr", "CPR-nummer", "CPR number", lambda _d, x: x.cpr),
    Field("citizen_name", "Borgerens navn", "Citizen's name", _c("citizen_name")),
    Field("offer_type", "Tilbudstype", "Kind of offer", _offer_type),
    Field("company_cvr", "CVR-nummer", "Company number (CVR)", _c("company_cvr")),
    Field("company_p_number", "P-nummer", "Production unit (P-number)", _c("company_p_number")),
    Field("company_name", "Virksomhedens navn", "Company name", _c("company_name")),
    Field("company_address", "Virksomhedens adresse", "Company address", _c("company_address")),
    Field(
        "company_contact",
        "Kontaktperson i virksomheden",
        "Company contact",
        _c("company_contact"),
    ),
    Field("start_date", "Startdato", "Start date", _c("start_date")),
    Field("end_date", "Slutdato", "End date", _c("end_date")),
    Field("hours_per_week", "Timer pr. uge", "Hours per week", _c("hours_per_week")),
    Field(
        "hours_plan",
        "Optrapning af timer",
        "Stepped hours plan",
        lambda d, _x: _hours_plan(d.content),
    ),
    Field("working_times", "Arbejdstider", "Working times", _c("working_times")),
    Field("purpose", "Formål med praktikken", "Purpose of the internship", _c("purpose")),
    Field("job_title", "Jobfunktion", "Job function (title)", lambda _d, x: x.job_title),
    Field("tasks", "Arbejdsopgaver", "Tasks", lambda d, _x: "; ".join(d.content.tasks)),
    Field("mentor_name", "Mentor", "Mentor", _c("mentor_name")),
    Field("mentor_role", "Mentorens funktion", "Mentor's role", _c("mentor_role")),
    Field(
        "full_time_employees",
        "Antal fuldtidsansatte",
        "Full-time employees (wage subsidy)",
        _c("full_time_employees"),
    ),
    Field(
        "staff_representative",
        "Tillidsrepræsentant",
        "Staff representative (wage subsidy)",
        _c("staff_representative"),
    ),
    Field(
        "monthly_wage_cost",
        "Lønudgift pr. måned (kr.)",
        "Monthly wage cost in kroner (wage subsidy)",
        _c("monthly_wage_cost"),
    ),
    Field(
        "representative_name",
        "Tillidsrepræsentant, navn",
        "Employee representative's name (wage subsidy)",
        lambda _d, x: x.representative_name,
    ),
    Field(
        "representative_decision",
        "Tillidsrepræsentantens godkendelse",
        "Employee representative's decision, or that there is none (wage subsidy)",
        lambda _d, x: x.representative_decision,
    ),
    Field(
        "representative_answered_at",
        "Tillidsrepræsentanten svarede",
        "When the employee representative answered (wage subsidy)",
        lambda _d, x: x.representative_answered_at,
    ),
    Field(
        "net_growth_month",
        "Merbeskæftigelse: måned",
        "Net growth: the month counted, its first day (wage subsidy)",
        _growth(lambda g: g.month),
    ),
    Field(
        "net_growth_employees_last_month",
        "Merbeskæftigelse: almindelige ansatte i måneden",
        "Net growth: ordinary employees that month (wage subsidy)",
        _growth(lambda g: g.employees_last_month),
    ),
    Field(
        "net_growth_average_12_months",
        "Merbeskæftigelse: gennemsnit for de 12 måneder før",
        "Net growth: average of the 12 months before, one decimal (wage subsidy)",
        _growth(lambda g: Decimal(g.average_12_months)),
    ),
    Field(
        "net_growth_met",
        "Merbeskæftigelse: kravet opfyldt",
        "Net growth: whether the hire is net growth, Ja/Nej (wage subsidy)",
        _growth(_met),
    ),
    Field(
        "net_growth_declared_by",
        "Merbeskæftigelse: erklæret af",
        "Net growth: who at the company declared it (wage subsidy)",
        _growth(lambda g: g.declared_by),
    ),
    Field(
        "net_growth_declared_at",
        "Merbeskæftigelse: erklæret",
        "Net growth: when it was declared (wage subsidy)",
        _growth(lambda g: g.declared_at),
    ),
    Field(
        "mentor_support_mentor",
        "Mentorstøtte: mentor",
        "Mentor support: the mentor, one per grant",
        _grants(lambda g: g.mentor),
    ),
    Field(
        "mentor_support_kind",
        "Mentorstøtte: intern eller ekstern",
        "Mentor support: internal or external, one per grant",
        _grants(lambda g: g.kind),
    ),
    Field(
        "mentor_support_hours_per_week",
        "Mentorstøtte: timer pr. uge",
        "Mentor support: hours a week, one per grant",
        _grants(lambda g: Decimal(g.hours.replace(",", "."))),
    ),
    Field(
        "mentor_support_start_date",
        "Mentorstøtte: fra",
        "Mentor support: first day, one per grant",
        _grants(lambda g: g.start_date),
    ),
    Field(
        "mentor_support_end_date",
        "Mentorstøtte: til",
        "Mentor support: last day, one per grant",
        _grants(lambda g: g.end_date),
    ),
    Field(
        "mentor_support_paid_by",
        "Mentorstøtte: betales af",
        "Mentor support: who pays, one per grant",
        _grants(lambda g: g.paid_by),
    ),
    Field("jobcenter", "Jobcenter", "Jobcenter", _c("jobcenter")),
    Field("consultant", "Jobkonsulent", "Job consultant", _c("consultant")),
)

# Danish Excel: without a byte-order mark it reads the file in its own code page and spoils
# æøå; it splits on semicolons, as the comma is its decimal separator.
BOM = "\ufeff"
DELIMITER = ";"
# Companies type their own names and contacts: text that starts like a formula stays text in
# Excel (OWASP "CSV injection"), as in placement/statistics/csv_export.py.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def confirmed_version(placement: Placement) -> Agreement | None:
    """The newest version all three parties have confirmed: what VITAS should be told is what
    was agreed, not a change still waiting for a confirmation. None if there is none yet."""
    for agreement in reversed(placement.agreements):  # ordered by version
        if all(agreement.confirmation_by(party) for party in Party):
            return agreement
    return None


def vitas_fields(document: AgreementDocument, extras: Extras) -> list[tuple[Field, Value]]:
    return [(field, field.read(document, extras)) for field in FIELDS]


def rows_for(
    placement: Placement, agreement: Agreement, *, with_cpr: bool
) -> list[tuple[Field, Value]]:
    """The export of this version. `with_cpr`: whether the person exporting may see the whole
    CPR number (the view asks placement.citizens.profiles.may_unmask_cpr, the one rule for
    that); otherwise the field stays empty."""
    opening = placement.opening
    extras = Extras(
        cpr=(placement.candidate.cpr or "") if with_cpr else "",
        job_title=opening.title,
        public_employer=opening.employer.public_sector,
        **_representative(placement, agreement),
    )
    return vitas_fields(versions.document_for(agreement, placement), extras)


def _representative(placement: Placement, agreement: Agreement) -> dict:
    """The representative's answer to this version, as VITAS asks for it after the employer."""
    if not representative.applies(placement):
        return {}
    if placement.no_staff_representative:
        return {"representative_decision": "Ingen tillidsrepræsentant"}
    approval = next(
        (a for a in placement.representative_approvals if a.agreement_id == agreement.id), None
    )
    if approval is None:
        return {
            "representative_name": placement.staff_representative,
            "representative_decision": "Afventer svar",
        }
    decision = {
        RepresentativeDecision.APPROVE: "Godkendt",
        RepresentativeDecision.OBJECT: "Indsigelse",
    }.get(approval.decision, "Afventer svar")  # type: ignore[arg-type]
    return {
        "representative_name": approval.name,
        "representative_decision": decision,
        "representative_answered_at": approval.answered_at,
    }


def as_text(value: Value, *, iso: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "; ".join(as_text(item, iso=iso) for item in value)
    if isinstance(value, datetime):
        # A moment: ISO in UTC for programs, Danish time as the agreement prints it for people.
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        if iso:
            return aware.astimezone(UTC).isoformat()
        return aware.astimezone(clock.COPENHAGEN).strftime("%d-%m-%Y %H.%M")
    if isinstance(value, date):
        # VITAS's date fields, like Danish Excel, take dd-mm-åååå; JSON keeps ISO for programs.
        return value.isoformat() if iso else value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal):
        text = f"{value:.1f}"  # the declaration's average and mentor hours: one decimal
        return text if iso else text.replace(".", ",")
    return str(value)


def to_csv(rows: list[tuple[Field, Value]]) -> bytes:
    """Two columns, Felt;Værdi, one row per field: the caseworker reads down the list beside
    VITAS's form and copies one value at a time, with no wide row to scroll sideways."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(["Felt", "Værdi"])
    for field, value in rows:
        text = as_text(value, iso=False)
        writer.writerow([field.label, "'" + text if text.startswith(_FORMULA_START) else text])
    return (BOM + out.getvalue()).encode("utf-8")


def to_json(rows: list[tuple[Field, Value]]) -> bytes:
    """One object, keys in FIELDS' order, every value a string ("" when empty, dates ISO)."""
    data = {field.key: as_text(value, iso=True) for field, value in rows}
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def file_name(placement: Placement, agreement: Agreement, extension: str) -> str:
    """No name or CPR number: a file name ends up in download folders and mail subjects."""
    number = versions.document_number(placement)
    return f"vitas-aftale-{number}-version-{agreement.version}.{extension}"
