"""The public board's kept pages and its HTTP caching: the key a rendered copy is kept under,
the page's validators, and who besides the visitor may keep the page.

The results (search form, count, cards, pager) are the same for everyone asking the same
address in the same language on the same day while the board's version stands; they are kept
rendered in the worker under exactly that. The page around them is not always: it shows who
is logged in, the bell, a flashed message. So a logged-in person's page, or one with a
message waiting, is rendered around the kept results on every request. An anonymous page
with no message differs from another only by the language switch's CSRF token, which
belongs to the visitor's session: that page is kept whole with a stand-in for the token, and
each request puts its own session's token in. Its validators name the session's token too:
a copy made for another session never matches.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, time

from flask import Response, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from placement.common import clock
from placement.openings import board_version
from placement.web import conditional, rendered_cache

# Addresses kept per worker: the plain board's pages and the searches people repeat.
KEPT_PAGES = 256
# How long a proxy in front may answer from its copy without asking: the board shows what
# the last half minute committed. Browsers ask every time (max-age=0) and get a 304.
PROXY_SECONDS = 30
_FLASHES = "_flashes"  # Flask's session key for messages not shown yet
# Random per process, so no text anyone types onto the board can be taken for it.
_TOKEN_PLACEHOLDER = f"csrf-token-{secrets.token_hex(16)}"


def _csrf_key() -> str:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


@dataclass(frozen=True)
class View:
    """One request for the board, as the cache sees it."""

    key: tuple | None  # None: nothing may be kept or served from the cache
    # Anonymous with no message waiting: the page is the same on every request of its
    # session. A logged-in page has the bell's count, which moves by itself, and a flashed
    # message is shown once (asked before rendering, which takes it out of the session).
    same_each_time: bool
    last_modified: datetime | None

    @classmethod
    def of_request(cls) -> View:
        # The version is read before anything of the board is: a change committed while
        # this request renders gives a new number, so the copy kept here under the old one
        # is never served again, whichever state of the board it shows.
        anonymous = not current_user.is_authenticated
        # Anonymous visitors take the version the database pushed to this worker; someone
        # logged in, who may have changed the board a moment ago, has it read.
        version = board_version.current(pushed=anonymous)
        today = clock.today()
        key = None
        last_modified = None
        if version is not None:
            key = (
                version.number,
                version.changed_at.isoformat(),
                today.isoformat(),
                str(get_locale()),
                request.query_string,
            )
            # The day turning changes the board too (deadlines, start dates): a copy from
            # yesterday is older than this midnight.
            midnight = datetime.combine(today, time(), clock.COPENHAGEN)
            last_modified = conditional.http_date(max(version.changed_at, midnight))
        same_each_time = key is not None and anonymous and _FLASHES not in session
        return cls(key, same_each_time, last_modified)

    def kept(self, part: str) -> str | None:
        """The rendered `part` ("results", or the anonymous "page"), if it is kept."""
        return None if self.key is None else _cache().get((part, self.key))

    def keep(self, part: str, text: str) -> str:
        if self.key is not None:
            _cache().put((part, self.key), text)
        return text

    def etag(self) -> str:
        return conditional.etag_of(self.key, session.get(_csrf_key()))

    def headers(self, response: Response) -> Response:
        response.vary.add("Cookie")  # the frame: who is logged in, the language, the token
        if not self.same_each_time:
            response.cache_control.private = True
            response.cache_control.no_cache = True
            return response
        conditional.set_validators(response, self.etag(), self.last_modified)
        if current_app.session_interface.should_set_cookie(current_app, session):
            # A first visit's answer starts a session: no proxy may keep it and hand its
            # cookie (and token) to someone else; the browser may, and will ask again.
            response.cache_control.private = True
            response.cache_control.no_cache = True
        else:
            response.cache_control.public = True
            response.cache_control.max_age = 0
            response.cache_control.s_maxage = PROXY_SECONDS
        return response


def token_placeholder() -> str:
    """Stands in for csrf_token() in the anonymous page kept for everyone."""
    return _TOKEN_PLACEHOLDER


def with_session_token(page: str) -> str:
    """The kept anonymous page with this session's CSRF token (made now if it has none)."""
    return page.replace(_TOKEN_PLACEHOLDER, generate_csrf())


def _cache() -> rendered_cache.RenderedCache:
    return rendered_cache.for_app("board", KEPT_PAGES)
