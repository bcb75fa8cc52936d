"""The law's limits on how long a placement may last: when its period is set or changed, when
it is agreed, and when it is extended (the limits themselves: policy.DURATION_LIMITS)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from placement.common.policy import DURATION_LIMITS
from placement.models import Kind, Placement


def weeks_between(start: date, end: date) -> int:
    """Whole weeks a period covers, counting a started week (1-7 days is 1 week)."""
    return math.ceil(((end - start).days + 1) / 7)


@dataclass(frozen=True)
class Allowed:
    """The longest period one placement may have now, and the rule that says so."""

    weeks: int
    source: str
    job_ready: bool  # the job-ready citizen's short internship: never extended
    extendable: bool  # an extension may raise `weeks` (by a step of the law)
    step_weeks: int | None  # how much each extension may add


def allowed_for(
    kind: Kind, *, public_sector: bool, job_ready: bool, extensions: int = 0
) -> Allowed | None:
    """None: the kind has no legal maximum. `extensions`: how many the placement has had."""
    limit = DURATION_LIMITS.get(kind)
    if limit is None:
        return None
    if job_ready and limit.job_ready_weeks is not None:
        return Allowed(limit.job_ready_weeks, limit.source, True, False, None)
    weeks = limit.public_weeks if (public_sector and limit.public_weeks) else limit.weeks
    if limit.extension_weeks:
        weeks += extensions * limit.extension_weeks
    return Allowed(weeks, limit.source, False, bool(limit.extension_weeks), limit.extension_weeks)


def allowed_for_placement(placement: Placement, extensions: int | None = None) -> Allowed | None:
    return allowed_for(
        placement.opening.kind,
        public_sector=placement.opening.employer.public_sector,
        job_ready=placement.candidate.job_ready,
        extensions=len(placement.extensions) if extensions is None else extensions,
    )


def _who(placement: Placement, allowed: Allowed) -> str:
    """The kind of placement, as the rule names it."""
    kind = placement.opening.kind
    if allowed.job_ready:
        return _("%(kind)s for en jobparat borger", kind=kind.label)
    if kind == Kind.WAGE_SUBSIDY:
        return (
            _("Løntilskud hos en offentlig arbejdsgiver")
            if placement.opening.employer.public_sector
            else _("Løntilskud hos en privat virksomhed")
        )
    return str(kind.label)


def period_refusal(
    placement: Placement, start: date | None, end: date | None, need_end: bool = False
) -> str | None:
    """Why a period is longer than the law allows this placement now (with the extensions it
    has had), or None when it is within. `need_end`: a missing end date is refused too, where
    the law sets a limit (at agreement, and after it)."""
    allowed = allowed_for_placement(placement)
    if allowed is None:
        return None
    who = _who(placement, allowed)
    if end is None:
        return (
            _(
                "%(who)s skal have en slutdato: højst %(limit)d uger (%(source)s).",
                who=who,
                limit=allowed.weeks,
                source=allowed.source,
            )
            if need_end
            else None
        )
    if start is None or end < start:
        return None
    weeks = weeks_between(start, end)
    if weeks <= allowed.weeks:
        return None
    if allowed.extendable and placement.extensions:
        message = _(
            "%(who)s må højst vare %(limit)d uger i alt med de forlængelser, forløbet "
            "har fået (%(source)s). Perioden er %(weeks)d uger.",
            who=who,
            limit=allowed.weeks,
            source=allowed.source,
            weeks=weeks,
        )
    else:
        message = _(
            "%(who)s må højst vare %(limit)d uger (%(source)s). Perioden er %(weeks)d uger.",
            who=who,
            limit=allowed.weeks,
            source=allowed.source,
            weeks=weeks,
        )
    if allowed.extendable:
        message += " " + _("Længere tid aftales som en forlængelse, når forløbet er i gang.")
    return message


def agreement_refusal(placement: Placement) -> str | None:
    """What keeps the placement's period from being agreed or confirmed: too long, or no end
    date where the law sets a limit."""
    return period_refusal(placement, placement.start_date, placement.end_date, need_end=True)


def extension_refusal(placement: Placement, new_end: date) -> str | None:
    """Why this new end date is not a lawful extension, or None. The placement's own end and
    start must be set (the caller checks)."""
    allowed = allowed_for_placement(placement)
    if allowed is None:
        return None
    who = _who(placement, allowed)
    if allowed.job_ready:
        return _(
            "%(who)s kan ikke forlænges: den må højst vare %(limit)d uger (%(source)s).",
            who=who,
            limit=allowed.weeks,
            source=allowed.source,
        )
    after = allowed_for_placement(placement, extensions=len(placement.extensions) + 1)
    # The same placement's limit, so there is one; its start is set (the caller checks).
    assert after is not None and placement.start_date is not None
    weeks = weeks_between(placement.start_date, new_end)
    if weeks <= after.weeks:
        return None
    if allowed.extendable:
        return _(
            "En forlængelse må højst give %(limit)d uger i alt, %(step)d uger mere end nu "
            "(%(source)s). Perioden bliver %(weeks)d uger.",
            limit=after.weeks,
            step=after.step_weeks,
            source=after.source,
            weeks=weeks,
        )
    return _(
        "%(who)s må højst vare %(limit)d uger i alt, også forlænget (%(source)s). "
        "Perioden bliver %(weeks)d uger.",
        who=who,
        limit=after.weeks,
        source=after.source,
        weeks=weeks,
    )
