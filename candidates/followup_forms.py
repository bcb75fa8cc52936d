"""The consultant's form for recording what a follow-up found."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField, TimeField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import TextInput

from candidates.hire_forms import HireForm, hire_data
from placement.followups.plans import Record
from placement.models import WELLBEING_LABELS, FollowUp, Outcome
from placement.web.form_messages import AppForm
from placement.web.forms import VALID_CHOICE, MaxLength, TextAreaField, WholeNumberField

# The same words the core refuses with, said here next to the field the person must fix.
CHOOSE_WELLBEING = _l("Vælg hvordan det går, fra 1 til 5.")
HOURS_RANGE = _l("Timer arbejdet skal være mellem 0 og 80 om ugen.")
WHOLE_NUMBER = _l("Skriv et helt tal.")
TEXT = [Optional(), MaxLength(4000)]


def _outcome(value):
    """The chosen Outcome, or None for "Ikke kendt endnu". Coercing to the enum makes the saved
    outcome match its option, so the form shows it chosen (a str coerce matched none, and an
    unchanged save sent the first option, clearing the outcome)."""
    return None if value in (None, "", "None") else Outcome(value)


def _whole_or_none(value):
    """A posted "abc" becomes None, so the person hears "choose 1 to 5", not a coercion error."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class FollowUpForm(HireForm):
    """What a follow-up found; on those that ask for the outcome, who hired too (HireForm)."""

    wellbeing = RadioField(
        _l("Hvordan går det?"),
        coerce=_whole_or_none,
        invalid_choice_message=CHOOSE_WELLBEING,
        invalid_value_message=CHOOSE_WELLBEING,
    )
    wellbeing_note = TextAreaField(
        _l("Uddyb gerne"),
        validators=TEXT,
        description=_l("Med borgerens egne ord, hvis det er muligt."),
    )
    hours_worked = WholeNumberField(
        _l("Timer arbejdet om ugen"),
        # The core and the database refuse the same range; the form says it by the field.
        validators=[Optional(), NumberRange(min=0, max=80, message=HOURS_RANGE)],
        invalid_value_message=WHOLE_NUMBER,
        description=_l("Det antal timer, borgeren faktisk har arbejdet om ugen, fx 12."),
    )
    works = TextAreaField(_l("Det virker"), validators=TEXT)
    does_not_work = TextAreaField(_l("Det virker ikke"), validators=TEXT)
    adaptations_add = TextAreaField(
        _l("Tilpasninger der skal til"), validators=TEXT, description=_l('Fx "Pause hver time".')
    )
    adaptations_drop = TextAreaField(_l("Tilpasninger der kan stoppe"), validators=TEXT)
    next_step = TextAreaField(_l("Næste skridt"), validators=TEXT)
    outcome = SelectField(
        _l("Hvad skete der bagefter?"),
        validators=[Optional()],
        coerce=_outcome,
        choices=[SelectChoice("", _l("Ikke kendt endnu"))]
        + [SelectChoice(o.value, o.label) for o in Outcome],
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )
    shared_with_citizen = BooleanField(
        _l("Del et resumé med borgeren"),
        description=_l(
            "Borgeren kan så læse, hvordan det går, hvad der virker, og næste skridt. "
            "Resten af noterne ser kun jobcentret."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: the words follow the reader's language.
        self.wellbeing.choices = [
            SelectChoice(n, f"{n} – {label}") for n, label in WELLBEING_LABELS.items()
        ]

    @classmethod
    def of(cls, followup) -> FollowUpForm:
        # The hire is the placement's (one for all its follow-ups): shown as recorded.
        return cls(formdata=None, obj=followup, data=hire_data(followup.placement))

    def record(self, with_outcome: bool) -> Record:
        return Record(
            wellbeing=self.wellbeing.data,
            wellbeing_note=self.wellbeing_note.data or "",
            hours_worked=self.hours_worked.data,
            works=self.works.data or "",
            does_not_work=self.does_not_work.data or "",
            adaptations_add=self.adaptations_add.data or "",
            adaptations_drop=self.adaptations_drop.data or "",
            next_step=self.next_step.data or "",
            outcome=self.outcome.data if with_outcome else None,
            shared_with_citizen=bool(self.shared_with_citizen.data),
        )


VALID_TIME = _l("Skriv et klokkeslæt som timer:minutter, fx 09:30.")


class TimeOfDayField(TimeField):
    """A time of day typed as text, "09:30" or "9.30": a browser's time input differs from one
    browser to the next and drops what it cannot read, so the server reads it and explains."""

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", ["%H:%M", "%H.%M"])
        kwargs["render_kw"] = {"inputmode": "numeric", "autocomplete": "off", "size": 6}
        super().__init__(*args, **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)  # what was typed, also when it could not be read
        return self.data.strftime("%H:%M") if self.data else ""


class MeetingForm(AppForm):
    """When and where the follow-up's meeting is; both may be left empty."""

    meeting_time = TimeOfDayField(
        _l("Klokkeslæt"),
        validators=[Optional()],
        invalid_value_message=VALID_TIME,
        description=_l("Fx 09:30. Uden klokkeslæt står opfølgningen som en heldagsaftale."),
    )
    place = StringField(
        _l("Sted"),
        validators=[Optional(), MaxLength.of(FollowUp.place)],
        description=_l('Fx "Kantinen hos virksomheden" eller "Jobcentret, mødelokale 2".'),
    )

    @classmethod
    def of(cls, followup) -> MeetingForm:
        return cls(formdata=None, obj=followup)
