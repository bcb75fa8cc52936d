"""Erasure requests: the refusals a consultant or a manager meets outside the page's own checks."""

import pytest
from sqlalchemy import func, select

from placement.extensions import db
from placement.models import ErasureRequest, ErasureState, Role
from placement.privacy import erasure
from tests.privacy.test_erasure import zenobia  # noqa: F401 (a fixture)


def requests() -> int:
    return db.session.scalar(select(func.count()).select_from(ErasureRequest))


def test_a_request_needs_a_reason(app, zenobia):
    with pytest.raises(erasure.ErasureRefused, match="Skriv hvorfor borgerens data skal slettes."):
        erasure.request_erasure(zenobia.candidate, zenobia.consultant, "   ")
    assert requests() == 0


def test_a_citizen_already_erased_cannot_be_asked_for_again(app, zenobia):
    erasure.anonymise(zenobia.candidate, zenobia.manager)
    db.session.commit()
    with pytest.raises(erasure.ErasureRefused, match="Borgerens data er allerede slettet."):
        erasure.request_erasure(zenobia.candidate, zenobia.consultant, "Bedt om det igen")
    assert requests() == 0


def test_a_consultant_who_became_a_manager_cannot_decide_their_own_request(app, zenobia):
    request = erasure.request_erasure(zenobia.candidate, zenobia.consultant, "Bedt om det")
    zenobia.consultant.role = Role.MANAGER
    db.session.flush()
    with pytest.raises(erasure.ErasureRefused, match="En anden leder skal behandle"):
        erasure.decide(request, zenobia.consultant, approve=True)
    assert request.state == ErasureState.PENDING
    assert zenobia.candidate.anonymised_at is None
