"""Who hired the citizen after a placement, and when: written with its outcome (issue 21).

When the outcome of a placement is ordinary work or a flex job, the consultant says which
employer hired: the placement's own company (the usual answer, so the completion form offers it
first), another company registered here, or an employer not registered here, by name; and the
day of the hire. The company's figures (placement/companies/hiring.py) count a hire at the
placement's own company within 6 months of its end.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from placement.common.refusals import Problems, Refusal
from placement.extensions import db
from placement.models import Employer, Outcome, Placement
from placement.placements.locks import lock_placement

# The outcomes that are a hire: the citizen works for an employer afterwards.
HIRED_OUTCOMES = frozenset({Outcome.ORDINARY_JOB, Outcome.FLEXJOB})
NAME_LIMIT = 200


class HireWhere(str, enum.Enum):
    SAME = "same"  # the placement's own company
    OTHER = "other"  # another company registered here
    ELSEWHERE = "elsewhere"  # an employer not registered here

    @property
    def label(self):
        return {
            HireWhere.SAME: _l("Virksomheden, hvor forløbet var"),
            HireWhere.OTHER: _l("En anden virksomhed, der er oprettet her"),
            HireWhere.ELSEWHERE: _l("En anden arbejdsgiver, der ikke er oprettet her"),
        }[self]


class HireRefused(Refusal):
    """The hire as typed cannot be recorded (no date, no company chosen, no name)."""


@dataclass(frozen=True)
class Hire:
    """A hire as a form gives it. `where` None: not known (nothing recorded)."""

    where: HireWhere | None = None
    employer_id: int | None = None
    elsewhere_name: str = ""
    hired_on: date | None = None


def stored(placement: Placement) -> Hire:
    """The hire recorded on the placement, as a form shows it."""
    own = placement.opening.employer_id
    if placement.hired_by_employer_id is not None:
        same = placement.hired_by_employer_id == own
        return Hire(
            HireWhere.SAME if same else HireWhere.OTHER,
            None if same else placement.hired_by_employer_id,
            "",
            placement.hired_on,
        )
    if placement.hired_elsewhere_name:
        return Hire(HireWhere.ELSEWHERE, None, placement.hired_elsewhere_name, placement.hired_on)
    return Hire()


def problems(placement: Placement, outcome: Outcome | None, hire: Hire) -> Problems:
    """Every reason the hire cannot be recorded, each with its form field (reads only). An
    outcome that is not work records no hire, so nothing about it is refused."""
    if outcome not in HIRED_OUTCOMES or hire.where is None:
        return []
    found: Problems = []
    if hire.hired_on is None:
        found.append(("hired_on", _("Skriv den dag, borgeren blev ansat.")))
    elif placement.start_date is not None and hire.hired_on < placement.start_date:
        found.append(
            (
                "hired_on",
                _(
                    "Ansættelsen kan ikke ligge før forløbets start (%(date)s).",
                    date=placement.start_date.isoformat(),
                ),
            )
        )
    if hire.where is HireWhere.OTHER and (
        hire.employer_id is None or db.session.get(Employer, hire.employer_id) is None
    ):
        found.append(("hired_by_employer_id", _("Vælg den virksomhed, der ansatte borgeren.")))
    name = (hire.elsewhere_name or "").strip()
    if hire.where is HireWhere.ELSEWHERE:
        if not name:
            found.append(("hired_elsewhere_name", _("Skriv navnet på arbejdsgiveren.")))
        elif len(name) > NAME_LIMIT:
            found.append(
                (
                    "hired_elsewhere_name",
                    _("Skriv højst %(limit)d tegn.", limit=NAME_LIMIT),
                )
            )
    return found


def record(placement: Placement, outcome: Outcome | None, hire: Hire) -> bool:
    """Record who hired and when, for an outcome of ordinary work or a flex job; `where` None
    clears what was recorded (the form said "not known"). Another outcome leaves the hire as it
    was: a citizen who was hired and later went to education was still hired. Return whether
    anything changed: the same hire saved again writes nothing. Flushes; the caller commits."""
    if outcome not in HIRED_OUTCOMES:
        return False
    found = problems(placement, outcome, hire)
    if found:
        raise HireRefused.every(found)
    lock_placement(placement)
    if hire.where is None:
        wanted: tuple[int | None, str, date | None] = (None, "", None)
    elif hire.where is HireWhere.ELSEWHERE:
        wanted = (None, hire.elsewhere_name.strip(), hire.hired_on)
    else:
        employer_id = (
            placement.opening.employer_id if hire.where is HireWhere.SAME else hire.employer_id
        )
        wanted = (employer_id, "", hire.hired_on)
    have = (placement.hired_by_employer_id, placement.hired_elsewhere_name, placement.hired_on)
    if have == wanted:
        return False
    placement.hired_by_employer_id, placement.hired_elsewhere_name, placement.hired_on = wanted
    db.session.flush()
    return True


def described(placement: Placement) -> str:
    """Who hired and when, in a line for the placement's page ("" when not recorded)."""
    if placement.hired_by is not None:
        who = placement.hired_by.name
    elif placement.hired_elsewhere_name:
        who = placement.hired_elsewhere_name
    else:
        return ""
    if placement.hired_on is None:
        return who
    return _("%(who)s, fra %(date)s", who=who, date=placement.hired_on.isoformat())
