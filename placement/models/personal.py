"""Personal data declared on the column that holds it: how erasure treats it, and whether the
citizen's data export shows it.

A column says `info=personal(...)` or `info=NOT_PERSONAL`; erasure
(placement/privacy/erasure.py) and the export (placement/privacy/data_export.py) read these marks
through placement/privacy/personal_data.py, so a column is classified once, where it is defined.
tests/privacy/test_personal_data.py fails for a
text column without a mark, so a new free-text field cannot slip past an erasure.

A mark describes the column wherever its row is erased; which rows an erasure reaches (the
citizen's own, never a company's or a consultant's) is the erasure's walk, not the mark's.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class Erase(enum.Enum):
    BLANK = "blank"  # the text becomes ""
    NULL = "null"  # the value becomes None
    REPLACE = "replace"  # a fixed value, or one worked out from the row (`value`)
    DELETE_ROW = "delete_row"  # the whole row goes: it is about the person through and through
    # Personal, but kept: the statistics or the audit need it, or an erasure of a citizen
    # never reaches the row (a company's contact person, a consultant's address in the log).
    KEEP = "keep"


@dataclass(frozen=True)
class Personal:
    erase: Erase
    # For REPLACE: the value, or a function of the row giving it.
    value: Any = None
    # The export's key for the value (derived: placement/privacy/personal_data.py exported()); True
    # when the export shows it in a shape of its own (masked, grouped, a list of rows);
    # False when the citizen's copy leaves it out (internal notes, the agreement's content).
    export: str | bool = False

    def erased_value(self, row) -> Any:
        if self.erase is Erase.BLANK:
            return ""
        if self.erase is Erase.NULL:
            return None
        if self.erase is Erase.REPLACE:
            return self.value(row) if callable(self.value) else self.value
        raise ValueError(f"{self.erase} has no erased value")


def personal(erase: Erase, value: Any | Callable = None, *, export: str | bool = False) -> dict:
    """The `info` of a column holding personal data."""
    if (erase is Erase.REPLACE) != (value is not None):
        raise ValueError("a value is given with REPLACE, and only with it")
    return {"personal": Personal(erase, value, export)}


# The `info` of a column that holds nothing about a person (ids, codes, a company's facts).
NOT_PERSONAL = {"personal": False}
