"""What templates get besides their own context: navigation per role, the bell's count, dates."""

from __future__ import annotations

from decimal import Decimal

from flask import current_app
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy.exc import SQLAlchemyError

from placement.extensions import db
from placement.followups import plans
from placement.models import Role
from placement.notifications import bell, inbox

# (endpoint, label) per role; the first entry is the role's home page.
BOARD = ("board.index", _l("Ledige pladser"))
# Each person's calendar link (placement/calendars/).
CALENDAR = ("calendars.index", _l("Kalender"))
NAVIGATION = {
    Role.ADMIN: [
        ("admin.index", _l("Overblik")),
        ("admin.users", _l("Brugere")),
        ("companies.index", _l("Virksomheder")),
        ("statistics.index", _l("Statistik")),
    ],
    # The manager's home (/leder) shows the statistics page too; this is its own address.
    Role.MANAGER: [
        ("statistics.index", _l("Statistik")),
        ("tokens.index", _l("API-nøgler")),
        ("fidelity.index", _l("IPS-fidelitet")),
    ],
    Role.CONSULTANT: [
        ("candidates.caseload", _l("Mine borgere")),
        ("companies.index", _l("Virksomheder")),
        BOARD,
        CALENDAR,
        ("fidelity.index", _l("IPS-fidelitet")),
    ],
    Role.EMPLOYER: [("employers.home", _l("Min virksomhed")), BOARD, CALENDAR],
    Role.CITIZEN: [
        ("candidates.portal", _l("Mine tilbud")),
        ("citizen.goals", _l("Mine mål")),
        ("citizen.preferences", _l("Mine ønsker")),
        ("citizen.interests", _l("Min interesse")),
        BOARD,
        CALENDAR,
    ],
}
# Without login: the board, and a way in for companies.
PUBLIC_NAVIGATION = [BOARD, ("sign_up.register", _l("Opret virksomhed"))]


def init_app(app) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject():
        user = current_user
        items = (
            NAVIGATION.get(user.role, []) if user and user.is_authenticated else PUBLIC_NAVIGATION
        )
        return {
            "navigation": items,
            "current_language": str(get_locale() or "da"),
            "unread_notifications": _unread_notifications(user),
        }

    # A follow-up's state in words needs today's date; the filter spares every view passing it.
    app.jinja_env.filters["followup_state"] = plans.state_of
    app.jinja_env.filters["date"] = lambda value, fmt="medium": (
        format_date(value, fmt) if value else ""
    )
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.filters["badge"] = badge
    # Mentor support is kept in tenths of an hour (models/mentor_grants.py): 75 -> "7,5".
    app.jinja_env.filters["mentor_hours"] = lambda tenths: format_decimal(Decimal(tenths) / 10)
    # A net growth declaration's month and average (models/net_growth.py): "november 2026", "9,5".
    app.jinja_env.filters["month_name"] = lambda month: format_date(month, "MMMM y")
    app.jinja_env.filters["one_decimal"] = lambda value: format_decimal(value, format="#,##0.0")


def badge(status, label=None) -> Markup:
    """A status as a coloured badge. A filter, not a macro: a macro call costs ten times as
    much, which a list of 50 rows notices. label: the status's label already translated, for
    such a list."""
    shown = status.label if label is None else label
    return Markup(f'<span class="badge badge--{escape(status.value)}">{escape(shown)}</span>')


def _unread_notifications(user) -> int | None:
    """The bell's count: read with the user's row (placement/notifications/bell.py), counted
    here only if something changed notifications in this request."""
    if not (user and user.is_authenticated):
        return None
    count = bell.known(user.id)
    if count is None:
        try:
            count = inbox.unread_count(user)
        except SQLAlchemyError:
            # The error page must still render when the database is what failed.
            db.session.rollback()
            current_app.logger.warning("Unread notifications could not be counted.")
            return None
        bell.remember(user.id, count)
    return count
