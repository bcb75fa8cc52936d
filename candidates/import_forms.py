"""Forms of the CSV import: the file and its kind; the rules live in placement/imports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import InputRequired

from placement.imports.run import ImportKind
from placement.web.form_messages import REQUIRED, VALID_CHOICE, AppForm


class UploadForm(AppForm):
    kind = SelectField(
        _l("Hvad vil du importere?"),
        choices=[SelectChoice(kind.value, kind.label) for kind in ImportKind],
        validators=[InputRequired(REQUIRED)],
    )
    file = FileField(
        _l("CSV-fil"),
        description=_l(
            "Gemt fra Excel som CSV (semikolon eller komma), med overskriftsrækken fra "
            "eksempelfilen."
        ),
    )

    def chosen_kind(self) -> ImportKind | None:
        try:
            return ImportKind(self.kind.data)
        except ValueError:
            self.kind.errors = [VALID_CHOICE]
            return None


class ImportForm(UploadForm):
    """The preview's button: the same file chosen again, checked against the preview's."""

    digest = HiddenField()
