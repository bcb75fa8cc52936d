"""The "Fravær" section that the company's and the consultant's placement pages share: its form,
what the template needs, and the two actions (register a period, remove a day).

Each page's blueprint keeps its own addresses and access (the company's users, the citizen's
municipality's consultants); only the handling is one, so both pages say the same.
"""

from __future__ import annotations

from datetime import date

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import DateField, SelectChoice, SelectField
from wtforms.validators import Optional

from placement.common import clock
from placement.models import AbsenceReason, AuditAction, AuditSubject, Placement, User
from placement.placements import absence
from placement.privacy.audit import record
from placement.web.actions import attempt
from placement.web.form_messages import VALID_DATE, AppForm
from placement.web.forms import validate_in_one_round


class AbsenceForm(AppForm):
    """A period and a reason category. Deliberately no text field: why someone was ill is not
    the company's or the app's to write down."""

    # The core says what is missing, by the field (placement/placements/absence.py).
    first_day = DateField(
        _l("Første dag"), validators=[Optional()], invalid_value_message=VALID_DATE
    )
    last_day = DateField(
        _l("Sidste dag"),
        validators=[Optional()],
        invalid_value_message=VALID_DATE,
        description=_l("Tom, hvis det kun er én dag. Weekender og helligdage tælles ikke med."),
    )
    reason = SelectField(
        _l("Årsag"),
        choices=[SelectChoice("", _l("Vælg årsag"))]
        + [SelectChoice(reason.value, reason.label) for reason in AbsenceReason],
    )

    def chosen_reason(self) -> AbsenceReason | None:
        return AbsenceReason(self.reason.data) if self.reason.data else None


def section(placement: Placement, form: AbsenceForm | None = None, *, editable: bool) -> dict:
    """What templates/placements/_absence.html shows: the registered days, and the form when
    this person may register now (a refused form comes back with what was typed)."""
    may = editable and absence.may_register(placement)
    return {
        "absence_days": absence.days_of(placement),
        "absence_form": (form or AbsenceForm(formdata=None)) if may else None,
    }


def register_from(form: AbsenceForm, placement: Placement, by: User) -> bool:
    """Register what the form says. True when done or already so (the page redirects), False
    when refused (the page shows the form again, the problems by their fields)."""
    if not validate_in_one_round(
        form,
        lambda: absence.problems_with(
            placement,
            form.first_day.data,
            form.last_day.data,
            form.chosen_reason(),
            clock.today(),
        ),
    ):
        return False
    with attempt(form) as outcome:  # the same period twice: said calmly, nothing written
        done = absence.register(
            placement, form.first_day.data, form.last_day.data, form.chosen_reason(), by
        )
        record(AuditAction.CHANGE, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
        outcome.done(_said(done))
    return not outcome.refused


def remove_day(placement: Placement, day_text: str) -> None:
    """Remove one registered day (its date in the address); a second click is told calmly."""
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        abort(404)
    with attempt() as outcome:
        absence.remove(placement, day)
        record(AuditAction.CHANGE, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
        outcome.done(_("Fraværsdagen er fjernet."))


def _said(done: absence.Registered) -> str:
    said = []
    if done.added:
        said.append(
            ngettext(
                "%(num)d dag med fravær er registreret.",
                "%(num)d dage med fravær er registreret.",
                done.added,
            )
        )
    if done.changed:
        said.append(
            ngettext(
                "Årsagen er rettet for %(num)d dag.",
                "Årsagen er rettet for %(num)d dage.",
                done.changed,
            )
        )
    return " ".join(said)
