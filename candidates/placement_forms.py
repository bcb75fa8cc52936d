"""Forms on the consultant's placement page."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from placement.forms import REQUIRED
from placement.models import Outcome

VALID_DATE = _l("Skriv en dato som år-måned-dag, fx 2027-01-04.")
WHOLE_NUMBER = _l("Skriv et helt tal.")


class PeriodForm(FlaskForm):
    start_date = DateField(_l("Startdato"), validators=[InputRequired(REQUIRED)],
                           invalid_value_message=VALID_DATE)
    end_date = DateField(_l("Slutdato"), validators=[Optional()], invalid_value_message=VALID_DATE,
                         description=_l("Tom for job uden slutdato, fx fleksjob."))
    hours_per_week = IntegerField(_l("Timer om ugen ved start"), validators=[InputRequired(REQUIRED)],
                                  invalid_value_message=WHOLE_NUMBER)


class ActionForm(FlaskForm):
    """The note or reason that goes with a change of state, and the outcome at the end."""

    note = TextAreaField(_l("Bemærkning"), validators=[Optional(), Length(max=500)])
    outcome = SelectField(
        _l("Hvad skete der bagefter?"), validators=[Optional()],
        choices=[SelectChoice("", _l("Ikke kendt endnu"))]
        + [SelectChoice(o.value, o.label) for o in Outcome],
    )


class HoursPlanForm(FlaskForm):
    """Up to six rows of "from week N: H hours"; empty rows are ignored."""

    plan = TextAreaField(
        _l("Optrapning af timer"), validators=[Optional(), Length(max=400)],
        description=_l("Én linje pr. trin: uge og timer, fx \"1: 10\", \"5: 15\", \"9: 20\"."),
    )
