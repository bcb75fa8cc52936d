"""Forms of the jobcenter's company pages: the contact log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import DataRequired

from placement.models.types import copenhagen_today
from placement.web.form_messages import AppForm
from placement.web.forms import REQUIRED, MaxLength, TextAreaField


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
