"""Forms on the consultant's placement page."""

from __future__ import annotations

import re
from dataclasses import fields

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from candidates.hire_forms import HireForm
from placement.agreements.edit import AgreementDraft, stored
from placement.models import Outcome
from placement.web import edit_fields
from placement.web.edit_forms import VersionedForm
from placement.web.form_messages import AppForm
from placement.web.forms import (
    REQUIRED,
    VALID_CHOICE,
    MaxLength,
    TextAreaField,
    WholeNumberField,
    adaptation_choices,
)

VALID_DATE = _l("Skriv en dato som år-måned-dag, fx 2027-01-04.")
WHOLE_NUMBER = _l("Skriv et helt tal.")


class ExtensionForm(AppForm):
    """An extension (forlængelse): the new end date and why. `shown_end` is the end date the
    page showed, so the same form posted twice extends once."""

    new_end = DateField(
        _l("Ny slutdato"), validators=[InputRequired(REQUIRED)], invalid_value_message=VALID_DATE
    )
    reason = TextAreaField(
        _l("Hvorfor forlænges forløbet?"),
        validators=[InputRequired(REQUIRED), MaxLength(500)],
        description=_l('Fx "Borgeren har brug for mere tid til at nå målet om 15 timer om ugen."'),
    )
    shown_end = HiddenField()


class ActionForm(AppForm):
    """The note or reason that goes with a change of state, and the outcome at the end."""

    note = TextAreaField(_l("Bemærkning"), validators=[Optional(), MaxLength(500)])
    outcome = SelectField(
        _l("Hvad skete der bagefter?"),
        validators=[Optional()],
        choices=[SelectChoice("", _l("Ikke kendt endnu"))]
        + [SelectChoice(o.value, o.label) for o in Outcome],
    )


class CompleteForm(ActionForm, HireForm):
    """ "Afslut forløbet": the outcome, and who hired when it is work."""


class AgreementForm(VersionedForm):
    """The whole agreement in one form: period and hours, the step-up plan, and the terms;
    the wage-subsidy fields only for that kind (the template leaves them out otherwise)."""

    start_date = DateField(
        _l("Startdato"), validators=[Optional()], invalid_value_message=VALID_DATE
    )
    end_date = DateField(
        _l("Slutdato"),
        validators=[Optional()],
        invalid_value_message=VALID_DATE,
        description=_l("Tom for job uden slutdato, fx fleksjob."),
    )
    hours_per_week = WholeNumberField(
        _l("Timer om ugen ved start"), validators=[Optional()], invalid_value_message=WHOLE_NUMBER
    )
    # Named as the core's field, so a conflict's note finds it (edit_forms.give_back).
    hours_plan = TextAreaField(
        _l("Optrapning af timer"),
        validators=[Optional(), MaxLength(400)],
        description=_l(
            'Én linje pr. trin: uge og timer, fx "1: 10", "5: 15", "9: 20". '
            "Uge 1 er timerne ved start."
        ),
    )
    tasks = TextAreaField(
        _l("Arbejdsopgaver"),
        validators=[Optional(), MaxLength(10000)],
        description=_l("Én opgave pr. linje."),
    )
    working_times = StringField(
        _l("Arbejdstider"),
        validators=[Optional(), MaxLength(200)],
        description=_l('Fx "Mandag–torsdag kl. 9–13".'),
    )
    adaptation_ids = SelectMultipleField(
        _l("Aftalte tilpasninger"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )
    adaptation_note = TextAreaField(
        _l("Andre aftalte tilpasninger"),
        validators=[Optional(), MaxLength(4000)],
        description=_l('Én pr. linje, med almindelige ord, fx "Pause hver time".'),
    )
    mentor_name = StringField(_l("Mentorens navn"), validators=[Optional(), MaxLength(200)])
    mentor_role = StringField(_l("Mentorens stilling"), validators=[Optional(), MaxLength(200)])
    full_time_employees = WholeNumberField(
        _l("Antal fuldtidsansatte"), validators=[Optional()], invalid_value_message=WHOLE_NUMBER
    )
    staff_representative = StringField(
        _l("Tillidsrepræsentant"),
        validators=[Optional(), MaxLength(200)],
        description=_l('Navn, eller "ingen".'),
    )
    monthly_wage_cost = WholeNumberField(
        _l("Samlet lønudgift pr. måned (kr.)"),
        validators=[Optional()],
        invalid_value_message=WHOLE_NUMBER,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.adaptation_ids.choices = adaptation_choices()

    def draft(self) -> AgreementDraft:
        """What was typed, for the core; a plan line that is not two numbers raises
        PlanUnreadable."""
        return AgreementDraft(
            start_date=self.start_date.data,
            end_date=self.end_date.data,
            hours_per_week=self.hours_per_week.data,
            hours_plan=tuple(parse_plan(self.hours_plan.data)),
            tasks=self.tasks.data or "",
            working_times=self.working_times.data or "",
            adaptation_ids=tuple(self.adaptation_ids.data or ()),
            adaptation_note=self.adaptation_note.data or "",
            mentor_name=self.mentor_name.data or "",
            mentor_role=self.mentor_role.data or "",
            full_time_employees=self.full_time_employees.data,
            staff_representative=self.staff_representative.data or "",
            monthly_wage_cost=self.monthly_wage_cost.data,
        )

    @classmethod
    def of(cls, placement) -> AgreementForm:
        shown = stored(placement)
        data = {f.name: getattr(shown, f.name) for f in fields(AgreementDraft)}
        data["hours_plan"] = "\n".join(f"{week}: {hours}" for week, hours in shown.hours_plan)
        data["adaptation_ids"] = list(shown.adaptation_ids)
        return cls(formdata=None, data=data).stamp(placement, edit_fields.AGREEMENT)


class PlanUnreadable(ValueError):
    """A line of the step-up plan that is not a week and a number of hours."""


def parse_plan(text: str | None) -> list[tuple[int, int]]:
    """ "1: 10" per line -> [(1, 10)]; a line that is not two whole numbers raises."""
    steps = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        numbers = re.findall(r"\d+", line)
        if len(numbers) != 2:
            raise PlanUnreadable(line.strip())
        steps.append((int(numbers[0]), int(numbers[1])))
    return steps
