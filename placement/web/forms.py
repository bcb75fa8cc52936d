"""Forms of the core pages, and the fields and helpers every area's forms share."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import wtforms
from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import TextInput

from placement.common.policy import PASSWORD_MIN_LENGTH
from placement.extensions import db
from placement.models import Adaptation, AdaptationCategory, Party, Role
from placement.models.types import text_limit
from placement.web import whole_numbers
from placement.web.form_messages import (
    REQUIRED,
    TOO_LONG,
    VALID_CHOICE,
    VALID_DATE,
    VALID_EMAIL,
    AppForm,
)


def attach_error(form, field_name: str | None, message: str) -> None:
    """Show a refusal from the core next to the field it names, or at the top of the form when
    it names none (or one the form does not have)."""
    field = form[field_name] if field_name and field_name in form else None
    if field is None:
        form.form_errors.append(message)
    else:  # a form that was never validated holds its errors as an empty tuple
        field.errors = [*field.errors, message]


def attach_problems(form, problems) -> None:
    """Every (field name or None, message) from the core, each where attach_error puts it."""
    for name, message in problems:
        attach_error(form, name, message)


def validate_in_one_round(form, core_problems) -> bool:
    """Like validate_on_submit, but when the form's own checks fail, the core's checks still
    run on what could be read, so every problem is shown at once instead of one per submit.

    core_problems() reads only, and gives (field name or None, message) pairs; a field that
    already has an error gets no second one. True: the form is fine and the core's own
    service may now run (it checks again, and refuses with every problem it finds)."""
    if not form.is_submitted():
        return False
    if form.validate():
        return True
    attach_problems(
        form,
        (
            (name, message)
            for name, message in core_problems()
            if not (name and name in form and form[name].errors)
        ),
    )
    return False


# Dates outside these bounds in a search are typing mistakes (the app's data begins after the
# first, and a period into the next century would only make the database work for nothing).
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def search_date_field(label, name: str) -> DateField:
    """An optional date in a GET search form, its query parameter named `name`. The browser's
    date picker sends år-måned-dag; someone typing by hand may write 31-01-2026."""
    return DateField(
        label,
        name=name,
        validators=[Optional()],
        format=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
        invalid_value_message=VALID_DATE,
    )


def check_period(from_field, to_field, first: date | None, last: date | None) -> None:
    """Errors on a period's two date fields, for the days they stand for (None: not given):
    a day outside EARLIEST..LATEST, or an end before the start. A field that already has an
    error gets no second one."""
    for field, day in ((from_field, first), (to_field, last)):
        if day is not None and not field.errors and not EARLIEST <= day <= LATEST:
            field.errors.append(
                _(
                    "Vælg en dato mellem %(first)s og %(last)s.",
                    first=EARLIEST.isoformat(),
                    last=LATEST.isoformat(),
                )
            )
    if (
        first is not None
        and last is not None
        and not (from_field.errors or to_field.errors)
        and last < first
    ):
        to_field.errors.append(
            _(
                "Til-datoen ligger før Fra-datoen. Vælg en dag på eller efter %(day)s.",
                day=first.isoformat(),
            )
        )


class MaxLength(Length):
    """At most `max` characters. The page gets maxlength="max" (WTForms renders Length's
    flag); text sent past it (a script, an old browser, a paste into a bypassed field) gets a
    message saying how much was typed, "Højst 200 tegn. Du har skrevet 260.000.", never a
    database error."""

    def __init__(self, max: int):
        super().__init__(max=max)

    @classmethod
    def of(cls, column) -> MaxLength:
        """The limit the database holds for this model column (typed_text)."""
        return cls(text_limit(column))

    def __call__(self, form, field):
        length = len(field.data or "")
        if length > self.max:
            raise ValidationError(
                str(TOO_LONG) % {"max": format_number(self.max), "length": format_number(length)}
            )


# "32.500" or "32 500": Danish thousands, read as 32500. "1.5" is not thousands and is refused.
_THOUSANDS = re.compile(r"\d{1,3}(?:[. ]\d{3})+")


class WholeNumberField(IntegerField):
    """A whole number typed as text.

    A browser's number input silently drops what it cannot read (a Danish "32500,50" arrives
    as 3250050), so the field is plain text and the server explains what is wrong.
    """

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs["render_kw"] = {"inputmode": "numeric", **(kwargs.get("render_kw") or {})}
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist and _THOUSANDS.fullmatch(valuelist[0].strip()):
            valuelist = [re.sub(r"[. ]", "", valuelist[0].strip())]
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        # Before the field's own range, which may have no upper end: a number the database
        # cannot store would end in an error page instead of this message.
        if not whole_numbers.fits(self.data):
            raise StopValidation(
                _("Tallet er for stort. Skriv højst %(max)d.", max=whole_numbers.DATABASE_INT_MAX)
            )


class TextAreaField(wtforms.TextAreaField):
    """A text area that reads its lines as they are stored, ended by "\n".

    A browser sends every line break of a text area as "\r\n" (HTML's rule for submitting
    one), so without this a text saved unchanged would come back changed.
    """

    data: Any  # WTForms has no types here (setup.cfg [mypy])

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data:
            self.data = self.data.replace("\r\n", "\n").replace("\r", "\n")


# Longer than any password a person chooses; it keeps a pasted book from being hashed.
PASSWORD_MAX = 200
EMAIL_MAX = 254  # the most an address can be (RFC 5321), and the users.email column
PASSWORD_HINT = _l("Mindst %(n)d tegn. Gerne en sætning, du kan huske.", n=PASSWORD_MIN_LENGTH)


class LoginForm(AppForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(REQUIRED), Email(VALID_EMAIL), MaxLength(EMAIL_MAX)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Adgangskode"),
        validators=[DataRequired(REQUIRED), MaxLength(PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )


class ConfirmPasswordForm(AppForm):
    password = PasswordField(
        _l("Adgangskode"),
        validators=[DataRequired(REQUIRED), MaxLength(PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )


class NewPasswordForm(AppForm):
    """A new password, typed twice."""

    password = PasswordField(
        _l("Ny adgangskode"),
        validators=[DataRequired(REQUIRED), MaxLength(PASSWORD_MAX)],
        description=PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Gentag ny adgangskode"),
        validators=[
            DataRequired(REQUIRED),
            MaxLength(PASSWORD_MAX),
            EqualTo("password", _l("De to adgangskoder er ikke ens.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Nuværende adgangskode"),
        validators=[DataRequired(REQUIRED), MaxLength(PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )


class ForgotPasswordForm(AppForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(REQUIRED), Email(VALID_EMAIL), MaxLength(EMAIL_MAX)],
        render_kw={"autocomplete": "email"},
    )


class ResetPasswordForm(NewPasswordForm):
    pass


def _optional_id(value):
    """A chosen row's id, or None for "Ingen" (and for a number no row can have)."""
    return value if isinstance(value, int) else whole_numbers.parse(value)


