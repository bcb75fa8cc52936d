"""Settings read from the environment, with safe defaults for a local SQLite install."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from placement.identity import settings as identity_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"


class ConfigError(RuntimeError):
    """Raised when the environment cannot give a safe configuration."""


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() not in _TRUE | _FALSE:
        raise ConfigError(f"{name} must be true or false, not {value!r}.")
    return value.strip().lower() in _TRUE


def _whole(name: str, default: int, minimum: int = 0) -> int:
    """A whole-number setting; a typo stops the process with a sentence naming the setting."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < minimum:
        raise ConfigError(f"{name} must be a whole number of at least {minimum}, not {value!r}.")
    return int(value)


def _local_secret_key(instance: Path) -> str:
    """A key generated once into instance/ so local sessions survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _read_keys(text: str) -> tuple[str, ...]:
    return tuple(
        line.strip()
        for line in text.replace(",", "\n").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def _cpr_keys(environment: str, instance: Path) -> tuple[tuple[str, ...], str]:
    """The CPR encryption keys (newest first) and the search key: from the environment, else
    from instance/ (generated there on a developer's machine, never in the repository)."""
    from cryptography.fernet import Fernet

    if environment == "testing":
        return (Fernet.generate_key().decode(),), secrets.token_hex(32)
    keys_file, hmac_file = instance / "cpr_keys", instance / "cpr_hmac_key"
    keys = _read_keys(os.environ.get("CPR_KEYS", ""))
    hmac_key = os.environ.get("CPR_HMAC_KEY", "").strip()
    if not keys and keys_file.exists():
        keys = _read_keys(keys_file.read_text())
    if not hmac_key and hmac_file.exists():
        hmac_key = hmac_file.read_text().strip()
    if keys and hmac_key:
        return _check_fernet_keys(keys), hmac_key
    if environment == "production":
        raise ConfigError(
            "CPR_KEYS and CPR_HMAC_KEY must be set in production, or written to "
            "instance/cpr_keys and instance/cpr_hmac_key (see README, Configuration)."
        )
    instance.mkdir(parents=True, exist_ok=True)
    if not keys:
        keys = (Fernet.generate_key().decode(),)
        keys_file.write_text(keys[0] + "\n")
        keys_file.chmod(0o600)
    if not hmac_key:
        hmac_key = secrets.token_hex(32)
        hmac_file.write_text(hmac_key + "\n")
        hmac_file.chmod(0o600)
    return _check_fernet_keys(keys), hmac_key


def _check_fernet_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    from cryptography.fernet import Fernet

    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise ConfigError(
                f"CPR_KEYS: key {number} of {len(keys)} is not a Fernet key (44 characters of "
                "URL-safe base64); `flask --app wsgi cpr new-key` prints one."
            ) from None
    return keys


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL", "").strip()
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(
            "REDIS_URL must start with redis://, rediss:// or unix://, for example "
            "redis://127.0.0.1:6379/0."
        )
    return url


def _mail_backend(environment: str, mail_server: str) -> str:
    if environment == "testing":
        return "memory"
    if mail_server:
        return "smtp"
    return "log" if environment == "production" else "console"


# The database drivers Placement is built and tested with.
DRIVERS = {"sqlite", "sqlite+pysqlite", "postgresql+psycopg"}
_EXAMPLE_URL = "for example postgresql+psycopg://user:password@host:5432/name"


def database_url(instance: Path) -> str:
    url = _with_psycopg(
        os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'placement.sqlite'}"
    )
    _check_database_url(url)
    return url


