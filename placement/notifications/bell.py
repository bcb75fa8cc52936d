"""The bell's count of unread notifications, worked out once per request.

The logged-in person's count is read with their row, in the statement that finds them by
their session token (placement/accounts/session_user.py), so the bell costs no statement of
its own. Anything that writes or reads notifications in the request (inbox.notify,
notify_all, mark_read, mark_all_read) forgets it, and the page counts again when it shows
the bell: a notification made or read in this request is in the count it shows.
"""

from __future__ import annotations

from flask import g, has_app_context

_KEY = "_bell_unread"


def remember(user_id: int, count: int) -> None:
    if has_app_context():
        g.setdefault(_KEY, {})[user_id] = count


def known(user_id: int) -> int | None:
    """The count read earlier in this request, or None."""
    return g.get(_KEY, {}).get(user_id) if has_app_context() else None


def forget() -> None:
    if has_app_context():
        g.pop(_KEY, None)
