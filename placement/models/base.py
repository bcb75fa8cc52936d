"""The models' base class: Flask-SQLAlchemy's `db.Model` when running, the typed base to mypy.

`db.Model` is made at run time from `Base` (placement/extensions.py), with the same metadata
and registry; being an attribute, it is no base class a type checker can follow, so mypy sees
`Base` itself, whose `Mapped[...]` columns it understands.
"""

from typing import TYPE_CHECKING

from placement.extensions import Base, db

if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model

__all__ = ["Model"]
