"""The data model, one module per aggregate, re-exported here."""
from .adaptations import Adaptation, AdaptationCategory, opening_adaptations
from .candidates import (
    Candidate, CandidateAdaptation, CandidateKind, CandidatePlace, CandidateStatus, Goal,
    GoalStep,
)
from .employers import Employer, EmployerStatus
from .kinds import Kind
from .municipalities import Municipality
from .openings import InternshipPurpose, Opening, OpeningStatus
from .placements import (
    Answer, HoursStep, Outcome, Placement, PlacementEvent, PlacementStatus,
)
from .types import utcnow
from .users import Role, User

__all__ = [
    "Adaptation", "AdaptationCategory", "Answer", "Candidate", "CandidateAdaptation",
    "CandidateKind", "CandidatePlace", "CandidateStatus", "Employer", "EmployerStatus", "Goal",
    "GoalStep", "HoursStep", "InternshipPurpose", "Kind", "Municipality", "Opening",
    "OpeningStatus", "Outcome", "Placement", "PlacementEvent", "PlacementStatus", "Role", "User",
    "opening_adaptations", "utcnow",
]
