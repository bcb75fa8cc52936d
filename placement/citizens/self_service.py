"""What a citizen keeps up to date themselves ("mestring"): goals, steps, wishes for work."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from placement.common.policy import FULL_TIME_HOURS
from placement.common.refusals import FieldRefusal
from placement.extensions import db
from placement.models import (
    Candidate,
    CandidateKind,
    CandidatePlace,
    Kind,
    Opening,
    OpeningInterest,
    User,
)
from placement.openings.public_board import public_openings
from placement.web import edit_fields, edit_versions

POSTCODE = re.compile(r"^\d{4}$")


class SelfServiceRefused(FieldRefusal):
    """A change the citizen asked for that cannot be saved; each problem names its field."""


# --- what the citizen's pages may fetch: always from the citizen's own profile ---------------


@dataclass
class MarkedOpening:
    opening: Opening
    marked_at: datetime
    still_open: bool


def marked_openings(candidate: Candidate, today: date | None = None) -> list[MarkedOpening]:
    """The openings the citizen pressed "Jeg er interesseret" on, newest first."""
    rows = db.session.scalars(
        select(OpeningInterest)
        .where(OpeningInterest.candidate_id == candidate.id)
        .order_by(OpeningInterest.created_at.desc(), OpeningInterest.id.desc())
    ).all()
    ids = [row.opening_id for row in rows]
    # "Still open" means still on the public board: the same rule that lets them press the button.
    open_ids = set(
        db.session.scalars(
            public_openings(today).where(Opening.id.in_(ids or [-1])).with_only_columns(Opening.id)
        )
    )
    return [MarkedOpening(row.opening, row.created_at, row.opening_id in open_ids) for row in rows]


# --- wishes for work -------------------------------------------------------------------------


def preference_problems(
    max_hours: int | None, kinds: list[Kind], postcodes: list[str]
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if max_hours is not None and not 1 <= max_hours <= FULL_TIME_HOURS:
        problems["max_hours"] = _(
            "Skriv et tal fra 1 til %(full)d timer om ugen.", full=FULL_TIME_HOURS
        )
    if any(not isinstance(kind, Kind) for kind in kinds):
        problems["kinds"] = _("Vælg blandt de slags arbejde, der står på listen.")
    wrong = [code for code in postcodes if not POSTCODE.match(code)]
    if wrong:
        problems["postcodes"] = _(
            "%(codes)s er ikke et postnummer. Et postnummer har 4 cifre, fx 8800.",
            codes=", ".join(f"»{code}«" for code in wrong),
        )
    return problems


def set_preferences(
    candidate: Candidate,
    max_hours: int | None,
    kinds: list[Kind],
    postcodes: list[str],
    by: User | None = None,
    seen: edit_versions.Seen | None = None,
) -> bool:
    """Save the citizen's wishes; on any problem nothing is changed. An empty hours field
    means the citizen does not want to say yet. Return whether the wishes changed.

    The consultant's profile form shows the same three: `seen` is what the citizen's form
    showed, and a change the consultant made since refuses the save (EditConflict)."""
    edit = edit_versions.begin(candidate, edit_fields.WISHES, seen)
    postcodes = [code.strip() for code in postcodes if code and code.strip()]
    problems = preference_problems(max_hours, kinds, postcodes)
    if problems:
        raise SelfServiceRefused(problems)
    candidate.max_hours = max_hours
    # Keep the rows that stay and add only the new ones: deleting and re-inserting the same
    # primary key in one flush would collide, since the flush inserts before it deletes.
    wanted_kinds = set(kinds)
    candidate.kinds = [row for row in candidate.kinds if row.kind in wanted_kinds] + [
        CandidateKind(kind=kind)
        for kind in Kind
        if kind in wanted_kinds and kind not in candidate.kinds_wanted
    ]
    wanted_places = list(dict.fromkeys(postcodes))
    have = {row.postcode for row in candidate.places}
    candidate.places = [row for row in candidate.places if row.postcode in wanted_places] + [
        CandidatePlace(postcode=code) for code in wanted_places if code not in have
    ]
    changed = edit.finish(by)
    db.session.flush()
    return changed
