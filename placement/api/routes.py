"""The read-only JSON API under /api/v1: public openings, a manager's statistics, OpenAPI.

Every error under /api/ is JSON with a Danish message, never an HTML page or a stack trace.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date
from decimal import Decimal
from typing import overload

from flask import Blueprint, jsonify, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload
from werkzeug.exceptions import HTTPException, default_exceptions
from werkzeug.routing import RequestRedirect

from placement.api import schema, tokens
from placement.api.schema import (
    EARLIEST,
    INDUSTRY_MAX_LENGTH,
    LATEST,
    MAX_ID,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_PERIOD_YEARS,
    TEXT_MAX_LENGTH,
)
from placement.common import clock
from placement.common.policy import SECRET_LIMITS
from placement.extensions import csrf, db
from placement.models import Kind, Municipality, Opening, Role, User
from placement.openings.public_board import BOARD_PAGE_SIZE, BoardFilter, board_query
from placement.statistics import aggregates, reading, small_numbers
from placement.statistics.tables import Filters, PeriodError, Table
from placement.web import rate_limits

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# No cookies are needed or trusted here: the statistics are reached with a bearer token, which
# a cross-site form cannot send.
csrf.exempt(bp)

API_PREFIX = "/api"
TOKEN_MAX_LENGTH = 200

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE = re.compile(r"[0-9]{1,10}")
_POSTCODE = re.compile(r"[0-9]{4}")

MESSAGES = {
    400: _l("Forespørgslen kunne ikke læses."),
    401: _l("Angiv en gyldig API-nøgle i headeren Authorization: Bearer <nøgle>."),
    403: _l("Din API-nøgle giver ikke adgang til dette."),
    404: _l("Adressen findes ikke i API'et."),
    405: _l("Metoden er ikke tilladt her. API'et kan kun læses (GET)."),
    413: _l("Forespørgslen er for stor."),
    422: _l("Forespørgslen kunne ikke behandles."),
    500: _l("Der opstod en fejl på serveren. Prøv igen senere."),
}


class ApiError(Exception):
    """A refused request; the message (Danish) and the parameter at fault go to the caller."""

    def __init__(self, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter


# --- errors -----------------------------------------------------------------------------------


def error_response(
    status: int,
    message: str | None = None,
    parameter: str | None = None,
    headers: dict | None = None,
):
    message = message or MESSAGES.get(status) or MESSAGES[500 if status >= 500 else 400]
    body = {"status": status, "message": str(message)}
    if parameter:
        body["parameter"] = parameter
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="placement"'
    response.headers.update(headers or {})
    return response


def _http_error(error: HTTPException):
    headers = {}
    allowed = getattr(error, "valid_methods", None)  # MethodNotAllowed's
    if error.code == 405 and allowed:
        headers["Allow"] = ", ".join(allowed)
    # Werkzeug's own descriptions are English and written for browsers: ours say what to do.
    return error_response(error.code or 500, headers=headers)


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return error_response(error.status, error.message, error.parameter)


# Per status code, because Flask prefers the app's handler for a code (the HTML error pages)
# over a blueprint's handler for HTTPException in general.
for _code in default_exceptions:
    if _code != 500:
        bp.register_error_handler(_code, _http_error)


@bp.errorhandler(RateLimitExceeded)
def _limited(error: RateLimitExceeded):
    # The JSON refusal made in _token_refused, not the generic 429 registered above.
    return error.get_response()


@bp.errorhandler(500)
def _server_error(error):
    db.session.rollback()
    return error_response(500)


@bp.before_app_request
def _routing_errors_as_json():
    """An unknown address or method under /api/ never reaches a view of this blueprint, so
    its 404 or 405 would get the site's HTML page: answer it here instead."""
    error = request.routing_exception
    in_api = request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")
    if error is None or isinstance(error, RequestRedirect) or not in_api:
        return None
    return _http_error(error)


# --- reading the query string -----------------------------------------------------------------


def _arg(name: str) -> str | None:
    values = request.args.getlist(name)
    if len(values) > 1:
        raise ApiError(400, _("Angiv %(name)s højst én gang.", name=name), name)
    return values[0] if values else None


