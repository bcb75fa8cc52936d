"""The fields that say who hired the citizen after a placement, on the completion and on the
follow-ups that record the outcome (placement/placements/hires.py)."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import Optional

from placement.extensions import db
from placement.models import Employer, Placement
from placement.placements.hires import NAME_LIMIT, Hire, HireWhere, stored
from placement.web.form_messages import AppForm
from placement.web.forms import VALID_CHOICE, MaxLength

VALID_DATE = _l("Skriv en dato som år-måned-dag, fx 2027-01-04.")


def _where(value):
    """The chosen HireWhere, or None for "Ikke kendt" (an enum, so a saved choice is shown)."""
    return None if value in (None, "", "None") else HireWhere(value)


def _employer_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class HireForm(AppForm):
    """Mixed into a form with an outcome: who hired, and when."""

    hired_where = SelectField(
        _l("Hvem ansatte borgeren?"),
        validators=[Optional()],
        coerce=_where,
        choices=[SelectChoice("", _l("Ikke kendt"))]
        + [SelectChoice(w.value, w.label) for w in HireWhere],
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
        description=_l("Kun ved ordinært job eller fleksjob."),
    )
    hired_by_employer_id = SelectField(
        _l("Den anden virksomhed"),
        validators=[Optional()],
        coerce=_employer_id,
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
        description=_l('Når svaret er "En anden virksomhed, der er oprettet her".'),
    )
    hired_elsewhere_name = StringField(
        _l("Arbejdsgiverens navn"),
        validators=[Optional(), MaxLength(NAME_LIMIT)],
        description=_l('Når svaret er "En anden arbejdsgiver, der ikke er oprettet her".'),
    )
    hired_on = DateField(
        _l("Ansat fra"),
        validators=[Optional()],
        invalid_value_message=VALID_DATE,
        description=_l("Den første dag i jobbet."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The companies registered here, by name (built per request: the list changes). All of
        # them, so a hire recorded at one that was later suspended is still shown as chosen.
        companies = db.session.execute(
            select(Employer.id, Employer.name).order_by(Employer.name, Employer.id)
        ).all()
        self.hired_by_employer_id.choices = [SelectChoice("", _l("Vælg virksomhed"))] + [
            SelectChoice(company_id, name) for company_id, name in companies
        ]

    def hire(self) -> Hire:
        return Hire(
            where=self.hired_where.data,
            employer_id=self.hired_by_employer_id.data,
            elsewhere_name=self.hired_elsewhere_name.data or "",
            hired_on=self.hired_on.data,
        )


def hire_data(placement: Placement, default_today: date | None = None) -> dict:
    """The hire recorded on the placement, as the fields' data; with nothing recorded and
    `default_today`, the completion's default: the placement's own company, from the day after
    its planned end (a job usually follows the placement), or from today without an end."""
    hire = stored(placement)
    if hire.where is None and default_today is not None:
        day = placement.end_date + timedelta(days=1) if placement.end_date else default_today
        hire = Hire(HireWhere.SAME, None, "", day)
    return {
        "hired_where": hire.where,
        "hired_by_employer_id": hire.employer_id,
        "hired_elsewhere_name": hire.elsewhere_name,
        "hired_on": hire.hired_on,
    }
