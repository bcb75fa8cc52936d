"""One row's lock, and the row read again under it: what another request committed while this
one waited is what this one decides on. The lock order (company, opening, placement) is in
placement/placements/locks.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from placement.extensions import db


def locked(model: Any, row_id: int | None) -> Any:
    """The row, read again under its lock; None when it is gone. Only its own table's row is
    locked (`of=model`): a row joined to it, such as a user's municipality, is not, and
    PostgreSQL locks no row of an outer join's nullable side."""
    return db.session.scalar(
        select(model)
        .where(model.id == row_id)
        .with_for_update(of=model)
        .execution_options(populate_existing=True)
    )
