"""The consultant's placement page: the facts, the history, and the actions allowed now."""

from datetime import timedelta

import pytest
from werkzeug.datastructures import MultiDict

from placement.extensions import db
from placement.models import Kind, Outcome, PlacementStatus, Role
from placement.placements import hours_plan, lifecycle
from tests.conftest import post_form
from tests.factories import (
    adaptations,
    create_candidate,
    create_municipality,
    create_opening,
    create_placement,
)
from tests.html_forms import shown_form, typed
from tests.suite_day import SUITE_DAY

TODAY = SUITE_DAY


@pytest.fixture
def viborg():
    return create_municipality()


def test_agree_with_period_and_hours_then_start_and_complete(client, login, viborg):
    consultant = login(Role.CONSULTANT, municipality=viborg)
    placement = create_placement(
        candidate=create_candidate(viborg, name="Lise Lager"),
        opening=create_opening(title="Lagerpraktik"),
        status=PlacementStatus.ACCEPTED,
        consultant=consultant,
    )
    path = f"/forloeb/{placement.id}"
    page = client.get(path).get_data(as_text=True)
    assert "Lise Lager" in page and "Lagerpraktik" in page and "Aftal forløbet" in page

    shown = shown_form(client.get(path).get_data(as_text=True), f"{path}/aftale")
    assert (
        client.post(
            f"{path}/aftale",
            data=typed(
                shown,
                start_date=TODAY.isoformat(),
                end_date=(TODAY + timedelta(weeks=8)).isoformat(),
                hours_per_week="10",
                hours_plan="1: 10\r\n5: 15",
            ),
        ).status_code
        == 302
    )
    post_form(client, f"{path}/aftal", {"aftal-note": ""}, form_page=path)
    # Version 1 of the agreement: the consultant confirms, the two others signed on paper.
    post_form(
        client, f"/aftaler/{placement.id}/bekraeft", {"version": "1", "next": path}, form_page=path
    )
    for party in ("employer", "citizen"):
        post_form(
            client,
            f"{path}/papir",
            {"version": "1", "party": party, "note": "Underskrevet på mødet"},
            form_page=path,
        )
    post_form(client, f"{path}/start", {}, form_page=path)
    post_form(
        client,
        f"{path}/afslut",
        {"afslut-outcome": "ordinary_job", "afslut-note": "Fik fast job"},
        form_page=path,
    )
    db.session.expire_all()
    assert placement.status == PlacementStatus.COMPLETED
    assert placement.outcome == Outcome.ORDINARY_JOB
    assert [(s.from_week, s.hours_per_week) for s in placement.hours_plan] == [(1, 10), (5, 15)]
    page = client.get(path).get_data(as_text=True)
    assert "Gennemført" in page and "Ordinært job" in page and "Fik fast job" in page


def test_a_refused_action_says_why(client, login, viborg):
    consultant = login(Role.CONSULTANT, municipality=viborg)
    placement = create_placement(
        candidate=create_candidate(viborg),
        status=PlacementStatus.ACCEPTED,
        consultant=consultant,
        start_date=None,
    )
    page = post_form(
        client,
        f"/forloeb/{placement.id}/aftal",
        {},
        form_page=f"/forloeb/{placement.id}",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Skriv en startdato, før forløbet aftales." in page


def test_a_bad_hours_plan_is_explained_and_kept(client, login, viborg):
    consultant = login(Role.CONSULTANT, municipality=viborg)
    placement = create_placement(candidate=create_candidate(viborg), consultant=consultant)
    path = f"/forloeb/{placement.id}"
    shown = shown_form(client.get(path).get_data(as_text=True), f"{path}/aftale")
    page = client.post(
        f"{path}/aftale",
        data=typed(shown, hours_plan="1: 10\nuge fem", working_times="Mandag kl. 8–12"),
    ).get_data(as_text=True)
    assert "uge fem" in page and "skal have en uge og et antal timer" in page
    assert 'value="Mandag kl. 8–12"' in page  # the rest of the form is kept too


def test_another_municipality_gets_404(client, login, viborg):
    placement = create_placement(candidate=create_candidate(viborg))
    login(Role.CONSULTANT, municipality=create_municipality("Silkeborg", "740"))
    assert client.get(f"/forloeb/{placement.id}").status_code == 404
    response = post_form(client, f"/forloeb/{placement.id}/annuller", {}, form_page="/borgere")
    assert response.status_code == 404
    db.session.expire_all()
    assert placement.status == PlacementStatus.PROPOSED


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.EMPLOYER, Role.MANAGER])
def test_other_roles_get_403(client, login, viborg, role):
    placement = create_placement(candidate=create_candidate(viborg))
    login(role)
    assert client.get(f"/forloeb/{placement.id}").status_code == 403


def test_unknown_action_is_404(client, login, viborg):
    consultant = login(Role.CONSULTANT, municipality=viborg)
    placement = create_placement(candidate=create_candidate(viborg), consultant=consultant)
    assert (
        post_form(
            client, f"/forloeb/{placement.id}/slet", {}, form_page=f"/forloeb/{placement.id}"
        ).status_code
        == 404
    )
    assert lifecycle.allowed_actions(placement)


