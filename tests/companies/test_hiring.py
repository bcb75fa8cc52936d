"""Employers who hire: the figures per company and workplace, and the revolving-door alert."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from placement.common import clock
from placement.companies import hiring
from placement.extensions import db
from placement.models import Kind, Notification, PlacementStatus, Role
from placement.scheduler import run_sweep
from tests.factories import (
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
    create_workplace,
)

S = PlacementStatus
TODAY = date(2027, 3, 1)
NOW = datetime(2027, 3, 1, 8, 0, tzinfo=clock.COPENHAGEN)


def ended(
    opening,
    end: date,
    *,
    hired_by=None,
    hired_on: date | None = None,
    status=S.COMPLETED,
    consultant=None,
):
    """A placement in `opening` that ended on `end`, with the hire recorded as given."""
    return create_placement(
        candidate=create_candidate(consultant.municipality if consultant else None),
        opening=opening,
        consultant=consultant,
        status=status,
        start_date=end - relativedelta(weeks=8),
        end_date=end,
        hours_per_week=15,
        hired_by_employer_id=hired_by.id if hired_by is not None else None,
        hired_on=hired_on,
    )


def test_a_hire_within_6_months_at_the_same_company_counts_and_7_months_does_not():
    company = create_employer()
    internship = create_opening(company, kind=Kind.INTERNSHIP)
    end = date(2026, 6, 30)
    ended(internship, end, hired_by=company, hired_on=end + relativedelta(months=6))
    ended(internship, end, hired_by=company, hired_on=end + relativedelta(months=7))
    # Hired before the end (the internship cut short by the job) counts as well.
    ended(internship, end, hired_by=company, hired_on=end - relativedelta(weeks=2))

    figures = hiring.of(company.id, TODAY).total
    assert (figures.placements, figures.hired) == (3, 2)
    assert (figures.internships, figures.internships_hired) == (3, 2)


def test_a_hire_at_another_employer_does_not_count_for_the_company():
    company, other = create_employer(), create_employer()
    internship = create_opening(company, kind=Kind.INTERNSHIP)
    end = date(2026, 9, 30)
    ended(internship, end, hired_by=other, hired_on=end + relativedelta(days=10))
    ended(internship, end)  # nothing recorded
    placement = ended(internship, end)
    placement.hired_elsewhere_name = "Bageriet på hjørnet"
    placement.hired_on = end
    db.session.commit()

    assert hiring.of(company.id, TODAY).total.placements == 3
    assert hiring.of(company.id, TODAY).total.hired == 0
    # Nor at the one that hired: its figures are about its own internships.
    assert hiring.of(other.id, TODAY).total.placements == 0


def test_other_kinds_and_placements_older_than_24_months_or_not_ended_do_not_count():
    company = create_employer()
    end = date(2026, 10, 31)
    for kind in (Kind.FLEXJOB, Kind.SUPPORTED_JOB, Kind.EDUCATION):
        ended(create_opening(company, kind=kind), end, hired_by=company, hired_on=end)
    internship = create_opening(company, kind=Kind.INTERNSHIP)
    too_old = TODAY - relativedelta(months=24) - relativedelta(days=1)
    ended(internship, too_old, hired_by=company, hired_on=too_old)
    oldest = TODAY - relativedelta(months=24)
    ended(internship, oldest, hired_by=company, hired_on=oldest)
    ended(internship, end, status=S.ACTIVE)  # still running (the sweep is late)
    ended(internship, end, status=S.CANCELLED)
    wage = create_opening(company, kind=Kind.WAGE_SUBSIDY)
    ended(wage, end, hired_by=company, hired_on=end + relativedelta(days=1))

    figures = hiring.of(company.id, TODAY).total
    # The internship ended exactly 24 months ago and the wage subsidy; nothing else.
    assert (figures.placements, figures.hired) == (2, 2)
    assert (figures.internships, figures.internships_hired) == (1, 1)


def test_a_placement_stopped_early_ends_the_day_it_stopped():
    company = create_employer()
    internship = create_opening(company, kind=Kind.INTERNSHIP)
    consultant = create_user(Role.CONSULTANT)
    placement = ended(internship, date(2027, 6, 30), status=S.ACTIVE, consultant=consultant)
    placement.start_date = date(2026, 12, 1)
    db.session.commit()
    from placement.placements import lifecycle

    lifecycle.end_early(placement, consultant, "Borgeren fik job andetsteds.")
    db.session.commit()
    # Planned to end in June: stopped today, so it counts today already.
    assert hiring.of(company.id, clock.today()).total.placements == 1


def test_the_figures_are_split_per_workplace_and_hires_count_across_the_company():
    company = create_employer()
    north, south = company.workplaces[0], create_workplace(company)
    end = date(2026, 11, 30)
    at_north = create_opening(company, kind=Kind.INTERNSHIP, workplace=north)
    at_south = create_opening(company, kind=Kind.WAGE_SUBSIDY, workplace=south)
    ended(at_north, end, hired_by=company, hired_on=end)
    ended(at_north, end)
    ended(at_south, end, hired_by=company, hired_on=end + relativedelta(months=1))

    figures = hiring.of(company.id, TODAY)
    assert (figures.at(north.id).placements, figures.at(north.id).hired) == (2, 1)
    assert (figures.at(south.id).placements, figures.at(south.id).hired) == (1, 1)
    assert (figures.total.placements, figures.total.hired) == (3, 2)


def test_all_companies_are_counted_in_one_query():
    from tests.conftest import statements_sent

    companies = [create_employer() for _ in range(4)]
    for company in companies:
        ended(create_opening(company), date(2026, 12, 1))
    ids = [c.id for c in companies]
    with statements_sent() as sent:
        figures = hiring.figures(TODAY, ids)
    assert len(sent) == 1
    assert {i: figures[i].total.placements for i in ids} == dict.fromkeys(ids, 1)


# --- the revolving door -------------------------------------------------------------------------


@pytest.fixture
def limit(app):
    saved = app.config["REVOLVING_DOOR_INTERNSHIPS"]
    app.config["REVOLVING_DOOR_INTERNSHIPS"] = 3
    yield 3
    app.config["REVOLVING_DOOR_INTERNSHIPS"] = saved


def door(internships: int, consultants, *, hired: bool = False):
    """A company with this many internships ended in the window, among these consultants."""
    company = create_employer(name="Svingdøren ApS")
    opening = create_opening(company, kind=Kind.INTERNSHIP)
    for n in range(internships):
        end = date(2026, 1, 31) + relativedelta(months=n)
        hire = dict(hired_by=company, hired_on=end) if hired and n == 0 else {}
        ended(opening, end, consultant=consultants[n % len(consultants)], **hire)
    db.session.commit()
    return company


def alerts():
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.key.startswith("revolving-door:"))
            .order_by(Notification.user_id)
        )
    )


def test_at_the_threshold_every_consultant_of_the_company_is_told_once(limit, outbox):
    one, two = create_user(Role.CONSULTANT), create_user(Role.CONSULTANT)
    bystander = create_user(Role.CONSULTANT)
    door(limit, [one, two])
    result = run_sweep("revolving_door", NOW)
    assert result.done == 1 and len(result.notifications) == 2
    told = alerts()
    assert [n.user_id for n in told] == sorted([one.id, two.id])
    assert bystander.id not in {n.user_id for n in told}
    assert told[0].title == "Svingdøren ApS: 3 praktikker uden ansættelse"
    assert "ingen af dem er endt med ordinært job eller fleksjob" in told[0].body

    # Run again the same day, next week, and later in the half-year: nobody is told twice.
    for later in (NOW, NOW + relativedelta(weeks=1), NOW + relativedelta(months=3)):
        again = run_sweep("revolving_door", later)
        assert (again.done, again.notifications) == (0, [])
    assert len(alerts()) == 2
    # The next half-year, with the pattern still there, they hear it again.
    assert len(run_sweep("revolving_door", NOW + relativedelta(months=4)).notifications) == 2


def test_one_below_the_threshold_tells_nobody(limit):
    door(limit - 1, [create_user(Role.CONSULTANT)])
    assert run_sweep("revolving_door", NOW).notifications == []
    assert alerts() == []


def test_a_company_that_hired_one_of_its_interns_is_not_a_revolving_door(limit):
    door(limit + 2, [create_user(Role.CONSULTANT)], hired=True)
    assert run_sweep("revolving_door", NOW).notifications == []


def test_the_alert_is_off_at_zero(app, limit):
    door(limit, [create_user(Role.CONSULTANT)])
    app.config["REVOLVING_DOOR_INTERNSHIPS"] = 0
    assert run_sweep("revolving_door", NOW).notifications == []


# --- where the figures are shown ----------------------------------------------------------------


def test_the_companies_list_and_the_companys_own_home_show_the_figure(app, client, login):
    from tests.privacy.test_consent import signed_in

    company = create_employer(name="Hald Lager ApS")
    internship = create_opening(company, kind=Kind.INTERNSHIP)
    end = clock.today() - relativedelta(months=2)
    ended(internship, end, hired_by=company, hired_on=end)
    ended(internship, end)
    db.session.commit()

    login(Role.CONSULTANT)
    listing = client.get("/virksomheder/").get_data(as_text=True)
    assert "Ansat bagefter" in listing and "1 af 2 forløb (1 af 2 praktikker)" in listing

    company_user = create_user(Role.EMPLOYER, employer=company)
    home = signed_in(app, company_user).get("/virksomhed/").get_data(as_text=True)
    assert "Ansat bagefter i hele virksomheden:" in home
    assert "1 af 2 forløb (1 af 2 praktikker)" in home
