"""The "Fravær" section on the company's, the consultant's and the citizen's placement pages:
forms submitted as the browser shows them, refusals by the field, removal, and 404 for others."""

from datetime import timedelta

import pytest

from placement.extensions import db
from placement.followups.plans import working_days_before
from placement.models import AbsenceReason, PlacementStatus, Role
from placement.placements import absence
from tests.conftest import csrf_token, log_in
from tests.factories import (
    create_employer,
    create_municipality,
    create_user,
)
from tests.html_forms import shown_form, shown_forms, typed
from tests.placements.test_absence import running
from tests.suite_day import SUITE_DAY

# Working days before the suite's day (weekends and holidays skipped), oldest first.
DAY_3, DAY_2, DAY_1 = (working_days_before(SUITE_DAY, n) for n in (3, 2, 1))


@pytest.fixture
def world():
    people = running(SUITE_DAY - timedelta(days=30), SUITE_DAY + timedelta(days=30))
    return {**people, "citizen": create_user(Role.CITIZEN, candidate=people["placement"].candidate)}


def signed_in(client, user):
    assert log_in(client, user.email).status_code == 302
    return client


def registered(world) -> dict:
    db.session.expire_all()
    return {row.day: row.reason for row in absence.days_of(world["placement"])}


def test_the_company_registers_a_period_with_the_form_as_shown(client, world):
    signed_in(client, world["employer"])
    page = f"/virksomhed/forslag/{world['placement'].id}"
    action = f"{page}/fravaer"
    html = client.get(page).get_data(as_text=True)
    assert "<h2" in html and "Fravær" in html and "Der er ikke registreret fravær." in html
    shown = shown_form(html, action)
    answer = client.post(
        action,
        data=typed(
            shown,
            first_day=DAY_3.isoformat(),
            last_day=DAY_1.isoformat(),
            reason=AbsenceReason.ILLNESS.value,
        ),
    )
    assert answer.status_code == 302 and answer.location.endswith(f"{page}#fravaer")
    assert registered(world) == dict.fromkeys([DAY_3, DAY_2, DAY_1], AbsenceReason.ILLNESS)
    html = client.get(page).get_data(as_text=True)
    assert "3 dage med fravær er registreret." in html
    assert "Sygdom" in html and "Lene Holm" in html and "3 dage med fravær i alt." in html


def test_a_future_day_is_refused_by_its_field_and_what_was_typed_stays(client, world):
    signed_in(client, world["consultant"])
    page = f"/forloeb/{world['placement'].id}"
    action = f"{page}/fravaer"
    tomorrow = SUITE_DAY + timedelta(days=1)
    answer = client.post(
        action,
        data=typed(
            shown_form(client.get(page).get_data(as_text=True), action),
            first_day=DAY_1.isoformat(),
            last_day=tomorrow.isoformat(),
            reason="",
        ),
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'class="error-summary"' in html  # the problems at the top, each linked to its field
    assert 'href="#last_day"' in html and 'href="#reason"' in html
    assert "Fravær kan kun registreres for dage, der er kommet." in html
    assert "Vælg hvorfor borgeren var væk." in html
    assert f'value="{tomorrow.isoformat()}"' in html and f'value="{DAY_1.isoformat()}"' in html
    assert registered(world) == {}


def test_the_same_form_twice_is_told_calmly_and_writes_once(client, world):
    signed_in(client, world["consultant"])
    page = f"/forloeb/{world['placement'].id}"
    action = f"{page}/fravaer"
    data = typed(
        shown_form(client.get(page).get_data(as_text=True), action),
        first_day=DAY_1.isoformat(),
        reason=AbsenceReason.UNEXPLAINED.value,
    )
    assert client.post(action, data=data).status_code == 302
    assert client.post(action, data=data).status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Fraværet var allerede registreret sådan. Intet er ændret." in html
    assert registered(world) == {DAY_1: AbsenceReason.UNEXPLAINED}


def test_the_consultant_removes_a_day_with_its_button(client, world):
    absence.register(world["placement"], DAY_2, DAY_1, AbsenceReason.AGREED, world["employer"])
    db.session.commit()
    signed_in(client, world["consultant"])
    page = f"/forloeb/{world['placement'].id}"
    remove = f"{page}/fravaer/{DAY_2.isoformat()}/fjern"
    html = client.get(page).get_data(as_text=True)
    assert client.post(remove, data=typed(shown_form(html, remove))).status_code == 302
    assert registered(world) == {DAY_1: AbsenceReason.AGREED}
    assert "Fraværsdagen er fjernet." in client.get(page).get_data(as_text=True)


def test_the_citizen_sees_their_absence_without_forms(client, world):
    absence.register(world["placement"], DAY_1, None, AbsenceReason.ILLNESS, world["employer"])
    db.session.commit()
    signed_in(client, world["citizen"])
    html = client.get(f"/mine-tilbud/{world['placement'].id}").get_data(as_text=True)
    assert "Fravær" in html and "Sygdom" in html and "Lene Holm" in html
    assert not [form for form in shown_forms(html) if "fravaer" in form.action]


def test_a_placement_that_is_not_running_shows_no_form(client, world):
    world["placement"].status = PlacementStatus.COMPLETED
    db.session.commit()
    signed_in(client, world["employer"])
    html = client.get(f"/virksomhed/forslag/{world['placement'].id}").get_data(as_text=True)
    assert "Registrér fravær" not in html


def test_another_companys_user_and_another_municipalitys_consultant_get_404(client, world):
    pid = world["placement"].id
    stranger = create_user(Role.EMPLOYER, employer=create_employer(name="Andet Firma"))
    signed_in(client, stranger)
    token = csrf_token(client, "/beskeder/")  # a token of the session: the refusal is access's
    data = {"csrf_token": token, "first_day": DAY_1.isoformat(), "reason": "illness"}
    assert client.get(f"/virksomhed/forslag/{pid}").status_code == 404
    assert client.post(f"/virksomhed/forslag/{pid}/fravaer", data=data).status_code == 404
    remove = f"/virksomhed/forslag/{pid}/fravaer/{DAY_1.isoformat()}/fjern"
    assert client.post(remove, data={"csrf_token": token}).status_code == 404
    client.post("/logout", data={"csrf_token": token})
    elsewhere = create_user(Role.CONSULTANT, municipality=create_municipality("Skive", "779"))
    signed_in(client, elsewhere)
    data["csrf_token"] = csrf_token(client, "/beskeder/")
    assert client.post(f"/forloeb/{pid}/fravaer", data=data).status_code == 404
    assert registered(world) == {}
