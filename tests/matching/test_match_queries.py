"""Matching on the database: each hard limit in SQL, the ranking, a bounded number of queries."""

from datetime import timedelta

import pytest
from sqlalchemy import literal, select

from placement.extensions import db
from placement.matching.queries import rank_candidates_for, rank_openings_for
from placement.models import (
    CandidateAdaptation,
    CandidateKind,
    CandidatePlace,
    CandidateStatus,
    EmployerStatus,
    Kind,
    OpeningStatus,
    PlacementStatus,
)
from placement.placements.ratio import ratio_limit, ratio_limit_sql
from tests.conftest import statements_sent
from tests.factories import (
    adaptations,
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
)
from tests.suite_day import SUITE_DAY

TODAY = SUITE_DAY


def citizen(kinds=(), places=(), needs=(), **fields):
    """needs: adaptation codes; a code ending in '!' is a must-have."""
    candidate = create_candidate(**fields)
    candidate.kinds = [CandidateKind(kind=k) for k in kinds]
    candidate.places = [CandidatePlace(postcode=p) for p in places]
    for code in needs:
        (adaptation,) = adaptations(code.rstrip("!"))
        candidate.needs.append(
            CandidateAdaptation(adaptation=adaptation, must_have=code.endswith("!"))
        )
    db.session.commit()
    return candidate


def titles(results):
    return [r.opening.title for r in results]


def names(results):
    return [r.candidate.name for r in results]


def test_a_fitting_opening_is_found_with_its_company_and_reasons():
    create_opening(title="Lager", employer=create_employer(name="Lagerhuset ApS"))
    (result,) = rank_openings_for(citizen(skills="lager"))
    assert result.opening.employer.name == "Lagerhuset ApS"
    assert "Ord der matcher: lager" in result.match.reasons


def test_kind_wanted():
    create_opening(title="Praktik", kind=Kind.INTERNSHIP)
    create_opening(title="Fleksjob", kind=Kind.FLEXJOB)
    assert titles(rank_openings_for(citizen(kinds=[Kind.FLEXJOB]))) == ["Fleksjob"]
    assert sorted(titles(rank_openings_for(citizen()))) == ["Fleksjob", "Praktik"]


def test_hours_must_fit_but_an_opening_that_steps_up_counts():
    create_opening(title="For mange timer", hours_min=16, hours_max=30)
    create_opening(title="Trappes op", hours_min=10, hours_max=30)
    (result,) = rank_openings_for(citizen(max_hours=15))
    assert result.opening.title == "Trappes op"
    assert "Kan starte med 10 t/uge og trappe op til 30" in result.match.reasons
    assert len(rank_openings_for(citizen(max_hours=None))) == 2


def test_place_must_be_reachable_and_the_own_postcode_counts():
    create_opening(title="Viborg", postcode="8800")
    create_opening(title="Skive", postcode="7800")
    create_opening(title="Silkeborg", postcode="8600")
    assert titles(rank_openings_for(citizen(postcode="8800", places=["8600"]))) == [
        "Viborg",
        "Silkeborg",
    ]
    assert len(rank_openings_for(citizen(postcode="8800"))) == 3  # none listed: anywhere


def test_an_opening_with_every_seat_taken_is_left_out():
    full = create_opening(title="Fuld", seats=1)
    create_placement(opening=full, status=PlacementStatus.ACTIVE)
    half = create_opening(title="Halv", seats=2)
    create_placement(opening=half, status=PlacementStatus.AGREED)
    proposed_only = create_opening(title="Kun foreslået", seats=1)
    create_placement(opening=proposed_only, status=PlacementStatus.PROPOSED)
    assert sorted(titles(rank_openings_for(citizen()))) == ["Halv", "Kun foreslået"]


@pytest.mark.parametrize("status", [EmployerStatus.PENDING, EmployerStatus.SUSPENDED])
def test_a_company_that_is_not_approved_is_left_out(status):
    create_opening(title="Ikke godkendt", employer=create_employer(status=status))
    create_opening(title="Godkendt")
    assert titles(rank_openings_for(citizen())) == ["Godkendt"]


