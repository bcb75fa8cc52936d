"""The signed link of a weekly check-in: which placement and week it answers, and until when.

Signed with itsdangerous (the app's SECRET_KEY, a salt of its own), not stored: the outbox's
sender makes it as it mails the invitation (notifications/links.py), so no token stands in the
database, and the link expires CHECK_IN_LINK_DAYS after the mail went. A link cannot be
turned into another placement's or another week's: both are inside the signature. Made
afresh for the citizen's "Åbn" in Beskeder too, a week's link is refused once the week is
more than CHECK_IN_LINK_DAYS behind (check_ins.py), as the mailed one would be.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, has_request_context, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from placement.common.policy import CHECK_IN_LINK_DAYS

_SALT = "placement-check-in"
# The notification's key of a week's invitation: "check-in:<placement id>:<Monday>".
KEY_PREFIX = "check-in:"


class LinkExpired(Exception):
    """The link was genuine, but is older than CHECK_IN_LINK_DAYS."""


class LinkInvalid(Exception):
    """The link was not made here (typed wrong, cut short or forged)."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def key(placement_id: int, week: date) -> str:
    return f"{KEY_PREFIX}{placement_id}:{week.isoformat()}"


def token(placement_id: int, week: date) -> str:
    return _serializer().dumps([placement_id, week.isoformat()])


def read(token_: str) -> tuple[int, date]:
    """(placement id, week) of a genuine, unexpired link; raises LinkExpired or LinkInvalid."""
    try:
        placement_id, week = _serializer().loads(token_, max_age=CHECK_IN_LINK_DAYS * 86400)
        return int(placement_id), date.fromisoformat(week)
    except SignatureExpired as error:
        raise LinkExpired from error
    except (BadSignature, TypeError, ValueError) as error:
        raise LinkInvalid from error


def url(token_: str) -> str:
    """The whole address (for a mail), or this site's path inside a request."""
    if has_request_context():
        return url_for("check_in.answer", token=token_, _external=True)
    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    return base + current_app.url_map.bind("localhost").build("check_in.answer", {"token": token_})


def _parse(notification_key: str) -> tuple[int, date] | None:
    if not notification_key.startswith(KEY_PREFIX):
        return None
    placement_id, week = notification_key[len(KEY_PREFIX) :].split(":", 1)
    return int(placement_id), date.fromisoformat(week)


def path_for_key(notification_key: str) -> str | None:
    """This site's path of the link for an invitation's key (the citizen's "Åbn" in
    Beskeder), made now; None for any other key."""
    parsed = _parse(notification_key)
    if parsed is None:
        return None
    if has_request_context():
        return url_for("check_in.answer", token=token(*parsed))
    return current_app.url_map.bind("localhost").build("check_in.answer", {"token": token(*parsed)})


def url_for_key(notification_key: str) -> str | None:
    """The link for an invitation's notification key, made now; None for any other key."""
    parsed = _parse(notification_key)
    return url(token(*parsed)) if parsed is not None else None
