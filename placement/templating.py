"""What templates get besides their own context: navigation per role, date formats."""
from __future__ import annotations

from flask_babel import format_date, format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .models import Role

# (endpoint, label) per role; the first entry is the role's home page.
BOARD = ("board.index", _l("Ledige pladser"))
NAVIGATION = {
    Role.ADMIN: [("admin.index", _l("Overblik")), ("admin.users", _l("Brugere")),
                 ("companies.index", _l("Virksomheder"))],
    Role.MANAGER: [("home.manager", _l("Overblik"))],
    Role.CONSULTANT: [("candidates.caseload", _l("Mine borgere")),
                      ("companies.index", _l("Virksomheder")), BOARD],
    Role.EMPLOYER: [("employers.home", _l("Min virksomhed")), BOARD],
    Role.CITIZEN: [("candidates.portal", _l("Mine tilbud")), ("citizen.goals", _l("Mine mål")),
                   ("citizen.preferences", _l("Mine ønsker")),
                   ("citizen.interests", _l("Min interesse")), BOARD],
}
# Without login: the board, and a way in for companies.
PUBLIC_NAVIGATION = [BOARD, ("employers.register", _l("Opret virksomhed"))]


def init_app(app) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject():
        user = current_user
        items = NAVIGATION.get(user.role, []) if user and user.is_authenticated else PUBLIC_NAVIGATION
        return {"navigation": items, "current_language": str(get_locale() or "da")}

    app.jinja_env.filters["date"] = lambda value, fmt="medium": (
        format_date(value, fmt) if value else ""
    )
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )
