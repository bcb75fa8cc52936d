"""Forms of the privacy pages: asking for an erasure, and deciding it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Optional

from placement.web.form_messages import AppForm
from placement.web.forms import REQUIRED, MaxLength, TextAreaField


class RequestForm(AppForm):
    reason = TextAreaField(
        _l("Begrundelse"),
        validators=[DataRequired(REQUIRED), MaxLength(2000)],
        description=_l(
            "Fx at borgeren har bedt om det. Begrundelsen slettes sammen med "
            "borgerens data, hvis lederen godkender."
        ),
    )


class DecisionForm(AppForm):
    note = TextAreaField(
        _l("Note til afgørelsen"),
        validators=[Optional(), MaxLength(2000)],
        description=_l("Frivillig. Fx hvorfor anmodningen afvises."),
    )
