"""The consultant's one agreement form: period, hours, step-up plan and terms, saved as one edit.

One save makes at most one new version of the agreement, where saving the parts one by one
made one each. A colleague's change to a part this person left alone is kept, not undone by a
form that merely still showed the old value, and is no conflict (edit_versions.py says why).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

from flask_babel import gettext as _

from placement.agreements import versions
from placement.agreements.versions import Terms, TermsSaved
from placement.extensions import db
from placement.followups import plans
from placement.models import Kind, Placement, User
from placement.placements import mentor_grants
from placement.placements.hours_plan import check_plan, replace_plan
from placement.placements.lifecycle import PLAN_STATES, TransitionRefused, check_period
from placement.web import edit_fields, edit_versions

PERIOD_NAMES = ("start_date", "end_date", "hours_per_week")
# The parts the page once had a form each for. A part the person left as shown takes what is
# stored now, so a colleague's change there stays; a part they changed is saved as typed, and
# a change made meanwhile to any field in it is an EditConflict, as with its own form.
PARTS = tuple(
    tuple(f.name for f in part)
    for part in (edit_fields.PERIOD, edit_fields.PLAN, edit_fields.TERMS)
)


@dataclass(frozen=True)
class AgreementDraft(Terms):
    """What the form holds: the terms and the period with its plan. Each name is the edit
    field (edit_fields.AGREEMENT) it saves."""

    start_date: date | None = None
    end_date: date | None = None
    hours_per_week: int | None = None
    hours_plan: tuple[tuple[int, int], ...] = ()

    def terms(self) -> Terms:
        return Terms(**{f.name: getattr(self, f.name) for f in fields(Terms)})


def stored(placement: Placement) -> AgreementDraft:
    """The draft a form shows of the placement as it is."""
    return AgreementDraft(
        start_date=placement.start_date,
        end_date=placement.end_date,
        hours_per_week=placement.hours_per_week,
        hours_plan=tuple((s.from_week, s.hours_per_week) for s in placement.hours_plan),
        adaptation_ids=tuple(sorted(a.id for a in placement.adaptations)),
        **{f.name: getattr(placement, f.name) for f in fields(Terms) if f.name != "adaptation_ids"},
    )


def _plain(name: str, value):
    """A draft's value as the edit field reads it (edit_fields.AGREEMENT), to compare with
    what the form showed."""
    if name == "hours_plan":
        return sorted([week, hours] for week, hours in value)
    if name == "adaptation_ids":
        return sorted(value)
    if isinstance(value, str):
        return value.strip()
    return edit_versions.plain(value)


def _shown(placement: Placement) -> list[str]:
    """The draft's fields the form shows: the wage-subsidy terms only for that kind."""
    hidden = () if placement.opening.kind == Kind.WAGE_SUBSIDY else versions.WAGE_TERMS
    return [f.name for f in fields(AgreementDraft) if f.name not in hidden]


def typed(
    placement: Placement, draft: AgreementDraft, seen: edit_versions.Seen | None
) -> list[str]:
    """The fields the person changed from what their form showed (none when the form said
    nothing of what it showed)."""
    if seen is None:
        return []
    return [
        name
        for name in _shown(placement)
        if name in seen.values and _plain(name, getattr(draft, name)) != seen.values[name]
    ]


def _mine(
    placement: Placement,
    draft: AgreementDraft,
    now: AgreementDraft,
    seen: edit_versions.Seen | None,
) -> set[str]:
    if seen is not None:
        return set(typed(placement, draft, seen))
    return {
        name
        for name in _shown(placement)
        if _plain(name, getattr(draft, name)) != _plain(name, getattr(now, name))
    }


def _starting_hours(draft: AgreementDraft, mine: set[str]) -> int | None:
    """The plan's first step is the starting hours. Starting hours typed otherwise than the
    plan's week 1 are refused rather than one of them quietly overwriting the other."""
    if not draft.hours_plan:
        return draft.hours_per_week
    first = draft.hours_plan[0][1]
    if draft.hours_per_week != first and "hours_per_week" in mine:
        raise TransitionRefused(
            _(
                "Timer om ugen ved start er %(hours)s, men optrapningen starter med "
                "%(first)d timer i uge 1. Ret det ene, så de er ens.",
                hours=draft.hours_per_week if draft.hours_per_week is not None else "–",
                first=first,
            )
        )
    return first


def save_agreement(
    placement: Placement, draft: AgreementDraft, by: User, seen: edit_versions.Seen | None = None
) -> TermsSaved:
    """Save the whole form. Refused as a whole (TransitionRefused, AgreementRefused,
    EditConflict) or saved as a whole; the same form saved again writes nothing."""
    edit = edit_versions.begin(placement, edit_fields.AGREEMENT, seen)
    if placement.status not in PLAN_STATES:
        raise TransitionRefused(
            _(
                "Forløbet er %(status)s, og aftalen kan ikke ændres.",
                status=placement.status.label.lower(),
            )
        )
    now = stored(placement)
    mine = _mine(placement, draft, now, seen)
    touched = {name for part in PARTS if mine & set(part) for name in part}
    draft = replace(
        draft,
        **{f.name: getattr(now, f.name) for f in fields(AgreementDraft) if f.name not in touched},
    )
    draft = replace(draft, hours_per_week=_starting_hours(draft, mine))
    period = tuple(getattr(draft, name) for name in PERIOD_NAMES)
    new_period = period != tuple(getattr(now, name) for name in PERIOD_NAMES)
    if new_period:
        check_period(placement, *period)
        # Mentor support is granted for days within the placement: a period that would leave
        # a grant outside it is refused rather than printing support for days with no work.
        outside = mentor_grants.outside_period(placement, period[0], period[1])
        if outside:
            raise TransitionRefused(outside)
        placement.start_date, placement.end_date, placement.hours_per_week = period
    if new_period or draft.hours_plan != now.hours_plan:
        # After the period, which sets the last week. A plan left as it was and within an
        # unchanged period stays, even if a rule since would have refused it.
        check_plan(placement, list(draft.hours_plan))
        replace_plan(placement, list(draft.hours_plan))
    # The terms' own rules and the kind's fields; their edit is this one, so none of their own.
    versions.apply_terms(placement, draft.terms())
    if not edit.finish(by):
        return TermsSaved(changed=False)
    db.session.flush()
    if new_period:
        plans.plan(placement)
    return TermsSaved(changed=True, new_version=versions.refresh(placement, by))
