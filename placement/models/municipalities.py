"""Municipalities: a deployment may serve several (a jobcenter collaboration)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL


class Municipality(Model):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), info=NOT_PERSONAL)
    # The official three-digit municipality code (Viborg 791, Silkeborg 740).
    code: Mapped[str] = mapped_column(String(3), unique=True, info=NOT_PERSONAL)

    def __str__(self) -> str:
        return self.name
