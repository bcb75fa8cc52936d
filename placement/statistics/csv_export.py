"""CSV exports of the statistics tables, written the way Danish Excel opens them."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from babel.numbers import format_decimal, format_percent

from placement.statistics.tables import Column, Filters, Table

# Excel takes a file without a byte-order mark for its local code page and shows æøå wrongly.
BOM = "\ufeff"
# Danish Excel splits on semicolons (the comma is the decimal separator).
DELIMITER = ";"
LOCALE = "da"
# A company registers its own name: text starting like a formula must stay text in Excel
# (OWASP "CSV injection"); the apostrophe makes Excel show it as it was written.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def to_csv(table: Table, rows: list[list], note: str | None = None) -> bytes:
    """The header row of column labels, then the protected display rows; and a note (when
    figures read from the replica were read) after an empty row, in the first column."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER)
    writer.writerow([str(column.label) for column in table.columns])
    for row in rows:
        writer.writerow([cell(value, column) for value, column in zip(row, table.columns)])
    if note:
        writer.writerows([[], [note]])
    return (BOM + out.getvalue()).encode("utf-8")


def cell(value, column: Column) -> str:
    """One value as Danish Excel reads it: decimal comma, no thousands separator, shares as
    percentages; hidden markers ("<5", "skjult") and text as they are; nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    if column.kind == "share":
        # A plain space: Excel reads "42 %" as a percentage, but not with a no-break space.
        return format_percent(value, locale=LOCALE).replace("\xa0", " ")
    if column.kind in ("days", "hours"):
        return format_decimal(value, "0.0", locale=LOCALE)
    if isinstance(value, float):
        return format_decimal(value, "0.0##", locale=LOCALE)
    return str(value)


def file_name(
    table_key: str, filters: Filters, municipality: str | None, consultant: str | None
) -> str:
    """e.g. placements_by_kind_2026-01-01_2026-12-31_viborg_internship.csv: the table and every
    filter that was chosen, in ASCII so every browser and file system keeps it as it is."""
    parts = [
        table_key,
        filters.date_from.isoformat(),
        filters.date_to.isoformat(),
        slug(municipality) if municipality else "alle-kommuner",
    ]
    if filters.kind is not None:
        parts.append(filters.kind.value)
    if consultant:
        parts.append(slug(consultant))
    if filters.industry:
        parts.append(slug(filters.industry))
    return "_".join(part for part in parts if part) + ".csv"


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Lager og logistik" -> "lager-og-logistik"."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_DANISH_LETTERS))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")
