"""The whole scale for one team and period: computed items per consultant and for the team,
the reviewer's scores, and the total."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from placement.fidelity import items, reviews
from placement.fidelity.items import Scope, Scored
from placement.fidelity.scale import ITEMS, Item, level
from placement.models import FidelityReview, User


@dataclass
class Line:
    """One row of the whole-scale table."""

    item: Item
    team: Scored | None  # computed items
    review: FidelityReview | None  # reviewer-scored items
    own: Scored | None = None  # the chosen consultant's (or the viewer's own) computed score

    @property
    def score(self) -> int | None:
        if self.item.computed:
            return self.team.score if self.team else None
        return self.review.score if self.review else None


@dataclass
class Report:
    date_from: date
    date_to: date
    consultants: tuple[User, ...]
    lines: list[Line]
    per_consultant: dict[int, dict[str, Scored]]
    chosen: User | None

    @property
    def scored(self) -> int:
        return sum(1 for line in self.lines if line.score is not None)

    @property
    def total(self) -> int:
        return sum(line.score or 0 for line in self.lines)

    @property
    def complete(self) -> bool:
        return self.scored == len(self.lines)

    @property
    def level(self):
        return level(self.total) if self.complete else None


def build(
    municipality_id: int,
    date_from: date,
    date_to: date,
    chosen: User | None,
    every_consultant: bool,
) -> Report:
    """The team's report; `chosen`'s own scores beside the team's; every consultant's scores
    (the managers' table) when asked."""
    team = items.consultants_of(municipality_id)
    team_scores = items.compute(Scope(municipality_id, team, date_from, date_to), team=True)

    def alone(consultant: User) -> dict[str, Scored]:
        scope = Scope(municipality_id, (consultant,), date_from, date_to)
        return items.compute(scope, team=False)

    per = {c.id: alone(c) for c in team} if every_consultant else {}
    own = (per.get(chosen.id) or alone(chosen)) if chosen else {}
    stored = reviews.reviews_for(municipality_id, date_from, date_to)
    lines = [
        Line(item, team_scores.get(item.key), stored.get(item.key), own.get(item.key))
        for item in ITEMS
    ]
    return Report(date_from, date_to, team, lines, per, chosen)
