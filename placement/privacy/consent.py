"""The citizen's consent to what companies see: the choices, who made them when, and what each
company may see of them now.

Only the citizen, or their consultant together with the citizen (recorded as such), chooses.
An item nobody has chosen is not shared: nothing beyond the name is shared by default.

What a change reaches. While a proposal waits for the company (proposed, the company has not
answered), the company's page shows the citizen's current choices. When the company answers,
or the proposal ends before it does (the citizen says no, the consultant cancels), the items
shared at that moment are kept on the placement (its consent snapshot). From then on the
company sees the items that are in the snapshot *and* still shared: a withdrawal always takes
effect at once (GDPR art. 7(3)), while turning an item on later does not add it to a proposal
the company already answered on what it saw. The intersection also makes the snapshot safe
against a change saved at the same moment as the answer: at worst it keeps too little.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from placement.common import clock
from placement.common.refusals import FieldRefusal
from placement.extensions import db
from placement.models import (
    Candidate,
    ConsentChange,
    ConsentItem,
    ConsentSource,
    Opening,
    Placement,
    PlacementStatus,
    Role,
    User,
)
from placement.web import edit_fields, edit_versions

ITEMS = tuple(ConsentItem)


class ConsentRefused(FieldRefusal):
    """A change that cannot be saved; made from {field name or None: message}."""


def choices_of(candidate: Candidate) -> dict[ConsentItem, bool | None]:
    """Each item: True shared, False not shared, None not chosen yet (not shared)."""
    return {item: getattr(candidate, item.column) for item in ITEMS}


def shared_now(candidate: Candidate) -> frozenset[ConsentItem]:
    return frozenset(item for item, shared in choices_of(candidate).items() if shared)


def _source(candidate: Candidate, by: User, with_citizen: bool) -> ConsentSource:
    if by.role == Role.CITIZEN and by.candidate_id == candidate.id:
        return ConsentSource.CITIZEN
    if by.role == Role.CONSULTANT and by.municipality_id == candidate.municipality_id:
        if not with_citizen:
            raise ConsentRefused(
                {
                    "with_citizen": _(
                        "Valgene er borgerens. Sæt kryds, når du har talt med borgeren om dem."
                    )
                }
            )
        return ConsentSource.CONSULTANT_WITH_CITIZEN
    raise ConsentRefused({None: _("Kun borgeren eller borgerens jobkonsulent kan ændre valgene.")})


def set_choices(
    candidate: Candidate,
    wanted: dict[ConsentItem, bool | None],
    by: User,
    *,
    with_citizen: bool = False,
    seen: edit_versions.Seen | None = None,
) -> int:
    """Save the choices in `wanted` (None: left as it is, so an item no one has chosen stays
    not chosen) under the candidate's row lock; return how many items changed. Each change
    writes a ConsentChange row; the same choices saved again write nothing. `seen`: what the
    form showed; a change saved since by the other party (the citizen or the consultant) that
    this save would undo refuses it (EditConflict)."""
    edit = edit_versions.begin(candidate, edit_fields.CONSENT, seen)
    changes = [
        (item, shared)
        for item, shared in wanted.items()
        if shared is not None and getattr(candidate, item.column) is not shared
    ]
    if not changes:
        return 0
    source = _source(candidate, by, with_citizen)
    for item, shared in changes:
        setattr(candidate, item.column, shared)
    edit.finish(by)
    now = clock.now()
    db.session.add_all(
        ConsentChange(
            candidate_id=candidate.id,
            item=item,
            shared=shared,
            source=source,
            changed_by_id=by.id,
            at=now,
        )
        for item, shared in changes
    )
    db.session.flush()
    return len(changes)


def history_of(candidate: Candidate):
    """Every change of the citizen's choices, newest first."""
    return (
        select(ConsentChange)
        .where(ConsentChange.candidate_id == candidate.id)
        .options(selectinload(ConsentChange.changed_by))
        .order_by(ConsentChange.at.desc(), ConsentChange.id.desc())
    )


# --- what a company sees ----------------------------------------------------------------------


def waits_for_company(placement: Placement) -> bool:
    """The proposal follows the citizen's current choices while the company may still answer."""
    return placement.status == PlacementStatus.PROPOSED and placement.employer_answer is None


def freeze(placement: Placement) -> None:
    """Keep what is shared now on the placement: call as the proposal stops waiting for the
    company (its answer, or the proposal's end), under the placement's lock. Only the first
    call counts."""
    if placement.consent_snapshot is None:
        placement.consent_snapshot = ",".join(
            item.value for item in ITEMS if item in shared_now(placement.candidate)
        )


def items_shown(placement: Placement) -> frozenset[ConsentItem]:
    """The items the company of `placement` may see now."""
    now = shared_now(placement.candidate)
    if waits_for_company(placement):
        return now
    # No snapshot on a proposal that stopped waiting: one closed before consent was recorded
    # (migration 0019), when nothing had been chosen; it shows the name only.
    kept = {ConsentItem(value) for value in (placement.consent_snapshot or "").split(",") if value}
    return now & kept


@dataclass(frozen=True)
class Preview:
    """One proposal as its company sees the citizen: for the citizen's own page."""

    placement: Placement
    follows_choices: bool  # False: the company answered, and sees at most what it saw then


def previews(candidate: Candidate) -> list[Preview]:
    """The citizen's placements, newest first: every company that can open one sees them."""
    # Each preview shows the opening, its company and the adaptations it offers.
    opening = selectinload(Placement.opening)
    placements = db.session.scalars(
        select(Placement)
        .where(Placement.candidate_id == candidate.id)
        .options(opening.selectinload(Opening.employer), opening.selectinload(Opening.adaptations))
        .order_by(Placement.created_at.desc(), Placement.id.desc())
    ).all()
    return [Preview(p, waits_for_company(p)) for p in placements]
