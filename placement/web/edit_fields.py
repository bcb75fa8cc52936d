"""The fields each edit form shows and saves, for edit_versions: how to read each, how to say it.

A form's list holds what its save may write, also what it does not show as a field of its own:
the step-up plan sets the starting hours, so another person's change of those hours is a
change the plan's save would undo. Labels are the forms' own.
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from placement.extensions import db
from placement.models import (
    Adaptation,
    CandidateStatus,
    ConsentItem,
    InternshipPurpose,
    Kind,
    MentorKind,
    MentorPayer,
)
from placement.web.edit_versions import Field, plain


def _empty() -> str:
    return _("(tomt)")


def _text(value) -> str:
    return str(value) if value not in (None, "") else _empty()


def _day(value) -> str:
    return format_date(date.fromisoformat(value)) if value else _empty()


def _yes_no(value) -> str:
    return _("Ja") if value else _("Nej")


def _label_of(enum_class):
    return lambda value: str(enum_class(value).label) if value else _empty()


def _labels(ids) -> dict[int, str]:
    return {
        a.id: a.label
        for a in db.session.scalars(select(Adaptation).where(Adaptation.id.in_(list(ids))))
    }


def _adaptations(ids) -> str:
    labels = _labels(ids)
    return ", ".join(labels.get(i, str(i)) for i in ids) if ids else _empty()


def _needs(pairs) -> str:
    labels = _labels(i for i, _must in pairs)
    needed = _("nødvendig")  # outside the f-string, where the message extractor finds it
    return (
        ", ".join(
            f"{labels.get(i, i)} ({needed})" if must else labels.get(i, str(i)) for i, must in pairs
        )
        if pairs
        else _empty()
    )


def _kinds(values) -> str:
    return ", ".join(str(k.label) for k in Kind if k.value in values) if values else _empty()


def _list(values) -> str:
    return ", ".join(values) if values else _empty()


def _plan(steps) -> str:
    return ", ".join(f"{week}: {hours}" for week, hours in steps) if steps else _empty()


def _workplace(value) -> str:
    from placement.models import Workplace

    workplace = db.session.get(Workplace, value) if value else None
    return workplace.label if workplace else _empty()


def column(name: str, label, show=_text) -> Field:
    return Field(name, label, lambda record: plain(getattr(record, name)), show)


# --- placements (the consultant's placement page) -----------------------------------------------

START_HOURS = column("hours_per_week", _l("Timer om ugen ved start"))
PERIOD = (
    column("start_date", _l("Startdato"), _day),
    column("end_date", _l("Slutdato"), _day),
    START_HOURS,
)
PLAN = (
    Field(
        "hours_plan",
        _l("Optrapning af timer"),
        lambda p: sorted([s.from_week, s.hours_per_week] for s in p.hours_plan),
        _plan,
        relation="hours_plan",
    ),
    START_HOURS,
)
ADAPTATION_IDS = Field(
    "adaptation_ids",
    _l("Aftalte tilpasninger"),
    lambda record: sorted(a.id for a in record.adaptations),
    _adaptations,
    relation="adaptations",
)
TERMS = (
    column("tasks", _l("Arbejdsopgaver")),
    column("working_times", _l("Arbejdstider")),
    ADAPTATION_IDS,
    column("adaptation_note", _l("Andre aftalte tilpasninger")),
    column("mentor_name", _l("Mentorens navn")),
    column("mentor_role", _l("Mentorens stilling")),
    column("full_time_employees", _l("Antal fuldtidsansatte")),
    column("staff_representative", _l("Tillidsrepræsentant")),
    column("monthly_wage_cost", _l("Samlet lønudgift pr. måned (kr.)")),
)

# The consultant's one agreement form: all of the above, the starting hours once.
AGREEMENT = PERIOD + PLAN[:1] + TERMS


# --- mentor support (a grant of its own beside the placement) -----------------------------------


def hours_text(tenths) -> str:
    """Tenths of an hour as a Dane writes them: 75 -> "7,5", 100 -> "10"."""
    if tenths is None:
        return ""
    whole, tenth = divmod(int(tenths), 10)
    return f"{whole},{tenth}" if tenth else str(whole)


MENTOR_GRANT = (
    column("mentor_name", _l("Mentorens navn")),
    column("mentor_role", _l("Mentorens stilling")),
    column("mentor_kind", _l("Intern eller ekstern mentor"), _label_of(MentorKind)),
    Field(
        "hours",
        _l("Timer om ugen"),
        lambda grant: grant.hours_tenths,
        lambda tenths: hours_text(tenths) or _empty(),
    ),
    column("start_date", _l("Fra"), _day),
    column("end_date", _l("Til"), _day),
    column("paid_by", _l("Betales af"), _label_of(MentorPayer)),
)


# --- citizens: the consultant's profile form and the citizen's own wishes ---------------------


def _kinds_field(label) -> Field:
    return Field(
        "kinds", label, lambda c: sorted(k.value for k in c.kinds_wanted), _kinds, relation="kinds"
    )


def _places_field(label) -> Field:
    return Field(
        "places", label, lambda c: sorted(p.postcode for p in c.places), _list, relation="places"
    )


PROFILE = (
    column("name", _l("Navn")),
    column("birth_date", _l("Fødselsdato"), _day),
    column("email", _l("E-mail")),
    column("phone", _l("Telefon")),
    column("postcode", _l("Postnummer")),
    column("city", _l("By")),
    column("status", _l("Status"), _label_of(CandidateStatus)),
    _places_field(_l("Postnumre borgeren kan nå, adskilt med komma")),
    column("max_hours", _l("Højst timer pr. uge")),
    column("job_ready", _l("Jobparat"), _yes_no),
    _kinds_field(_l("Ønsker")),
    column("skills", _l("Kompetencer")),
    column("interests", _l("Interesser")),
    Field(
        "needs",
        _l("Behov for tilpasninger"),
        lambda c: sorted([n.adaptation_id, n.must_have] for n in c.needs),
        _needs,
        relation="needs",
    ),
    column("adaptation_note", _l("Andet om behov for tilpasninger")),
)
# The citizen's "Mine ønsker": three of the profile's fields, in the citizen's words.
WISHES = (
    column("max_hours", _l("Højst antal timer om ugen")),
    _kinds_field(_l("Den slags arbejde, jeg gerne vil have")),
    _places_field(_l("Steder, jeg kan komme til")),
)


def _consent(value) -> str:
    return _("Ikke valgt endnu") if value is None else _yes_no(value)


# The citizen's "Det må virksomheder se", which the consultant may also set with the citizen.
# Labelled with the heading they stand under: two read like profile fields ("Alder").
CONSENT = tuple(
    column(item.column, _l("Virksomheder må se: %(what)s", what=item.label), _consent)
    for item in ConsentItem
)


# --- openings -------------------------------------------------------------------------------------

OPENING = (
    column("kind", _l("Type"), _label_of(Kind)),
    column("title", _l("Titel")),
    column("description", _l("Om stedet og jobbet")),
    column("tasks", _l("Hvad skal man lave?")),
    column("purpose", _l("Formål med praktikken"), _label_of(InternshipPurpose)),
    column("skills", _l("Det er godt at kunne")),
    column("workplace_id", _l("Arbejdssted"), _workplace),
    column("postcode", _l("Postnummer")),
    column("city", _l("By")),
    column("hours_min", _l("Mindst antal timer om ugen")),
    column("hours_max", _l("Højst antal timer om ugen")),
    column("flexible_schedule", _l("Fleksible tider"), _yes_no),
    column("start_date", _l("Første dag"), _day),
    column("duration_weeks", _l("Antal uger")),
    column("end_date", _l("Sidste dag"), _day),
    column("seats", _l("Antal pladser")),
    Field(
        "adaptation_ids",
        _l("Hjælp, I kan give"),
        ADAPTATION_IDS.read,
        _adaptations,
        relation="adaptations",
    ),
    column("adaptation_note", _l("Mere om hjælpen")),
    column("mentor_available", _l("Der er en mentor eller fast kontaktperson"), _yes_no),
    column("mentor_name", _l("Navn på mentor")),
    column("mentor_role", _l("Titel på mentor")),
    column("deadline", _l("Frist for at søge"), _day),
)
