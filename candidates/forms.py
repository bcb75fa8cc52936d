"""Forms of the candidates' area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField
from wtforms.validators import Optional

from placement.web.form_messages import AppForm
from placement.web.forms import MaxLength, TextAreaField


class OfferAnswerForm(AppForm):
    reason = TextAreaField(
        _l("Vil du sige hvorfor? (valgfrit)"),
        validators=[Optional(), MaxLength(1000)],
        description=_l("Din jobkonsulent kan se det, du skriver."),
    )
    accept = SubmitField(_l("Ja tak"))
    decline = SubmitField(_l("Nej tak"))
