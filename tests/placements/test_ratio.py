"""The ratio rule (rimelighedskrav) and its check when a consultant proposes."""

import pytest

from placement.models import Kind, PlacementStatus, Role
from placement.placements import lifecycle
from placement.placements.ratio import RatioStatus, ratio_limit, ratio_status
from tests.factories import (
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
    create_workplace,
)


@pytest.mark.parametrize(
    "employees, limit",
    [
        (0, 1),
        (4, 1),
        (5, 1),
        (9, 1),
        (10, 2),
        (49, 9),
        (50, 10),
        (51, 10),
        (59, 10),
        (60, 11),
        (120, 17),
    ],
)
def test_ratio_limit(employees, limit):
    assert ratio_limit(employees) == limit


def test_status_counts_agreed_and_active_internships_and_wage_subsidies():
    employer = create_employer(employees=12)  # limit 2
    internship = create_opening(employer, kind=Kind.INTERNSHIP, seats=5)
    flexjob = create_opening(employer, kind=Kind.FLEXJOB, seats=5)
    create_placement(opening=internship, status=PlacementStatus.ACTIVE)
    create_placement(opening=internship, status=PlacementStatus.PROPOSED)
    create_placement(opening=internship, status=PlacementStatus.COMPLETED)
    create_placement(opening=flexjob, status=PlacementStatus.ACTIVE)  # not under the rule
    status = ratio_status(employer.workplaces[0])
    assert (status.limit, status.in_use, status.headroom) == (2, 1, 1)


def test_proposing_beyond_the_limit_is_refused_with_the_reason():
    employer = create_employer(name="Lille Firma ApS", employees=4)  # limit 1
    opening = create_opening(employer, kind=Kind.WAGE_SUBSIDY, seats=3)
    create_placement(opening=opening, status=PlacementStatus.AGREED)
    consultant = create_user(Role.CONSULTANT)
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        lifecycle.propose(create_candidate(), opening, consultant)
    assert str(refused.value) == (
        "Rimelighedskravet er nået på arbejdsstedet Lille Firma ApS (uden P-nr.): der er 4 "
        "ansatte, og der må være 1 i praktik eller løntilskud ad gangen. Der er 1 nu."
    )


def test_other_kinds_are_not_limited_by_the_ratio_rule():
    employer = create_employer(employees=4)
    opening = create_opening(employer, kind=Kind.FLEXJOB, seats=3)
    create_placement(
        opening=create_opening(employer, kind=Kind.INTERNSHIP), status=PlacementStatus.ACTIVE
    )
    placement = lifecycle.propose(create_candidate(), opening, create_user(Role.CONSULTANT))
    assert placement.status == PlacementStatus.PROPOSED


def test_proposing_needs_an_opening_on_the_board_with_a_free_seat():
    from datetime import date, timedelta

    from placement.models import EmployerStatus, OpeningStatus

    consultant, candidate = create_user(Role.CONSULTANT), create_candidate()
    pending = create_opening(create_employer(status=EmployerStatus.PENDING))
    late = create_opening(deadline=date.today() - timedelta(days=1))
    draft = create_opening(status=OpeningStatus.DRAFT)
    for opening in (pending, late, draft):
        with pytest.raises(lifecycle.TransitionRefused, match="ikke åbent for forslag"):
            lifecycle.propose(candidate, opening, consultant)
    full = create_opening(kind=Kind.FLEXJOB, seats=1)
    create_placement(opening=full, status=PlacementStatus.ACTIVE)
    with pytest.raises(lifecycle.TransitionRefused, match="Alle pladser"):
        lifecycle.propose(candidate, full, consultant)


def test_a_proposal_takes_its_end_date_from_the_duration():
    from datetime import date, timedelta

    start = date.today() + timedelta(days=7)
    opening = create_opening(start_date=start, duration_weeks=4, end_date=None)
    placement = lifecycle.propose(create_candidate(), opening, create_user(Role.CONSULTANT))
    assert placement.end_date == start + timedelta(days=27)


# --- per workplace (STAR: the company is delimited by its P-number when counting) -----------


@pytest.mark.parametrize("employees, limit", [(5, 1), (10, 2), (50, 10), (60, 11)])
def test_a_workplace_takes_as_many_as_its_own_employees_allow(employees, limit):
    """The company's other workplace is large; this one's own employees set its limit."""
    employer = create_employer(name="Kæden A/S", employees=500)
    shop = create_workplace(
        employer, name="Butikken i Skive", p_number="1012345678", employees=employees
    )
    opening = create_opening(employer, workplace=shop, kind=Kind.INTERNSHIP, seats=limit + 5)
    consultant = create_user(Role.CONSULTANT)
    for _ in range(limit - 1):
        create_placement(opening=opening, status=PlacementStatus.ACTIVE)
    # One place left: the last one may be proposed.
    assert lifecycle.propose(create_candidate(), opening, consultant).status == (
        PlacementStatus.PROPOSED
    )
    create_placement(opening=opening, status=PlacementStatus.AGREED)
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        lifecycle.propose(create_candidate(), opening, consultant)
    assert str(refused.value).startswith(
        "Rimelighedskravet er nået på arbejdsstedet Butikken i Skive (P-nr. 1012345678): "
        f"der er {employees} ansatte, og der må være {limit} i praktik"
    )
    assert ratio_status(shop) == RatioStatus(limit=limit, in_use=limit)


def test_two_workplaces_of_one_company_are_counted_apart():
    employer = create_employer(employees=4)  # the first workplace: 4 employees, limit 1
    second = create_workplace(employer, employees=4)  # limit 1 as well
    first_opening = create_opening(employer, kind=Kind.INTERNSHIP, seats=3)
    second_opening = create_opening(employer, workplace=second, kind=Kind.WAGE_SUBSIDY, seats=3)
    create_placement(opening=first_opening, status=PlacementStatus.ACTIVE)
    consultant = create_user(Role.CONSULTANT)

    with pytest.raises(lifecycle.TransitionRefused, match="arbejdsstedet " + employer.name):
        lifecycle.propose(create_candidate(), first_opening, consultant)
    # The full first workplace does not fill the second.
    placement = lifecycle.propose(create_candidate(), second_opening, consultant)
    assert placement.status == PlacementStatus.PROPOSED
    assert ratio_status(employer.workplaces[0]).in_use == 1
    assert ratio_status(second).in_use == 0
