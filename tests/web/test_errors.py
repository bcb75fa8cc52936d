"""Error pages speak Danish and never show a stack trace."""

import pytest

from placement import create_app
from placement.models import Role


def test_unknown_page_gets_a_danish_404(client):
    response = client.get("/findes-ikke")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.get_data(as_text=True)


def test_forbidden_page_gets_a_danish_403(client, login):
    login(Role.CITIZEN)
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "Ingen adgang" in response.get_data(as_text=True)


@pytest.fixture
def broken_app(app):
    """A second app on the suite's database, with one route that fails as a bug would."""
    broken = create_app(
        {
            "ENVIRONMENT": "testing",
            "INSTANCE_PATH": app.instance_path,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    broken.add_url_rule("/test-fejl", "fail", lambda: 1 / 0)
    return broken


def test_a_crash_shows_a_plain_500_page_without_a_trace(broken_app):
    response = broken_app.test_client().get("/test-fejl")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Der opstod en fejl" in page
    assert "Traceback" not in page and "ZeroDivisionError" not in page
