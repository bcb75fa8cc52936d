"""Placements with mentor support (mentorstøtte) in the period."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from placement.models import MentorGrant, MentorKind, Opening, Placement
from placement.statistics import reading
from placement.statistics.figures.scope import (
    RAN,
    count_if,
    kind_label,
    kinds,
    placement_scope,
    total_row,
)
from placement.statistics.tables import Column, Filters, Table


def mentor_support(f: Filters) -> Table:
    """Placements with mentor support (mentorstøtte) in the period, per kind: a grant whose
    days overlap the period. Counted by placement, not by grant: two periods of support for one
    placement are one placement with support."""

    def granted(*conditions):
        return exists().where(
            MentorGrant.placement_id == Placement.id,
            MentorGrant.start_date <= f.date_to,
            MentorGrant.end_date >= f.date_from,
            *conditions,
        )

    query = placement_scope(
        select(
            Opening.kind,
            func.count(),
            count_if(granted(MentorGrant.mentor_kind == MentorKind.INTERNAL)),
            count_if(granted(MentorGrant.mentor_kind == MentorKind.EXTERNAL)),
        ).select_from(Placement),
        f,
        uses=(Opening,),
    ).where(Placement.status.in_(RAN), granted())
    found = {
        row[0]: [row[1], int(row[2]), int(row[3])]
        for row in reading.session().execute(query.group_by(Opening.kind))
    }
    rows = [[kind_label(kind)] + found.get(kind, [0, 0, 0]) for kind in kinds(f)]
    rows.append(total_row(_("I alt"), rows))
    return Table(
        key="mentor_support",
        title=_("Forløb med mentorstøtte"),
        explanation=_(
            "Forløb, der er startet, og som havde bevilget mentorstøtte på en eller flere "
            "dage i perioden; et forløb med både intern og ekstern mentor tæller med i begge."
        ),
        columns=[
            Column("kind", _("Type"), "text"),
            Column("with_mentor", _("Med mentorstøtte")),
            Column("internal", _("Heraf intern mentor")),
            Column("external", _("Heraf ekstern mentor")),
        ],
        rows=rows,
        has_total=True,
    )
