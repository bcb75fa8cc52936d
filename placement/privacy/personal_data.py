"""Reading the personal-data marks on the columns (models/personal.py): erasing a row, the
export's fields of a row, and which text columns still lack a mark."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime

from sqlalchemy import Column, Enum, String, Table
from sqlalchemy import inspect as sa_inspect

from placement.models.personal import Erase, Personal


def mark(column: Column) -> Personal | bool | None:
    """The column's mark: Personal, False for not personal, None when it has none."""
    return column.info.get("personal")


def personal_columns(model) -> Iterator[tuple[str, Personal]]:
    """(attribute name, mark) of each personal column of a model class, in defined order."""
    for prop in sa_inspect(model).column_attrs:
        found = mark(prop.columns[0])
        if isinstance(found, Personal):
            yield prop.key, found


def _table_deletes_row(table: Table) -> bool:
    return any(
        isinstance(found := mark(c), Personal) and found.erase is Erase.DELETE_ROW
        for c in table.columns
    )


def deletes_row(model) -> bool:
    """Whether erasure deletes a row of this model (one of its columns says so)."""
    return _table_deletes_row(sa_inspect(model).local_table)


def erase_row(row) -> None:
    """Give each personal column of the row its erased value (KEEP and DELETE_ROW aside)."""
    for key, found in personal_columns(type(row)):
        if found.erase not in (Erase.KEEP, Erase.DELETE_ROW):
            setattr(row, key, found.erased_value(row))


def erase_collection(owner, relationship: str) -> None:
    """Erase the rows of one of the owner's collections: cleared when its rows (or the links
    of a many-to-many) go, otherwise each row erased column by column."""
    rel = sa_inspect(type(owner)).relationships[relationship]
    rows = getattr(owner, relationship)
    gone = (
        _table_deletes_row(rel.secondary)
        if rel.secondary is not None
        else deletes_row(rel.mapper.class_)
    )
    if gone:
        rows.clear()
        return
    for row in rows:
        erase_row(row)


def _plain(value):
    """JSON-ready, as the rest of the export writes it: ISO dates, Danish labels."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "label"):
        return str(value.label)
    return value


def exported(row) -> dict:
    """The row's personal values the citizen's copy shows under a key of their own."""
    return {
        found.export: _plain(getattr(row, key))
        for key, found in personal_columns(type(row))
        if isinstance(found.export, str)
    }


def _is_text(column: Column) -> bool:
    # Enums are a closed vocabulary: nothing a person types can be in them.
    return isinstance(column.type, String) and not isinstance(column.type, Enum)


def unclassified_text_columns(tables: Iterable[Table]) -> list[str]:
    """ "table.column" of each text column with no mark, personal or not."""
    return [
        f"{table.name}.{column.name}"
        for table in tables
        for column in table.columns
        if _is_text(column) and mark(column) is None
    ]
