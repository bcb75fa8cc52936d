"""Forms of the IPS fidelity page: the period (a GET form) and the reviewer's scores."""

from __future__ import annotations

import json
from datetime import date

from dateutil.relativedelta import relativedelta
from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import Optional as OptionalValue

from placement.common.policy import IPS_FIDELITY_DEFAULT_MONTHS
from placement.fidelity.reviews import Entry
from placement.fidelity.scale import REVIEWED
from placement.models import FidelityReview, User
from placement.models.types import text_limit
from placement.web.form_messages import AppForm
from placement.web.forms import (
    VALID_CHOICE,
    MaxLength,
    TextAreaField,
    check_period,
    search_date_field,
)

MAX_YEARS = 5


def default_period(today: date) -> tuple[date, date]:
    return today - relativedelta(months=IPS_FIDELITY_DEFAULT_MONTHS) + relativedelta(days=1), today


class PeriodForm(AppForm):
    # A GET form: it changes nothing, and its address can be bookmarked.
    class Meta:
        csrf = False

    date_from = search_date_field(_l("Fra"), "fra")
    date_to = search_date_field(_l("Til"), "til")
    consultant = SelectField(
        _l("Jobkonsulent"), name="konsulent", default="", invalid_choice_message=VALID_CHOICE
    )

    def __init__(self, consultants: list[User] | None, today: date, formdata=None):
        first, last = default_period(today)
        super().__init__(
            formdata=formdata or request.args, data={"date_from": first, "date_to": last}
        )
        self._defaults = (first, last)
        if consultants is None:
            del self.consultant  # a consultant sees their own figures
        else:
            self.consultant.choices = [SelectChoice("", _("Hele teamet"))] + [
                SelectChoice(str(c.id), c.name) for c in consultants
            ]

    def period(self) -> tuple[date, date] | None:
        self.validate()
        first = self.date_from.data or self._defaults[0]
        last = self.date_to.data or self._defaults[1]
        check_period(self.date_from, self.date_to, first, last)
        if not (self.date_from.errors or self.date_to.errors) and first < last - relativedelta(
            years=MAX_YEARS
        ):
            self.date_from.errors.append(_("Perioden kan højst være %(n)d år.", n=MAX_YEARS))
        if any(field.errors for field in self):
            return None
        return first, last

    def chosen_consultant(self) -> int | None:
        if "consultant" not in self or not self.consultant.data:
            return None
        return int(self.consultant.data)


SCORE_CHOICES = [SelectChoice("", _l("Ikke vurderet"))] + [
    SelectChoice(str(n), str(n)) for n in range(1, 6)
]
NOTE_LIMIT = text_limit(FidelityReview.note)


def review_form(stored: dict[str, FidelityReview], formdata=None) -> AppForm:
    """The reviewer's form: a score and a note per item the data cannot answer, the period it
    belongs to, and what the form showed (so an untouched save writes nothing)."""

    class ReviewForm(AppForm):
        date_from = HiddenField()
        date_to = HiddenField()
        shown = HiddenField()

    for item in REVIEWED:
        setattr(
            ReviewForm,
            f"score-{item.key}",
            SelectField(
                _l("Point for punkt %(n)d", n=item.number),
                choices=SCORE_CHOICES,
                default="",
                validators=[OptionalValue()],
                invalid_choice_message=VALID_CHOICE,
            ),
        )
        setattr(
            ReviewForm,
            f"note-{item.key}",
            TextAreaField(
                _l("Note til punkt %(n)d", n=item.number),
                validators=[MaxLength(NOTE_LIMIT)],
                default="",
            ),
        )
    data = {"shown": shown_json(stored)}
    for key, row in stored.items():
        data[f"score-{key}"] = str(row.score) if row.score is not None else ""
        data[f"note-{key}"] = row.note
    return ReviewForm(formdata=formdata, data=data)


def shown_json(stored: dict[str, FidelityReview]) -> str:
    return json.dumps(
        {key: [row.score, row.note] for key, row in sorted(stored.items())}, ensure_ascii=False
    )


def parse_shown(text: str | None) -> dict[str, tuple[int | None, str]] | None:
    """What the form showed; None when missing or unreadable."""
    try:
        values = json.loads(text or "")
    except (ValueError, RecursionError):
        return None
    if not isinstance(values, dict):
        return None
    shown: dict[str, tuple[int | None, str]] = {}
    for key, pair in values.items():
        if (
            isinstance(pair, list)
            and len(pair) == 2
            and (pair[0] is None or isinstance(pair[0], int))
            and isinstance(pair[1], str)
        ):
            shown[key] = (pair[0], pair[1])
    return shown


def entries(form) -> list[Entry]:
    found = []
    for item in REVIEWED:
        score = form[f"score-{item.key}"].data
        found.append(
            Entry(item.key, int(score) if score else None, form[f"note-{item.key}"].data or "")
        )
    return found
