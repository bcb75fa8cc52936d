"""The identity providers and sign-in rules, read from the environment (stdlib only: config.py
calls this before the app exists).

One provider per audience, each on only when its issuer and client id are set:

    OIDC_CITIZENS_*   NemLog-in (MitID) for citizens
    OIDC_COMPANIES_*  NemLog-in (MitID Erhverv) for company users
    OIDC_STAFF_*      the municipality's own (Microsoft Entra ID or similar)

each with _ISSUER, _CLIENT_ID, _CLIENT_SECRET, and optionally _METADATA_URL (else
<issuer>/.well-known/openid-configuration), _SCOPE and _MIN_LOA. The claim names default to
NemLog-in's OIDC attribute names and are all configurable, as NemLog-in's profiles differ.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass


class Audience(str, enum.Enum):
    CITIZENS = "citizens"
    COMPANIES = "companies"
    STAFF = "staff"


# NSIS levels of assurance, lowest first; a sign-in below the configured level is refused.
LOA_LEVELS = ("low", "substantial", "high")
_DEFAULT_MIN_LOA = {Audience.CITIZENS: "substantial", Audience.COMPANIES: "substantial"}
_DEFAULT_SCOPE = {
    Audience.CITIZENS: "openid",
    Audience.COMPANIES: "openid",
    Audience.STAFF: "openid profile email",
}
# Never a role a group can give unless the municipality writes it in OIDC_STAFF_ROLES itself.
STAFF_ROLE_VALUES = ("consultant", "manager", "admin")


class IdentitySettingsError(ValueError):
    """A setting cannot be used; the message names it."""


@dataclass(frozen=True)
class Provider:
    audience: Audience
    issuer: str
    metadata_url: str
    client_id: str
    client_secret: str
    scope: str
    min_loa: str  # "" when the provider's tokens carry no NSIS level (staff)

    @property
    def name(self) -> str:
        return f"oidc_{self.audience.value}"


@dataclass(frozen=True)
class Claims:
    cpr: str = "https://data.gov.dk/model/core/eid/cprNumber"
    cvr: str = "https://data.gov.dk/model/core/eid/professional/cvr"
    loa: str = "https://data.gov.dk/concept/core/nsis/loa"
    name: str = "https://data.gov.dk/model/core/eid/fullName"
    email: str = "https://data.gov.dk/model/core/eid/email"
    company_name: str = "https://data.gov.dk/model/core/eid/professional/orgName"
    staff_email: str = "email"
    staff_name: str = "name"
    staff_groups: str = "groups"


def _env(environ, name: str, default: str = "") -> str:
    return (environ.get(name) or default).strip()


def _provider(environ, audience: Audience) -> Provider | None:
    prefix = f"OIDC_{audience.name}_"
    issuer = _env(environ, prefix + "ISSUER").rstrip("/")
    client_id = _env(environ, prefix + "CLIENT_ID")
    if not issuer and not client_id:
        return None
    if not issuer or not client_id:
        raise IdentitySettingsError(
            f"{prefix}ISSUER and {prefix}CLIENT_ID must be set together (one is missing)."
        )
    min_loa = _env(environ, prefix + "MIN_LOA", _DEFAULT_MIN_LOA.get(audience, "")).lower()
    if min_loa and min_loa not in LOA_LEVELS:
        raise IdentitySettingsError(
            f"{prefix}MIN_LOA must be one of {', '.join(LOA_LEVELS)}, not {min_loa!r}."
        )
    return Provider(
        audience=audience,
        issuer=issuer,
        metadata_url=_env(
            environ, prefix + "METADATA_URL", f"{issuer}/.well-known/openid-configuration"
        ),
        client_id=client_id,
        client_secret=_env(environ, prefix + "CLIENT_SECRET"),
        scope=_env(environ, prefix + "SCOPE", _DEFAULT_SCOPE[audience]),
        min_loa=min_loa,
    )


def _password_audiences(environ) -> frozenset[Audience]:
    text = _env(environ, "PASSWORD_LOGIN", ",".join(a.value for a in Audience))
    chosen = {part.strip().lower() for part in text.split(",") if part.strip()}
    if "none" in chosen:
        return frozenset()
    unknown = chosen - {a.value for a in Audience}
    if unknown:
        raise IdentitySettingsError(
            f"PASSWORD_LOGIN lists audiences from citizens, companies, staff (or none), "
            f"not {', '.join(sorted(unknown))}."
        )
    return frozenset(Audience(value) for value in chosen)


def _staff_roles(environ) -> dict[str, str]:
    """OIDC_STAFF_ROLES="<group>=consultant,<group>=manager": the group (or app role) claim's
    values that give a role here. A group not listed gives nothing."""
    roles: dict[str, str] = {}
    for part in _env(environ, "OIDC_STAFF_ROLES").split(","):
        if not part.strip():
            continue
        group, _, role = part.rpartition("=")
        group, role = group.strip(), role.strip().lower()
        if not group or role not in STAFF_ROLE_VALUES:
            raise IdentitySettingsError(
                f"OIDC_STAFF_ROLES takes group=role pairs, the role one of "
                f"{', '.join(STAFF_ROLE_VALUES)}; {part.strip()!r} is not one."
            )
        roles[group] = role
    return roles


def _claims(environ) -> Claims:
    defaults = Claims()
    return Claims(
        **{
            field: _env(environ, f"OIDC_CLAIM_{field.upper()}", getattr(defaults, field))
            for field in defaults.__dataclass_fields__
        }
    )


def _leeway(environ) -> int:
    text = _env(environ, "OIDC_LEEWAY_SECONDS", "60")
    if not text.isdigit():
        raise IdentitySettingsError(f"OIDC_LEEWAY_SECONDS must be whole seconds, not {text!r}.")
    return int(text)


def load(environ=None) -> dict:
    """The app's settings for sign-in, as config keys."""
    environ = os.environ if environ is None else environ
    providers = {
        audience: provider
        for audience in Audience
        if (provider := _provider(environ, audience)) is not None
    }
    passwords = _password_audiences(environ)
    locked_out = [a.value for a in Audience if a not in passwords and a not in providers]
    if locked_out:
        raise IdentitySettingsError(
            f"PASSWORD_LOGIN leaves out {', '.join(locked_out)}, and no OIDC_<AUDIENCE>_ISSUER "
            "is set for them: they could not sign in at all."
        )
    flag = _env(environ, "OIDC_COMPANIES_APPROVE_PROVEN").lower()
    if flag not in {"", "0", "1", "true", "false", "yes", "no", "on", "off"}:
        raise IdentitySettingsError(
            f"OIDC_COMPANIES_APPROVE_PROVEN must be true or false, not {flag!r}."
        )
    return {
        "OIDC_PROVIDERS": providers,
        "PASSWORD_LOGIN": passwords,
        "OIDC_CLAIMS": _claims(environ),
        "OIDC_STAFF_ROLES": _staff_roles(environ),
        # A company whose CVR the sign-in proved may skip the jobcenter's approval.
        "OIDC_COMPANIES_APPROVE_PROVEN": flag in {"1", "true", "yes", "on"},
        # Clock difference allowed between the provider and us on the ID token's times.
        "OIDC_LEEWAY_SECONDS": _leeway(environ),
    }
