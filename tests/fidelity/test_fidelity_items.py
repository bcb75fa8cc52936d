"""The computed items of the IPS fidelity scale: scores at the anchors' edges on constructed
data, and the rows behind each score."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from placement.extensions import db
from placement.fidelity import items
from placement.fidelity.items import Scope
from placement.fidelity.report import build
from placement.fidelity.scale import ITEMS, REVIEWED, level
from placement.models import CandidateStatus, Kind, PlacementStatus, Role
from tests.factories import create_employer, create_municipality, create_user
from tests.fidelity.helpers import FROM, TO, citizens, contact, job, noon, weekly


@pytest.fixture
def anna():
    return create_user(Role.CONSULTANT, name="Anna Andersen", municipality=create_municipality())


def scope(*consultants, first=FROM, last=TO):
    return Scope(consultants[0].municipality_id, tuple(consultants), first, last)


def test_the_scale_has_25_items_each_with_five_anchors_and_ten_computed():
    assert [item.number for item in ITEMS] == list(range(1, 26))
    assert all(len(item.anchors) == 5 for item in ITEMS)
    assert len(REVIEWED) == 15
    assert (level(115), level(114), level(100), level(99), level(74), level(73)) == (
        "Eksemplarisk", "God", "God", "Rimelig", "Rimelig", "Ikke IPS (under 74)"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("n", "score"), [(20, 5), (21, 4), (25, 4), (26, 3), (30, 3), (31, 2), (40, 2), (41, 1)]
)
def test_caseload_at_the_anchors_edges(anna, n, score):
    citizens(anna, n)
    scored = items.caseload(scope(anna))
    assert scored.score == score
    assert len(scored.rows) == n and scored.rows[0][:2] == ("Borger 00", "Anna Andersen")


def test_caseload_leaves_out_closed_citizens_and_the_team_averages(anna):
    bo = create_user(Role.CONSULTANT, name="Bo", municipality=anna.municipality)
    citizens(anna, 30)
    citizens(bo, 12)
    citizens(bo, 5, status=CandidateStatus.CLOSED)
    assert items.caseload(scope(anna)).score == 3  # 26-30 = 3
    team = items.caseload(scope(anna, bo))
    assert team.score == 4 and team.value == "21 borgere pr. jobkonsulent"  # 42 / 2: 21-25 = 4


EDGES = [(30, 5), (31, 4), (60, 4), (61, 3), (150, 3), (151, 2), (270, 2), (271, 1)]


@pytest.mark.parametrize(("days", "score"), EDGES)
def test_rapid_search_days_to_the_first_contact_for_the_citizen(anna, days, score):
    referred = date(2025, 10, 1) if days > 150 else date(2026, 1, 5)
    (ida,) = citizens(anna, 1, created_at=noon(referred))
    contact(anna, referred + timedelta(days=days), candidates=[ida])
    contact(anna, referred + timedelta(days=days + 5), candidates=[ida])  # not the first
    scored = items.rapid_search(scope(anna, first=referred))
    assert scored.score == score
    assert scored.rows == [("Borger 00", referred, referred + timedelta(days=days), days, "Ja")]


def test_rapid_search_counts_a_proposal_and_a_late_citizen_without_contact(anna):
    today = date.today()
    ida, ole, new, proposed = citizens(anna, 4, created_at=noon(today - timedelta(days=40)))
    contact(anna, today - timedelta(days=30), candidates=[ida])  # 10 days
    new.created_at = noon(today - timedelta(days=10))
    placement = job(anna, today, status=PlacementStatus.PROPOSED)
    placement.candidate = proposed
    placement.created_at = noon(today - timedelta(days=20))  # proposed after 20 days
    s = scope(anna, first=today - timedelta(days=60), last=today)
    scored = items.rapid_search(s)
    rows = {row[0]: row for row in scored.rows}
    assert rows["Borger 02"][2:] == ("Ingen endnu", 10, "Nej")  # not 30 days yet: left out
    assert rows["Borger 01"][2:] == ("Ingen endnu", 40, "Ja")  # already late: counted
    assert rows["Borger 03"][3] == 20
    assert scored.value == "23,3 dage i gennemsnit" and scored.score == 5  # (10 + 40 + 20) / 3


@pytest.mark.parametrize(("n", "score"), [(6, 5), (5, 4), (4, 3), (3, 3), (2, 2), (1, 1)])
def test_contact_frequency_per_consultant_per_week(anna, n, score):
    week = (date(2026, 3, 2), date(2026, 3, 8))
    for i in range(n):
        contact(anna, week[0] + timedelta(days=i % 7))
    contact(anna, date(2026, 3, 9))  # after the week
    s = scope(anna, first=week[0], last=week[1])
    scored = items.contact_frequency(s, items._contacts(s))
    assert scored.score == score and len(scored.rows) == n


def test_contact_quality_counts_contacts_for_named_citizens_that_named_their_wishes(anna):
    ida, ole = citizens(anna, 2)
    for _ in range(4):
        contact(anna, date(2026, 2, 2), candidates=[ida, ole], preferences=True)
    contact(anna, date(2026, 2, 3), preferences=True)  # for nobody: not quality
    s = scope(anna)
    scored = items.contact_quality(s, items._contacts(s))
    assert scored.score == 5 and scored.value == "4 af 5 (80 %)"  # 80 %: the edge of 5
    assert ("Borger 00, Borger 01", "Ja") == scored.rows[0][2:]
    assert scored.rows[-1][2:] == ("–", "Nej")
    contact(anna, date(2026, 2, 4), candidates=[ida])
    assert items.contact_quality(s, items._contacts(s)).score == 4  # 4 of 6


def test_diversity_of_job_types_and_employers(anna):
    lager = create_employer(name="Lager A/S")
    job(anna, date(2026, 1, 10), title="Lagermedarbejder", employer=lager)
    job(anna, date(2026, 1, 20), title="lagermedarbejder ", employer=lager)
    job(anna, date(2026, 2, 1), title="Kok")
    job(anna, date(2026, 2, 2), title="Gartner")
    job(anna, date(2025, 12, 1), title="Før perioden")
    jobs = items._started(scope(anna))
    types, employers = (
        items.diversity(scope(anna), jobs, key) for key in ("job_types", "employers")
    )
    assert (types.score, employers.score) == (4, 4)  # 3 of 4 = 75 %
    assert [row[-1] for row in types.rows] == ["Ja", "Nej", "Ja", "Ja"]


@pytest.mark.parametrize(("competitive", "score"), [(19, 5), (18, 4), (17, 4), (16, 3)])
def test_competitive_jobs_share(anna, competitive, score):
    for i in range(20):
        kind = Kind.SUPPORTED_JOB if i < competitive else Kind.WAGE_SUBSIDY
        job(anna, date(2026, 1, 10), kind=kind)
    scored = items.competitive(scope(anna), items._started(scope(anna)))
    assert scored.score == score
    assert sum(row[-1] == "Ja" for row in scored.rows) == competitive


def test_internships_are_not_jobs(anna):
    job(anna, date(2026, 1, 10), kind=Kind.INTERNSHIP)
    assert items.competitive(scope(anna), items._started(scope(anna))).score is None


def test_time_unlimited_follow_along(anna):
    start = date(2026, 1, 5)
    job(anna, start, followups=weekly(start, 4))
    individual, unlimited = items.follow_along(scope(anna))
    assert (individual.score, unlimited.score) == (5, 5)
    job(anna, start, followups=weekly(start, 2))
    assert items.follow_along(scope(anna))[1].score == 4  # not weekly in the first month
    job(anna, start)
    individual, unlimited = items.follow_along(scope(anna))
    assert unlimited.score == 3 and individual.score == 3  # 2 of 3 have had a follow-up
    job(
        anna, start, status=PlacementStatus.COMPLETED, end=date(2026, 3, 1), followups=weekly(start)
    )
    assert items.follow_along(scope(anna))[1].score == 2  # one ended by its end date
    assert any(row[-1] == "Ja" for row in items.follow_along(scope(anna))[1].rows)


def test_zero_exclusion_paused_and_waiting_citizens(anna):
    citizens(anna, 19)
    (paused,) = citizens(anna, 1, status=CandidateStatus.PAUSED)
    assert items.zero_exclusion(scope(anna), team=False).score == 4  # 1 of 20 = 5 %
    waiting = citizens(None, 1, municipality=anna.municipality, created_at=noon(date(2026, 1, 2)))
    team = items.zero_exclusion(scope(anna), team=True)
    assert team.score == 3  # 2 of 21
    reasons = [row[2] for row in team.rows]
    assert "Sat på pause" in reasons and any("Venter på en jobkonsulent" in r for r in reasons)
    assert waiting[0].name in [row[0] for row in team.rows]
    paused.status = CandidateStatus.LOOKING
    assert items.zero_exclusion(scope(anna), team=False).score == 5


def test_another_municipality_is_never_counted(anna):
    other = create_user(Role.CONSULTANT, municipality=create_municipality("Silkeborg", "740"))
    outsider = citizens(other, 1)[0]
    contact(anna, date(2026, 2, 2), candidates=[outsider], preferences=True)
    s = scope(anna)
    scored = items.contact_quality(s, items._contacts(s))
    assert outsider.name not in str(scored.rows) and scored.rows[0][2] == "–"
    report = build(anna.municipality_id, FROM, TO, None, every_consultant=True)
    assert list(report.per_consultant) == [anna.id]


def test_the_report_totals_only_what_is_scored(anna):
    citizens(anna, 10)
    report = build(anna.municipality_id, FROM, TO, anna, every_consultant=False)
    assert len(report.lines) == 25 and not report.complete and report.level is None
    assert report.total == sum(line.score or 0 for line in report.lines)
    assert report.lines[0].own.score == 5  # 10 on Anna's caseload


def test_an_erased_citizen_stays_counted_without_their_name(anna):
    from placement.privacy.erasure import anonymise

    (ida,) = citizens(anna, 1, created_at=noon(date(2026, 1, 5)))
    contact(anna, date(2026, 1, 15), candidates=[ida])
    anonymise(ida)
    db.session.commit()
    scored = items.rapid_search(scope(anna))
    assert scored.rows == [("Anonymiseret borger", date(2026, 1, 5), date(2026, 1, 15), 10, "Ja")]
    assert scored.score == 5


def test_the_team_is_the_municipalitys_active_consultants(anna):
    create_user(Role.CONSULTANT, municipality=anna.municipality, active=False)
    create_user(Role.MANAGER, municipality=anna.municipality)
    assert items.consultants_of(anna.municipality_id) == (anna,)
