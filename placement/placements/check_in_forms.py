"""The citizen's check-in answer (five buttons, optional words), and the on/off choice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import Optional

from placement.models.check_ins import CHECK_IN_WORDS_LIMIT
from placement.web.form_messages import AppForm
from placement.web.forms import MaxLength, TextAreaField


class CheckInForm(AppForm):
    # The score comes from the button pressed (name="score", value 1-5): one tap.
    words = TextAreaField(
        _l("Vil du sige mere? (frivilligt)"),
        validators=[Optional(), MaxLength(CHECK_IN_WORDS_LIMIT)],
        description=_l("Skriv før du trykker, hvis du vil. Højst 500 tegn."),
    )


class CheckInChoiceForm(AppForm):
    wanted = BooleanField(_l("Send mig hver uge en mail med spørgsmålet »Hvordan går det?«"))
