"""Edits that never overwrite unseen: a form's save is compared with what the form showed.

An edit form carries the record's edit_version and the values of its fields as it showed them
(`Seen`). Saving it, the edit function begins under the record's row lock, applies the change,
and before anything else happens asks `Edit.finish`: a field that someone else changed since
the form was shown, and that this save would change again (mostly: put back the value the
form showed), refuses the save with an EditConflict. The view shows the form again with the
person's own changes over what is stored now, and the new version, so one more press saves it.

Only the fields of the form decide. A newer version whose changes lie elsewhere (a colleague's
new phone number in the profile while the citizen saves their wishes, the terms while someone
saves the period) is no conflict: nothing the person sees in this form was changed, so nothing
of theirs is lost and no one else's is undone. Refusing those would teach people to press
again without reading, and would make every answer or status move an interruption of the
consultant writing the working times. Status moves (lifecycle.py) and answers are not edits
and leave the version alone.

Two saves at the same moment wait for each other on the row lock (SELECT … FOR UPDATE) and the
second compares with what the first left. SQLite ignores FOR UPDATE but lets one writer in at a
time. This rather than SQLAlchemy's version_id_col: that would make every UPDATE of these rows
a compare-and-set, so a status move or a sweep holding a row read before someone's edit would
fail with StaleDataError instead of going through — a new way to fail in code that does not
edit these fields at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import selectinload

from placement.common import clock
from placement.extensions import db
from placement.models import User

_NOT_SHOWN = object()


@dataclass(frozen=True)
class Field:
    """One value a form shows and saves: how to read it from the record as plain JSON (what the
    form carries back), and how to say it to a person."""

    name: str
    label: Any  # a lazy string, the form's own label
    read: Callable[[Any], Any]
    show: Callable[[Any], str]
    relation: str | None = None  # the collection it reads, read again under the lock


def plain(value: Any) -> Any:
    """A column's value as JSON holds it, so what a form carried back compares equal."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def snapshot(record, fields: tuple[Field, ...]) -> dict[str, Any]:
    return {field.name: field.read(record) for field in fields}


def encode(values: dict[str, Any]) -> str:
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Seen:
    """What a form showed: the record's edit_version and its fields' values then."""

    version: int
    values: dict[str, Any]

    @classmethod
    def parse(cls, version: str | None, shown: str | None) -> Seen | None:
        """From the form's two hidden fields; None when they are missing or not readable (a
        form from before they existed): such a save is not compared, as before."""
        try:
            number, values = int(version or ""), json.loads(shown or "")
        except (ValueError, RecursionError):  # RecursionError: "[[[[…" nested past Python's limit
            return None
        return cls(number, values) if isinstance(values, dict) else None


@dataclass(frozen=True)
class Change:
    """A field someone else changed while this person had the form open."""

    name: str
    label: Any
    theirs: str  # what is stored now
    yours: str  # what this person's save would have written
    yours_kept: bool  # they changed it too: the form shows theirs again, not the stored one


class EditConflict(Exception):
    """The save would undo a change its person has not seen. Nothing was written (the view
    rolls back); `mine` are the fields the person changed, the ones to keep as typed."""

    def __init__(
        self,
        changes: list[Change],
        mine: set[str],
        fields: tuple[Field, ...],
        by_name: str | None,
        by_you: bool,
        at: datetime | None,
    ):
        super().__init__(", ".join(change.name for change in changes))
        self.changes, self.mine, self.fields = changes, mine, fields
        self.by_name, self.by_you, self.at = by_name, by_you, at


def lock(record, fields: tuple[Field, ...]) -> None:
    """Wait for the record's row lock, then read it again with the collections its fields
    read: what another save committed meanwhile is what this one compares with."""
    model = type(record)
    key = inspect(model).primary_key[0]
    loads = [
        selectinload(getattr(model, name))
        for name in dict.fromkeys(f.relation for f in fields if f.relation)
    ]
    # Consumed (.one()): the ORM fills the objects in only as the rows are read.
    db.session.execute(
        select(model)
        .where(key == record.id)
        .with_for_update(of=model)
        .options(*loads)
        .execution_options(populate_existing=True)
    ).one()


class Edit:
    """One save of one form, begun under the row's lock (see `begin`)."""

    def __init__(self, record, fields: tuple[Field, ...], seen: Seen | None):
        self.record, self.fields, self.seen = record, fields, seen
        self.before = snapshot(record, fields)

    def finish(self, by: User | None) -> bool:
        """Call once the change is applied to the record, before anything follows from it.
        Raise EditConflict, or count the edit (who, when) and return whether anything of the
        form's changed: a form saved as it was shown writes nothing."""
        after = snapshot(self.record, self.fields)
        if after == self.before:
            return False
        if self.seen is not None:
            self._refuse_unseen(after, by)
        self.record.edit_version += 1
        self.record.edited_by_id = by.id if by is not None else None
        self.record.edited_at = clock.now()
        return True

    def _refuse_unseen(self, after: dict[str, Any], by: User | None) -> None:
        assert self.seen is not None  # asked only when the form carried what it showed
        shown = {f.name: self.seen.values.get(f.name, _NOT_SHOWN) for f in self.fields}
        mine = {
            name
            for name, value in shown.items()
            if value is not _NOT_SHOWN and after[name] != value
        }
        changes = [
            Change(
                f.name, f.label, f.show(self.before[f.name]), f.show(after[f.name]), f.name in mine
            )
            for f in self.fields
            if shown[f.name] is not _NOT_SHOWN
            and self.before[f.name] != shown[f.name]
            and after[f.name] != self.before[f.name]
        ]
        if not changes:
            return
        editor_id = self.record.edited_by_id
        editor = db.session.get(User, editor_id) if editor_id is not None else None
        raise EditConflict(
            changes,
            mine,
            self.fields,
            editor.name if editor else None,
            by is not None and editor_id == by.id,
            self.record.edited_at,
        )


def begin(record, fields: tuple[Field, ...], seen: Seen | None) -> Edit:
    """Start saving `fields` of `record`, as the form that showed `seen` asks (None: a save
    that says nothing of what it showed, which is not compared)."""
    lock(record, fields)
    return Edit(record, fields, seen)
