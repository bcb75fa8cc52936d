"""Column types shared by the models: UTC-aware timestamps and enums stored as text."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from sqlalchemy import CheckConstraint, DateTime, Enum, String
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator

from placement.common import clock


def utcnow() -> datetime:
    """The columns' default moment, from the one clock (a callable, never an import-time value)."""
    return clock.now()


def copenhagen_today() -> date:
    """The columns' default day: Copenhagen's, not the server's (a UTC server's starts later)."""
    return clock.today()


class UTCDateTime(TypeDecorator):
    """Stores UTC; always hands back an aware datetime (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def text_enum(enum_class: type[enum.Enum], length: int = 32) -> Enum:
    """An enum kept as VARCHAR of its values: portable, readable in SQL, easy to extend by
    migration (no native PostgreSQL type to alter)."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def typed_text(name: str, limit: int, **kwargs):
    """A column for text a person types, `name` being the column's own: at most `limit`
    characters, held by the database as well as the form. PostgreSQL keeps a VARCHAR's length;
    SQLite ignores it but keeps a CHECK, so a CHECK with length() (characters on both) makes
    the limit the same everywhere. Named ck_<table>_<name>_length by the naming convention."""
    return mapped_column(
        String(limit),
        CheckConstraint(f"length({name}) <= {limit}", name=f"{name}_length"),
        **kwargs,
    )


def text_limit(column) -> int:
    """The most characters a column takes (a form's MaxLength reads it from here)."""
    return column.property.columns[0].type.length
