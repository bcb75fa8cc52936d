"""The logged-in person as every page needs them, in one round trip to the database.

Each request finds its user by the session token in its cookie. The token is read from the
database every time and never cached: a password change, a logout or a deactivation gives
the user a new token (or turns them off), and that must end every session at once. With the
row come its municipality (joined by the model) and the bell's count of unread
notifications (a subquery; placement/notifications/bell.py keeps it for the request).

This statement is the first of a logged-in request, so it is also where a pooled connection
that broke since its last use shows (the pool does not ping each connection it hands out:
that would be a round trip per request; placement/common/pool_health.py checks the socket
instead). A broken connection makes SQLAlchemy discard the pool's connections; the statement
is then tried once more on a new one, since nothing has been read or written in the
request's transaction yet. A second failure is a real outage (placement/web/outage.py).
"""

from __future__ import annotations

from sqlalchemy import func, select

from placement.common import pool_health
from placement.extensions import db
from placement.models import Notification, User
from placement.notifications import bell

_UNREAD = (
    select(func.count(Notification.id))
    .where(Notification.user_id == User.id, Notification.read_at.is_(None))
    .correlate(User)
    .scalar_subquery()
)


def load(session_token: str) -> User | None:
    statement = select(User, _UNREAD).where(
        User.session_token == session_token, User.active.is_(True)
    )

    def run():
        return db.session.execute(statement).first()

    if db.session().in_transaction():
        row = run()
    else:
        row = pool_health.once_more_if_dropped(run, reset=db.session.rollback)
    if row is None:
        return None
    user, unread = row
    bell.remember(user.id, unread)
    return user
