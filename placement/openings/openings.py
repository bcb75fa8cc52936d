"""Openings: the checks an opening must pass, its states and copying. What the public sees of
them is placement/openings/public_board.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import exists, select

from placement.agreements import versions
from placement.common import clock
from placement.common.policy import FULL_TIME_HOURS, OPENING_START_GRACE_DAYS
from placement.common.refusals import Refusal
from placement.extensions import db
from placement.models import (
    Adaptation,
    Employer,
    EmployerStatus,
    InternshipPurpose,
    Kind,
    Opening,
    OpeningStatus,
    Placement,
    Role,
    User,
    Workplace,
)
from placement.placements.duration_limits import allowed_for, weeks_between
from placement.placements.ratio import OCCUPYING
from placement.web import edit_fields, edit_versions


class OpeningError(Refusal):
    """A refused action on an opening; the message is for the person."""


class Problem(NamedTuple):
    """One problem with an opening: a (field, message) pair, as every refusal's problems are."""

    field: str | None
    message: str


class OpeningInvalid(Refusal):
    """Every problem found with the opening's fields."""

    def __init__(self, problems: list[Problem]):
        super().__init__(
            "; ".join(p.message for p in problems),
            problems[0].field if problems else None,
            list(problems),
        )

    @classmethod
    def every(cls, problems):
        return cls([Problem(field, message) for field, message in problems])


@dataclass
class OpeningData:
    """What a person fills in for an opening (from a form, an import or a test)."""

    kind: Kind
    title: str
    postcode: str
    city: str
    hours_min: int
    hours_max: int
    description: str = ""
    tasks: str = ""
    purpose: InternshipPurpose | None = None
    flexible_schedule: bool = False
    start_date: date | None = None
    duration_weeks: int | None = None
    end_date: date | None = None
    seats: int = 1
    adaptation_ids: list[int] = field(default_factory=list)
    adaptation_note: str = ""
    mentor_available: bool = False
    mentor_name: str = ""
    mentor_role: str = ""
    skills: str = ""
    deadline: date | None = None
    # One of the company's workplaces (None: not chosen, or a choice the form could not read).
    workplace_id: int | None = None


def problems_with(
    data: OpeningData, employer: Employer, opening: Opening | None = None
) -> list[Problem]:
    """Everything wrong with an opening, each with the field it concerns. A number the form
    could not read (None) is the form's to explain, so the checks that need it are skipped:
    the rest still run, and the person sees every problem at once."""
    problems: list[Problem] = []
    if not data.title.strip():
        problems.append(Problem("title", _("Skriv en titel.")))
    problems += _workplace_problems(data, employer, opening)
    if data.hours_min is not None and data.hours_min < 0:
        problems.append(Problem("hours_min", _("Timer kan ikke være under 0.")))
    if data.hours_max is not None and data.hours_max > FULL_TIME_HOURS:
        problems.append(
            Problem(
                "hours_max", _("Højst %(full)d timer om ugen (fuld tid).", full=FULL_TIME_HOURS)
            )
        )
    if None not in (data.hours_min, data.hours_max) and data.hours_min > data.hours_max:
        problems.append(
            Problem(
                "hours_max",
                _("Det højeste antal timer skal være mindst lige så stort som det laveste."),
            )
        )
    if data.seats is not None and data.seats < 1:
        problems.append(Problem("seats", _("Der skal være mindst 1 plads.")))
    if data.kind == Kind.INTERNSHIP and data.purpose is None:
        problems.append(Problem("purpose", _("Vælg formålet med praktikken.")))
    if data.end_date and data.start_date and data.end_date <= data.start_date:
        problems.append(Problem("end_date", _("Sidste dag skal ligge efter første dag.")))
    if data.duration_weeks is not None and data.duration_weeks < 1:
        problems.append(Problem("duration_weeks", _("Varigheden skal være mindst 1 uge.")))
    if data.deadline and data.start_date and data.deadline > data.start_date:
        problems.append(Problem("deadline", _("Fristen for at søge skal ligge før første dag.")))
    problems += _duration_problems(data, employer)
    return problems


