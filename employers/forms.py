"""Forms for the company's own pages: registration, colleagues, proposals, follow-up views."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, EmailField, PasswordField, StringField, SubmitField, TelField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp

from placement.forms import (
    PASSWORD_HINT, REQUIRED, VALID_EMAIL, TextAreaField, WholeNumberField,
)

WHOLE_NUMBER = _l("Skriv et helt tal.")


class RegistrationForm(FlaskForm):
    name = StringField(_l("Virksomhedens navn"), validators=[DataRequired(REQUIRED), Length(max=200)])
    cvr = StringField(_l("CVR-nummer"), validators=[DataRequired(REQUIRED), Length(max=12)],
                      description=_l("8 cifre, fx 12345678."), render_kw={"inputmode": "numeric"})
    p_number = StringField(_l("P-nummer (valgfrit)"), validators=[Optional(), Length(max=14)],
                           description=_l("10 cifre. Nummeret på det sted, hvor arbejdet foregår."),
                           render_kw={"inputmode": "numeric"})
    address = StringField(_l("Adresse"), validators=[DataRequired(REQUIRED), Length(max=200)],
                          render_kw={"autocomplete": "street-address"})
    postcode = StringField(_l("Postnummer"), validators=[
        DataRequired(REQUIRED), Regexp(r"^\d{4}$", message=_l("Skriv et postnummer med 4 cifre."))],
        render_kw={"autocomplete": "postal-code", "inputmode": "numeric"})
    city = StringField(_l("By"), validators=[DataRequired(REQUIRED), Length(max=100)],
                       render_kw={"autocomplete": "address-level2"})
    industry = StringField(_l("Branche"), validators=[Optional(), Length(max=100)],
                           description=_l("Fx lager, detailhandel, pleje eller landbrug."))
    employees = WholeNumberField(
        _l("Antal almindelige ansatte"),
        validators=[InputRequired(REQUIRED), NumberRange(min=0, message=_l("Skriv 0 eller flere."))],
        description=_l("Ansatte på almindelige vilkår. Det bestemmer, hvor mange I må have i "
                       "praktik eller løntilskud ad gangen."),
        invalid_value_message=WHOLE_NUMBER,
    )
    public_sector = BooleanField(_l("Vi er en offentlig arbejdsplads"))
    contact_name = StringField(_l("Dit navn"), validators=[DataRequired(REQUIRED), Length(max=200)],
                               render_kw={"autocomplete": "name"})
    contact_phone = TelField(_l("Telefon"), validators=[Optional(), Length(max=40)],
                             render_kw={"autocomplete": "tel"})
    contact_email = EmailField(_l("E-mail"), validators=[DataRequired(REQUIRED), Email(VALID_EMAIL)],
                               description=_l("Du logger ind med denne e-mail."),
                               render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Vælg en adgangskode"), validators=[DataRequired(REQUIRED)],
                             description=PASSWORD_HINT, render_kw={"autocomplete": "new-password"})


class InviteForm(FlaskForm):
    name = StringField(_l("Kollegaens navn"), validators=[DataRequired(REQUIRED), Length(max=200)])
    email = EmailField(_l("Kollegaens e-mail"),
                       validators=[DataRequired(REQUIRED), Email(VALID_EMAIL), Length(max=254)])


class AnswerForm(FlaskForm):
    reason = TextAreaField(_l("Hvorfor? (kan være tom)"), validators=[Optional(), Length(max=1000)],
                           description=_l("Jobkonsulenten kan læse det."))
    accept = SubmitField(_l("Ja, vi vil gerne"))
    decline = SubmitField(_l("Nej tak"))


class EmployerViewForm(FlaskForm):
    """The company's own words on one follow-up (one form per follow-up, told apart by prefix)."""

    view = TextAreaField(
        _l("Jeres vurdering"),
        # Whether it may be empty is the core's to say; the form only keeps it readable.
        validators=[Optional(), Length(max=4000, message=_l("Skriv højst 4000 tegn."))],
        description=_l("Hvordan går det set fra jeres side? Jobkonsulenten kan læse det."),
    )

    @classmethod
    def for_followup(cls, followup, **kwargs) -> "EmployerViewForm":
        return cls(prefix=f"followup-{followup.id}", **kwargs)
