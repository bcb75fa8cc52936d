"""Password hashing with argon2id, at a cost the configuration chooses."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# RFC 9106's second recommendation (64 MiB, 3 passes): argon2-cffi's default. Tests use the
# cheapest argon2id profile so a suite that creates hundreds of users stays fast.
DEFAULT_PROFILE = "RFC_9106_LOW_MEMORY"

_hasher = PasswordHasher.from_parameters(getattr(profiles, DEFAULT_PROFILE))
_dummy_hash = ""


def configure(profile: str = DEFAULT_PROFILE) -> None:
    global _hasher, _dummy_hash
    _hasher = PasswordHasher.from_parameters(getattr(profiles, profile))
    _dummy_hash = ""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    if not stored_hash:
        return verify_nothing(password)
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_nothing(password: str) -> bool:
    """Spend the time of a real check, then fail: for unknown e-mails and unset passwords, so
    timing does not tell whether an account exists."""
    global _dummy_hash
    if not _dummy_hash:
        _dummy_hash = _hasher.hash(secrets.token_hex(16))
    try:
        _hasher.verify(_dummy_hash, password)
    except VerificationError:
        pass
    return False
