"""Every form refuses a post without its CSRF token: 400, and nothing in the database changes."""

import re

import pytest
from sqlalchemy import func, select

from placement import create_app
from placement.extensions import db
from placement.models import Role
from tests.factories import create_candidate, create_municipality, create_placement, create_user


def _post_rules():
    # The routes as the app has them, so a new form is covered (or fails) without editing here.
    app = create_app(
        {"ENVIRONMENT": "testing", "TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    return sorted({rule.rule for rule in app.url_map.iter_rules() if "POST" in rule.methods})


POST_RULES = _post_rules()


def _url(rule: str, placement) -> str:
    # Real ids where a route takes them, so the refusal is CSRF's and not a missing object.
    ids = {
        "placement_id": placement.id,
        "candidate_id": placement.candidate_id,
        "opening_id": placement.opening_id,
        "employer_id": placement.opening.employer_id,
    }
    url = rule
    for name, value in ids.items():
        url = url.replace(f"<int:{name}>", str(value))
    url = url.replace("<action>", "aftal")
    return re.sub(r"<int:\w+>", "1", url)


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


@pytest.mark.parametrize(
    "role",
    [None, Role.CONSULTANT, Role.EMPLOYER, Role.CITIZEN, Role.MANAGER, Role.ADMIN],
    ids=lambda r: r.value if r else "anonymous",
)
def test_every_post_without_a_token_is_refused_and_changes_nothing(app, client, role):
    assert len(POST_RULES) > 20  # the list really comes from the app
    viborg = create_municipality()
    placement = create_placement(candidate=create_candidate(viborg))
    if role is not None:
        user = create_user(
            role,
            municipality=viborg,
            employer=placement.opening.employer if role == Role.EMPLOYER else None,
            candidate=placement.candidate if role == Role.CITIZEN else None,
        )
        app.config["WTF_CSRF_ENABLED"] = False  # log in without the token dance, then back on
        try:
            logged_in = client.post(
                "/login", data={"email": user.email, "password": "korrekt-hest-batteri"}
            )
        finally:
            app.config["WTF_CSRF_ENABLED"] = True
        assert logged_in.status_code == 302
    before = _row_counts()
    for rule in POST_RULES:
        if rule.startswith("/api/"):
            continue  # the read-only API has no forms and no cookies to ride on
        response = client.post(_url(rule, placement), data={"note": "x", "name": "x"})
        assert response.status_code == 400, (rule, response.status_code)
    db.session.expire_all()
    assert _row_counts() == before