def test_terms_saved_as_shown_keep_the_wage_figures_the_form_does_not_show(client, login, viborg):
    """Only a wage subsidy's terms form shows its staff and wage figures; the terms of a
    placement whose opening has since become an internship keep them when saved as shown."""
    consultant = login(Role.CONSULTANT, municipality=viborg)
    placement = create_placement(
        candidate=create_candidate(viborg),
        consultant=consultant,
        opening=create_opening(kind=Kind.INTERNSHIP),
        tasks="Plukke varer\nPakke kasser",
        full_time_employees=40,
        staff_representative="Kim Tillid",
        monthly_wage_cost=32500,
    )
    path = f"/forloeb/{placement.id}"
    shown = shown_form(client.get(path).get_data(as_text=True), f"{path}/aftale")
    assert "monthly_wage_cost" not in dict(shown)

    response = client.post(f"{path}/aftale", data=MultiDict(shown))

    assert response.status_code == 302
    db.session.expire_all()
    assert (
        placement.tasks,
        placement.full_time_employees,
        placement.staff_representative,
        placement.monthly_wage_cost,
    ) == ("Plukke varer\nPakke kasser", 40, "Kim Tillid", 32500)


def _shown(client, path):
    return shown_form(client.get(path).get_data(as_text=True), f"{path}/aftale")


def test_period_plan_and_terms_saved_at_once_make_one_new_version(client, login, viborg):
    consultant = login(Role.CONSULTANT, municipality=viborg)
    placement = create_placement(
        candidate=create_candidate(viborg),
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=TODAY,
        end_date=TODAY + timedelta(weeks=12),
        hours_per_week=10,
    )
    lifecycle.agree(placement, consultant, today=TODAY)
    db.session.commit()
    path = f"/forloeb/{placement.id}"
    response = client.post(
        f"{path}/aftale",
        data=typed(
            _shown(client, path),
            hours_per_week="12",
            hours_plan="1: 12\r\n5: 16",
            working_times="Mandag–torsdag kl. 9–13",
        ),
        follow_redirects=True,
    )
    assert "Der er lavet version 2, som skal bekræftes igen." in response.get_data(as_text=True)
    db.session.expire_all()
    assert placement.agreement.version == 2
    assert (placement.hours_per_week, placement.working_times) == (12, "Mandag–torsdag kl. 9–13")
    assert [(s.from_week, s.hours_per_week) for s in placement.hours_plan] == [(1, 12), (5, 16)]


def test_starting_hours_other_than_the_plans_week_1_are_refused_and_kept(client, login, viborg):
    consultant = login(Role.CONSULTANT, municipality=viborg)
    placement = create_placement(
        candidate=create_candidate(viborg), consultant=consultant, hours_per_week=10
    )
    path = f"/forloeb/{placement.id}"
    page = client.post(
        f"{path}/aftale",
        data=typed(_shown(client, path), hours_per_week="12", hours_plan="1: 10\r\n5: 15"),
    ).get_data(as_text=True)
    assert "Timer om ugen ved start er 12, men optrapningen starter med 10 timer i uge 1." in page
    assert 'value="12"' in page and "5: 15" in page
    db.session.expire_all()
    assert placement.hours_per_week == 10 and placement.hours_plan == []


def test_an_action_pressed_with_unsaved_changes_does_nothing_and_keeps_them(client, login, viborg):
    """The actions' buttons sit in the agreement's form: pressed with changes not saved, the
    action waits, and the page comes back with what was typed, the action's note too."""
    consultant = login(Role.CONSULTANT, municipality=viborg)
    placement = create_placement(
        candidate=create_candidate(viborg),
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=TODAY,
        end_date=TODAY + timedelta(weeks=8),
        hours_per_week=10,
    )
    path = f"/forloeb/{placement.id}"
    shown = _shown(client, path)
    response = client.post(
        f"{path}/annuller",
        data=typed(
            shown,
            working_times="Fredag kl. 8–12",
            hours_plan="1: 10\r\n3: 15",
            **{"annuller-note": "Borgeren flytter"},
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Du har ændret aftalen uden at gemme den (Optrapning af timer, Arbejdstider)." in page
    assert 'value="Fredag kl. 8–12"' in page and "3: 15" in page and "Borgeren flytter" in page
    db.session.expire_all()
    assert placement.status == PlacementStatus.ACCEPTED and placement.working_times == ""

    # Saved first, the same press does what it says.
    assert (
        client.post(
            f"{path}/aftale", data=typed(shown, working_times="Fredag kl. 8–12")
        ).status_code
        == 302
    )
    response = client.post(f"{path}/aftal", data=MultiDict(_shown(client, path)))
    assert response.status_code == 302
    db.session.expire_all()
    assert placement.status == PlacementStatus.AGREED
    assert placement.working_times == "Fredag kl. 8–12"


def test_an_action_pressed_with_the_agreement_as_shown_goes_through(client, login, viborg):
    """Lines, chosen adaptations, a plan and a wage subsidy's figures, all as the page showed
    them: nothing counts as unsaved, and the action is done."""
    consultant = login(Role.CONSULTANT, municipality=viborg)
    placement = create_placement(
        candidate=create_candidate(viborg),
        consultant=consultant,
        opening=create_opening(kind=Kind.WAGE_SUBSIDY),
        status=PlacementStatus.ACCEPTED,
        start_date=TODAY,
        end_date=TODAY + timedelta(weeks=26),
        hours_per_week=10,
        tasks="Plukke varer\nPakke kasser",
        working_times="Man–tors kl. 9–13",
        adaptations=adaptations("extra_breaks", "mentor"),
        full_time_employees=40,
        staff_representative="Kim Tillid",
        monthly_wage_cost=32500,
    )
    hours_plan.set_hours_plan(placement, [(1, 10), (5, 15)], consultant)
    db.session.commit()
    path = f"/forloeb/{placement.id}"
    response = client.post(
        f"{path}/annuller",
        data=typed(_shown(client, path), **{"annuller-note": "Borgeren flytter"}),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert placement.status == PlacementStatus.CANCELLED
    assert placement.edit_version == 2  # the plan's save; the press saved nothing
