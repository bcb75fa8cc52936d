"""The secret feed link: made or renewed by its owner, found by its token, kept as a hash.

A calendar app cannot log in, so the link itself is the key: 256 random bits, stored only as
a keyed hash (HMAC with SECRET_KEY, as the representative's links), shown to its owner once.
Renewing replaces the hash in the same row, so the old link answers 404 from that commit on.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import select

from placement.extensions import db
from placement.models import CalendarFeed, Role, User
from placement.models.types import utcnow

# Who has a calendar: the people with follow-ups and placement dates of their own. A manager
# or an administrator sees placements across a municipality, which is not a calendar.
FEED_ROLES = (Role.CONSULTANT, Role.EMPLOYER, Role.CITIZEN)


def _hash(token: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def renew(user: User) -> str:
    """A new link for the person (their first, or one that replaces the old): the token, to
    be shown once. The user's row is locked, so two renewals at once leave one link."""
    db.session.scalar(select(User.id).where(User.id == user.id).with_for_update())
    token = secrets.token_urlsafe(32)
    feed = feed_of(user)
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.token_hash = _hash(token)
    feed.created_at = utcnow()
    db.session.flush()
    return token


def stop(user: User) -> bool:
    """Remove the person's link; return whether there was one."""
    feed = feed_of(user)
    if feed is None:
        return False
    db.session.delete(feed)
    db.session.flush()
    return True


def owner_of(token: str) -> User | None:
    """The person whose link this is, if it is a current link of an active person who may
    have a calendar; otherwise None (the feed answers 404)."""
    if not token or len(token) > 100:
        return None
    user = db.session.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token_hash == _hash(token))
    )
    if user is None or not user.is_active or user.role not in FEED_ROLES:
        return None
    return user
