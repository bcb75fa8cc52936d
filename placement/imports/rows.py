"""What the import found for one row, and the small readers every kind's columns share."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from placement.common.identifiers import cpr_in_text, mask_cpr


class Outcome(str, enum.Enum):
    NEW = "new"  # the import creates it
    EXISTS = "exists"  # found by its key: left as it is, never a second copy
    REFUSED = "refused"  # left out, with its problems


@dataclass
class Row:
    """One data row: its number as Excel shows it (the header is 1), what it is (a name; a
    citizen's CPR only masked), and what will happen to it."""

    number: int
    label: str
    outcome: Outcome = Outcome.NEW
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    # Writes the row (flush, no commit); set while the row is NEW. Returns the new object's id.
    write: Callable[[], int | None] | None = None
    key: str = ""  # the row's key within the file (a second row with it is refused)

    def refuse(self, column: str, message: str) -> None:
        self.problems.append((column, message))
        self.outcome = Outcome.REFUSED
        self.write = None


def shown(value: str) -> str:
    """A cell's text for a message: whatever looks like a CPR number is masked, so a number
    typed into the wrong column is never shown whole."""
    found = cpr_in_text(value)
    while found:
        value = value.replace(found, mask_cpr(found))
        found = cpr_in_text(value)
    return value[:60]


def whole_number(row: Row, column: str, text: str, required: bool = False) -> int | None:
    if not text:
        if required:
            row.refuse(column, _("Skriv et tal."))
        return None
    try:
        return int(text.replace(" ", "").replace(".", ""))
    except ValueError:
        row.refuse(column, _("Skriv et helt tal, fx 12 (ikke »%(typed)s«).", typed=shown(text)))
        return None


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")


def a_date(row: Row, column: str, text: str) -> date | None:
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    row.refuse(column, _("Skriv datoen som ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ, fx 2027-01-15."))
    return None


YES = {"ja", "j", "x", "1", "yes", "sand"}
NO = {"", "nej", "n", "0", "no", "falsk"}


def yes_no(row: Row, column: str, text: str) -> bool:
    if text.lower() in YES:
        return True
    if text.lower() not in NO:
        row.refuse(column, _("Skriv ja eller nej."))
    return False


def several(text: str) -> list[str]:
    """The values of a cell holding a list: "a, b | c"."""
    return [part.strip() for part in re.split(r"[,|]+", text or "") if part.strip()]
