"""CPR numbers at rest: encrypted, found only by exact match, shown masked.

Encryption is Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`. The keys are a
list, newest first (`CPR_KEYS`): new values are encrypted with the first, and any of them
decrypts, so a key is rotated by putting a new one first, running `flask cpr rotate`
(re-encrypts every number with it) and then removing the old one. A database copy alone
reveals no number; searching uses HMAC-SHA256 under its own key (`CPR_HMAC_KEY`), so equal
numbers match without being decryptable, and the 10-digit space cannot be hashed through
without the key.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

# The module, not its names: models → Candidate → this module → identifiers → policy → models
# is a cycle, and whichever of them is imported first must work.
from placement.common import identifiers


class CprKeyError(RuntimeError):
    """No key decrypts a stored number: a key was removed before `flask cpr rotate` ran."""


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[Fernet, ...]:
    return tuple(Fernet(key) for key in keys)


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet(list(_fernets(keys)))


def _current_fernets() -> tuple[Fernet, ...]:
    return _fernets(tuple(current_app.config["CPR_KEYS"]))


def _current_fernet() -> MultiFernet:
    return _fernet(tuple(current_app.config["CPR_KEYS"]))


def encrypt(cpr: str) -> str:
    return _current_fernet().encrypt(identifiers.normalise_cpr(cpr).encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current_fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise CprKeyError("no CPR key decrypts this value; is an old key missing?") from error


def key_of(token: str) -> int | None:
    """Which key decrypts this value (0: the newest), or None when none does."""
    for index, fernet in enumerate(_current_fernets()):
        try:
            fernet.decrypt(token.encode())
        except InvalidToken:
            continue
        return index
    return None


def lookup_hash(cpr: str) -> str:
    key = current_app.config["CPR_HMAC_KEY"].encode()
    return hmac.new(key, identifiers.normalise_cpr(cpr).encode(), hashlib.sha256).hexdigest()


def new_key() -> str:
    return Fernet.generate_key().decode()
