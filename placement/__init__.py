"""Placement: supported-employment placement coordination for Danish municipalities."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from placement.config import PROJECT_ROOT, engine_options, load_config
from placement.extensions import babel, csrf, db, limiter, migrate


class PlacementFlask(Flask):
    def log_exception(self, exc_info) -> None:
        from placement.web.outage import is_unavailable

        # An unreachable database is logged once per outage (placement/web/outage.py), not as
        # a traceback per request.
        if not is_unavailable(exc_info[1]):
            super().log_exception(exc_info)


def create_app(config: dict | None = None) -> Flask:
    app = PlacementFlask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_relative_config=False,
    )
    settings = load_config((config or {}).get("ENVIRONMENT"))
    settings.update(config or {})
    settings.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(settings["SQLALCHEMY_DATABASE_URI"])
    )
    app.config.from_mapping(settings)
    app.instance_path = app.config["INSTANCE_PATH"]
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    if app.config["TRUSTED_PROXIES"]:
        # Behind nginx/Caddy the client's address is in X-Forwarded-For; without this every
        # request would seem to come from the proxy (one rate-limit bucket for everyone).
        # Flask's documented way to wrap the WSGI app; mypy takes wsgi_app for a method only.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=app.config["TRUSTED_PROXIES"]
        )
    register_logging(app)
    register_url_converters(app)
    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_error_pages(app)
    register_commands(app)
    register_security_headers(app)
    return app


def register_logging(app: Flask) -> None:
    from placement.common import logs

    logs.hide_cpr_numbers()
    if app.config["ENVIRONMENT"] != "testing":  # the test runner captures the log its own way
        logs.to_stderr(app)


def register_url_converters(app: Flask) -> None:
    from placement.web import whole_numbers

    whole_numbers.init_app(app)


def register_extensions(app: Flask) -> None:
    from placement.accounts import passwords, security, sessions
    from placement.common import pool_health  # noqa: F401  (its pool listener)
    from placement.identity import providers as identity_providers
    from placement.models import User  # noqa: F401  (the models must be known before migrate)
    from placement.openings import board_version  # noqa: F401  (its session events: the board's cache)
    from placement.privacy import audit
    from placement.statistics import replica
    from placement.web import i18n, rate_limits

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(PROJECT_ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    # After CSRF: a post refused for its token must not count as a failed login.
    limiter.init_app(app)
    rate_limits.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    security.init_login(app)
    sessions.init_app(app)
    audit.init_app(app)
    identity_providers.init_app(app)
    passwords.configure(app.config["PASSWORD_HASH_PROFILE"])
    replica.init_app(app)


def register_blueprints(app: Flask) -> None:
    from werkzeug.utils import import_string

    from placement.accounts import admin_views
    from placement.accounts import views as account_views
    from placement.agreements import representative_views
    from placement.agreements import views as agreement_views
    from placement.api import routes as api_routes
    from placement.api import token_views
    from placement.calendars import views as calendar_views
    from placement.identity import views as identity_views
    from placement.notifications import outbox_views
    from placement.notifications import views as notification_views
    from placement.placements import check_in_views
    from placement.privacy import audit_views
    from placement.statistics import fidelity_views
    from placement.statistics import views as statistics_views
    from placement.web import home, language, outage

    for blueprint in (
        account_views.bp,
        identity_views.bp,
        home.bp,
        admin_views.bp,
        language.bp,
        agreement_views.bp,
        representative_views.bp,
        notification_views.bp,
        statistics_views.bp,
        token_views.bp,
        api_routes.bp,
        audit_views.bp,
        outage.bp,
        outbox_views.bp,
        calendar_views.bp,
        fidelity_views.bp,
        check_in_views.bp,
    ):
        app.register_blueprint(blueprint)
    # The area blueprints are named in the config, not imported here: they depend on the
    # core, never the other way round.
    for dotted in app.config["AREA_BLUEPRINTS"]:
        app.register_blueprint(import_string(dotted))


def register_template_helpers(app: Flask) -> None:
    from placement.web import templating

    templating.init_app(app)


def register_error_pages(app: Flask) -> None:
    from placement.web import errors

    errors.init_app(app)


def register_security_headers(app: Flask) -> None:
    from placement.web import headers

    headers.init_app(app)


def register_commands(app: Flask) -> None:
    from placement import cli

    cli.init_app(app)
