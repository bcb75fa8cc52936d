"""Reading a verified ID token's claims: the CPR and CVR numbers, the level of assurance, and
the staff member's role from their groups. Nothing here is stored or logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app

from placement.common.identifiers import clean_digits, cpr_birth_date, is_valid_cvr
from placement.identity.outcomes import Reason, SignInRefused
from placement.identity.settings import LOA_LEVELS, Audience, Claims, Provider
from placement.models import Role

# The highest role wins when several groups give one.
_ROLE_ORDER = (Role.CONSULTANT, Role.MANAGER, Role.ADMIN)


@dataclass(frozen=True)
class Verified:
    """An ID token whose signature, issuer, audience, expiry and nonce have been checked."""

    provider: Provider
    claims: dict[str, Any]

    @property
    def audience(self) -> Audience:
        return self.provider.audience

    @property
    def issuer(self) -> str:
        return str(self.claims["iss"])

    @property
    def subject(self) -> str:
        return str(self.claims["sub"])

    def text(self, name: str) -> str:
        value = self.claims.get(name)
        return value.strip() if isinstance(value, str) else ""


def names() -> Claims:
    return current_app.config["OIDC_CLAIMS"]


def require_assurance(verified: Verified) -> None:
    """NemLog-in says how sure it is who signed in (NSIS: Low, Substantial, High), as the
    word or as a URI ending in it. Below the configured level, or unsaid, is refused."""
    wanted = verified.provider.min_loa
    if not wanted:
        return
    said = verified.text(names().loa).rstrip("/").rsplit("/", 1)[-1].lower()
    if said not in LOA_LEVELS or LOA_LEVELS.index(said) < LOA_LEVELS.index(wanted):
        raise SignInRefused(Reason.LOW_ASSURANCE)


def cpr(verified: Verified) -> str:
    digits = clean_digits(verified.text(names().cpr)).replace("-", "")
    if cpr_birth_date(digits) is None:
        raise SignInRefused(Reason.NO_CPR)
    return digits


def cvr(verified: Verified) -> str:
    digits = clean_digits(verified.text(names().cvr))
    if not is_valid_cvr(digits):
        raise SignInRefused(Reason.NO_CVR)
    return digits


def staff_role(verified: Verified) -> Role | None:
    """The role the staff member's groups give through OIDC_STAFF_ROLES, or None. A group
    listed nowhere gives nothing, and admin only where the municipality wrote it."""
    groups = verified.claims.get(names().staff_groups) or []
    if isinstance(groups, str):
        groups = groups.split()
    mapping: dict[str, str] = current_app.config["OIDC_STAFF_ROLES"]
    given = {
        Role(mapping[group]) for group in groups if isinstance(group, str) and group in mapping
    }
    return max(given, key=_ROLE_ORDER.index) if given else None
