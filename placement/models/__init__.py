"""The data model, one module per aggregate, re-exported here."""
from .adaptations import Adaptation, AdaptationCategory, opening_adaptations
from .agreements import Agreement, AgreementConfirmation, Party
from .api_tokens import ApiToken
from .audit import AuditAction, AuditEvent, AuditSubject
from .candidates import (
    Candidate, CandidateAdaptation, CandidateKind, CandidatePlace, CandidateStatus, Goal,
    GoalStep,
)
from .consent import ConsentChange, ConsentItem, ConsentSource
from .erasure import ErasureRequest, ErasureState
from .employers import Employer, EmployerContact, EmployerStatus
from .followups import WELLBEING_LABELS, FollowUp, FollowUpState
from .invitations import Invitation
from .journal import JournalEntry
from .kinds import Kind
from .municipalities import Municipality
from .notifications import EmailState, Notification
from .openings import InternshipPurpose, Opening, OpeningInterest, OpeningStatus
from .placements import (
    Answer, HoursStep, Outcome, PeriodExtension, Placement, PlacementEvent, PlacementStatus,
    placement_adaptations,
)
from .statistics_snapshots import StatisticsSnapshot
from .types import utcnow
from .users import Role, User

__all__ = [
    "Adaptation", "AdaptationCategory", "Answer", "Candidate", "CandidateAdaptation",
    "CandidateKind", "CandidatePlace", "CandidateStatus", "Employer", "EmployerContact",
    "EmployerStatus", "Goal", "GoalStep", "HoursStep", "InternshipPurpose", "Kind", "Municipality",
    "Opening", "OpeningInterest", "OpeningStatus", "Outcome", "Placement", "PlacementEvent",
    "PlacementStatus", "Role", "User", "opening_adaptations", "utcnow",
    "Invitation", "JournalEntry", "Agreement", "AgreementConfirmation", "Party",
    "placement_adaptations", "FollowUp", "FollowUpState", "Notification", "WELLBEING_LABELS",
    "ApiToken", "AuditAction", "AuditEvent", "AuditSubject", "ErasureRequest", "ErasureState",
    "StatisticsSnapshot", "EmailState", "ConsentChange", "ConsentItem", "ConsentSource",
    "PeriodExtension",
]
