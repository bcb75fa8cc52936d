"""The companies with placements started in the period or running now, repeated internships
and the ratio's headroom; and how many such companies there are."""

from __future__ import annotations

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from placement.models import Candidate, Employer, Kind, Opening, Placement
from placement.placements.ratio import company_headroom_sql
from placement.statistics import reading
from placement.statistics.figures.scope import YES, E, S, events, period, placement_scope, start_of
from placement.statistics.tables import Column, Filters, Table

# Misuse monitoring (DOMAIN.md, compliance figures): more than 2 internships for the same
# citizen at the same company within 12 months is flagged.
REPEATED_INTERNSHIPS_MAX = 2
REPEATED_INTERNSHIPS_MONTHS = 12


def companies(f: Filters) -> Table:
    start, end = period(f)
    # Per company: its placements started in the period (moved to active in it; counted once
    # however often) and its placements active now, in one pass over the placements in scope
    # with their moves to active in the period, keeping only the placements that count: every
    # company found has one of them.
    started = aliased(E)
    per_company = (
        placement_scope(
            select(
                Opening.employer_id.label("employer_id"),
                func.count(started.placement_id.distinct()).label("started"),
                func.count(case((Placement.status == S.ACTIVE, Placement.id)).distinct()).label(
                    "active"
                ),
            )
            .select_from(Placement)
            .outerjoin(
                started,
                and_(
                    started.placement_id == Placement.id,
                    started.to_status == S.ACTIVE,
                    started.at >= start,
                    started.at < end,
                ),
            ),
            f,
            uses=(Opening,),
        )
        .where(or_(started.id.is_not(None), Placement.status == S.ACTIVE))
        .group_by(Opening.employer_id)
    ).subquery()
    # Internships started in the 12 months up to the period's end, counted per company and
    # citizen; the municipality filter applies, the others do not (the flag is about the pair).
    window_start = start_of(
        f.date_to - relativedelta(months=REPEATED_INTERNSHIPS_MONTHS) + timedelta(days=1)
    )
    repeats = (
        events(Opening.employer_id)
        .join(Opening, Opening.id == Placement.opening_id)
        .where(
            E.to_status == S.ACTIVE,
            Opening.kind == Kind.INTERNSHIP,
            E.at >= window_start,
            E.at < end,
        )
    )
    if f.municipality_id is not None:
        repeats = repeats.join(Candidate, Candidate.id == Placement.candidate_id).where(
            Candidate.municipality_id == f.municipality_id
        )
    repeats = repeats.group_by(Opening.employer_id, Placement.candidate_id).having(
        func.count(E.id) > REPEATED_INTERNSHIPS_MAX
    )
    query = (
        select(
            Employer.name,
            per_company.c.started,
            per_company.c.active,
            case((Employer.id.in_(repeats), 1), else_=0),
            company_headroom_sql(),
        )
        .join(per_company, per_company.c.employer_id == Employer.id)
        .order_by(
            per_company.c.started.desc(), per_company.c.active.desc(), Employer.name, Employer.id
        )
    )
    rows = [
        [name, started_n, active_n, YES if repeated else "", headroom]
        for name, started_n, active_n, repeated, headroom in reading.session().execute(query)
    ]
    return Table(
        key="companies",
        title=_("Virksomheder"),
        explanation=_(
            "Virksomheder med et forløb i gang nu eller startet i perioden. Gentagne "
            "praktikker: mere end 2 praktikker for samme borger på 12 måneder op til "
            "periodens slutning. Plads: hvor mange flere i praktik eller løntilskud "
            "rimelighedskravet tillader nu, lagt sammen over virksomhedens arbejdssteder "
            "(negativ: over grænsen)."
        ),
        columns=[
            Column("company", _("Virksomhed"), "text"),
            Column("started", _("Startet i perioden")),
            Column("active", _("I gang nu")),
            Column("repeated_internships", _("Gentagne praktikker"), "text"),
            Column("ratio_headroom", _("Plads efter rimelighedskravet"), "number"),
        ],
        rows=rows,
    )


def companies_summary(companies: Table) -> Table:
    # One row per company with activity is already an aggregate: counting those rows is the
    # COUNT(DISTINCT employer) of the same query.
    return Table(
        key="companies_summary",
        title=_("Aktive virksomheder"),
        explanation=_("Virksomheder med mindst ét forløb i gang nu eller startet i perioden."),
        columns=[Column("measure", _("Måling"), "text"), Column("companies", _("Antal"), "number")],
        rows=[[_("Aktive virksomheder"), len(companies.rows)]],
    )
