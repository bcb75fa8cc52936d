"""Lists people search and page through: a plain-text "contains", and one page of a query."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import func, select

from placement.extensions import db


def contains_text(column, text: str):
    """A case-insensitive "contains" where the person's % and _ are plain characters."""
    return func.lower(column).contains(text.lower(), autoescape=True)


@dataclass
class Page:
    items: list
    number: int
    total: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))


def paginate(query, number: int, size: int) -> Page:
    """Page `number` (from 1) of an ordered select; a page past the end shows the last one."""
    total = db.session.execute(
        select(func.count()).select_from(query.order_by(None).subquery())
    ).scalar_one()
    number = min(max(number, 1), max(1, math.ceil(total / size)))
    items = db.session.scalars(query.limit(size).offset((number - 1) * size)).all()
    return Page(items=list(items), number=number, total=total, size=size)
