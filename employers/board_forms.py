"""The board's search form: read from the address line, forgiving of anything odd in it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from employers.forms import WHOLE_NUMBER
from employers.opening_forms import VALID_CHOICE
from placement.common.policy import FULL_TIME_HOURS
from placement.models import Kind
from placement.openings.public_board import BoardFilter
from placement.web.form_messages import AppForm
from placement.web.forms import MaxLength, WholeNumberField, adaptation_choices

HOURS_RANGE = _l("Skriv et helt tal fra 1 til %(full)d.", full=FULL_TIME_HOURS)


def _printable(value):
    # PostgreSQL refuses NUL bytes in text; no one types control characters in a search.
    return "".join(ch for ch in value if ch.isprintable()) if value else value


def _within_full_time(form, field):
    # Only a number that was read; "abc" already has its own message.
    if field.data is not None and not 1 <= field.data <= FULL_TIME_HOURS:
        raise ValidationError(HOURS_RANGE)


class BoardSearchForm(AppForm):
    # A GET search: nothing is changed, so there is no CSRF token to carry in links.
    class Meta:
        csrf = False

    q = SearchField(
        _l("Søg efter ord"),
        validators=[Optional(), MaxLength(200)],
        filters=[_printable],
        description=_l("Fx lager, køkken eller kunder."),
    )
    kind = SelectField(
        _l("Type"),
        validators=[Optional()],
        default="",
        choices=[SelectChoice("", _l("Alle typer"))]
        + [SelectChoice(kind.value, kind.label) for kind in Kind],
        invalid_choice_message=VALID_CHOICE,
    )
    hours = WholeNumberField(
        _l("Jeg kan arbejde højst (timer om ugen)"),
        invalid_value_message=WHOLE_NUMBER,
        validators=[Optional(), _within_full_time],
        description=_l("Viser pladser, hvor det mindste antal timer passer til dig."),
    )
    place = StringField(
        _l("Postnummer eller by"),
        validators=[Optional(), MaxLength(100)],
        filters=[_printable],
        render_kw={"autocomplete": "address-level2"},
    )
    adaptation = SelectMultipleField(
        _l("Hjælp, pladsen skal give"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        description=_l("Vis kun pladser, der giver alt det, du vælger."),
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.adaptation.choices = adaptation_choices()

    def criteria(self) -> BoardFilter:
        """The search as the core takes it; a field with an error is left out, not fatal."""
        self.validate()

        def good(field):
            return not field.errors and field.data not in (None, "", [])

        return BoardFilter(
            words=self.q.data.strip() if good(self.q) else "",
            kind=Kind(self.kind.data) if good(self.kind) else None,
            hours=self.hours.data if good(self.hours) else None,
            adaptation_ids=list(self.adaptation.data) if good(self.adaptation) else [],
            place=self.place.data.strip() if good(self.place) else "",
        )
