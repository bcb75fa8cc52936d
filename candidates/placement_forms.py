"""Forms on the consultant's placement page."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField, HiddenField, SelectChoice, SelectField, SelectMultipleField, StringField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from placement import edit_fields
from placement.agreement_versions import Terms
from placement.edit_forms import VersionedForm
from placement.forms import (
    REQUIRED, VALID_CHOICE, TextAreaField, WholeNumberField, adaptation_choices,
)
from placement.models import Outcome

VALID_DATE = _l("Skriv en dato som år-måned-dag, fx 2027-01-04.")
WHOLE_NUMBER = _l("Skriv et helt tal.")


class PeriodForm(VersionedForm):
    start_date = DateField(_l("Startdato"), validators=[InputRequired(REQUIRED)],
                           invalid_value_message=VALID_DATE)
    end_date = DateField(_l("Slutdato"), validators=[Optional()], invalid_value_message=VALID_DATE,
                         description=_l("Tom for job uden slutdato, fx fleksjob."))
    hours_per_week = WholeNumberField(_l("Timer om ugen ved start"), validators=[InputRequired(REQUIRED)],
                                  invalid_value_message=WHOLE_NUMBER)


class ExtensionForm(FlaskForm):
    """An extension (forlængelse): the new end date and why. `shown_end` is the end date the
    page showed, so the same form posted twice extends once."""

    new_end = DateField(_l("Ny slutdato"), validators=[InputRequired(REQUIRED)],
                        invalid_value_message=VALID_DATE)
    reason = TextAreaField(_l("Hvorfor forlænges forløbet?"),
                           validators=[InputRequired(REQUIRED), Length(max=500)],
                           description=_l("Fx \"Borgeren har brug for mere tid til at nå "
                                          "målet om 15 timer om ugen.\""))
    shown_end = HiddenField()


class ActionForm(FlaskForm):
    """The note or reason that goes with a change of state, and the outcome at the end."""

    note = TextAreaField(_l("Bemærkning"), validators=[Optional(), Length(max=500)])
    outcome = SelectField(
        _l("Hvad skete der bagefter?"), validators=[Optional()],
        choices=[SelectChoice("", _l("Ikke kendt endnu"))]
        + [SelectChoice(o.value, o.label) for o in Outcome],
    )


class HoursPlanForm(VersionedForm):
    """Up to six rows of "from week N: H hours"; empty rows are ignored."""

    plan = TextAreaField(
        _l("Optrapning af timer"), validators=[Optional(), Length(max=400)],
        description=_l("Én linje pr. trin: uge og timer, fx \"1: 10\", \"5: 15\", \"9: 20\"."),
    )


class AgreementTermsForm(VersionedForm):
    """What the agreement says besides period and hours; wage-subsidy fields only for that kind."""

    tasks = TextAreaField(_l("Arbejdsopgaver"), validators=[Optional(), Length(max=10000)],
                          description=_l("Én opgave pr. linje."))
    working_times = StringField(_l("Arbejdstider"), validators=[Optional(), Length(max=200)],
                                description=_l("Fx \"Mandag–torsdag kl. 9–13\"."))
    adaptation_ids = SelectMultipleField(
        _l("Aftalte tilpasninger"), coerce=int,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )
    adaptation_note = TextAreaField(
        _l("Andre aftalte tilpasninger"), validators=[Optional(), Length(max=4000)],
        description=_l("Én pr. linje, med almindelige ord, fx \"Pause hver time\"."))
    mentor_name = StringField(_l("Mentorens navn"), validators=[Optional(), Length(max=200)])
    mentor_role = StringField(_l("Mentorens stilling"), validators=[Optional(), Length(max=200)])
    full_time_employees = WholeNumberField(
        _l("Antal fuldtidsansatte"), validators=[Optional()], invalid_value_message=WHOLE_NUMBER)
    staff_representative = StringField(_l("Tillidsrepræsentant"),
                                       validators=[Optional(), Length(max=200)],
                                       description=_l("Navn, eller \"ingen\"."))
    monthly_wage_cost = WholeNumberField(
        _l("Samlet lønudgift pr. måned (kr.)"), validators=[Optional()],
        invalid_value_message=WHOLE_NUMBER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.adaptation_ids.choices = adaptation_choices()

    def terms(self) -> Terms:
        return Terms(
            tasks=self.tasks.data or "", working_times=self.working_times.data or "",
            adaptation_ids=tuple(self.adaptation_ids.data or ()),
            adaptation_note=self.adaptation_note.data or "",
            mentor_name=self.mentor_name.data or "", mentor_role=self.mentor_role.data or "",
            full_time_employees=self.full_time_employees.data,
            staff_representative=self.staff_representative.data or "",
            monthly_wage_cost=self.monthly_wage_cost.data,
        )

    @classmethod
    def of(cls, placement) -> "AgreementTermsForm":
        return cls(formdata=None, obj=placement,
                   data={"adaptation_ids": [a.id for a in placement.adaptations]}
                   ).stamp(placement, edit_fields.TERMS)
