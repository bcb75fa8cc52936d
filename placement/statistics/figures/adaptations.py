"""Adaptations the citizens need and the openings offer, and those needed but rarely offered."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from placement.models import (
    Adaptation,
    Candidate,
    CandidateAdaptation,
    Employer,
    EmployerStatus,
    Opening,
    OpeningStatus,
    opening_adaptations,
)
from placement.statistics import reading
from placement.statistics.figures.scope import CASELOAD_STATES, YES, candidate_conditions
from placement.statistics.tables import Column, Filters, Table

# An adaptation is "needed but rarely offered" when at least this many citizens need it and
# fewer openings offer it than half the number of citizens who need it.
RARE_NEED_MIN_CITIZENS = 5


def adaptations(f: Filters) -> Table:
    # Counted per adaptation in one pass each, then joined to the catalogue.
    needed = (
        select(
            CandidateAdaptation.adaptation_id.label("adaptation_id"),
            func.count(CandidateAdaptation.candidate_id).label("n"),
        )
        .join(Candidate, Candidate.id == CandidateAdaptation.candidate_id)
        .where(Candidate.status.in_(CASELOAD_STATES), *candidate_conditions(f))
        .group_by(CandidateAdaptation.adaptation_id)
        .subquery()
    )
    offer_filters = []
    if f.kind is not None:
        offer_filters.append(Opening.kind == f.kind)
    if f.industry is not None:
        offer_filters.append(Employer.industry == f.industry)
    offered = (
        select(
            opening_adaptations.c.adaptation_id.label("adaptation_id"),
            func.count(opening_adaptations.c.opening_id).label("n"),
        )
        .join(Opening, Opening.id == opening_adaptations.c.opening_id)
        .join(Employer, Employer.id == Opening.employer_id)
        .where(
            Opening.status == OpeningStatus.PUBLISHED,
            Employer.status == EmployerStatus.APPROVED,
            *offer_filters,
        )
        .group_by(opening_adaptations.c.adaptation_id)
        .subquery()
    )
    needed_n = func.coalesce(needed.c.n, 0).label("needed")
    offered_n = func.coalesce(offered.c.n, 0).label("offered")
    query = (
        select(Adaptation.label_da, needed_n, offered_n)
        .outerjoin(needed, needed.c.adaptation_id == Adaptation.id)
        .outerjoin(offered, offered.c.adaptation_id == Adaptation.id)
        .order_by(needed_n.desc(), offered_n.desc(), Adaptation.label_da)
    )
    rows = [
        [
            label,
            citizens,
            openings,
            YES if citizens >= RARE_NEED_MIN_CITIZENS and openings * 2 < citizens else "",
        ]
        for label, citizens, openings in reading.session().execute(query)
    ]
    return Table(
        key="adaptations",
        title=_("Tilpasninger"),
        explanation=_(
            "Borgere, der søger eller er i forløb og har brug for tilpasningen, og "
            "opslag, der er slået op og tilbyder den. Sjældent tilbudt: mindst 5 "
            "borgere har brug for den, og færre end halvt så mange opslag tilbyder den."
        ),
        columns=[
            Column("adaptation", _("Tilpasning"), "text"),
            Column("citizens", _("Borgere med behov")),
            Column("openings", _("Opslag der tilbyder den"), "number"),
            Column("rarely_offered", _("Sjældent tilbudt"), "text"),
        ],
        rows=rows,
    )