class UserForm(AppForm):
    name = StringField(_l("Navn"), validators=[DataRequired(REQUIRED), MaxLength(200)])
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(REQUIRED), Email(VALID_EMAIL), MaxLength(254)]
    )
    # coerce=Role: the user's Role must match its option, or no option is shown selected and
    # the browser sends the first one (str() of a str enum is "Role.CONSULTANT", not its value).
    role = SelectField(
        _l("Rolle"),
        coerce=Role,
        choices=[SelectChoice(r.value, r.label) for r in Role],
        validators=[DataRequired(REQUIRED)],
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )
    municipality_id = SelectField(
        _l("Kommune"),
        coerce=_optional_id,
        validate_choice=False,
        description=_l("Skal vælges for ledere, jobkonsulenter og borgere."),
    )
    employer_id = SelectField(
        _l("Virksomhed"),
        coerce=_optional_id,
        validate_choice=False,
        description=_l("Kun for virksomhedsbrugere."),
    )
    candidate_id = SelectField(
        _l("Borgerens profil"),
        coerce=_optional_id,
        validate_choice=False,
        description=_l("Kun for borgere."),
    )
    language = SelectField(
        _l("Sprog"), choices=[SelectChoice("da", "Dansk"), SelectChoice("en", "English")]
    )
    active = BooleanField(_l("Aktiv"), default=True)
    password = PasswordField(
        _l("Adgangskode"),
        validators=[Optional(), MaxLength(PASSWORD_MAX)],
        description=_l(
            "Lad feltet stå tomt for at sende et link, hvor brugeren selv vælger adgangskode."
        ),
        render_kw={"autocomplete": "new-password"},
    )


def adaptation_choices() -> list[SelectChoice]:
    """The whole adaptation catalogue, grouped by category in the catalogue's own order."""
    order = list(AdaptationCategory)
    catalogue = sorted(
        db.session.scalars(select(Adaptation)), key=lambda a: (order.index(a.category), a.id)
    )
    return [SelectChoice(a.id, a.label, optgroup=a.category.label) for a in catalogue]


class ConfirmAgreementForm(AppForm):
    """ "Bekræft aftalen": the version the person was shown, so a newer one is not confirmed
    unread."""

    version = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class PaperConfirmationForm(AppForm):
    """The consultant notes that a party confirmed the agreement on paper."""

    version = HiddenField(validators=[DataRequired()])
    party = SelectField(
        _l("Hvem bekræftede på papir?"),
        choices=[
            SelectChoice(Party.EMPLOYER.value, Party.EMPLOYER.label),
            SelectChoice(Party.CITIZEN.value, Party.CITIZEN.label),
        ],
    )
    note = TextAreaField(
        _l("Note"),
        validators=[DataRequired(REQUIRED), MaxLength(1000)],
        description=_l('Hvornår og hvordan, fx "Underskrevet på mødet 4. januar, kopi i sagen".'),
    )
