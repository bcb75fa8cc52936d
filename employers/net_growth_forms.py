"""The company's net growth declaration on a wage subsidy (erklæring om merbeskæftigelse)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from placement.models import Placement
from placement.placements import net_growth
from placement.placements.net_growth_declaration import Figures, Prefill
from placement.placements.net_growth_prefill import sign
from placement.web.form_messages import AppForm
from placement.web.forms import MaxLength, WholeNumberField

# A number as a Dane or a keyboard writes it, "9,5" or "9.5"; a sign is read too, so that
# "-2" is told it must be 0 or more rather than that it is no number.
_NUMBER = re.compile(r"^\s*(-?\d{1,9})(?:[.,](\d{1,6}))?\s*$")


def parse_average(text: str | None) -> Decimal | None:
    """ "9,5" -> Decimal("9.5"); None for nothing typed; ValueError for what is no number."""
    if not (text or "").strip():
        return None
    found = _NUMBER.match(text or "")
    if found is None:
        raise ValueError(text)
    whole, decimals = found.groups()
    return Decimal(f"{whole}.{decimals}" if decimals else whole)


def _readable(form, field) -> None:
    try:
        parse_average(field.data)
    except ValueError:
        raise ValidationError(_l("Skriv et tal, fx 9 eller 9,5.")) from None


def average_text(tenths: int | None) -> str:
    if tenths is None:
        return ""
    return f"{Decimal(tenths) / 10:.1f}".replace(".", ",")


class NetGrowthForm(AppForm):
    """The rules (placement/placements/net_growth_declaration.py) say what is missing or
    wrong, by the field; the form only reads what was typed."""

    # Any value reads: one that is no choice is "not chosen", which the rules say in words.
    month = SelectField(
        _l("Måned"),
        validate_choice=False,
        description=_l("Den seneste hele måned før ansættelsen, som tallene gælder for."),
    )
    employees_last_month = WholeNumberField(
        _l("Almindelige ansatte i måneden"),
        validators=[Optional()],
        description=_l("Ansatte på almindelige vilkår. Tæl ikke ansatte med løntilskud med."),
        invalid_value_message=_l("Skriv et helt tal."),
    )
    average_12_months = StringField(
        _l("Gennemsnit for de 12 måneder før"),
        validators=[Optional(), MaxLength(20), _readable],
        description=_l('Gennemsnittet af almindelige ansatte. Højst én decimal, fx "9,5".'),
        render_kw={"inputmode": "decimal"},
    )
    # The CVR register's figures, signed, when the form was filled in from them.
    prefill = HiddenField()

    def offer_months(self, placement: Placement, today: date) -> NetGrowthForm:
        months = net_growth.months_offered(today)
        declared = placement.net_growth
        if declared is not None and declared.month not in months:
            months.append(declared.month)
        self.month.choices = [(m.strftime("%Y-%m"), net_growth.month_name(m)) for m in months]
        return self

    def figures(self) -> Figures:
        try:
            average = parse_average(self.average_12_months.data)
        except ValueError:
            average = None
        return Figures(
            month=_month(self.month.data),
            employees_last_month=self.employees_last_month.data,
            average=average,
        )

    @classmethod
    def of(cls, placement: Placement, today: date, prefill: Prefill | None) -> NetGrowthForm:
        """As stored; with nothing stored, from the register (if it had the month), else empty."""
        declared = placement.net_growth
        if declared is not None:
            data = {
                "month": declared.month.strftime("%Y-%m"),
                "employees_last_month": declared.employees_last_month,
                "average_12_months": average_text(declared.average_tenths),
            }
        elif prefill is not None:
            data = {
                "month": prefill.month.strftime("%Y-%m"),
                "employees_last_month": prefill.employees,
                "average_12_months": average_text(
                    None if prefill.average is None else int(prefill.average * 10)
                ),
                "prefill": sign(prefill),
            }
        else:
            data = {}
        return cls(formdata=None, data=data).offer_months(placement, today)


def _month(value: str | None) -> date | None:
    try:
        return date.fromisoformat(f"{value}-01") if value else None
    except ValueError:
        return None