def chosen_workplace(data: OpeningData, employer: Employer) -> Workplace | None:
    """The company's own workplace the data names; none named, a company with one workplace
    has it. None for another company's workplace (a forged id) or no choice among several."""
    if data.workplace_id is None:
        return employer.workplaces[0] if len(employer.workplaces) == 1 else None
    return db.session.scalar(
        select(Workplace).where(
            Workplace.id == data.workplace_id, Workplace.employer_id == employer.id
        )
    )


def _workplace_problems(
    data: OpeningData, employer: Employer, opening: Opening | None
) -> list[Problem]:
    workplace = chosen_workplace(data, employer)
    if workplace is None:
        return [Problem("workplace_id", _("Vælg et af virksomhedens arbejdssteder."))]
    if opening is not None and opening.workplace_id != workplace.id and _occupied(opening):
        # Its persons count under the ratio rule where they are, and their agreements name it.
        return [
            Problem(
                "workplace_id",
                _(
                    "Opslaget har personer i praktik eller job nu, så arbejdsstedet kan ikke "
                    "skiftes. Opret et nyt opslag på det andet arbejdssted."
                ),
            )
        ]
    return []


def _occupied(opening: Opening) -> bool:
    """Someone holds one of the opening's places (agreed or running)."""
    return (
        db.session.scalar(
            select(
                exists().where(Placement.opening_id == opening.id, Placement.status.in_(OCCUPYING))
            )
        )
        is True
    )


def _duration_problems(data: OpeningData, employer: Employer) -> list[Problem]:
    weeks = data.duration_weeks
    if data.start_date and data.end_date and data.end_date > data.start_date:
        weeks = weeks_between(data.start_date, data.end_date)
    # An opening is for anyone: the job-ready citizen's shorter limit is checked per placement.
    allowed = allowed_for(data.kind, public_sector=employer.public_sector, job_ready=False)
    if allowed is None or weeks is None or weeks <= allowed.weeks:
        return []
    message = _(
        "%(kind)s kan højst vare %(weeks)d uger ad gangen.",
        kind=data.kind.label,
        weeks=allowed.weeks,
    )
    if allowed.extendable:
        message += " " + _("Længere praktik aftales som en forlængelse af det enkelte forløb.")
    return [Problem("end_date" if data.end_date else "duration_weeks", message)]


def _apply(opening: Opening, data: OpeningData) -> None:
    for name in (
        "kind",
        "title",
        "postcode",
        "city",
        "hours_min",
        "hours_max",
        "description",
        "tasks",
        "flexible_schedule",
        "start_date",
        "duration_weeks",
        "end_date",
        "seats",
        "adaptation_note",
        "mentor_available",
        "skills",
        "deadline",
    ):
        setattr(opening, name, getattr(data, name))
    with db.session.no_autoflush:
        opening.workplace = chosen_workplace(data, opening.employer)  # type: ignore[assignment]
    opening.title = data.title.strip()
    opening.purpose = data.purpose if data.kind == Kind.INTERNSHIP else None
    opening.mentor_name = data.mentor_name if data.mentor_available else ""
    opening.mentor_role = data.mentor_role if data.mentor_available else ""
    opening.adaptations = list(
        db.session.scalars(select(Adaptation).where(Adaptation.id.in_(data.adaptation_ids or [-1])))
    )


EDITABLE = (OpeningStatus.DRAFT, OpeningStatus.PUBLISHED)


def create_opening(employer: Employer, data: OpeningData) -> Opening:
    problems = problems_with(data, employer)
    if problems:
        raise OpeningInvalid(problems)
    opening = Opening(
        employer=employer, workplace=chosen_workplace(data, employer), status=OpeningStatus.DRAFT
    )
    db.session.add(opening)
    _apply(opening, data)
    db.session.flush()
    return opening


def ensure_editable(opening: Opening) -> None:
    if opening.status not in EDITABLE:
        raise OpeningError(
            _(
                "Et %(status)s opslag kan ikke rettes. Kopiér det i stedet.",
                status=opening.status.label.lower(),
            )
        )


def update_opening(
    opening: Opening,
    data: OpeningData,
    by: User | None = None,
    seen: edit_versions.Seen | None = None,
) -> Opening:
    """`seen`: what the form showed; a change made since by a colleague (the company's or the
    jobcenter's) that this save would undo refuses it (EditConflict)."""
    edit = edit_versions.begin(opening, edit_fields.OPENING, seen)
    ensure_editable(opening)
    problems = problems_with(data, opening.employer, opening)
    if problems:
        raise OpeningInvalid(problems)
    _apply(opening, data)
    edit.finish(by)
    db.session.flush()
    # An internship's purpose is printed in its agreements.
    versions.refresh_running(Placement.opening_id == opening.id, by)
    return opening


