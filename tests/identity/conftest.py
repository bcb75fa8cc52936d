"""The sign-in tests' provider and the app configured to use it."""

from __future__ import annotations

import pytest

from placement.identity import providers
from placement.identity.settings import Audience, Provider
from tests.identity.provider import OidcProvider, running

CLIENT_IDS = {
    Audience.CITIZENS: "placement-borger",
    Audience.COMPANIES: "placement-virksomhed",
    Audience.STAFF: "placement-personale",
}


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    with running(tmp_path_factory.mktemp("oidc") / "provider.log") as provider:
        yield provider


def provider_settings(url: str, **changes) -> dict:
    return {
        audience: Provider(
            audience=audience,
            issuer=url,
            metadata_url=f"{url}/.well-known/openid-configuration",
            client_id=CLIENT_IDS[audience],
            client_secret="hemmelig",
            scope="openid" if audience is not Audience.STAFF else "openid profile email",
            min_loa="" if audience is Audience.STAFF else "substantial",
        )
        for audience in Audience
    } | changes


@pytest.fixture
def configure(app):
    """configure(url, **settings): the app signs in through the provider at `url` (every
    audience) with these settings, for this test only."""
    saved = dict(app.config)

    def _configure(url: str, **settings):
        app.config["OIDC_PROVIDERS"] = provider_settings(url)
        app.config.update(settings)
        providers.init_app(app)

    yield _configure
    for key in (
        "OIDC_PROVIDERS",
        "PASSWORD_LOGIN",
        "OIDC_STAFF_ROLES",
        "OIDC_COMPANIES_APPROVE_PROVEN",
    ):
        app.config[key] = saved[key]
    providers.init_app(app)


@pytest.fixture
def signed_in_through(configure, oidc_provider: OidcProvider):
    configure(
        oidc_provider.url, OIDC_STAFF_ROLES={"jc-konsulenter": "consultant", "jc-ledere": "manager"}
    )
    return oidc_provider
