"""Conditional GETs: a page's validators (ETag, Last-Modified) and the 304 that answers a
copy still good, decided before the page is rendered."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import Response, request
from werkzeug.http import is_resource_modified

from placement.common import clock


def etag_of(*parts: object) -> str:
    """A short tag naming everything the page depends on: equal parts, equal tag."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def whole_second(moment: datetime | None) -> datetime | None:
    """Last-Modified for a change at `moment`, or None while its second is still running.
    HTTP dates count whole seconds: a second change within the same second would carry the
    same date, and a copy fetched between the two would pass If-Modified-Since. So the date
    is rounded up and given only once that second is over; until then the ETag alone
    validates."""
    if moment is None:
        return None
    rounded = moment.replace(microsecond=0)
    if rounded < moment:
        rounded += timedelta(seconds=1)
    return rounded if rounded <= clock.now() else None


def still_fresh(etag: str, last_modified: datetime | None) -> bool:
    """The browser's (or proxy's) copy is the page it would get now: If-None-Match names
    the tag, or, sent without it, If-Modified-Since is not older than the last change."""
    return not is_resource_modified(request.environ, etag=etag, last_modified=last_modified)


def set_validators(response: Response, etag: str, last_modified: datetime | None) -> Response:
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    return response