def publish(opening: Opening, today: date) -> None:
    if opening.employer.status == EmployerStatus.SUSPENDED:
        raise OpeningError(
            _("Virksomheden er suspenderet og kan ikke slå opslag op. Kontakt jobcentret.")
        )
    if opening.employer.status != EmployerStatus.APPROVED:
        raise OpeningError(
            _(
                "Virksomheden skal godkendes af jobcentret, før I kan slå opslag "
                "op. Indtil da kan I gemme kladder."
            )
        )
    if opening.status != OpeningStatus.DRAFT:
        raise OpeningError(_("Kun en kladde kan slås op."))
    if opening.deadline and opening.deadline < today:
        raise OpeningError(_("Fristen for at søge er gået. Ret fristen først."))
    dates_problem = _dates_problem(opening, today)
    if dates_problem:
        raise OpeningError(dates_problem)
    opening.status = OpeningStatus.PUBLISHED
    opening.published_at = clock.now()
    db.session.flush()


def period_end(opening: Opening):
    """The last day of the opening's period: its end date, or its start plus its weeks."""
    if opening.end_date is not None:
        return opening.end_date
    if opening.start_date is not None and opening.duration_weeks:
        return opening.start_date + timedelta(weeks=opening.duration_weeks, days=-1)
    return None


def _dates_problem(opening: Opening, today: date) -> str | None:
    """Why the opening's dates keep it off the board today (the board's query says the same)."""
    end = period_end(opening)
    if end is not None and end < today:
        return _("Opslagets periode er slut (%(date)s). Ret datoerne først.", date=format_date(end))
    if opening.start_date and opening.start_date < today - timedelta(days=OPENING_START_GRACE_DAYS):
        return _(
            "Startdatoen %(date)s ligger mere end %(days)d dage tilbage. Ret startdatoen først.",
            date=format_date(opening.start_date),
            days=OPENING_START_GRACE_DAYS,
        )
    return None


def close(opening: Opening) -> None:
    if opening.status not in EDITABLE:
        raise OpeningError(_("Opslaget er allerede afsluttet."))
    opening.status = OpeningStatus.CLOSED
    db.session.flush()


def mark_filled(opening: Opening) -> None:
    if opening.status != OpeningStatus.PUBLISHED:
        raise OpeningError(_("Kun et opslag, der er slået op, kan meldes besat."))
    opening.status = OpeningStatus.FILLED
    db.session.flush()


def is_past_deadline(opening: Opening, today: date) -> bool:
    return (
        opening.status == OpeningStatus.PUBLISHED
        and opening.deadline is not None
        and opening.deadline < today
    )


def expire(opening: Opening, today: date) -> bool:
    """Published → expired once the deadline has passed (the scheduler's sweep calls this)."""
    if not is_past_deadline(opening, today):
        return False
    opening.status = OpeningStatus.EXPIRED
    db.session.flush()
    return True


def copy_opening(opening: Opening) -> Opening:
    """A new draft with the same content; dates are left for the person to set again."""
    copy = Opening(
        employer_id=opening.employer_id,
        workplace_id=opening.workplace_id,
        status=OpeningStatus.DRAFT,
        title=_("Kopi af %(title)s", title=opening.title),
    )
    db.session.add(copy)
    for name in (
        "kind",
        "postcode",
        "city",
        "hours_min",
        "hours_max",
        "description",
        "tasks",
        "purpose",
        "flexible_schedule",
        "duration_weeks",
        "seats",
        "adaptation_note",
        "mentor_available",
        "mentor_name",
        "mentor_role",
        "skills",
    ):
        setattr(copy, name, getattr(opening, name))
    copy.adaptations = list(opening.adaptations)
    db.session.flush()
    return copy


def may_manage(user: User, opening: Opening) -> bool:
    """Employers manage their own company's openings; consultants act on any company's behalf."""
    if user.role in (Role.CONSULTANT, Role.ADMIN):
        return True
    return user.role == Role.EMPLOYER and user.employer_id == opening.employer_id
