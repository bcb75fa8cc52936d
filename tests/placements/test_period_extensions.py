"""Extending a running placement (forlængelse): within the law's steps, with a reason, a new
agreement version for the three parties, follow-ups moved to the new end, once only."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from placement.agreements import versions
from placement.extensions import db
from placement.models import (
    FollowUp,
    Kind,
    Notification,
    Party,
    PeriodExtension,
    Placement,
    PlacementStatus,
    Role,
)
from placement.placements import lifecycle, period_extensions
from placement.statistics import aggregates
from tests.conftest import post_form
from tests.factories import (
    create_agreement,
    create_candidate,
    create_employer,
    create_opening,
    create_placement,
    create_user,
    declare_net_growth,
)
from tests.suite_day import SUITE_DAY

S = PlacementStatus
START = SUITE_DAY - timedelta(weeks=10)


def weeks(n: int) -> date:
    return START + timedelta(weeks=n, days=-1)


@pytest.fixture
def consultant():
    return create_user(Role.CONSULTANT, name="Mette Konsulent")


def running(consultant, kind=Kind.INTERNSHIP, *, end_weeks=13, job_ready=False) -> Placement:
    """An active placement, agreed and started as the journey leaves it, confirmed by all."""
    company = create_employer(employees=50, name="Hald Lager ApS")
    opening = create_opening(company, kind=kind, seats=3)
    candidate = create_candidate(job_ready=job_ready)
    placement = create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=S.ACCEPTED,
        start_date=START,
        end_date=weeks(end_weeks),
        hours_per_week=10,
        no_staff_representative=True,  # a wage subsidy then needs no representative's approval
    )
    if kind == Kind.WAGE_SUBSIDY:
        declare_net_growth(placement)
    lifecycle.agree(placement, consultant, today=START)
    for party in Party:
        placement.agreement.confirmations.append(versions.AgreementConfirmation(party=party))
    lifecycle.start(placement, consultant, today=START)
    db.session.commit()
    create_user(Role.EMPLOYER, employer=company)
    create_user(Role.CITIZEN, candidate=candidate)
    return placement


def extension_count() -> int:
    return db.session.scalar(select(func.count(PeriodExtension.id)))


def test_a_running_internship_is_extended_from_13_to_26_weeks(consultant):
    placement = running(consultant)
    before = placement.agreement.version
    extension = period_extensions.extend(
        placement, weeks(26), "Mere tid til at nå 15 timer", consultant, shown_end=weeks(13)
    )
    db.session.commit()
    db.session.expire_all()
    assert placement.status == S.ACTIVE and placement.end_date == weeks(26)
    assert (
        extension.number,
        extension.previous_end,
        extension.new_end,
        extension.reason,
        extension.actor,
    ) == (1, weeks(13), weeks(26), "Mere tid til at nå 15 timer", consultant)
    # A new version prints the new end and waits for all three again.
    assert placement.agreement.version == before + 1
    assert placement.agreement.content_json.count(weeks(26).isoformat()) == 1
    assert versions.missing_parties(placement) == list(Party)
    # The end's follow-ups moved with it; the placement's history has no new move.
    end_followup = db.session.scalar(
        select(FollowUp).where(
            FollowUp.placement_id == placement.id, FollowUp.key == "end_evaluation"
        )
    )
    assert end_followup.due_date >= weeks(26)
    assert [e.to_status for e in placement.events][-1] == S.ACTIVE


def test_the_citizen_and_the_company_are_told(consultant):
    placement = running(consultant)
    period_extensions.extend(placement, weeks(26), "Mere tid", consultant, shown_end=weeks(13))
    db.session.commit()
    told = {
        n.user.role: n.title
        for n in db.session.scalars(
            select(Notification).where(
                Notification.placement_id == placement.id,
                Notification.key.like("agreement-version:%"),
            )
        )
    }
    end = weeks(26)
    day = f"{end.day}.{end.month}.{end.year}"
    assert told == {
        Role.CITIZEN: f"Dit forløb i Lagermedhjælper hos Hald Lager ApS er forlænget til {day}",
        Role.EMPLOYER: f"Forløbet med {placement.candidate.name} i Lagermedhjælper er "
        f"forlænget til {day}",
    }


def test_the_same_extension_posted_twice_makes_one(consultant):
    placement = running(consultant)
    period_extensions.extend(placement, weeks(26), "Mere tid", consultant, shown_end=weeks(13))
    db.session.commit()
    version = placement.agreement.version
    with pytest.raises(lifecycle.AlreadyDone, match="Det er allerede sket"):
        period_extensions.extend(placement, weeks(26), "Mere tid", consultant, shown_end=weeks(13))
    db.session.rollback()
    # A colleague's form, opened before the first, asking for another date: refused too.
    with pytest.raises(lifecycle.TransitionRefused, match="Slutdatoen er ændret"):
        period_extensions.extend(
            placement, weeks(20), "Lidt mere tid", consultant, shown_end=weeks(13)
        )
    db.session.rollback()
    assert extension_count() == 1 and placement.agreement.version == version


def test_an_extension_beyond_the_step_is_refused(consultant):
    placement = running(consultant)
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        period_extensions.extend(placement, weeks(30), "Mere tid", consultant, shown_end=weeks(13))
    assert str(refused.value) == (
        "En forlængelse må højst give 26 uger i alt, 13 uger mere end "
        "nu (LAB § 61). Perioden bliver 30 uger."
    )
    db.session.rollback()
    assert extension_count() == 0 and placement.end_date == weeks(13)


def test_then_13_weeks_at_a_time(consultant):
    placement = running(consultant)
    period_extensions.extend(placement, weeks(26), "Første", consultant, shown_end=weeks(13))
    with pytest.raises(lifecycle.TransitionRefused, match="højst give 39 uger i alt"):
        period_extensions.extend(placement, weeks(40), "Anden", consultant, shown_end=weeks(26))
    period_extensions.extend(placement, weeks(39), "Anden", consultant, shown_end=weeks(26))
    assert [e.number for e in placement.extensions] == [1, 2]
    # The period form now allows the extended length, and no more.
    assert not lifecycle.set_period(placement, START, weeks(39), 10, consultant)
    with pytest.raises(lifecycle.TransitionRefused, match="højst vare 39 uger i alt med de"):
        lifecycle.set_period(placement, START, weeks(40), 10, consultant)


def test_a_job_ready_citizens_internship_cannot_be_extended(consultant):
    placement = running(consultant, end_weeks=4, job_ready=True)
    assert not period_extensions.may_extend(placement)
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        period_extensions.extend(placement, weeks(5), "Mere tid", consultant, shown_end=weeks(4))
    assert str(refused.value) == (
        "Virksomhedspraktik for en jobparat borger kan ikke "
        "forlænges: den må højst vare 4 uger (LAB § 61)."
    )


def test_a_wage_subsidy_is_extended_within_its_limit(consultant):
    placement = running(consultant, Kind.WAGE_SUBSIDY, end_weeks=13)
    with pytest.raises(
        lifecycle.TransitionRefused,
        match=r"Løntilskud hos en privat virksomhed "
        r"må højst vare 26 uger i alt, også forlænget \(LAB kap. 12\)",
    ):
        period_extensions.extend(placement, weeks(27), "Mere tid", consultant, shown_end=weeks(13))
    db.session.rollback()
    period_extensions.extend(placement, weeks(26), "Mere tid", consultant, shown_end=weeks(13))
    assert placement.end_date == weeks(26)


@pytest.mark.parametrize(
    "new_end, reason, message",
    [
        (None, "Mere tid", "Den nye slutdato skal ligge efter den nuværende"),
        (weeks(13), "Mere tid", "Den nye slutdato skal ligge efter den nuværende"),
        (weeks(20), "   ", "Skriv hvorfor forløbet forlænges."),
    ],
)
def test_a_new_end_and_a_reason_are_needed(consultant, new_end, reason, message):
    placement = running(consultant)
    with pytest.raises(lifecycle.TransitionRefused, match=message):
        period_extensions.extend(placement, new_end, reason, consultant, shown_end=weeks(13))


def test_only_a_running_placement_is_extended(consultant):
    placement = create_placement(
        opening=create_opening(seats=2),
        status=S.AGREED,
        start_date=START,
        end_date=weeks(13),
        hours_per_week=10,
    )
    create_agreement(placement, *Party)
    assert not period_extensions.may_extend(placement)
    with pytest.raises(lifecycle.TransitionRefused, match="Kun et forløb, der er i gang"):
        period_extensions.extend(placement, weeks(20), "Mere tid", consultant, shown_end=weeks(13))


def test_statistics_count_no_new_start_and_read_the_new_end(consultant):
    placement = running(consultant)
    filters = aggregates.Filters(
        date_from=START - timedelta(days=1),
        date_to=date.today(),
        municipality_id=placement.candidate.municipality_id,
    )

    def started():
        [table] = [
            t for t in aggregates.dashboard(filters, date.today()) if t.key == "placements_by_kind"
        ]
        return table.rows[-1][1]

    assert started() == 1
    period_extensions.extend(placement, weeks(26), "Mere tid", consultant, shown_end=weeks(13))
    db.session.commit()
    assert started() == 1


def test_statistics_count_the_extension_and_measure_to_the_new_end(consultant):
    placement = running(consultant)
    period_extensions.extend(placement, weeks(26), "Mere tid", consultant, shown_end=weeks(13))
    lifecycle.complete(placement, consultant, None)
    db.session.commit()
    filters = aggregates.Filters(
        date_from=START, date_to=date.today(), municipality_id=placement.candidate.municipality_id
    )
    [table] = [
        t for t in aggregates.dashboard(filters, date.today()) if t.key == "length_and_hours"
    ]
    keys = [c.key for c in table.columns]
    [row] = [r for r in table.rows if r[0] == "Virksomhedspraktik"]
    got = dict(zip(keys, row))
    assert (got["ended"], got["extended"]) == (1, 1)
    assert got["median_days"] == (weeks(26) - START).days


# --- the consultant's page ---------------------------------------------------------------------


def test_the_extension_page_extends_once_and_shows_the_history(client, login):
    consultant = login(Role.CONSULTANT, name="Mette Konsulent")
    placement = running(consultant)
    path = f"/forloeb/{placement.id}/forlaeng"
    assert "Forlæng forløbet" in client.get(f"/forloeb/{placement.id}").get_data(as_text=True)
    data = {
        "new_end": weeks(26).isoformat(),
        "reason": "Mere tid til at nå 15 timer",
        "shown_end": weeks(13).isoformat(),
    }
    first = post_form(client, path, data, form_page=path, follow_redirects=True)
    assert "Forløbet er forlænget til" in first.get_data(as_text=True)
    second = post_form(client, path, data, form_page=path, follow_redirects=True)
    assert "Det er allerede sket." in second.get_data(as_text=True)
    assert extension_count() == 1
    page = client.get(path).get_data(as_text=True)
    assert "Mere tid til at nå 15 timer" in page and "Mette Konsulent" in page


def test_a_refused_extension_keeps_what_was_typed(client, login):
    consultant = login(Role.CONSULTANT)
    placement = running(consultant)
    path = f"/forloeb/{placement.id}/forlaeng"
    response = post_form(
        client,
        path,
        {
            "new_end": weeks(30).isoformat(),
            "reason": "Borgeren vil gerne blive",
            "shown_end": weeks(13).isoformat(),
        },
        form_page=path,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "En forlængelse må højst give 26 uger i alt" in page
    assert f'value="{weeks(30).isoformat()}"' in page and "Borgeren vil gerne blive" in page
    assert extension_count() == 0


def test_a_missing_reason_and_an_odd_date_are_told_per_field(client, login):
    consultant = login(Role.CONSULTANT)
    placement = running(consultant)
    path = f"/forloeb/{placement.id}/forlaeng"
    response = post_form(
        client,
        path,
        {"new_end": "31-02-2027", "reason": "", "shown_end": weeks(13).isoformat()},
        form_page=path,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Skriv en dato som år-måned-dag" in page and "Skal udfyldes." in page
    assert extension_count() == 0


def test_a_company_or_citizen_cannot_extend(client, login):
    placement = running(create_user(Role.CONSULTANT))
    login(Role.EMPLOYER, employer=placement.opening.employer)
    assert client.get(f"/forloeb/{placement.id}/forlaeng").status_code == 403


def test_a_form_from_before_another_extension_is_refused_and_then_asks_from_the_new_end(
    client, login
):
    consultant = login(Role.CONSULTANT)
    placement = running(consultant)
    period_extensions.extend(placement, weeks(20), "Første", consultant, shown_end=weeks(13))
    db.session.commit()
    path = f"/forloeb/{placement.id}/forlaeng"
    data = {
        "new_end": weeks(26).isoformat(),
        "reason": "Mere tid",
        "shown_end": weeks(13).isoformat(),
    }
    page = post_form(client, path, data, form_page=path).get_data(as_text=True)
    assert "Slutdatoen er ændret, siden du åbnede siden" in page
    assert f'name="shown_end" type="hidden" value="{weeks(20).isoformat()}"' in page
    assert extension_count() == 1
    again = post_form(
        client,
        path,
        {**data, "shown_end": weeks(20).isoformat()},
        form_page=path,
        follow_redirects=True,
    )
    assert "Forløbet er forlænget til" in again.get_data(as_text=True)
    assert extension_count() == 2