def test_the_ratio_rule_leaves_out_internships_and_wage_subsidy_at_a_full_company():
    small = create_employer(employees=4)  # room for 1
    busy = create_opening(small, title="Optaget praktik", kind=Kind.INTERNSHIP, seats=3)
    create_placement(opening=busy, status=PlacementStatus.ACTIVE)
    create_opening(small, title="Løntilskud", kind=Kind.WAGE_SUBSIDY)
    create_opening(small, title="Fleksjob", kind=Kind.FLEXJOB)
    bigger = create_employer(employees=10)  # room for 2
    other = create_opening(bigger, title="Anden praktik", kind=Kind.INTERNSHIP, seats=3)
    create_placement(opening=other, status=PlacementStatus.AGREED)
    assert sorted(titles(rank_openings_for(citizen()))) == ["Anden praktik", "Fleksjob"]


def test_the_sql_ratio_limit_agrees_with_the_policy():
    for employees in range(0, 131):
        assert db.session.scalar(select(ratio_limit_sql(literal(employees)))) == ratio_limit(
            employees
        ), employees


def test_past_the_deadline_or_not_published_is_left_out():
    create_opening(title="Udløbet", deadline=TODAY - timedelta(days=1))
    create_opening(title="Sidste dag", deadline=TODAY)
    create_opening(title="Kladde", status=OpeningStatus.DRAFT)
    assert titles(rank_openings_for(citizen(), today=TODAY)) == ["Sidste dag"]
    assert titles(rank_openings_for(citizen(), today=TODAY + timedelta(days=1))) == []


def test_an_opening_the_citizen_is_already_proposed_for_is_left_out_until_it_ends():
    person = citizen()
    proposed = create_opening(title="Foreslået")
    create_placement(person, proposed, status=PlacementStatus.PROPOSED)
    declined = create_opening(title="Sagt nej", seats=2)
    create_placement(person, declined, status=PlacementStatus.DECLINED)
    assert titles(rank_openings_for(person)) == ["Sagt nej"]


def test_openings_are_ranked_by_needs_first_then_by_id_and_limited():
    person = citizen(needs=["accessible_toilet!", "quiet_workspace"], skills="lager truck")
    words = create_opening(title="Lager med truck", adaptation_codes=["quiet_workspace"])
    toilet = create_opening(title="Køkken", adaptation_codes=["accessible_toilet"])
    both_a = create_opening(
        title="Kontor A", adaptation_codes=["accessible_toilet", "quiet_workspace"]
    )
    both_b = create_opening(
        title="Kontor B", adaptation_codes=["accessible_toilet", "quiet_workspace"]
    )
    ranked = rank_openings_for(person)
    assert [r.opening.id for r in ranked] == [both_a.id, both_b.id, toilet.id, words.id]
    assert ranked[-1].match.reasons[:2] == (
        "Tilbyder 1 af 2 tilpasninger",
        "Mangler nødvendig tilpasning: handicaptoilet",
    )
    assert rank_openings_for(person) == ranked
    assert [r.opening.id for r in rank_openings_for(person, limit=2)] == [both_a.id, both_b.id]


def _statements(run) -> int:
    with statements_sent() as statements:
        run()
    return len(statements)


def test_ranking_openings_takes_the_same_number_of_queries_for_5_or_30_openings():
    employer = create_employer(employees=500)
    person = citizen(kinds=[Kind.INTERNSHIP], places=["8600"], needs=["mentor"], skills="lager")
    person_id = person.id

    def rank_fresh():
        db.session.expire_all()  # every run starts from the same empty identity map
        return rank_openings_for(db.session.get(type(person), person_id), limit=50)

    for _ in range(5):
        create_opening(employer, adaptation_codes=["mentor", "extra_breaks"])
    assert len(rank_fresh()) == 5
    few = _statements(rank_fresh)
    for _ in range(25):
        create_opening(employer, adaptation_codes=["mentor"])
    assert len(rank_fresh()) == 30
    assert _statements(rank_fresh) == few


