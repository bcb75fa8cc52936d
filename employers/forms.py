"""Forms for the company's own pages: registration, colleagues, proposals, follow-up views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    StringField,
    SubmitField,
    TelField,
)
from wtforms.validators import DataRequired, Email, InputRequired, NumberRange, Optional, Regexp

from placement.web.form_messages import AppForm
from placement.web.forms import (
    EMAIL_MAX,
    PASSWORD_HINT,
    PASSWORD_MAX,
    REQUIRED,
    VALID_EMAIL,
    MaxLength,
    TextAreaField,
    WholeNumberField,
)

WHOLE_NUMBER = _l("Skriv et helt tal.")


class RegistrationForm(AppForm):
    name = StringField(
        _l("Virksomhedens navn"), validators=[DataRequired(REQUIRED), MaxLength(200)]
    )
    cvr = StringField(
        _l("CVR-nummer"),
        validators=[DataRequired(REQUIRED), MaxLength(12)],
        description=_l("8 cifre, fx 12345678."),
        render_kw={"inputmode": "numeric"},
    )
    p_number = StringField(
        _l("P-nummer (valgfrit)"),
        validators=[Optional(), MaxLength(14)],
        description=_l("10 cifre. Nummeret på det sted, hvor arbejdet foregår."),
        render_kw={"inputmode": "numeric"},
    )
    address = StringField(
        _l("Adresse"),
        validators=[DataRequired(REQUIRED), MaxLength(200)],
        render_kw={"autocomplete": "street-address"},
    )
    postcode = StringField(
        _l("Postnummer"),
        validators=[
            DataRequired(REQUIRED),
            Regexp(r"^\d{4}$", message=_l("Skriv et postnummer med 4 cifre.")),
        ],
        render_kw={"autocomplete": "postal-code", "inputmode": "numeric", "maxlength": 4},
    )
    city = StringField(
        _l("By"),
        validators=[DataRequired(REQUIRED), MaxLength(100)],
        render_kw={"autocomplete": "address-level2"},
    )
    industry = StringField(
        _l("Branche"),
        validators=[Optional(), MaxLength(100)],
        description=_l("Fx lager, detailhandel, pleje eller landbrug."),
    )
    employees = WholeNumberField(
        _l("Antal almindelige ansatte"),
        validators=[
            InputRequired(REQUIRED),
            NumberRange(min=0, message=_l("Skriv 0 eller flere.")),
        ],
        description=_l(
            "Ansatte på almindelige vilkår. Det bestemmer, hvor mange I må have i "
            "praktik eller løntilskud ad gangen."
        ),
        invalid_value_message=WHOLE_NUMBER,
    )
    public_sector = BooleanField(_l("Vi er en offentlig arbejdsplads"))
    contact_name = StringField(
        _l("Dit navn"),
        validators=[DataRequired(REQUIRED), MaxLength(200)],
        render_kw={"autocomplete": "name"},
    )
    contact_phone = TelField(
        _l("Telefon"), validators=[Optional(), MaxLength(40)], render_kw={"autocomplete": "tel"}
    )
    contact_email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(REQUIRED), Email(VALID_EMAIL), MaxLength(EMAIL_MAX)],
        description=_l("Du logger ind med denne e-mail."),
        render_kw={"autocomplete": "email"},
    )
    password = PasswordField(
        _l("Vælg en adgangskode"),
        validators=[DataRequired(REQUIRED), MaxLength(PASSWORD_MAX)],
        description=PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"},
    )
    # Shown only when the CVR register is configured: posts the form to fill in the facts.
    fetch = SubmitField(_l("Hent oplysninger fra CVR"))


class ProvenRegistrationForm(RegistrationForm):
    """The registration after a MitID Erhverv sign-in: the CVR number is proven, not typed, and
    the company's people sign in with MitID Erhverv, not a password."""

    cvr = None
    password = None
    contact_email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(REQUIRED), Email(VALID_EMAIL), MaxLength(EMAIL_MAX)],
        description=_l("Hertil sender vi besked om forslag og aftaler."),
        render_kw={"autocomplete": "email"},
    )


class InviteForm(AppForm):
    name = StringField(_l("Kollegaens navn"), validators=[DataRequired(REQUIRED), MaxLength(200)])
    email = EmailField(
        _l("Kollegaens e-mail"),
        validators=[DataRequired(REQUIRED), Email(VALID_EMAIL), MaxLength(EMAIL_MAX)],
    )


class AnswerForm(AppForm):
    reason = TextAreaField(
        _l("Hvorfor? (kan være tom)"),
        validators=[Optional(), MaxLength(1000)],
        description=_l("Jobkonsulenten kan læse det."),
    )
    accept = SubmitField(_l("Ja, vi vil gerne"))
    decline = SubmitField(_l("Nej tak"))


class EmployerViewForm(AppForm):
    """The company's own words on one follow-up (one form per follow-up, told apart by prefix)."""

    view = TextAreaField(
        _l("Jeres vurdering"),
        # Whether it may be empty is the core's to say; the form only keeps it readable.
        validators=[Optional(), MaxLength(4000)],
        description=_l("Hvordan går det set fra jeres side? Jobkonsulenten kan læse det."),
    )

    @classmethod
    def for_followup(cls, followup, **kwargs) -> EmployerViewForm:
        return cls(prefix=f"followup-{followup.id}", **kwargs)


class RepresentativeForm(AppForm):
    """A wage subsidy's employee representative (tillidsrepræsentant), or that there is none.
    Name and e-mail are needed unless "none" is ticked: the core says so by the fields."""

    name = StringField(_l("Tillidsrepræsentantens navn"), validators=[Optional(), MaxLength(200)])
    email = EmailField(
        _l("Tillidsrepræsentantens e-mail"),
        validators=[Optional(), Email(VALID_EMAIL), MaxLength(EMAIL_MAX)],
        description=_l("Hertil sender vi et link, så tillidsrepræsentanten kan godkende aftalen."),
    )
    none = BooleanField(_l("Vi har ingen tillidsrepræsentant"))
