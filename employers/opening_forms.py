"""The opening form: parses what a person types into an OpeningData; the rules live in the core."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from employers.forms import WHOLE_NUMBER
from placement.common.policy import FULL_TIME_HOURS
from placement.models import Employer, InternshipPurpose, Kind, Opening
from placement.openings.openings import OpeningData
from placement.web.edit_forms import VersionedForm
from placement.web.forms import (
    REQUIRED,
    VALID_CHOICE,
    MaxLength,
    TextAreaField,
    WholeNumberField,
    adaptation_choices,
)

VALID_DATE = _l("Skriv en dato som år-måned-dag, fx 2027-01-04.")


def _purpose(value):
    # The empty choice means "no purpose": only internships have one.
    if value in (None, "", "None"):
        return None
    return InternshipPurpose(value)


def _workplace_id(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def _whole_number(label, **kwargs):
    return WholeNumberField(label, invalid_value_message=WHOLE_NUMBER, **kwargs)


def _date(label, **kwargs):
    return DateField(label, validators=[Optional()], invalid_value_message=VALID_DATE, **kwargs)


def _text(label, max_length, required=False, **kwargs):
    validators = [InputRequired(REQUIRED)] if required else [Optional()]
    return StringField(label, validators=validators + [MaxLength(max_length)], **kwargs)


class OpeningForm(VersionedForm):
    # Om jobbet
    kind = SelectField(
        _l("Type"),
        coerce=Kind,
        validators=[InputRequired(REQUIRED)],
        choices=[SelectChoice(kind.value, kind.label) for kind in Kind],
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )
    title = _text(_l("Titel"), 200, required=True, description=_l("Fx Lagermedhjælper."))
    description = TextAreaField(
        _l("Om stedet og jobbet"),
        validators=[Optional(), MaxLength.of(Opening.description)],
        description=_l("Fortæl kort om jer og om jobbet."),
    )
    tasks = TextAreaField(
        _l("Hvad skal man lave?"), validators=[Optional(), MaxLength.of(Opening.tasks)]
    )
    purpose = SelectField(
        _l("Formål med praktikken"),
        coerce=_purpose,
        choices=[SelectChoice("", _l("Ikke valgt"))]
        + [SelectChoice(purpose.value, purpose.label) for purpose in InternshipPurpose],
        description=_l("Kun for virksomhedspraktik."),
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )
    skills = TextAreaField(
        _l("Det er godt at kunne"),
        validators=[Optional(), MaxLength.of(Opening.skills)],
        description=_l("Adskil med komma."),
    )

    # Tid og sted
    workplace_id = SelectField(
        _l("Arbejdssted"),
        coerce=_workplace_id,
        # Not required here: a company with one workplace has it (the core decides).
        validators=[Optional()],
        description=_l("Hvor arbejdet foregår. Rimelighedskravet tælles for hvert arbejdssted."),
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )
    postcode = StringField(
        _l("Postnummer"),
        validators=[
            InputRequired(REQUIRED),
            Regexp(r"^\d{4}$", message=_l("Skriv et postnummer med 4 cifre.")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 4},
    )
    city = _text(_l("By"), 100, required=True, render_kw={"autocomplete": "address-level2"})
    hours_min = _whole_number(
        _l("Mindst antal timer om ugen"), validators=[InputRequired(REQUIRED)]
    )
    hours_max = _whole_number(
        _l("Højst antal timer om ugen"),
        validators=[InputRequired(REQUIRED)],
        description=_l("Højst %(hours)d timer om ugen.", hours=FULL_TIME_HOURS),
    )
    flexible_schedule = BooleanField(_l("Fleksible tider"))
    start_date = _date(_l("Første dag"))
    duration_weeks = _whole_number(
        _l("Antal uger"),
        validators=[Optional()],
        description=_l("Skriv antal uger eller sidste dag."),
    )
    end_date = _date(_l("Sidste dag"))
    seats = _whole_number(_l("Antal pladser"), validators=[InputRequired(REQUIRED)], default=1)

    # Hjælp på jobbet (tilpasninger og støtte)
    adaptation_ids = SelectMultipleField(
        _l("Hjælp, I kan give"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )
    adaptation_note = TextAreaField(
        _l("Mere om hjælpen"),
        validators=[Optional(), MaxLength.of(Opening.adaptation_note)],
        description=_l("Fx hvordan I tager imod nye. Eller hvad I ellers kan gøre."),
    )
    mentor_available = BooleanField(_l("Der er en mentor eller fast kontaktperson"))
    mentor_name = _text(_l("Navn på mentor"), 200)
    mentor_role = _text(_l("Titel på mentor"), 200, description=_l("Fx lagerformand."))

    # Frist
    deadline = _date(
        _l("Frist for at søge"),
        description=_l("Kan være tom. Når fristen er gået, udløber opslaget."),
    )

    def __init__(self, *args, company: Employer, **kwargs):
        workplaces = list(company.workplaces)
        # A company with one workplace has nothing to choose: it is chosen for a new opening.
        if len(workplaces) == 1 and "obj" not in kwargs:
            kwargs.setdefault("workplace_id", workplaces[0].id)
        super().__init__(*args, **kwargs)
        self.adaptation_ids.choices = adaptation_choices()
        choices = [SelectChoice(str(w.id), w.label) for w in workplaces]
        if len(workplaces) != 1:
            choices.insert(0, SelectChoice("", _l("Vælg arbejdssted")))
        self.workplace_id.choices = choices


def opening_data(form: OpeningForm) -> OpeningData:
    """What the person typed, as the core's OpeningData; a field the form could not read is
    None (or empty)."""
    return OpeningData(
        kind=form.kind.data,
        title=form.title.data or "",
        postcode=form.postcode.data or "",
        city=(form.city.data or "").strip(),
        hours_min=form.hours_min.data,
        hours_max=form.hours_max.data,
        description=form.description.data or "",
        tasks=form.tasks.data or "",
        purpose=form.purpose.data,
        flexible_schedule=bool(form.flexible_schedule.data),
        start_date=form.start_date.data,
        duration_weeks=form.duration_weeks.data,
        end_date=form.end_date.data,
        seats=form.seats.data,
        adaptation_ids=list(form.adaptation_ids.data or []),
        adaptation_note=form.adaptation_note.data or "",
        mentor_available=bool(form.mentor_available.data),
        mentor_name=form.mentor_name.data or "",
        mentor_role=form.mentor_role.data or "",
        skills=form.skills.data or "",
        deadline=form.deadline.data,
        workplace_id=form.workplace_id.data,
    )


def form_data_of(opening) -> dict:
    """The values that `obj=opening` cannot fill in by itself (the adaptation checkboxes)."""
    return {"adaptation_ids": [a.id for a in opening.adaptations]}