# --- from the opening's side -------------------------------------------------------------------


def test_candidates_are_the_looking_citizens_of_the_municipality_who_fit():
    viborg = create_municipality()
    skive = create_municipality("Skive", "779")
    target = create_opening(kind=Kind.INTERNSHIP, postcode="8800", hours_min=10, hours_max=20)
    citizen(name="Anna", municipality=viborg)
    citizen(name="Bo", municipality=skive)
    citizen(name="Carl", municipality=viborg, status=CandidateStatus.PAUSED)
    citizen(name="Dorte", municipality=viborg, kinds=[Kind.FLEXJOB])
    citizen(name="Erik", municipality=viborg, kinds=[Kind.FLEXJOB, Kind.INTERNSHIP])
    citizen(name="Frida", municipality=viborg, max_hours=8)
    citizen(name="Gorm", municipality=viborg, max_hours=None)
    citizen(name="Hanne", municipality=viborg, postcode="7800", places=["8600"])
    citizen(name="Ib", municipality=viborg, postcode="7800", places=["8800"])
    citizen(name="Jens", municipality=viborg, postcode="8800", places=["8600"])
    proposed = citizen(name="Karen", municipality=viborg)
    create_placement(proposed, target, status=PlacementStatus.PROPOSED)
    assert sorted(names(rank_candidates_for(target, viborg.id))) == [
        "Anna",
        "Erik",
        "Gorm",
        "Ib",
        "Jens",
    ]


def test_candidates_are_ranked_by_the_same_score_with_ties_by_id():
    town = create_municipality()
    target = create_opening(title="Lager", adaptation_codes=["quiet_workspace"])
    missing = citizen(
        name="Mangler", municipality=town, needs=["accessible_toilet!"], skills="lager"
    )
    first = citizen(name="Først", municipality=town, needs=["quiet_workspace"])
    second = citizen(name="Dernæst", municipality=town, needs=["quiet_workspace"])
    words = citizen(name="Lager", municipality=town, needs=["quiet_workspace"], skills="lageret")
    ranked = rank_candidates_for(target, town.id)
    assert [r.candidate.id for r in ranked] == [words.id, first.id, second.id, missing.id]
    assert rank_candidates_for(target, town.id) == ranked
    assert len(rank_candidates_for(target, town.id, limit=1)) == 1


def test_an_opening_that_is_full_or_closed_has_no_candidates():
    town = create_municipality()
    citizen(municipality=town)
    full = create_opening(seats=1)
    elsewhere = citizen(municipality=create_municipality("Skive", "779"))
    create_placement(elsewhere, full, status=PlacementStatus.ACTIVE)
    closed = create_opening(status=OpeningStatus.CLOSED)
    late = create_opening(deadline=TODAY - timedelta(days=1))
    assert rank_candidates_for(full, town.id) == []
    assert rank_candidates_for(closed, town.id) == []
    assert rank_candidates_for(late, town.id, today=TODAY) == []
    assert len(rank_candidates_for(create_opening(), town.id)) == 1


def test_ranking_candidates_takes_the_same_number_of_queries_for_3_or_30_citizens():
    town = create_municipality()
    target = create_opening(kind=Kind.INTERNSHIP, adaptation_codes=["mentor"])
    opening_id = target.id

    def rank_fresh():
        db.session.expire_all()
        return rank_candidates_for(db.session.get(type(target), opening_id), town.id, limit=50)

    def add(count):
        for _ in range(count):
            citizen(
                municipality=town,
                kinds=[Kind.INTERNSHIP],
                places=["8800"],
                needs=["mentor", "extra_breaks!"],
                skills="lager",
            )

    add(3)
    assert len(rank_fresh()) == 3
    few = _statements(rank_fresh)
    add(27)
    assert len(rank_fresh()) == 30
    assert _statements(rank_fresh) == few
