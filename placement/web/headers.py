"""Security headers on every response: no inline script or style, no framing, no sniffing."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response

# Every asset is served by the app itself and no page has inline script or style, so the
# policy can stay strict. SVG charts are inline markup, which CSP does not restrict.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Browsers ignore HSTS over plain http, but a debug server should not set it at all.
HSTS = "max-age=31536000; includeSubDomains"


def content_security_policy(app: Flask) -> str:
    """The policy, with the identity providers' sites among the form's targets: logging out
    posts a form whose answer sends the browser on to the provider's logout, and browsers hold
    that redirect to form-action too."""
    sites = sorted(
        {
            f"{parts.scheme}://{parts.netloc}"
            for provider in app.config.get("OIDC_PROVIDERS", {}).values()
            if (parts := urlsplit(provider.issuer)).netloc
        }
    )
    if not sites:
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", " ".join(["form-action 'self'", *sites])
    )


def init_app(app: Flask) -> None:
    @app.after_request
    def add_security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", content_security_policy(app))
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if not app.debug:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
