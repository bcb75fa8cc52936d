"""Forms of the candidates' area."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField
from wtforms.validators import Length, Optional

from placement.forms import TextAreaField


class OfferAnswerForm(FlaskForm):
    reason = TextAreaField(_l("Vil du sige hvorfor? (valgfrit)"),
                           validators=[Optional(), Length(max=1000)],
                           description=_l("Din jobkonsulent kan se det, du skriver."))
    accept = SubmitField(_l("Ja tak"))
    decline = SubmitField(_l("Nej tak"))
