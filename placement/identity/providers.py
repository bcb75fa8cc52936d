"""The app's OpenID Connect clients, one per configured audience, through Authlib: the
authorization code flow with PKCE (S256), `state` and `nonce`, and the ID token's signature,
issuer, audience, expiry and nonce checked against the provider's published metadata and keys.

Each app gets its own Authlib registry (tests make many apps with different providers). The
metadata and the signing keys are fetched at the first sign-in and kept; a token signed with a
key not seen before fetches the keys again (the provider rotated them)."""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import current_app

from placement.identity.settings import Audience, Provider
from placement.models import Role

_EXTENSION = "placement_oidc"
# The provider must answer within this; a sign-in waits no longer on a provider that hangs.
TIMEOUT_SECONDS = 10


def init_app(app) -> None:
    registry = OAuth()
    # Not registry.init_app(app): it would read OAuth settings from app.config by name, and
    # the app already has its own settings per audience.
    registry.app = app
    for provider in app.config["OIDC_PROVIDERS"].values():
        registry.register(
            provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret or None,
            server_metadata_url=provider.metadata_url,
            client_kwargs={
                "scope": provider.scope,
                "code_challenge_method": "S256",
                "default_timeout": TIMEOUT_SECONDS,
                # A public client (no secret) proves itself with PKCE alone.
                "token_endpoint_auth_method": (
                    "client_secret_basic" if provider.client_secret else "none"
                ),
            },
        )
    app.extensions[_EXTENSION] = registry


def provider(audience: Audience) -> Provider | None:
    return current_app.config["OIDC_PROVIDERS"].get(audience)


def client(audience: Audience):
    """The Authlib client for the audience's provider (KeyError when it is not configured)."""
    configured = current_app.config["OIDC_PROVIDERS"][audience]
    return current_app.extensions[_EXTENSION].create_client(configured.name)


def enabled() -> list[Audience]:
    return [audience for audience in Audience if audience in current_app.config["OIDC_PROVIDERS"]]


def id_token_rules(oidc) -> dict:
    """What the ID token's claims must say beyond the signature (Authlib checks the nonce and
    the access token's hash itself): issued by the provider we fetched the keys from, for us
    (Authlib alone checks the audience only through `azp`), with its times."""
    return {
        "iss": {"essential": True, "values": [oidc.load_server_metadata()["issuer"]]},
        "aud": {"essential": True, "values": [oidc.client_id]},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
    }


def logout_url(audience: Audience, back: str) -> str | None:
    """Where to send the browser so the provider ends its session too (RP-initiated logout),
    or None when the provider offers none or cannot be reached. No id_token_hint: NemLog-in's
    ID token carries the CPR number, and it would stand in an address."""
    if audience not in current_app.config["OIDC_PROVIDERS"]:
        return None
    try:
        oidc = client(audience)
        if not oidc.load_server_metadata().get("end_session_endpoint"):
            return None
        return oidc.create_logout_url(post_logout_redirect_uri=back, client_id=oidc.client_id)[
            "url"
        ]
    except Exception:  # noqa: BLE001 - the app's own logout must happen whatever the provider does
        current_app.logger.warning("Identity provider for %s unreachable at logout", audience.value)
        return None


def audience_of(role: Role) -> Audience:
    if role is Role.CITIZEN:
        return Audience.CITIZENS
    if role is Role.EMPLOYER:
        return Audience.COMPANIES
    return Audience.STAFF


def password_allowed(audience: Audience) -> bool:
    """Whether this audience may still sign in with a password (PASSWORD_LOGIN)."""
    return audience in current_app.config["PASSWORD_LOGIN"]
