"""Forms of the core pages: login, passwords, and the admin's user form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from .models import Role
from .policy import PASSWORD_MIN_LENGTH

def attach_error(form, field_name: str | None, message: str) -> None:
    """Show a refusal from the core next to the field it names, or at the top of the form when
    it names none (or one the form does not have)."""
    field = form[field_name] if field_name and field_name in form else None
    (field.errors if field is not None else form.form_errors).append(message)


REQUIRED = _l("Skal udfyldes.")
PASSWORD_HINT = _l("Mindst %(n)d tegn. Gerne en sætning, du kan huske.", n=PASSWORD_MIN_LENGTH)
VALID_EMAIL = _l("Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.")


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), Email(VALID_EMAIL)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Adgangskode"), validators=[DataRequired(REQUIRED)],
                             render_kw={"autocomplete": "current-password"})


class NewPasswordForm(FlaskForm):
    """A new password, typed twice."""

    password = PasswordField(
        _l("Ny adgangskode"), validators=[DataRequired(REQUIRED)],
        description=PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Gentag ny adgangskode"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("De to adgangskoder er ikke ens."))],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Nuværende adgangskode"), validators=[DataRequired(REQUIRED)],
        render_kw={"autocomplete": "current-password"},
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), Email(VALID_EMAIL)],
                       render_kw={"autocomplete": "email"})


class ResetPasswordForm(NewPasswordForm):
    pass


def _optional_id(value):
    return int(value) if value not in (None, "", "None") else None


class UserForm(FlaskForm):
    name = StringField(_l("Navn"), validators=[DataRequired(REQUIRED), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), Email(VALID_EMAIL),
                                                 Length(max=254)])
    role = SelectField(_l("Rolle"), choices=[SelectChoice(r.value, r.label) for r in Role],
                       validators=[DataRequired(REQUIRED)])
    municipality_id = SelectField(
        _l("Kommune"), coerce=_optional_id, validate_choice=False,
        description=_l("Skal vælges for ledere, jobkonsulenter og borgere."),
    )
    employer_id = SelectField(
        _l("Virksomhed"), coerce=_optional_id, validate_choice=False,
        description=_l("Kun for virksomhedsbrugere."),
    )
    candidate_id = SelectField(
        _l("Borgerens profil"), coerce=_optional_id, validate_choice=False,
        description=_l("Kun for borgere."),
    )
    language = SelectField(_l("Sprog"), choices=[SelectChoice("da", "Dansk"), SelectChoice("en", "English")])
    active = BooleanField(_l("Aktiv"), default=True)
    password = PasswordField(
        _l("Adgangskode"), validators=[Optional()],
        description=_l("Lad feltet stå tomt for at sende et link, hvor brugeren selv vælger adgangskode."),
        render_kw={"autocomplete": "new-password"},
    )
