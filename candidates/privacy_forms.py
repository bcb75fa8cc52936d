"""Forms of the privacy pages: asking for an erasure, and deciding it."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Length, Optional

from placement.forms import REQUIRED, TOO_LONG, TextAreaField


class RequestForm(FlaskForm):
    reason = TextAreaField(
        _l("Begrundelse"), validators=[DataRequired(REQUIRED), Length(max=2000, message=TOO_LONG)],
        description=_l("Fx at borgeren har bedt om det. Begrundelsen slettes sammen med "
                       "borgerens data, hvis lederen godkender."))


class DecisionForm(FlaskForm):
    note = TextAreaField(_l("Note til afgørelsen"),
                         validators=[Optional(), Length(max=2000, message=TOO_LONG)],
                         description=_l("Frivillig. Fx hvorfor anmodningen afvises."))
