"""Mentor support (mentorstøtte) for a placement: the rules for adding, changing and removing a
grant, and the new agreement version a change makes.

A grant is part of what the parties agree on, so it follows the agreement's terms: it may be
written from the proposal until the placement is over, and once the placement is agreed every
change makes a new version for all three to confirm (versions.refresh), as any other change
of the terms does. Every change takes the placement's row lock first: two grants whose periods
overlap, saved at the same moment, then come one after the other and the second is refused.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from placement.agreements import versions
from placement.common.policy import MENTOR_HOURS_DECIMALS, MENTOR_HOURS_MAX
from placement.common.refusals import Problems, Refusal
from placement.extensions import db
from placement.models import MentorGrant, MentorKind, MentorPayer, Placement, User
from placement.placements.locks import lock_placement
from placement.web import edit_fields, edit_versions


class GrantRefused(Refusal):
    """The grant cannot be written like that; the problems say why, by their fields."""


class GrantAlreadyDone(GrantRefused):
    """The very grant asked for is there already, or already gone (a second click, a second
    tab): nothing is written, and nothing went wrong."""

    repeated = True


@dataclass(frozen=True)
class GrantDraft:
    """What the form holds, read but not yet checked. Each name is the edit field
    (edit_fields.MENTOR_GRANT) it saves; `hours` in hours ("7,5" read as Decimal("7.5"))."""

    mentor_name: str = ""
    mentor_role: str = ""
    mentor_kind: MentorKind | None = None
    hours: Decimal | None = None
    start_date: date | None = None
    end_date: date | None = None
    paid_by: MentorPayer | None = None

    def plain(self) -> dict:
        """As edit_fields.MENTOR_GRANT reads a grant, to compare with what a form showed."""
        values = {
            name: edit_versions.plain(value.strip() if isinstance(value, str) else value)
            for name, value in asdict(self).items()
        }
        values["hours"] = _tenths(self.hours)
        return values


def _tenths(hours: Decimal | None):
    """Hours as stored (tenths); a value with more decimals than that stays a Decimal, so it
    never compares equal to a stored one and the rules see it as typed."""
    if hours is None:
        return None
    tenths = hours * 10
    return int(tenths) if tenths == tenths.to_integral_value() else str(hours)


def stored(grant: MentorGrant) -> GrantDraft:
    return GrantDraft(
        mentor_name=grant.mentor_name,
        mentor_role=grant.mentor_role,
        mentor_kind=grant.mentor_kind,
        hours=grant.hours,
        start_date=grant.start_date,
        end_date=grant.end_date,
        paid_by=grant.paid_by,
    )


def may_change(placement: Placement) -> bool:
    """Whether a page should offer to add, change or remove grants."""
    return placement.status in versions.TERMS_STATES


def _hours_problem(hours: Decimal | None) -> str | None:
    if hours is None:
        return _("Skriv hvor mange timer om ugen mentoren har, fx 2 eller 7,5.")
    if hours <= 0:
        return _("Timerne skal være flere end 0.")
    if hours > MENTOR_HOURS_MAX:
        return _("Mentorstøtten kan højst være %(max)d timer om ugen.", max=MENTOR_HOURS_MAX)
    exponent = hours.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MENTOR_HOURS_DECIMALS:
        return _("Skriv timerne med højst én decimal, fx 7,5.")
    return None


def _period_problems(placement: Placement, draft: GrantDraft) -> Problems:
    start, end = draft.start_date, draft.end_date
    problems: Problems = []
    if start is None:
        problems.append(("start_date", _("Skriv hvornår mentorstøtten starter.")))
    if end is None:
        problems.append(("end_date", _("Skriv hvornår mentorstøtten slutter.")))
    if start is None or end is None:
        return problems
    if start > end:
        return [("end_date", _("Slutdatoen skal være samme dag som startdatoen eller senere."))]
    # Support for the placement, so within its period: it cannot be granted before the
    # placement has a start, nor run past its end.
    if placement.start_date is None:
        return [
            (
                "start_date",
                _("Forløbet har ingen startdato endnu. Skriv forløbets periode i aftalen først."),
            )
        ]
    if start < placement.start_date:
        problems.append(
            (
                "start_date",
                _(
                    "Mentorstøtten kan tidligst starte %(date)s, den dag forløbet starter.",
                    date=format_date(placement.start_date),
                ),
            )
        )
    if placement.end_date is not None and end > placement.end_date:
        problems.append(
            (
                "end_date",
                _(
                    "Mentorstøtten skal slutte senest %(date)s, den dag forløbet slutter.",
                    date=format_date(placement.end_date),
                ),
            )
        )
    return problems


def _overlap_problem(placement: Placement, draft: GrantDraft, other_than: int | None):
    assert draft.start_date is not None and draft.end_date is not None
    for grant in _grants(placement):
        if grant.id == other_than:
            continue
        if grant.start_date <= draft.end_date and draft.start_date <= grant.end_date:
            return _(
                "Perioden overlapper mentorstøtten fra %(start)s til %(end)s. "
                "Perioderne må ikke overlappe: ret datoerne, eller ret den anden.",
                start=format_date(grant.start_date),
                end=format_date(grant.end_date),
            )
    return None


def problems(placement: Placement, draft: GrantDraft, other_than: int | None = None) -> Problems:
    """Every problem with the draft, each by its field (read only)."""
    found: Problems = []
    if not draft.mentor_name.strip():
        found.append(("mentor_name", _("Skriv mentorens navn.")))
    if draft.mentor_kind is None:
        found.append(("mentor_kind", _("Vælg om mentoren er ansat i virksomheden eller ekstern.")))
    hours = _hours_problem(draft.hours)
    if hours:
        found.append(("hours", hours))
    period = _period_problems(placement, draft)
    found += period
    if not period:
        overlap = _overlap_problem(placement, draft, other_than)
        if overlap:
            found.append(("start_date", overlap))
    if draft.paid_by is None:
        found.append(("paid_by", _("Vælg hvem der betaler mentorstøtten.")))
    return found


def _grants(placement: Placement) -> list[MentorGrant]:
    """The placement's grants as they are now (read under its lock by the callers)."""
    return list(
        db.session.scalars(
            select(MentorGrant)
            .where(MentorGrant.placement_id == placement.id)
            .order_by(MentorGrant.start_date, MentorGrant.id)
            .execution_options(populate_existing=True)
        )
    )


