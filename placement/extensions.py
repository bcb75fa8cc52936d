"""The Flask extensions, created unbound so the app factory can initialise them."""

import sqlite3

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# One naming convention from the first migration on, so SQLite's batch mode and PostgreSQL
# produce the same constraint names and later migrations can drop them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


@event.listens_for(Engine, "connect")
def _sqlite_unicode_lower(connection, _record):
    """SQLite's lower() folds only A-Z; give it Python's, so searches for "øster" find
    "Øster" as they do on PostgreSQL."""
    if isinstance(connection, sqlite3.Connection):
        connection.create_function("lower", 1, lambda s: s.lower() if s else s, deterministic=True)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Storage, strategy and key prefix come from the RATELIMIT_* settings (placement/config.py).
# No default limits: only secrets and mails are limited (placement/web/rate_limits.py). One limiter
# per process, as Flask-Limiter is built: the app initialised last decides its storage.
limiter = Limiter(get_remote_address)
