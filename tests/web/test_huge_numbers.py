"""Numbers no row can have, in an address or a form: a plain answer, never a 500."""

from __future__ import annotations

import re

import pytest

from placement.models import Role
from placement.web.whole_numbers import DATABASE_INT_MAX, parse
from tests.conftest import csrf_token, post_form
from tests.factories import create_municipality

HUGE = "99999999999999999999999"
NUMBERS = (HUGE, str(DATABASE_INT_MAX + 1), "9" * 5000)
_INT_ARGUMENT = re.compile(r"<int:[^>]+>")


def _get_routes(app) -> list[str]:
    return sorted(
        {
            rule.rule
            for rule in app.url_map.iter_rules()
            if "<int:" in rule.rule and "GET" in rule.methods
        }
    )


def test_parse_takes_digits_the_database_can_hold():
    assert parse("42") == 42 and parse(" 7 ") == 7
    assert parse(str(DATABASE_INT_MAX)) == DATABASE_INT_MAX
    for refused in (str(DATABASE_INT_MAX + 1), HUGE, "9" * 5000, "-1", "4.2", "²", "", None, "1e3"):
        assert parse(refused) is None, refused


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.MANAGER, Role.CONSULTANT, Role.EMPLOYER, Role.CITIZEN]
)
def test_every_address_with_a_number_no_row_can_have_is_not_found(app, client, login, role):
    login(role)
    for route in _get_routes(app):
        for number in NUMBERS:
            path = _INT_ARGUMENT.sub(number, route)
            response = client.get(path)
            assert response.status_code == 404, (path[:80], response.status_code)
            assert "Siden findes ikke" in response.get_data(as_text=True)


def test_posting_to_a_number_no_row_can_have_is_refused_plainly(app, client, login):
    login(Role.CONSULTANT)
    token = csrf_token(client, "/borgere")
    posts = sorted(
        {
            rule.rule
            for rule in app.url_map.iter_rules()
            if "<int:" in rule.rule and "POST" in rule.methods
        }
    )
    for route in posts:
        path = _INT_ARGUMENT.sub(HUGE, route).replace("<action>", "start")
        # 405 where the address also has a GET page: Werkzeug checks the method first.
        assert client.post(path, data={"csrf_token": token}).status_code in (404, 405), path


@pytest.mark.parametrize("asked", [HUGE, "9" * 5000, "-3", "x"])
def test_a_page_number_no_list_has_shows_the_first_page(client, login, asked):
    login(Role.CONSULTANT)
    assert client.get(f"/borgere?side={asked}").status_code == 200


def test_the_audit_search_for_a_huge_citizen_number_finds_nothing(client, login):
    login(Role.ADMIN)
    response = client.get(f"/admin/revision?borger={HUGE}")
    assert response.status_code == 200
    assert "Ingen hændelser passer til søgningen." in response.get_data(as_text=True)


def test_a_company_with_more_employees_than_a_number_can_hold_is_told_so(client, viborg):
    response = post_form(
        client,
        "/virksomhed/tilmeld",
        {
            "name": "Stort ApS",
            "cvr": "12345674",
            "employees": HUGE,
            "email": "a@stort.dk",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Tallet er for stort. Skriv højst {DATABASE_INT_MAX}." in page
    assert HUGE in page  # what was typed is kept


def test_choosing_a_municipality_no_row_can_have_is_refused_in_danish(client, login):
    login(Role.ADMIN)
    create_municipality()
    response = post_form(
        client,
        "/admin/brugere/ny",
        {
            "name": "Ny",
            "email": "ny@example.dk",
            "role": "consultant",
            "municipality_id": HUGE,
            "language": "da",
            "active": "y",
        },
    )
    assert response.status_code == 200
    assert "Vælg en kommune for denne rolle." in response.get_data(as_text=True)