def _with_psycopg(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    return url


def statistics_database_url() -> str:
    """A read replica for the statistics (placement/statistics/replica.py), or "" for none:
    the statistics then read from DATABASE_URL like everything else."""
    url = _with_psycopg(os.environ.get("STATISTICS_DATABASE_URL", "").strip())
    if url:
        _check_database_url(url, "STATISTICS_DATABASE_URL")
    return url


def _check_database_url(url: str, name: str = "DATABASE_URL") -> None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise ConfigError(f"{name} is not a database URL; write it as {_EXAMPLE_URL}.") from None
    if parsed.drivername not in DRIVERS:
        raise ConfigError(
            f"{name} names the driver {parsed.drivername!r}; Placement runs "
            f"on PostgreSQL with psycopg 3 or on SQLite: {_EXAMPLE_URL}."
        )
    if parsed.drivername.startswith("postgresql") and not parsed.database:
        raise ConfigError(f"{name} names no database; {_EXAMPLE_URL}.")


# Seconds to wait for PostgreSQL to accept a connection. A server that is gone (not one that
# refuses) would otherwise hold each request for the operating system's TCP timeout, minutes.
CONNECT_TIMEOUT_SECONDS = 5


def engine_options(url: str) -> dict:
    """SQLAlchemy's engine settings for the database at `url`. hide_parameters: SQL logging,
    if ever turned on, must not print CPR numbers. No pool_pre_ping: a round trip on every
    request; a connection the server closed is found without one
    (placement/common/pool_health.py)."""
    options: dict[str, Any] = {"hide_parameters": True}
    if url.startswith("postgresql"):
        # prepare_threshold None: psycopg would prepare a statement run five times on one
        # connection, but forgets them all at every ROLLBACK, and every request ends with
        # one (the pool's reset): a page that repeats a statement paid a PREPARE and a
        # DEALLOCATE ALL, two round trips, for a plan it used a few times.
        options["connect_args"] = {
            "connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "prepare_threshold": None,
        }
    return options


def load_config(environment: str | None = None) -> dict:
    """Build the Flask config for 'development' (default), 'production' or 'testing'."""
    environment = environment or os.environ.get("PLACEMENT_ENV", "development")
    if environment not in {"development", "production", "testing"}:
        raise ConfigError(
            f"PLACEMENT_ENV must be development, production or testing, not {environment!r}"
        )
    instance = Path(os.environ.get("PLACEMENT_INSTANCE", DEFAULT_INSTANCE))
    production = environment == "production"

    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigError("SECRET_KEY must be set in production (see README, Configuration).")
        secret_key = (
            secrets.token_hex(32) if environment == "testing" else _local_secret_key(instance)
        )

    mail_server = os.environ.get("MAIL_SERVER", "")
    cpr_keys, cpr_hmac_key = _cpr_keys(environment, instance)
    redis_url = _redis_url()
    url = database_url(instance)
    try:
        identity = identity_settings.load()
    except identity_settings.IdentitySettingsError as error:
        raise ConfigError(str(error)) from None
    return {
        # Sign-in: the OpenID Connect providers per audience, and who may use a password
        # (placement/identity/settings.py).
        **identity,
        "ENVIRONMENT": environment,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": url,
        # The statistics, their CSV files and the API's statistics may read from a read
        # replica; "" reads them from the database above (placement/statistics/replica.py).
        "STATISTICS_DATABASE_URL": statistics_database_url(),
        # Cookies: never readable from script, not sent on cross-site posts, and only over
        # HTTPS once deployed. Local development runs on plain http://127.0.0.1.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        # A session nobody has used for this long ends; sensitive actions (showing a CPR
        # number, exporting, erasing) ask for the password again after REAUTH_MINUTES.
        "IDLE_TIMEOUT_MINUTES": _whole("IDLE_TIMEOUT_MINUTES", 30, minimum=1),
        "REAUTH_MINUTES": _whole("REAUTH_MINUTES", 5, minimum=1),
        "CPR_KEYS": cpr_keys,
        "CPR_HMAC_KEY": cpr_hmac_key,
        # Citizens whose last placement ended longer ago than this are anonymised by the
        # scheduler (placement/privacy/erasure.py).
        "RETENTION_YEARS": _whole("RETENTION_YEARS", 5, minimum=1),
        # The consultant is told when a running placement's absence without explanation
        # reaches this many working days (placement/placements/absence_alert.py).
        "ABSENCE_ALERT_DAYS": _whole("ABSENCE_ALERT_DAYS", 3, minimum=1),
        # The employee representative approves wage subsidies by law; a municipality may ask
        # it for internships too (placement/agreements/representative.py).
        "REPRESENTATIVE_APPROVAL_INTERNSHIPS": _flag("REPRESENTATIVE_APPROVAL_INTERNSHIPS"),
        # The CVR register's data distribution (placement/companies/cvr_register.py): off
        # without a URL and a user, and then a company's facts are only what it types.
        "CVR_REGISTER_URL": os.environ.get("CVR_REGISTER_URL", "").strip(),
        "CVR_REGISTER_USER": os.environ.get("CVR_REGISTER_USER", "").strip(),
        "CVR_REGISTER_PASSWORD": os.environ.get("CVR_REGISTER_PASSWORD", ""),
        "CVR_REGISTER_TIMEOUT": _whole("CVR_REGISTER_TIMEOUT", 5, minimum=1),
        # The revolving door (placement/companies/revolving_door.py): a company with at least
        # this many internships ended in 24 months, none of them leading to a hire there, is
        # told to its consultants; 0 turns the alert off.
        "REVOLVING_DOOR_INTERNSHIPS": _whole("REVOLVING_DOOR_INTERNSHIPS", 5),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session does
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "da",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Copenhagen",
        "LANGUAGES": ("da", "en"),
        "PASSWORD_HASH_PROFILE": "CHEAPEST" if environment == "testing" else "RFC_9106_LOW_MEMORY",
        "PASSWORD_RESET_MAX_AGE": _whole("PASSWORD_RESET_MAX_AGE", 3600, minimum=1),
        # Mail: SMTP when MAIL_SERVER is set; otherwise development writes mails to the
        # console and production keeps nothing (it logs that a mail could not be sent).
        "MAIL_BACKEND": _mail_backend(environment, mail_server),
        "MAIL_SERVER": mail_server,
        "MAIL_PORT": _whole("MAIL_PORT", 587, minimum=1),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", True),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "Placement <noreply@localhost>"),
        "REDIS_URL": redis_url,
        # Rate limits (placement/web/rate_limits.py). memory:// counts per process, so with several
        # workers each keeps its own count; Redis shares it. Tests use memory even when
        # REDIS_URL is set, so a test run never leaves counts in a shared Redis
        # (tests/web/test_rate_limit.py sets Redis explicitly). If Redis goes away, each worker
        # falls back to memory rather than refusing every login.
        "RATELIMIT_STORAGE_URI": (redis_url if environment != "testing" else None) or "memory://",
        # No RATELIMIT_KEY_PREFIX: Flask-Limiter keeps the first app's prefix for good, and
        # the tests need to give theirs.
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # The public board's version pushed to every worker by PostgreSQL (LISTEN/NOTIFY), so
        # an anonymous visitor's kept board costs no round trip (placement/openings/
        # board_listener.py). Off in the tests, which empty the tables behind its back.
        "BOARD_VERSION_LISTEN": _flag("BOARD_VERSION_LISTEN", environment != "testing"),
        # How many reverse proxies (nginx, Caddy) stand in front of the app and set
        # X-Forwarded-For; 0 when clients connect directly.
        "TRUSTED_PROXIES": _whole("TRUSTED_PROXIES", 0),
        # The site's address for links in e-mails sent outside a request (the scheduler).
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "" if production else "http://127.0.0.1:5000"),
        "AREA_BLUEPRINTS": (
            "employers.views:bp",
            "employers.sign_up:bp",
            "employers.openings:bp",
            "employers.board:bp",
            "employers.companies:bp",
            "employers.workplaces:bp",
            "candidates.views:bp",
            "candidates.profiles:bp",
            "candidates.citizen:bp",
            "candidates.placements:bp",
            "candidates.mentor_support:bp",
            "candidates.followups:bp",
            "candidates.privacy:bp",
            "candidates.consent:bp",
            "candidates.imports:bp",
        ),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
    }
