"""Security headers on every response: pages, errors, files, the API."""

import pytest

from placement.models import Role
from placement.web.headers import CONTENT_SECURITY_POLICY

PATHS = [
    "/",
    "/login",
    "/ledige-pladser",
    "/findes-ikke",
    "/static/css/app.css",
    "/api/v1/openings",
    "/api/v1/nope",
    "/healthz",
]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_logged_in_pages_and_posts_carry_them_too(client, login):
    login(Role.CONSULTANT)
    assert client.get("/borgere").headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in client.post("/logout").headers


def test_no_page_template_has_inline_script_or_style():
    # The policy forbids them; a template that used one would break in the browser.
    from placement.config import PROJECT_ROOT

    for template in (PROJECT_ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script" not in text and "<style" not in text and "style=" not in text, template
