"""The sign-in settings from the environment: each provider on only when complete, a typo named
in one line, and no role given by a group unless the municipality wrote it down."""

from __future__ import annotations

import pytest

from placement.config import ConfigError, load_config
from placement.identity.settings import Audience, load

NEMLOGIN = "https://nemlog-in.example"


def test_nothing_set_means_no_provider_and_passwords_for_everyone():
    settings = load({})
    assert settings["OIDC_PROVIDERS"] == {}
    assert settings["PASSWORD_LOGIN"] == frozenset(Audience)
    assert settings["OIDC_STAFF_ROLES"] == {}


def test_a_provider_is_on_with_its_issuer_and_client_id_and_asks_for_substantial():
    settings = load(
        {
            "OIDC_CITIZENS_ISSUER": NEMLOGIN + "/",
            "OIDC_CITIZENS_CLIENT_ID": "placement",
            "OIDC_CITIZENS_CLIENT_SECRET": "s",
            "PASSWORD_LOGIN": "staff,companies",
        }
    )
    citizens = settings["OIDC_PROVIDERS"][Audience.CITIZENS]
    assert citizens.metadata_url == NEMLOGIN + "/.well-known/openid-configuration"
    assert citizens.min_loa == "substantial" and citizens.scope == "openid"
    assert set(settings["OIDC_PROVIDERS"]) == {Audience.CITIZENS}
    assert settings["PASSWORD_LOGIN"] == {Audience.STAFF, Audience.COMPANIES}


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"OIDC_STAFF_ISSUER": "https://login.example"}, "OIDC_STAFF_CLIENT_ID"),
        ({"PASSWORD_LOGIN": "citizens,borgere"}, "borgere"),
        ({"OIDC_STAFF_ROLES": "gruppe=superuser"}, "superuser"),
        ({"OIDC_STAFF_ROLES": "=consultant"}, "OIDC_STAFF_ROLES"),
        (
            {
                "OIDC_COMPANIES_ISSUER": NEMLOGIN,
                "OIDC_COMPANIES_CLIENT_ID": "x",
                "OIDC_COMPANIES_MIN_LOA": "medium",
            },
            "OIDC_COMPANIES_MIN_LOA",
        ),
        ({"OIDC_LEEWAY_SECONDS": "1m"}, "OIDC_LEEWAY_SECONDS"),
        # Nobody may be left without a way in.
        ({"PASSWORD_LOGIN": "none"}, "could not sign in"),
    ],
)
def test_a_setting_that_cannot_be_used_stops_the_start_naming_it(monkeypatch, environment, named):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=named):
        load_config("testing")


def test_groups_map_to_roles_only_as_written():
    roles = load({"OIDC_STAFF_ROLES": "a1b2=consultant, c3d4=Manager"})["OIDC_STAFF_ROLES"]
    assert roles == {"a1b2": "consultant", "c3d4": "manager"}
