"""The data model, one module per aggregate, re-exported here."""

from placement.models.absence import AbsenceDay, AbsenceReason
from placement.models.adaptations import Adaptation, AdaptationCategory, opening_adaptations
from placement.models.agreements import Agreement, AgreementConfirmation, Party
from placement.models.api_tokens import ApiToken
from placement.models.audit import AuditAction, AuditEvent, AuditSubject
from placement.models.cache_versions import CacheVersion
from placement.models.calendars import CalendarFeed
from placement.models.candidates import (
    Candidate,
    CandidateAdaptation,
    CandidateKind,
    CandidatePlace,
    CandidateStatus,
    Goal,
    GoalStep,
)
from placement.models.check_ins import CheckIn
from placement.models.consent import ConsentChange, ConsentItem, ConsentSource
from placement.models.employers import Employer, EmployerContact, EmployerStatus
from placement.models.erasure import ErasureRequest, ErasureState
from placement.models.fidelity import FidelityReview
from placement.models.followups import WELLBEING_LABELS, FollowUp, FollowUpState
from placement.models.identities import ExternalIdentity
from placement.models.invitations import Invitation
from placement.models.journal import JournalEntry
from placement.models.kinds import Kind
from placement.models.mentor_grants import MentorGrant, MentorKind, MentorPayer
from placement.models.municipalities import Municipality
from placement.models.net_growth import NetGrowthDeclaration
from placement.models.notifications import EmailState, Notification
from placement.models.openings import InternshipPurpose, Opening, OpeningInterest, OpeningStatus
from placement.models.placements import (
    Answer,
    HoursStep,
    Outcome,
    PeriodExtension,
    Placement,
    PlacementEvent,
    PlacementStatus,
    placement_adaptations,
)
from placement.models.representative import RepresentativeApproval, RepresentativeDecision
from placement.models.statistics_snapshots import StatisticsSnapshot
from placement.models.sweep_runs import SweepRun
from placement.models.types import utcnow
from placement.models.users import Role, User
from placement.models.workplaces import Workplace

__all__ = [
    "AbsenceDay",
    "AbsenceReason",
    "Adaptation",
    "AdaptationCategory",
    "Answer",
    "CacheVersion",
    "Candidate",
    "CandidateAdaptation",
    "CandidateKind",
    "CandidatePlace",
    "CandidateStatus",
    "Employer",
    "ExternalIdentity",
    "EmployerContact",
    "EmployerStatus",
    "Goal",
    "GoalStep",
    "HoursStep",
    "InternshipPurpose",
    "Kind",
    "Municipality",
    "Opening",
    "OpeningInterest",
    "OpeningStatus",
    "Outcome",
    "Placement",
    "PlacementEvent",
    "PlacementStatus",
    "Role",
    "User",
    "Workplace",
    "opening_adaptations",
    "utcnow",
    "Invitation",
    "JournalEntry",
    "Agreement",
    "AgreementConfirmation",
    "Party",
    "placement_adaptations",
    "FollowUp",
    "FollowUpState",
    "Notification",
    "WELLBEING_LABELS",
    "ApiToken",
    "AuditAction",
    "AuditEvent",
    "AuditSubject",
    "ErasureRequest",
    "ErasureState",
    "StatisticsSnapshot",
    "SweepRun",
    "EmailState",
    "ConsentChange",
    "ConsentItem",
    "ConsentSource",
    "PeriodExtension",
    "MentorGrant",
    "MentorKind",
    "MentorPayer",
    "NetGrowthDeclaration",
    "RepresentativeApproval",
    "RepresentativeDecision",
    "CalendarFeed",
    "FidelityReview",
    "CheckIn",
]
