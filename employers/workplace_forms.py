"""The workplace form: a company's production unit (P-number, address, employees)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, Regexp

from employers.forms import WHOLE_NUMBER
from placement.companies.workplaces import WorkplaceData
from placement.web.form_messages import AppForm
from placement.web.forms import REQUIRED, MaxLength, WholeNumberField


class WorkplaceForm(AppForm):
    name = StringField(
        _l("Arbejdsstedets navn"),
        validators=[DataRequired(REQUIRED), MaxLength(200)],
        description=_l("Fx Lageret i Bjerringbro."),
    )
    p_number = StringField(
        _l("P-nummer (valgfrit)"),
        validators=[Optional(), MaxLength(14)],
        description=_l("10 cifre. Nummeret på det sted, hvor arbejdet foregår."),
        render_kw={"inputmode": "numeric"},
    )
    address = StringField(
        _l("Adresse"),
        validators=[Optional(), MaxLength(200)],
        render_kw={"autocomplete": "street-address"},
    )
    postcode = StringField(
        _l("Postnummer"),
        validators=[
            Optional(),
            Regexp(r"^\d{4}$", message=_l("Skriv et postnummer med 4 cifre.")),
        ],
        render_kw={"autocomplete": "postal-code", "inputmode": "numeric", "maxlength": 4},
    )
    city = StringField(
        _l("By"),
        validators=[Optional(), MaxLength(100)],
        render_kw={"autocomplete": "address-level2"},
    )
    employees = WholeNumberField(
        _l("Antal almindelige ansatte på arbejdsstedet"),
        validators=[
            InputRequired(REQUIRED),
            NumberRange(min=0, message=_l("Skriv 0 eller flere.")),
        ],
        description=_l(
            "Ansatte på almindelige vilkår her. Det bestemmer, hvor mange arbejdsstedet må "
            "have i praktik eller løntilskud ad gangen."
        ),
        invalid_value_message=WHOLE_NUMBER,
    )


def workplace_data(form: WorkplaceForm) -> WorkplaceData:
    return WorkplaceData(
        name=form.name.data or "",
        p_number=form.p_number.data or "",
        address=form.address.data or "",
        postcode=form.postcode.data or "",
        city=form.city.data or "",
        employees=form.employees.data,
    )
