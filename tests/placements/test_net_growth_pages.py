"""The net growth declaration on the pages: the company's form as a browser submits it, the
CVR register's prefill, and what the consultant sees and is told."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from placement.common import clock
from placement.extensions import db
from placement.models import Kind, PlacementStatus, Role
from placement.placements import net_growth
from tests.conftest import log_in, post_form
from tests.cvr_server import company as register_company
from tests.factories import (
    create_employer,
    create_opening,
    create_placement,
    create_user,
    declare_net_growth,
)
from tests.html_forms import shown_form, typed
from tests.suite_day import SUITE_DAY

S = PlacementStatus
START = SUITE_DAY + timedelta(days=7)


@pytest.fixture
def placement():
    company = create_employer(employees=50, name="Hald Lager ApS")
    consultant = create_user(Role.CONSULTANT)
    placement = create_placement(
        opening=create_opening(company, kind=Kind.WAGE_SUBSIDY, seats=3),
        consultant=consultant,
        status=S.ACCEPTED,
        start_date=START,
        end_date=START + timedelta(weeks=12),
        hours_per_week=20,
    )
    create_user(Role.EMPLOYER, employer=company, name="Lene Holm")
    return placement


def page_of(placement) -> str:
    return f"/virksomhed/forslag/{placement.id}"


def action_of(placement) -> str:
    return f"/virksomhed/forslag/{placement.id}/merbeskaeftigelse"


def company_form(client, placement):
    log_in(client, placement.opening.employer.users[0].email)
    html = client.get(page_of(placement)).get_data(as_text=True)
    return html, shown_form(html, action_of(placement))


def last_month() -> date:
    return net_growth.months_offered(clock.today())[0]


def test_the_company_declares_and_saving_it_untouched_changes_nothing(client, placement):
    html, fields = company_form(client, placement)
    assert "Erklæring om merbeskæftigelse" in html
    assert dict(fields)["month"] == last_month().strftime("%Y-%m")  # the first month offered
    response = client.post(
        action_of(placement),
        data=typed(fields, employees_last_month="12", average_12_months="11,5"),
    )
    assert response.status_code == 302
    db.session.rollback()
    declaration = placement.net_growth
    assert (declaration.employees_last_month, declaration.average_tenths) == (12, 115)
    assert declaration.declared_by.name == "Lene Holm" and not declaration.prefilled
    at = declaration.declared_at

    html = client.get(page_of(placement)).get_data(as_text=True)
    assert "Kravet om nettoudvidelse er opfyldt" in html and "11,5" in html
    fields = shown_form(html, action_of(placement))
    response = client.post(action_of(placement), data=typed(fields), follow_redirects=True)
    assert "Der var ingen ændringer at gemme" in response.get_data(as_text=True)
    db.session.rollback()
    assert placement.net_growth.declared_at == at


def test_what_cannot_be_read_is_told_in_danish_and_kept(client, placement):
    _html, fields = company_form(client, placement)
    response = client.post(
        action_of(placement),
        data=typed(fields, employees_last_month="tolv", average_12_months="9,55"),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="tolv"' in html and 'value="9,55"' in html
    assert "Skriv et helt tal" in html
    db.session.rollback()
    assert placement.net_growth is None
    response = client.post(
        action_of(placement), data=typed(fields, employees_last_month="9", average_12_months="9,55")
    )
    assert "højst én decimal" in response.get_data(as_text=True)


def test_failing_figures_are_kept_and_the_page_says_why(client, placement):
    _html, fields = company_form(client, placement)
    response = client.post(
        action_of(placement),
        data=typed(fields, employees_last_month="9", average_12_months="10"),
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Ansættelsen giver ikke nettoudvidelse: 9 ansatte sidste måned" in html
    db.session.rollback()
    assert placement.net_growth.employees_last_month == 9


def test_the_form_needs_its_csrf_token(client, placement):
    _html, fields = company_form(client, placement)
    data = typed(fields, employees_last_month="12", average_12_months="10")
    data.pop("csrf_token")
    response = client.post(action_of(placement), data=data)
    assert response.status_code in (200, 400)
    db.session.rollback()
    assert placement.net_growth is None


def test_before_both_said_yes_the_company_is_told_when_it_declares(client, placement):
    placement.status = S.PROPOSED
    db.session.commit()
    log_in(client, placement.opening.employer.users[0].email)
    html = client.get(page_of(placement)).get_data(as_text=True)
    assert "Erklæring om merbeskæftigelse" in html
    assert "når både virksomheden og borgeren har sagt ja til forslaget" in html
    assert "Kan ikke aftales eller starte" not in html  # nothing is held up yet
    assert action_of(placement) not in html  # no form to fill in yet


def test_another_company_does_not_find_the_placement(client, placement):
    other = create_user(Role.EMPLOYER, employer=create_employer())
    log_in(client, other.email)
    response = post_form(
        client,
        action_of(placement),
        {"month": last_month().strftime("%Y-%m"), "employees_last_month": "9"},
        form_page="/virksomhed/",
    )
    assert response.status_code == 404


def test_the_consultant_sees_the_declaration_and_why_it_cannot_be_agreed(client, placement):
    consultant = placement.consultant
    log_in(client, consultant.email)
    html = client.get(f"/forloeb/{placement.id}").get_data(as_text=True)
    assert "Virksomheden har ikke afgivet erklæringen endnu" in html
    response = post_form(
        client, f"/forloeb/{placement.id}/aftal", {}, form_page=f"/forloeb/{placement.id}"
    )
    html = client.get(response.location).get_data(as_text=True) if response.location else ""
    assert "ikke afgivet erklæring om merbeskæftigelse" in html
    db.session.rollback()
    assert placement.status == S.ACCEPTED

    declare_net_growth(placement, employees=10, average="10.0")
    html = client.get(f"/forloeb/{placement.id}").get_data(as_text=True)
    assert "Kravet om nettoudvidelse er opfyldt" in html
    assert "10,0" in html


# --- the CVR register ---------------------------------------------------------------------------


def _register_knows(cvr_register, placement, figures: dict[date, int]) -> None:
    cvr = placement.opening.employer.cvr
    cvr_register.companies[cvr] = register_company(
        cvr=cvr,
        monthly=tuple(sorted((m.year, m.month, n) for m, n in figures.items())),
    )


def test_the_form_is_filled_in_from_the_register_and_says_so(app, client, placement, cvr_register):
    month = last_month()
    before = net_growth.average_months(month)
    # 11 ordinary months of 20 and one of 21: an average of 20,1 (241 / 12 = 20,08).
    figures = dict.fromkeys(before, 20) | {before[0]: 21, month: 23}
    _register_knows(cvr_register, placement, figures)
    html, fields = company_form(client, placement)
    assert "hentet fra CVR-registret" in html and "alle ansatte" in html
    shown = dict(fields)
    assert (shown["month"], shown["employees_last_month"], shown["average_12_months"]) == (
        month.strftime("%Y-%m"),
        "23",
        "20,1",
    )
    # The company corrects the register's count to its ordinary employees.
    client.post(action_of(placement), data=typed(fields, employees_last_month="21"))
    db.session.rollback()
    declaration = placement.net_growth
    assert (declaration.employees_last_month, declaration.average_tenths) == (21, 201)
    assert (declaration.register_employees, declaration.register_average_tenths) == (23, 201)
    assert declaration.prefilled and declaration.changed_from_register

    consultant_page = client.get(f"/forloeb/{placement.id}")  # the company may not see it
    assert consultant_page.status_code in (302, 403, 404)
    consultant = app.test_client()
    log_in(consultant, placement.consultant.email)
    html = consultant.get(f"/forloeb/{placement.id}").get_data(as_text=True)
    assert (
        "Udfyldt fra CVR-registret (23 ansatte, gennemsnit 20,1) og rettet af virksomheden" in html
    )


def test_figures_saved_as_the_register_gave_them_say_so(client, placement, cvr_register):
    month = last_month()
    figures = dict.fromkeys(net_growth.average_months(month), 8) | {month: 9}
    _register_knows(cvr_register, placement, figures)
    _html, fields = company_form(client, placement)
    client.post(action_of(placement), data=typed(fields))
    db.session.rollback()
    assert placement.net_growth.prefilled and not placement.net_growth.changed_from_register


def test_a_register_behind_by_months_fills_in_its_latest_month(client, placement, cvr_register):
    month = net_growth.months_offered(clock.today())[2]  # three months back
    figures = dict.fromkeys(net_growth.average_months(month), 5) | {month: 6}
    _register_knows(cvr_register, placement, figures)
    _html, fields = company_form(client, placement)
    shown = dict(fields)
    assert (shown["month"], shown["employees_last_month"], shown["average_12_months"]) == (
        month.strftime("%Y-%m"),
        "6",
        "5,0",
    )


def test_a_register_without_the_year_before_fills_in_the_month_alone(
    client, placement, cvr_register
):
    _register_knows(cvr_register, placement, {last_month(): 7})
    _html, fields = company_form(client, placement)
    shown = dict(fields)
    assert (shown["employees_last_month"], shown["average_12_months"]) == ("7", "")


@pytest.mark.parametrize("mode", ["500", "slow"])
def test_a_register_that_fails_leaves_the_form_empty_without_an_error(
    client, placement, cvr_register, mode
):
    cvr_register.mode, cvr_register.delay = mode, 1.0
    html, fields = company_form(client, placement)
    shown = dict(fields)
    assert (shown["employees_last_month"], shown["average_12_months"], shown["prefill"]) == (
        "",
        "",
        "",
    )
    assert "hentet fra CVR-registret" not in html


def test_register_figures_cannot_be_made_up(client, placement):
    _html, fields = company_form(client, placement)
    client.post(
        action_of(placement),
        data=typed(fields, employees_last_month="9", average_12_months="8", prefill="forged"),
    )
    db.session.rollback()
    assert placement.net_growth is not None and not placement.net_growth.prefilled
