"""The consultant's form for mentor support (mentorstøtte) on a placement."""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, SelectChoice, StringField
from wtforms.validators import Optional, ValidationError

from placement.models import MentorGrant, MentorKind, MentorPayer
from placement.placements.mentor_grants import GrantDraft, stored
from placement.web import edit_fields
from placement.web.edit_fields import hours_text
from placement.web.edit_forms import VersionedForm
from placement.web.form_messages import AppForm
from placement.web.forms import MaxLength

VALID_DATE = _l("Skriv en dato som år-måned-dag, fx 2027-01-04.")
# A number as a Dane or a keyboard writes it, "7,5" or "7.5"; a sign is read too, so that
# "-2" is told it must be more than 0 rather than that it is no number.
_HOURS = re.compile(r"^\s*(-?\d{1,4})(?:[.,](\d{1,6}))?\s*$")


def parse_hours(text: str | None) -> Decimal | None:
    """ "7,5" -> Decimal("7.5"); None for nothing typed; ValueError for what is not a number."""
    if not (text or "").strip():
        return None
    found = _HOURS.match(text or "")
    if found is None:
        raise ValueError(text)
    whole, decimals = found.groups()
    return Decimal(f"{whole}.{decimals}" if decimals else whole)


def _readable_hours(form, field) -> None:
    try:
        parse_hours(field.data)
    except ValueError:
        raise ValidationError(_l("Skriv et tal, fx 2 eller 7,5.")) from None


def _choices(enum_class) -> list[SelectChoice]:
    return [SelectChoice(member.value, member.label) for member in enum_class]


class GrantForm(VersionedForm):
    """One grant. The rules (placement/placements/mentor_grants.py) say what is missing or
    wrong, by the field; the form only reads what was typed."""

    mentor_name = StringField(
        _l("Mentorens navn"), validators=[Optional(), MaxLength.of(MentorGrant.mentor_name)]
    )
    mentor_role = StringField(
        _l("Mentorens stilling"),
        validators=[Optional(), MaxLength.of(MentorGrant.mentor_role)],
        description=_l('Fx "Værkfører" eller "Mentor fra Mentorhuset".'),
    )
    # Any value reads (validate_choice=False): one that is no choice is "not chosen", which the
    # rules then say in words, rather than WTForms' own message.
    mentor_kind = RadioField(
        _l("Intern eller ekstern mentor"), choices=_choices(MentorKind), validate_choice=False
    )
    hours = StringField(
        _l("Timer om ugen"),
        validators=[Optional(), MaxLength(12), _readable_hours],
        description=_l('Højst én decimal, fx "2" eller "7,5".'),
        render_kw={"inputmode": "decimal"},
    )
    start_date = DateField(_l("Fra"), validators=[Optional()], invalid_value_message=VALID_DATE)
    end_date = DateField(_l("Til"), validators=[Optional()], invalid_value_message=VALID_DATE)
    paid_by = RadioField(_l("Betales af"), choices=_choices(MentorPayer), validate_choice=False)

    def draft(self) -> GrantDraft:
        try:
            hours = parse_hours(self.hours.data)
        except ValueError:
            hours = None
        return GrantDraft(
            mentor_name=self.mentor_name.data or "",
            mentor_role=self.mentor_role.data or "",
            mentor_kind=_member(MentorKind, self.mentor_kind.data),
            hours=hours,
            start_date=self.start_date.data,
            end_date=self.end_date.data,
            paid_by=_member(MentorPayer, self.paid_by.data),
        )

    @classmethod
    def of(cls, grant: MentorGrant) -> GrantForm:
        shown = stored(grant)
        form = cls(
            formdata=None,
            data={
                "mentor_name": shown.mentor_name,
                "mentor_role": shown.mentor_role,
                "mentor_kind": shown.mentor_kind.value if shown.mentor_kind else None,
                "hours": hours_text(grant.hours_tenths),
                "start_date": shown.start_date,
                "end_date": shown.end_date,
                "paid_by": shown.paid_by.value if shown.paid_by else None,
            },
        )
        return form.stamp(grant, edit_fields.MENTOR_GRANT)


class RemoveGrantForm(AppForm):
    """ "Fjern": the grant's edit_version as the page showed it."""

    edit_version = HiddenField()


def _member(enum_class, value):
    try:
        return enum_class(value) if value else None
    except ValueError:
        return None
