"""One action at a time on a placement: the row locks, and what to tell the one who waited.

Two requests on the same placement at the same moment (the scheduler starting it while its
consultant cancels it, citizen and company saying yes together, a button posted twice) must
happen one after the other, and the second must decide on what the first left. So every
transition and every agreement confirmation first takes the placement's row lock
(SELECT … FOR UPDATE) and reads the placement again under it (populate_existing).

Then the core decides, from what it read (lifecycle.py, agreement_versions.py): the action the
person asked for (the function the view called) is "already done" when the placement's latest
event is that very move (same target status) — for an answer, when that party's answer already
is the one given; for a confirmation, when that party already confirmed that version — and
nothing is written; an action a later move made impossible is refused with that move, who made
it and when (what_happened). The database backs this up: one event per placement and status
left (migration 0014), one confirmation per party and version.

Lock order, the same everywhere so two transactions never wait for each other in a circle:
company, then opening, then placement. Only agreeing a placement takes the first two (seats and
the ratio rule), a proposal takes the opening alone, and everything else takes the placement
alone; the placement comes last, so a transaction that holds a placement's lock never waits
for a company or an opening. The scheduler's sweep locks many placements, in id order.

SQLite ignores FOR UPDATE, but it lets only one writer in at a time anyway.
"""

from __future__ import annotations

from babel.dates import format_skeleton
from flask_babel import format_time, get_locale, to_user_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from placement.common.row_locks import locked
from placement.extensions import db
from placement.models import (
    Agreement,
    Employer,
    Opening,
    Placement,
    PlacementEvent,
    PlacementStatus,
)

S = PlacementStatus
# What the latest move did, for the person whose action it made impossible. Only the moves
# after which some other action is no longer possible: a placement that is merely not there
# yet gets the plain "Forløbet er … og kan ikke ændres sådan".
_WHAT_HAPPENED = {
    S.ACTIVE: _l("Forløbet blev startet af %(who)s %(day)s kl. %(time)s."),
    S.AWAITING_EVALUATION: _l("Forløbet blev sat til evaluering af %(who)s %(day)s kl. %(time)s."),
    S.COMPLETED: _l("Forløbet blev afsluttet af %(who)s %(day)s kl. %(time)s."),
    S.ENDED_EARLY: _l("Forløbet blev afbrudt før tid af %(who)s %(day)s kl. %(time)s."),
    S.DECLINED: _l("%(who)s sagde nej tak til forslaget %(day)s kl. %(time)s."),
    S.CANCELLED: _l("Forløbet blev aflyst af %(who)s %(day)s kl. %(time)s."),
}


def lock_placement(placement: Placement, *, agreements: bool = False) -> Placement:
    """Wait for the placement's row lock, then read it again with its history (and, for
    confirmations and starts, its agreements and their confirmations): whatever another
    request changed while this one waited is what this one decides on."""
    loads = [selectinload(Placement.events).joinedload(PlacementEvent.actor)]
    if agreements:
        loads.append(selectinload(Placement.agreements).selectinload(Agreement.confirmations))
    # Read to the end: the ORM refreshes the objects only as it reads the rows.
    return db.session.scalars(
        select(Placement)
        .where(Placement.id == placement.id)
        .with_for_update()
        .options(*loads)
        .execution_options(populate_existing=True)
    ).one()


def lock_opening(opening: Opening) -> None:
    """The opening alone (a proposal: one open placement per citizen and opening)."""
    locked(Opening, opening.id)


def lock_company_and_opening(opening: Opening) -> None:
    """The company, then the opening (agreeing: the last seat, and the ratio rule's room,
    which spans all the company's openings)."""
    locked(Employer, opening.employer_id)
    lock_opening(opening)


def already_done() -> str:
    """The same action twice (a double click, a second tab, a reload): nothing more to do."""
    return _("Det er allerede sket.")


def latest_event(placement: Placement) -> PlacementEvent | None:
    return placement.events[-1] if placement.events else None


def what_happened(placement: Placement) -> str | None:
    """The latest move in words, who made it and when, e.g. "Forløbet blev aflyst af Karin
    Konsulent 6. dec. kl. 10.02."; None when there is no such move to tell of."""
    event = latest_event(placement)
    if event is None or event.to_status not in _WHAT_HAPPENED:
        return None
    at = to_user_timezone(event.at)
    who = event.actor.name if event.actor else _("systemet")
    return str(_WHAT_HAPPENED[event.to_status]) % {
        "who": who,
        "day": format_skeleton("MMMd", at, locale=get_locale()),
        "time": format_time(at, "short", rebase=False),
    }
