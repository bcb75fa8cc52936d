"""What an employer may see of a citizen proposed to them: only what the citizen agreed to share.

Never the CPR number, never journal notes; the name is always shown, since a proposal names a
person, and everything else only with the citizen's consent (consent.items_shown: the current
choices, or, once the company has answered, what it saw then less what was withdrawn since).
The citizen's own page shows them this same profile per proposal, so the two cannot differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from placement.common import clock
from placement.models import ConsentItem, Placement
from placement.privacy.consent import items_shown


@dataclass(frozen=True)
class NeedShown:
    label: str
    must_have: bool
    offered: bool


@dataclass
class SharedProfile:
    name: str
    age: int | None = None
    email: str = ""
    phone: str = ""
    skills: str = ""
    interests: str = ""
    needs: list[NeedShown] | None = None  # None: not shared (differs from "no needs")
    goals: list[str] = field(default_factory=list)
    shares_goals: bool = False


def age_on(birth_date: date, today: date) -> int:
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


def shared_profile(placement: Placement, today: date | None = None) -> SharedProfile:
    candidate = placement.candidate
    shown = items_shown(placement)
    profile = SharedProfile(name=candidate.name)
    if ConsentItem.AGE in shown:
        profile.age = age_on(candidate.birth_date, today or clock.today())
    if ConsentItem.CONTACT in shown:
        profile.email, profile.phone = candidate.email, candidate.phone
    if ConsentItem.SKILLS in shown:
        profile.skills, profile.interests = candidate.skills, candidate.interests
    if ConsentItem.ADAPTATIONS in shown:
        offered = {adaptation.id for adaptation in placement.opening.adaptations}
        profile.needs = [
            NeedShown(need.adaptation.label, need.must_have, need.adaptation_id in offered)
            for need in sorted(candidate.needs, key=lambda n: (not n.must_have, n.adaptation_id))
        ]
    if ConsentItem.GOALS in shown:
        profile.shares_goals = True
        profile.goals = [goal.title for goal in candidate.goals]
    return profile
