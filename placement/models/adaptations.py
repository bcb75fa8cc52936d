"""The catalogue of adaptations (tilpasninger) that citizens need and openings offer."""

from __future__ import annotations

import enum

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from placement.extensions import db
from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL
from placement.models.types import text_enum


class AdaptationCategory(str, enum.Enum):
    TIME = "time"
    PHYSICAL = "physical"
    TASKS = "tasks"
    SUPPORT = "support"
    TOOLS = "tools"

    @property
    def label(self):
        return {
            AdaptationCategory.TIME: _l("Tid og timer"),
            AdaptationCategory.PHYSICAL: _l("Rum og adgang"),
            AdaptationCategory.TASKS: _l("Opgaver og instruktion"),
            AdaptationCategory.SUPPORT: _l("Støtte fra mennesker"),
            AdaptationCategory.TOOLS: _l("Hjælpemidler og transport"),
        }[self]


class Adaptation(Model):
    __tablename__ = "adaptations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, info=NOT_PERSONAL)
    label_da: Mapped[str] = mapped_column(String(120), info=NOT_PERSONAL)
    label_en: Mapped[str] = mapped_column(String(120), info=NOT_PERSONAL)
    category: Mapped[AdaptationCategory] = mapped_column(text_enum(AdaptationCategory))

    @property
    def label(self) -> str:
        """The label in the language of the current request (Danish outside a request)."""
        try:
            language = str(get_locale() or "da")
        except RuntimeError:
            language = "da"
        return self.label_en if language.startswith("en") else self.label_da

    def __str__(self) -> str:
        return self.label


opening_adaptations = Table(
    "opening_adaptations",
    db.metadata,
    Column("opening_id", ForeignKey("openings.id", ondelete="CASCADE"), primary_key=True),
    Column("adaptation_id", ForeignKey("adaptations.id", ondelete="RESTRICT"), primary_key=True),
)