def _begin(placement: Placement) -> None:
    lock_placement(placement)
    if not may_change(placement):
        raise GrantRefused(
            _(
                "Forløbet er %(status)s, og mentorstøtten kan ikke ændres.",
                status=placement.status.label.lower(),
            )
        )


def _write(grant: MentorGrant, draft: GrantDraft) -> None:
    assert draft.mentor_kind and draft.paid_by and draft.hours is not None
    assert draft.start_date and draft.end_date
    grant.mentor_name = draft.mentor_name.strip()
    grant.mentor_role = draft.mentor_role.strip()
    grant.mentor_kind = draft.mentor_kind
    grant.hours_tenths = int(draft.hours * 10)
    grant.start_date, grant.end_date = draft.start_date, draft.end_date
    grant.paid_by = draft.paid_by


def _refresh(placement: Placement, by: User) -> None:
    """What the grants say is printed in the agreement: a running one gets a new version."""
    db.session.flush()
    db.session.expire(placement, ["mentor_grants"])
    versions.refresh(placement, by)


def add(placement: Placement, draft: GrantDraft, by: User) -> MentorGrant:
    """Add a grant; the same grant posted twice is there once (GrantAlreadyDone)."""
    _begin(placement)
    typed = draft.plain()
    if any(_snapshot(grant) == typed for grant in _grants(placement)):
        raise GrantAlreadyDone(_("Mentorstøtten er allerede gemt."))
    found = problems(placement, draft)
    if found:
        raise GrantRefused.every(found)
    grant = MentorGrant(placement_id=placement.id, created_by_id=by.id)
    _write(grant, draft)
    db.session.add(grant)
    _refresh(placement, by)
    return grant


def _snapshot(grant: MentorGrant) -> dict:
    return edit_versions.snapshot(grant, edit_fields.MENTOR_GRANT)


def _find(placement: Placement, grant_id: int) -> MentorGrant | None:
    return next((g for g in _grants(placement) if g.id == grant_id), None)


def change(
    placement: Placement,
    grant_id: int,
    draft: GrantDraft,
    by: User,
    seen: edit_versions.Seen | None = None,
) -> bool:
    """Save the edit form; return whether anything changed. A field left as the form showed
    it keeps what is stored now, so a colleague's change there stays; a field both changed
    is an EditConflict (edit_versions.py)."""
    _begin(placement)
    grant = _find(placement, grant_id)
    if grant is None:
        raise GrantRefused(_("Mentorstøtten er fjernet, mens du skrev. Tilføj den igen."))
    edit = edit_versions.begin(grant, edit_fields.MENTOR_GRANT, seen)
    now = stored(grant)
    if seen is not None:
        kept = {
            name: getattr(now, name)
            for name, value in draft.plain().items()
            if name in seen.values and value == seen.values[name]
        }
        draft = replace(draft, **kept)
    if draft.plain() == now.plain():
        return False  # saved as it was: no check, no write, no new version
    found = problems(placement, draft, other_than=grant.id)
    if found:
        raise GrantRefused.every(found)
    _write(grant, draft)
    if not edit.finish(by):
        return False
    _refresh(placement, by)
    return True


def remove(placement: Placement, grant_id: int, by: User, shown_version: int | None) -> None:
    """Remove a grant. `shown_version`: the grant's edit_version the page showed, so a grant
    a colleague changed meanwhile is not removed unseen; gone already: said calmly."""
    _begin(placement)
    grant = _find(placement, grant_id)
    if grant is None:
        raise GrantAlreadyDone(_("Mentorstøtten er allerede fjernet."))
    if shown_version is not None and grant.edit_version != shown_version:
        raise GrantRefused(
            _(
                "Mentorstøtten er ændret, siden du åbnede siden. Se den igen, og fjern den "
                "derefter, hvis den stadig skal væk."
            )
        )
    db.session.delete(grant)
    _refresh(placement, by)


def outside_period(placement: Placement, start: date | None, end: date | None) -> str | None:
    """Why a new period for the placement would leave a grant outside it, or None: the
    agreement's period is saved only when every grant still lies within it."""
    for grant in _grants(placement):
        if (start is None or grant.start_date < start) or (
            end is not None and grant.end_date > end
        ):
            return _(
                "Mentorstøtten fra %(start)s til %(end)s ligger uden for den nye periode. "
                "Ret mentorstøtten først.",
                start=format_date(grant.start_date),
                end=format_date(grant.end_date),
            )
    return None
