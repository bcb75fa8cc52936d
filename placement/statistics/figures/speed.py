"""How fast: days from a citizen's registration to the first proposal and the first start, and
IPS's first employer contact within 30 days."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, or_, select

from placement.common.sql_portable import days_between, median_of, utc_day, with_ranks
from placement.models import Candidate, CandidateKind, Employer, Kind, Opening, Placement
from placement.statistics import reading
from placement.statistics.figures.scope import (
    E,
    S,
    candidate_conditions,
    events,
    number,
    period,
    share,
)
from placement.statistics.tables import Column, Filters, Table

# IPS fidelity scale: the first employer contact within 30 days of referral ("rapid job
# search").
IPS_FIRST_CONTACT_DAYS = 30


def first_moves(f: Filters):
    """Per citizen in scope with a proposal or a start: when the first of their placements
    was proposed (any kind: the first contact to an employer for them), when the first of the
    chosen kind and industry was proposed, and when the first of those started; one pass
    over the moves, the citizen filters applied before it."""
    chosen = []
    query = events(Placement.candidate_id.label("candidate_id"))
    if f.kind is not None or f.industry is not None:
        query = query.join(Opening, Opening.id == Placement.opening_id)
    if f.kind is not None:
        chosen.append(Opening.kind == f.kind)
    if f.industry is not None:
        query = query.join(Employer, Employer.id == Opening.employer_id)
        chosen.append(Employer.industry == f.industry)
    if candidate_conditions(f):
        query = query.join(Candidate, Candidate.id == Placement.candidate_id)

    def first(*conditions):
        return func.min(case((and_(*conditions), E.at)))

    proposed = E.to_status == S.PROPOSED
    return (
        query.add_columns(
            first(proposed).label("any_proposal"),
            first(proposed, *chosen).label("proposal"),
            first(E.to_status == S.ACTIVE, *chosen).label("start"),
        )
        .where(E.to_status.in_((S.PROPOSED, S.ACTIVE)), *candidate_conditions(f))
        .group_by(Placement.candidate_id)
        .subquery()
    )


def speed(f: Filters) -> Table:
    start, end = period(f)
    first = first_moves(f)
    registered = utc_day(Candidate.created_at)

    def in_period(at):
        return and_(at >= start, at < end)

    def days_if_in_period(at):
        """Days from registration to `at` for a citizen whose first such move was in the
        period, else NULL (not counted)."""
        return case((in_period(at), days_between(registered, utc_day(at))))

    # IPS: citizens who want a job with support, registered in the period. (One row at most
    # per citizen and kind, so the join adds no rows.)
    wants_ips = and_(
        CandidateKind.candidate_id == Candidate.id, CandidateKind.kind == Kind.SUPPORTED_JOB
    )
    ips = and_(CandidateKind.candidate_id.is_not(None), in_period(Candidate.created_at))
    fast = days_between(registered, utc_day(first.c.any_proposal)) <= IPS_FIRST_CONTACT_DAYS
    per_citizen = with_ranks(
        select(
            days_if_in_period(first.c.proposal).label("to_proposal"),
            days_if_in_period(first.c.start).label("to_start"),
            case((ips, 1), else_=0).label("ips"),
            case((and_(ips, fast), 1), else_=0).label("ips_fast"),
        )
        .select_from(Candidate)
        .outerjoin(first, first.c.candidate_id == Candidate.id)
        .outerjoin(CandidateKind, wants_ips)
        .where(
            or_(in_period(first.c.proposal), in_period(first.c.start), ips),
            *candidate_conditions(f),
        ),
        "to_proposal",
        "to_start",
    )
    c = per_citizen.c
    proposed_n, proposed_median, started_n, started_median, ips_citizens, ips_fast = (
        reading.session()
        .execute(
            select(
                func.count(c.to_proposal),
                median_of(per_citizen, "to_proposal"),
                func.count(c.to_start),
                median_of(per_citizen, "to_start"),
                func.coalesce(func.sum(c.ips), 0),
                func.coalesce(func.sum(c.ips_fast), 0),
            )
        )
        .one()
    )
    proposed = proposed_n, number(proposed_median)
    started = started_n, number(started_median)
    return Table(
        key="speed",
        title=_("Hurtighed"),
        explanation=_(
            "Dage fra borgerens første registrering til det første forslag (den "
            "første kontakt til en arbejdsgiver for borgeren) og til den første "
            "start, for borgere hvis første forslag eller start var i perioden."
        ),
        columns=[
            Column("measure", _("Måling"), "text"),
            Column("citizens", _("Borgere")),
            Column("median_days", _("Median dage"), "days", base="citizens"),
            Column("within_30", _("Første forslag inden 30 dage")),
            Column(
                "share_within_30",
                _("Andel inden 30 dage"),
                "share",
                base="citizens",
                numerator="within_30",
            ),
        ],
        rows=[
            [_("Registrering til første forslag"), proposed[0], proposed[1], None, None],
            [_("Registrering til første start"), started[0], started[1], None, None],
            [
                _("IPS: første arbejdsgiverkontakt inden 30 dage"),
                ips_citizens,
                None,
                ips_fast,
                share(ips_fast, ips_citizens),
            ],
        ],
    )
