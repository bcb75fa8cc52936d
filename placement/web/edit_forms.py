"""Edit forms that carry what they showed, and such a form given back after an EditConflict."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField

from placement.web.edit_versions import EditConflict, Field, Seen, encode, snapshot
from placement.web.form_messages import AppForm

KEPT_YOURS = _l("Ændret, mens du skrev. Feltet viser det, du skrev.")
SHOWS_STORED = _l("Ændret, mens du skrev. Feltet viser nu det, der er gemt.")


class VersionedForm(AppForm):
    """A form that edits a shared record. It carries the record's edit_version and its values
    as the form showed them: `stamp` it when it is shown from the record, and give the core
    `seen()` when it is saved."""

    edit_version = HiddenField()
    shown = HiddenField()
    # Set by `give_back`: the template shows what changed instead of the usual error summary.
    conflict: EditConflict | None = None

    def stamp(self, record, fields: tuple[Field, ...]) -> VersionedForm:
        self.edit_version.data = str(record.edit_version)
        self.shown.data = encode(snapshot(record, fields))
        return self

    def seen(self) -> Seen | None:
        return Seen.parse(self.edit_version.data, self.shown.data)

    def names_for(self, name: str) -> list[str]:
        """This form's fields that show the core's field `name` (a form may name it otherwise,
        or show it in several fields, or not at all)."""
        return [name] if name in self else []


def give_back(
    typed: VersionedForm, current: VersionedForm, record, conflict: EditConflict
) -> VersionedForm:
    """The refused form as its person gets it back: the fields they changed as they typed them,
    every other field as it is stored now (`current`: the form built from the record), the
    version and values of now, and a note at each field that was changed meanwhile. Pressing
    save once more puts their changes on top of the other person's."""
    for field in conflict.fields:
        if field.name in conflict.mine:
            continue
        for name in typed.names_for(field.name):
            typed[name].data = current[name].data
            typed[name].raw_data = None  # shown from data, not from what was posted
    typed.stamp(record, conflict.fields)
    for change in conflict.changes:
        for name in typed.names_for(change.name)[:1]:
            typed[name].errors = [
                *typed[name].errors,
                KEPT_YOURS if change.yours_kept else SHOWS_STORED,
            ]
    typed.conflict = conflict
    return typed
