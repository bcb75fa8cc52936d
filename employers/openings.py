"""Managing openings: create, edit, publish, close, fill, copy (employers, and consultants on a
company's behalf)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from employers.opening_forms import OpeningForm, form_data_of, opening_data
from placement.accounts.security import roles_required
from placement.common import clock
from placement.common.access import employers_for, get_or_404, openings_for
from placement.extensions import db
from placement.models import Employer, Opening, OpeningStatus, Role
from placement.openings import openings
from placement.openings.openings import OpeningError, OpeningInvalid
from placement.web import edit_fields
from placement.web.actions import attempt
from placement.web.edit_forms import give_back
from placement.web.edit_versions import EditConflict
from placement.web.forms import attach_error, validate_in_one_round

bp = Blueprint("openings", __name__, url_prefix="/opslag")

MANAGERS = (Role.EMPLOYER, Role.CONSULTANT, Role.ADMIN)


# What the opening's page shows of it besides its own row, read in the same statement (one
# statement each otherwise: the company, the workplace, the adaptations).
SHOWN_WITH = (
    joinedload(Opening.employer),
    joinedload(Opening.workplace),
    joinedload(Opening.adaptations),
)


def _opening(opening_id: int, *options) -> Opening:
    opening = get_or_404(openings_for(current_user).options(*options), Opening, opening_id)
    # Managers (ledere) may read openings elsewhere, but never manage them.
    if not openings.may_manage(current_user, opening):
        abort(404)
    return opening


def _company() -> Employer:
    """The company a new opening is for: an employer's own, or ?virksomhed=ID for the jobcenter."""
    company_id = request.args.get("virksomhed", type=int)
    if company_id is None and current_user.role == Role.EMPLOYER:
        company_id = current_user.employer_id
    if company_id is None:
        abort(404)
    return get_or_404(employers_for(current_user), Employer, company_id)


def _show_problems(form: OpeningForm, problems) -> None:
    for problem in problems:
        attach_error(form, problem.field, problem.message)


def _problems(
    form: OpeningForm, company: Employer, opening: Opening | None = None
) -> list[tuple[str | None, str]]:
    return [
        (p.field, p.message) for p in openings.problems_with(opening_data(form), company, opening)
    ]


def _form_page(form: OpeningForm, company: Employer, opening: Opening | None = None):
    return render_template(
        "employers/opening_form.html", form=form, company=company, opening=opening
    )


@bp.route("/ny", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def create():
    company = _company()
    form = OpeningForm(company=company)
    if validate_in_one_round(form, lambda: _problems(form, company)):
        with attempt(form) as outcome:
            opening = openings.create_opening(company, opening_data(form))
            outcome.done(_("Opslaget er gemt som kladde."))
        if not outcome.refused:
            return redirect(url_for("openings.detail", opening_id=opening.id))
    return _form_page(form, company)


@bp.route("/<int:opening_id>")
@roles_required(*MANAGERS)
def detail(opening_id: int):
    opening = _opening(opening_id, *SHOWN_WITH)
    return render_template(
        "employers/opening.html",
        opening=opening,
        company=opening.employer,
        actions=_actions(opening),
    )


def _actions(opening: Opening) -> set[str]:
    """The buttons that match the opening's state now; the core still decides on each press."""
    actions = {"copy"}
    if opening.status in openings.EDITABLE:
        actions |= {"edit", "close"}
    if opening.status == OpeningStatus.DRAFT:
        actions.add("publish")
    if opening.status == OpeningStatus.PUBLISHED:
        actions.add("fill")
    return actions


def _stored_form(opening: Opening) -> OpeningForm:
    """The opening as stored, and what the form shows of it (edit_versions)."""
    return OpeningForm(
        formdata=None, obj=opening, company=opening.employer, **form_data_of(opening)
    ).stamp(opening, edit_fields.OPENING)


@bp.route("/<int:opening_id>/ret", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def edit(opening_id: int):
    opening = _opening(opening_id)
    if request.method == "GET":
        try:
            openings.ensure_editable(opening)  # refuse before the person types anything
        except OpeningError as error:
            flash(str(error), "error")
            return redirect(url_for("openings.detail", opening_id=opening.id))
        return _form_page(_stored_form(opening), opening.employer, opening)
    form = OpeningForm(company=opening.employer)
    if validate_in_one_round(form, lambda: _problems(form, opening.employer, opening)):
        try:
            openings.update_opening(opening, opening_data(form), by=current_user, seen=form.seen())
        except EditConflict as conflict:
            db.session.rollback()
            form = give_back(form, _stored_form(opening), opening, conflict)
        except OpeningInvalid as error:
            db.session.rollback()
            _show_problems(form, error.problems)
        except OpeningError as error:
            # Closed or filled while this person wrote: the form stays, with what they typed.
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Ændringerne er gemt."), "success")
            return redirect(url_for("openings.detail", opening_id=opening_id))
    return _form_page(form, opening.employer, opening)


def _act(opening_id: int, action, done: str):
    opening = _opening(opening_id)
    with attempt() as outcome:
        action(opening)
        outcome.done(done)
    return redirect(url_for("openings.detail", opening_id=opening_id))


@bp.route("/<int:opening_id>/slaa-op", methods=["POST"])
@roles_required(*MANAGERS)
def publish(opening_id: int):
    return _act(
        opening_id,
        lambda opening: openings.publish(opening, clock.today()),
        _("Opslaget er slået op."),
    )


@bp.route("/<int:opening_id>/luk", methods=["POST"])
@roles_required(*MANAGERS)
def close(opening_id: int):
    return _act(opening_id, openings.close, _("Opslaget er lukket."))


@bp.route("/<int:opening_id>/besat", methods=["POST"])
@roles_required(*MANAGERS)
def fill(opening_id: int):
    return _act(opening_id, openings.mark_filled, _("Opslaget er meldt besat."))


@bp.route("/<int:opening_id>/kopier", methods=["POST"])
@roles_required(*MANAGERS)
def copy(opening_id: int):
    copy = openings.copy_opening(_opening(opening_id))
    db.session.commit()
    flash(_("Kopien er gemt som kladde. Ret datoerne, før du slår den op."), "success")
    return redirect(url_for("openings.edit", opening_id=copy.id))
