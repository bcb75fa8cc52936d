"""Conditional GETs: a page's validators (ETag, and Last-Modified for information) and the
304 that answers a copy still good, decided before the page is rendered."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from flask import Response, request


def etag_of(*parts: object) -> str:
    """A short tag naming everything the page depends on: equal parts, equal tag."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def http_date(moment: datetime) -> datetime:
    """`moment` as an HTTP date, which counts whole seconds: rounded up, so that it is never
    earlier than the change it names."""
    rounded = moment.replace(microsecond=0)
    return rounded + timedelta(seconds=1) if rounded < moment else rounded


def still_fresh(etag: str) -> bool:
    """The browser's (or proxy's) copy is the page it would get now: If-None-Match names the
    tag. If-Modified-Since alone is not believed: a date cannot tell the languages, sessions
    and searches of one moment apart, which the tag does."""
    return request.if_none_match.contains_weak(etag)


def set_validators(response: Response, etag: str, last_modified: datetime | None) -> Response:
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    return response
