"""The reviewer's scores of a team's fidelity items: read them, and save a manager's changes.

A save changes only the items whose score or note differ from what the form showed, so a form
submitted untouched writes nothing, and the same post twice writes nothing the second time.
Two managers saving the same team and period at once wait for each other on the
municipality's row lock (SELECT ... FOR UPDATE; SQLite lets one writer in at a time anyway);
the second compares with what the first left: an item the first changed and the second would
change too, from what their form showed before, is refused with who saved it and when, and
nothing of the second save is written. Items the first did not touch are saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from placement.common import clock
from placement.common.refusals import Problems, Refusal
from placement.common.row_locks import locked
from placement.extensions import db
from placement.fidelity.scale import BY_KEY
from placement.models import FidelityReview, Municipality, User


class ReviewConflict(Refusal):
    """Someone else saved an item meanwhile that this save would change too."""


@dataclass(frozen=True)
class Entry:
    key: str
    score: int | None
    note: str

    @property
    def value(self) -> tuple[int | None, str]:
        return (self.score, self.note.strip())


def reviews_for(municipality_id: int, date_from: date, date_to: date) -> dict[str, FidelityReview]:
    rows = db.session.scalars(
        select(FidelityReview).where(
            FidelityReview.municipality_id == municipality_id,
            FidelityReview.date_from == date_from,
            FidelityReview.date_to == date_to,
        )
    )
    return {row.item_key: row for row in rows}


def stored_value(review: FidelityReview | None) -> tuple[int | None, str]:
    return (review.score, review.note) if review else (None, "")


def save_reviews(
    manager: User,
    municipality_id: int,
    date_from: date,
    date_to: date,
    entries: list[Entry],
    shown: dict[str, tuple[int | None, str]],
) -> int:
    """Save what the manager changed; returns how many items were written (flushes)."""
    locked(Municipality, municipality_id)
    current = {
        row.item_key: row
        for row in db.session.scalars(
            select(FidelityReview)
            .where(
                FidelityReview.municipality_id == municipality_id,
                FidelityReview.date_from == date_from,
                FidelityReview.date_to == date_to,
            )
            .execution_options(populate_existing=True)
        )
    }
    conflicts: Problems = []
    changes = []
    for entry in entries:
        if entry.key not in BY_KEY or BY_KEY[entry.key].computed:
            continue
        before = shown.get(entry.key, (None, ""))
        if entry.value == before:
            continue  # untouched in the form
        row = current.get(entry.key)
        now = stored_value(row)
        if now == entry.value:
            continue  # already so (the same post twice, or someone saved the same)
        if now != before and row is not None:
            conflicts.append((f"score-{entry.key}", _conflict_message(entry.key, row)))
            continue
        changes.append((entry, row))
    if conflicts:
        raise ReviewConflict.every(conflicts)
    for entry, row in changes:
        if row is None:
            row = FidelityReview(
                municipality_id=municipality_id,
                date_from=date_from,
                date_to=date_to,
                item_key=entry.key,
                edit_version=0,
            )
            db.session.add(row)
        row.score, row.note = entry.value
        row.edit_version += 1
        row.edited_at = clock.now()
        row.edited_by = manager
    db.session.flush()
    return len(changes)


def _conflict_message(key: str, row: FidelityReview) -> str:
    return _(
        "%(item)s blev ændret af %(who)s %(when)s, mens du havde siden åben. Nu står der: "
        "%(score)s. Se det og gem igen, hvis du vil ændre det.",
        item=BY_KEY[key].name,
        who=row.edited_by.name if row.edited_by else _("en anden"),
        when=format_datetime(row.edited_at, "short"),
        score=row.score if row.score is not None else _("ingen point"),
    )
