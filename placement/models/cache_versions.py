"""Version numbers of what pages keep rendered: bumped in the transaction that changes it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL
from placement.models.types import UTCDateTime


class CacheVersion(Model):
    """One row per cached thing ("board"): its number moves with every committed change to
    what it shows, so a copy kept under an older number is never served again. In the
    database, not only in a process's memory, so every worker sees the change the moment it
    commits (placement/openings/board_version.py)."""

    __tablename__ = "cache_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True, info=NOT_PERSONAL)
    number: Mapped[int] = mapped_column(BigInteger)
    # When the number last moved: the board's Last-Modified.
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
