"""Every refusal the core gives a person has one base, so a page catches them in one way."""

from __future__ import annotations

import pytest

from placement.accounts.users import AccountError
from placement.agreements.versions import AgreementRefused, AlreadyConfirmed
from placement.api.tokens import TokenRefused
from placement.citizens.goals import GoalInvalid
from placement.citizens.interests import AlreadyInterested, InterestRefused
from placement.citizens.profiles import ProfileInvalid
from placement.citizens.self_service import SelfServiceRefused
from placement.common.refusals import FieldRefusal, Refusal
from placement.companies.registration import CompanyError
from placement.config import ConfigError
from placement.followups.plans import FollowUpRefused
from placement.openings.openings import OpeningError, OpeningInvalid, Problem
from placement.placements.lifecycle import AlreadyDone, TransitionRefused
from placement.placements.ratio import RatioRuleError
from placement.privacy.consent import ConsentRefused
from placement.privacy.cpr_vault import CprKeyError
from placement.privacy.erasure import ErasureRefused
from placement.statistics.aggregates import PeriodError

REFUSALS = [
    AccountError,
    AgreementRefused,
    CompanyError,
    ConsentRefused,
    ErasureRefused,
    FollowUpRefused,
    GoalInvalid,
    InterestRefused,
    OpeningError,
    OpeningInvalid,
    PeriodError,
    ProfileInvalid,
    RatioRuleError,
    SelfServiceRefused,
    TokenRefused,
    TransitionRefused,
]
REPEATS = [AlreadyConfirmed, AlreadyDone, AlreadyInterested]


@pytest.mark.parametrize("refusal", REFUSALS + REPEATS, ids=lambda cls: cls.__name__)
def test_every_refusal_shown_to_a_person_is_a_refusal(refusal):
    assert issubclass(refusal, Refusal) and issubclass(refusal, ValueError)


def test_only_a_repeat_of_what_was_done_already_is_calm():
    assert [cls.__name__ for cls in REFUSALS if cls.repeated] == []
    assert all(cls.repeated for cls in REPEATS)
    assert issubclass(AlreadyDone, TransitionRefused)  # pages that tell them apart still can
    assert issubclass(AlreadyConfirmed, AgreementRefused)
    assert issubclass(AlreadyInterested, InterestRefused)


def test_a_fault_of_the_setup_is_not_a_refusal():
    assert not issubclass(ConfigError, Refusal)
    assert not issubclass(CprKeyError, Refusal)


def test_a_plain_refusal_is_its_own_only_problem():
    refused = TransitionRefused("Forløbet er afsluttet.")
    assert str(refused) == "Forløbet er afsluttet."
    assert refused.field is None
    assert refused.problems == [(None, "Forløbet er afsluttet.")]


def test_a_refusal_by_field_keeps_its_message_and_lists_its_problems_as_pairs():
    refused = ProfileInvalid({"name": "Skriv borgerens navn.", None: "Prøv igen."})
    assert str(refused) == "Skriv borgerens navn. Prøv igen."
    assert refused.field == "name"
    assert refused.problems == [("name", "Skriv borgerens navn."), (None, "Prøv igen.")]
    assert isinstance(ProfileInvalid.every(refused.problems), FieldRefusal)


def test_an_opening_refusal_lists_its_problems_as_pairs_with_names():
    refused = OpeningInvalid([Problem("title", "Skriv en titel."), Problem("seats", "Mindst 1.")])
    assert str(refused) == "Skriv en titel.; Mindst 1."
    assert refused.problems == [("title", "Skriv en titel."), ("seats", "Mindst 1.")]
    assert refused.problems[1].field == "seats"
    assert OpeningInvalid.every(refused.problems).problems == refused.problems
