"""Whole numbers that arrive from outside (addresses, forms), bounded to what the database holds."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, ValidationError

# PostgreSQL's integer (4 bytes), the type of every id and count column. SQLite would take 8
# bytes, but one bound keeps both databases' answers alike.
DATABASE_INT_MAX = 2**31 - 1
_MAX_DIGITS = len(str(DATABASE_INT_MAX))


def parse(text: str | None) -> int | None:
    """The whole number `text` writes (digits only), or None when it is not one, or one too
    large for the database: such a number cannot name a row, and passed on it would end in an
    OverflowError or a database error (a number of thousands of digits would not even convert)."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > _MAX_DIGITS:
        return None
    number = int(text)
    return number if number <= DATABASE_INT_MAX else None


def fits(number: int | None) -> bool:
    """Whether the database can store this number in an integer column."""
    return number is None or -DATABASE_INT_MAX - 1 <= number <= DATABASE_INT_MAX


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number no row can have is a page that does not exist (404)."""

    def to_python(self, value: str) -> int:
        number = parse(value)
        if number is None:
            raise ValidationError()
        return number


def init_app(app) -> None:
    """Before any blueprint is registered: the rules take their converter when they are added."""
    app.url_map.converters["int"] = IdConverter
