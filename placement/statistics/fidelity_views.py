"""The IPS fidelity page: the whole scale for a team and period, and the reviewer's form."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from placement.accounts.security import roles_required
from placement.common import clock
from placement.extensions import db
from placement.fidelity import reviews, scale
from placement.fidelity.items import consultants_of
from placement.fidelity.report import build
from placement.models import Municipality, Role, User
from placement.statistics.fidelity_forms import (
    PeriodForm,
    entries,
    parse_shown,
    review_form,
    shown_json,
)
from placement.web.actions import attempt

bp = Blueprint("fidelity", __name__, url_prefix="/statistik/ips-fidelitet")


def _municipality_id() -> int:
    if current_user.municipality_id is None:
        abort(403)  # no municipality: nothing is theirs to see
    return current_user.municipality_id


def _page(period_form: PeriodForm, form=None):
    municipality_id = _municipality_id()
    manager = current_user.role == Role.MANAGER
    period = period_form.period()
    report = None
    if period is not None:
        chosen: User | None = current_user if not manager else None
        chosen_id = period_form.chosen_consultant()
        if chosen_id is not None:
            chosen = db.session.get(User, chosen_id)  # one of the choices, so of this team
        report = build(municipality_id, period[0], period[1], chosen, every_consultant=manager)
        if manager and form is None:
            stored = reviews.reviews_for(municipality_id, *period)
            form = review_form(stored)
            form.date_from.data, form.date_to.data = period[0].isoformat(), period[1].isoformat()
    return render_template(
        "statistics/fidelity.html",
        period_form=period_form,
        report=report,
        form=form,
        manager=manager,
        scale=scale,
        place=db.session.get_one(Municipality, municipality_id).name,
        cell=_cell,
    )


def _cell(value) -> str:
    if isinstance(value, date):
        return format_date(value, "short")
    return str(value)


@bp.route("")
@roles_required(Role.MANAGER, Role.CONSULTANT)
def index():
    municipality_id = _municipality_id()
    consultants = (
        list(consultants_of(municipality_id)) if current_user.role == Role.MANAGER else None
    )
    return _page(PeriodForm(consultants, clock.today()))


def _day(text: str | None) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        abort(400)


@bp.route("/vurdering", methods=["POST"])
@roles_required(Role.MANAGER)
def save_reviews():
    municipality_id = _municipality_id()
    date_from, date_to = _day(request.form.get("date_from")), _day(request.form.get("date_to"))
    if date_to < date_from:
        abort(400)
    stored = reviews.reviews_for(municipality_id, date_from, date_to)
    form = review_form(stored, formdata=request.form)
    back = url_for("fidelity.index", fra=date_from.isoformat(), til=date_to.isoformat())
    if form.validate_on_submit():
        shown = parse_shown(form.shown.data)
        if shown is None:
            shown = {key: reviews.stored_value(row) for key, row in stored.items()}
        with attempt(form) as outcome:
            n = reviews.save_reviews(
                current_user, municipality_id, date_from, date_to, entries(form), shown
            )
            outcome.done(
                ngettext("%(num)d punkt er gemt.", "%(num)d punkter er gemt.", n)
                if n
                else _("Der var ingen ændringer at gemme.")
            )
        if not outcome.refused:
            return redirect(back + "#vurdering")
        # What is stored now is what the form shows it was: one more press saves.
        db.session.expire_all()
        form.shown.data = shown_json(reviews.reviews_for(municipality_id, date_from, date_to))
    request_args = {"fra": date_from.isoformat(), "til": date_to.isoformat()}
    period_form = _period_form_for(municipality_id, request_args)
    return _page(period_form, form), 422


def _period_form_for(municipality_id: int, args: dict) -> PeriodForm:
    return PeriodForm(
        list(consultants_of(municipality_id)), clock.today(), formdata=MultiDict(args)
    )
