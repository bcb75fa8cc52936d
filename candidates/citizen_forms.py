"""Forms of the citizen's own pages; they only parse, the rules live in placement.self_service."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectChoice, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from placement.models import Kind
from placement.web.edit_forms import VersionedForm
from placement.web.form_messages import AppForm
from placement.web.forms import REQUIRED, MaxLength, WholeNumberField

VALID_DATE = _l("Skriv en dato som år-måned-dag, fx 2027-01-04.")
WHOLE_NUMBER = _l("Skriv et helt tal, fx 20.")
VALID_CHOICE = _l("Vælg blandt de slags arbejde, der står på listen.")


class GoalForm(AppForm):
    title = StringField(
        _l("Mit nye mål"),
        validators=[InputRequired(REQUIRED), MaxLength(300)],
        description=_l("Fx »Komme ud af huset tre dage om ugen«."),
    )
    target_date = DateField(
        _l("Hvornår vil du gerne nå det? (valgfrit)"),
        validators=[Optional()],
        invalid_value_message=VALID_DATE,
    )


class StepForm(AppForm):
    title = StringField(_l("Nyt trin"), validators=[InputRequired(REQUIRED), MaxLength(300)])


class TickForm(AppForm):
    """Only the CSRF token: the button itself says what to do."""


class PreferencesForm(VersionedForm):
    max_hours = WholeNumberField(
        _l("Højst antal timer om ugen"),
        validators=[Optional()],
        invalid_value_message=WHOLE_NUMBER,
        description=_l("Fra 1 til 37 timer. Lad feltet stå tomt, hvis du ikke ved det endnu."),
    )
    kinds = SelectMultipleField(
        _l("Den slags arbejde, jeg gerne vil have"),
        coerce=Kind,
        choices=[SelectChoice(kind.value, kind.label) for kind in Kind],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        description=_l("Sæt gerne flere krydser."),
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )
    postcodes = StringField(
        _l("Steder, jeg kan komme til"),
        validators=[MaxLength(500)],
        description=_l("Skriv postnumre med komma imellem, fx 8800, 8850."),
    )

    def names_for(self, name: str) -> list[str]:
        return ["postcodes"] if name == "places" else super().names_for(name)

    def postcode_list(self) -> list[str]:
        return [code for code in re.split(r"[,;\s]+", self.postcodes.data or "") if code]
