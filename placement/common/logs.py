"""Logging for every process (web, scheduler, commands): one format, and no CPR number in a line."""

from __future__ import annotations

import logging
import re

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Ten digits as a CPR number is written, in a sentence or in a URL of an access log line: six,
# then a dash or a space (or their URL forms) or nothing, then four; not part of a longer number.
# P-numbers and other ten-digit numbers are hidden too: a log never needs them, and the two
# cannot be told apart.
_CPR_LIKE = re.compile(r"(?<!\d)\d{6}(?:-|\s|\+|%20|%2[dD])?\d{4}(?!\d)")
HIDDEN = "XXXXXX-XXXX"


def redact(text: str) -> str:
    return _CPR_LIKE.sub(HIDDEN, text)


def _redacting(make_record):
    def make(*args, **kwargs):
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: logging reports it when the line is written
            return record
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return record

    make.redacts_cpr = True  # type: ignore[attr-defined]  # a mark on the function object
    return make


def hide_cpr_numbers() -> None:
    """Every log record this process makes, from any library (gunicorn's access log, the
    development server's request lines, the app's own), has CPR-like numbers replaced before
    any handler sees it. A query string typed by hand (/borgere?q=0101901234) or a referrer
    would otherwise carry one into a file."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "redacts_cpr", False):
        logging.setLogRecordFactory(_redacting(factory))


def to_stderr(app=None) -> None:
    """Every logger's lines of INFO and above on standard error, in one format, once per
    process. Libraries that only add a NullHandler (Flask-Limiter, whose warning says that it
    falls back from Redis to counting in memory) would otherwise be silent. The app's own
    logger then writes through this handler only, not also through Flask's, which would print
    each of its lines twice."""
    from flask.logging import default_handler

    logging.basicConfig(level=logging.INFO, format=FORMAT)
    if app is not None:
        app.logger.removeHandler(default_handler)