@overload
def _whole(name: str, default: int, low: int, high: int) -> int: ...
@overload
def _whole(name: str, default: None, low: int, high: int) -> int | None: ...
def _whole(name: str, default: int | None, low: int, high: int) -> int | None:
    value = _arg(name)
    if value is None:
        return default
    if not _WHOLE.fullmatch(value) or not low <= int(value) <= high:
        raise ApiError(
            400,
            _(
                "%(name)s skal være et helt tal fra %(low)d til %(high)d.",
                name=name,
                low=low,
                high=high,
            ),
            name,
        )
    return int(value)


def _text(name: str, max_length: int) -> str | None:
    value = _arg(name)
    if value is None:
        return None
    if len(value) > max_length:
        raise ApiError(400, _("%(name)s må højst have %(n)d tegn.", name=name, n=max_length), name)
    # PostgreSQL refuses NUL bytes in text; no one searches for control characters.
    return "".join(ch for ch in value if ch.isprintable())


def _kind() -> Kind | None:
    value = _arg("kind")
    if value is None:
        return None
    try:
        return Kind(value)
    except ValueError:
        raise ApiError(
            400,
            _("kind skal være en af: %(kinds)s.", kinds=", ".join(k.value for k in Kind)),
            "kind",
        ) from None


def _date(name: str) -> date | None:
    value = _arg(name)
    if value is None:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        raise ApiError(
            400, _("%(name)s skal være en dato som 2025-01-31.", name=name), name
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise ApiError(
            400,
            _(
                "%(name)s skal ligge mellem %(first)s og %(last)s.",
                name=name,
                first=EARLIEST.isoformat(),
                last=LATEST.isoformat(),
            ),
            name,
        )
    return day


# --- openings ---------------------------------------------------------------------------------


@bp.get("/openings")
def openings():
    words = _text("q", TEXT_MAX_LENGTH) or ""
    kind = _kind()
    postcode = _arg("postcode")
    if postcode is not None and not _POSTCODE.fullmatch(postcode):
        raise ApiError(400, _("postcode skal være et postnummer med 4 cifre."), "postcode")
    page = _whole("page", 1, 1, MAX_PAGE)
    per_page = _whole("per_page", BOARD_PAGE_SIZE, 1, MAX_PER_PAGE)

    query = board_query(BoardFilter(words=words.strip(), kind=kind, place=postcode or ""))
    total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    items: list[Opening] = []
    # A page past the end is empty (not the last page, as on the board): a client paging
    # through must see where the list stops.
    if (page - 1) * per_page < total:
        items = list(
            db.session.scalars(
                query.options(contains_eager(Opening.employer), selectinload(Opening.adaptations))
                .order_by(Opening.published_at.desc(), Opening.id.desc())
                .limit(per_page)
                .offset((page - 1) * per_page)
            ).unique()
        )
    return jsonify(
        {
            "items": [_opening(opening) for opening in items],
            "page": page,
            "per_page": per_page,
            "total": total,
            "pages": max(1, -(-total // per_page)),
        }
    )


def _opening(opening: Opening) -> dict:
    return {
        "id": opening.id,
        "title": opening.title,
        "kind": opening.kind.value,
        "kind_label": str(opening.kind.label),
        "description": opening.description,
        "company": {"name": opening.employer.name},
        "postcode": opening.postcode,
        "city": opening.city,
        "hours_min": opening.hours_min,
        "hours_max": opening.hours_max,
        "start_date": _iso(opening.start_date),
        "end_date": _iso(opening.end_date),
        "deadline": _iso(opening.deadline),
        "adaptations": [{"code": a.code, "label": a.label} for a in opening.adaptations],
        "url": url_for("board.detail", opening_id=opening.id, _external=True),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- statistics -------------------------------------------------------------------------------


def _token_user() -> User:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, MESSAGES[401])
    user = tokens.user_for_token(token) if len(token) <= TOKEN_MAX_LENGTH else None
    if user is None:
        rate_limits.counts()
        raise ApiError(401, _("API-nøglen er ugyldig eller tilbagekaldt."))
    if user.role not in tokens.TOKEN_ROLES:
        raise ApiError(403, MESSAGES[403])
    return user


def default_period(today: date) -> tuple[date, date]:
    """The last 12 months: from the first of the month eleven months back until today, so a
    monthly table has twelve rows with the current month last."""
    months = today.year * 12 + today.month - 1 - 11
    return date(months // 12, months % 12 + 1, 1), today


def _statistics_filters(user: User, today: date) -> Filters:
    date_to = _date("to") or today
    date_from = _date("from") or default_period(date_to)[0]
    if date_from > date_to:
        raise ApiError(400, _("from skal ligge før eller på samme dag som to."), "from")
    if date_from < date(date_to.year - MAX_PERIOD_YEARS, date_to.month, 1):
        raise ApiError(400, _("Perioden kan højst være %(n)d år.", n=MAX_PERIOD_YEARS), "from")
    municipality_id = _whole("municipality", None, 1, MAX_ID)
    consultant_id = _whole("consultant", None, 1, MAX_ID)
    industry = _text("industry", INDUSTRY_MAX_LENGTH)
    if industry is not None and not industry.strip():
        raise ApiError(400, _("industry må ikke være tom."), "industry")
    kind = _kind()

    if user.role == Role.MANAGER:
        # A manager's token is for their own municipality: asking for another one is refused
        # outright rather than quietly answered with their own figures.
        if municipality_id is not None and municipality_id != user.municipality_id:
            raise ApiError(
                403,
                _("Din API-nøgle giver kun adgang til tal for din egen kommune."),
                "municipality",
            )
        municipality_id = user.municipality_id
    elif municipality_id is not None and db.session.get(Municipality, municipality_id) is None:
        raise ApiError(400, _("Kommunen findes ikke."), "municipality")
    if consultant_id is not None:
        consultant = db.session.get(User, consultant_id)
        if consultant is None or (
            municipality_id is not None and consultant.municipality_id != municipality_id
        ):
            raise ApiError(400, _("Jobkonsulenten findes ikke i den valgte kommune."), "consultant")
    return Filters(
        date_from=date_from,
        date_to=date_to,
        municipality_id=municipality_id,
        kind=kind,
        consultant_id=consultant_id,
        industry=industry.strip() if industry else None,
    )


def _token_refused(message: str):
    return error_response(429, message)


# Per address only: a key is 256 random bits, so there is no person to guess against, only
# a client trying many keys.
@bp.get("/statistics")
@rate_limits.secret("API key", SECRET_LIMITS, None, _token_refused, methods=("GET",))
def statistics():
    user = _token_user()  # before the parameters: a stranger learns nothing about them
    today = clock.today()
    filters = _statistics_filters(user, today)
    threshold = small_numbers.configured_threshold()
    try:
        tables, read = reading.read(lambda: aggregates.dashboard(filters, today))
    except PeriodError as error:  # checked above already; the core has the last word
        raise ApiError(400, str(error), "from") from None
    body = {
        "filters": {
            "from": filters.date_from.isoformat(),
            "to": filters.date_to.isoformat(),
            "municipality": filters.municipality_id,
            "kind": filters.kind.value if filters.kind else None,
            "consultant": filters.consultant_id,
            "industry": filters.industry,
        },
        "read": {
            "at": read.read_at.astimezone(UTC).isoformat(),
            "from_replica": read.from_replica,
            "caught_up": read.caught_up,
            "behind_seconds": read.behind_seconds,
        },
        "small_number_threshold": threshold,
        "tables": [_table(table, threshold) for table in tables],
    }
    db.session.commit()  # the token's last use
    return jsonify(body)


def _table(table: Table, threshold: int) -> dict:
    return {
        "key": table.key,
        "title": str(table.title),
        "explanation": str(table.explanation),
        "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind} for c in table.columns],
        "rows": [
            [_cell(value) for value in row] for row in small_numbers.protect(table, threshold)
        ],
        "has_total": table.has_total,
    }


def _cell(value):
    # Flask would write a date as an HTTP date and a Decimal (PostgreSQL's median) as text.
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN or infinity
    if isinstance(value, (str, int, float)) or value is None:
        return value
    return str(value)


# --- the OpenAPI document ---------------------------------------------------------------------


@bp.get("/openapi.json")
def openapi():
    return jsonify(schema.document())
