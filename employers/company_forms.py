"""Forms of the jobcenter's company pages: the contact log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectMultipleField
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget

from placement.models.types import copenhagen_today
from placement.web.form_messages import AppForm
from placement.web.forms import REQUIRED, VALID_CHOICE, MaxLength, TextAreaField


class ContactForm(AppForm):
    # No "required" validator: an empty or mistyped date already fails parsing with this message,
    # and one message per problem is easier to act on than two.
    contact_date = DateField(
        _l("Dato for kontakten"),
        default=copenhagen_today,
        invalid_value_message=_l("Skriv en dato som år-måned-dag, fx 2027-01-04."),
    )
    note = TextAreaField(
        _l("Hvad talte I om?"),
        validators=[DataRequired(REQUIRED), MaxLength(2000)],
        description=_l("Fx hvem I talte med, og hvad I aftalte."),
    )
    # IPS fidelity: the citizens the contact was for (the consultant's own caseload; the view
    # sets the choices), and whether the consultant told the company what they wish for.
    citizens = SelectMultipleField(
        _l("Kontakten var for disse borgere"),
        coerce=int,
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        description=_l("Borgere på din sagsstamme. Sæt kryds ved dem, du talte om."),
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )
    names_preferences = BooleanField(
        _l("Jeg fortalte om borgernes egne ønsker til arbejde"),
        description=_l("Fx hvilket arbejde, hvilke timer og hvad de er gode til."),
    )
