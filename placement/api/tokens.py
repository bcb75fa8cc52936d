"""API tokens: made and revoked by managers, checked on every call to the statistics API."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from placement.common import clock
from placement.common.refusals import Refusal
from placement.extensions import db
from placement.models import ApiToken, Role, User

# Who may hold a token: the statistics API serves the manager's figures; admins see everything.
TOKEN_ROLES = (Role.MANAGER, Role.ADMIN)
# A person needs a few (one per system that reads the figures), not an unbounded pile of keys.
MAX_ACTIVE_TOKENS = 10
NAME_MAX_LENGTH = 100
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenRefused(Refusal):
    """A refused token action; the message is for the person."""


def hash_token(plaintext: str) -> str:
    # A plain SHA-256 is enough: the token is 256 random bits, so there is nothing to guess
    # that a slow hash would protect, and every API call can look its hash up by index.
    return hashlib.sha256(plaintext.encode("utf-8", "surrogatepass")).hexdigest()


def tokens_of(user: User) -> list[ApiToken]:
    """The person's tokens, active ones first, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(
                ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc()
            )
        )
    )


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the person: the row (flushed) and the token itself, to show once."""
    if user.role not in TOKEN_ROLES or not user.active:
        raise TokenRefused(_("Kun ledere og administratorer kan lave API-nøgler."))
    name = (name or "").strip()
    if not name:
        raise TokenRefused(_("Giv nøglen et navn, fx det system, der skal bruge den."))
    if len(name) > NAME_MAX_LENGTH:
        raise TokenRefused(_("Navnet må højst have %(n)d tegn.", n=NAME_MAX_LENGTH))
    active = db.session.execute(
        select(func.count())
        .select_from(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ).scalar_one()
    if active >= MAX_ACTIVE_TOKENS:
        raise TokenRefused(
            _(
                "Du har allerede %(n)d aktive nøgler. Tilbagekald en, du ikke "
                "bruger, før du laver en ny.",
                n=MAX_ACTIVE_TOKENS,
            )
        )
    plaintext = secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(plaintext))
    db.session.add(token)
    db.session.flush()
    return token, plaintext


def user_for_token(plaintext: str | None) -> User | None:
    """The active person a token belongs to, or None for a wrong, revoked or empty token.
    Notes when the token was used (flushed; the request commits)."""
    if not plaintext:
        return None
    token = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == hash_token(plaintext), ApiToken.revoked_at.is_(None)
        )
    )
    if token is None or not token.user.active:
        return None
    now = clock.now()
    # To the minute is all the page shows; a system polling the API then writes once a
    # minute, not on every call.
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        token.last_used_at = now
        db.session.flush()
    return token.user


def revoke(user: User, token_id: int) -> ApiToken:
    """Revoke one of the person's own tokens; someone else's is answered as not found."""
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )
    if token is None:
        raise LookupError(token_id)
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        db.session.flush()
    return token
