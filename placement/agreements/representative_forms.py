"""The representative's answer to an agreement version: "Godkend" or "Gør indsigelse"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SubmitField
from wtforms.validators import Optional

from placement.agreements.representative import MAX_REASON
from placement.web.form_messages import AppForm
from placement.web.forms import MaxLength, TextAreaField


class RepresentativeAnswerForm(AppForm):
    reason = TextAreaField(
        _l("Begrundelse for indsigelse"),
        # Needed for an objection only: the core says so by the field.
        validators=[Optional(), MaxLength(MAX_REASON)],
        description=_l("Skal udfyldes, hvis du gør indsigelse."),
    )
    approve = SubmitField(_l("Godkend"))
    object = SubmitField(_l("Gør indsigelse"))
