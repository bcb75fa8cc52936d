"""Error pages in the person's language; never a stack trace."""

from __future__ import annotations

from flask import render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError

from placement.extensions import db
from placement.web import outage


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template("errors/400.html", csrf=True), 400

    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, _page(code))

    # A database that cannot answer is not a bug: 503 with the page that needs no database.
    for unavailable in (OperationalError, InterfaceError):
        app.register_error_handler(unavailable, outage.unavailable_page)

    @app.errorhandler(500)
    def server_error(error):
        original = getattr(error, "original_exception", None)
        if outage.is_unavailable(original):  # raised after the view, e.g. by a late commit
            return outage.unavailable_page(original)
        db.session.rollback()
        return render_template("errors/500.html"), 500


def _page(code: int):
    template = f"errors/{code}.html" if code in (400, 403, 404, 500) else "errors/generic.html"

    def handler(error):
        return render_template(template, code=code), code

    return handler
