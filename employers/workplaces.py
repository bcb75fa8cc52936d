"""A company's workplaces: add and edit (the company's users, and the jobcenter for them)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from employers.workplace_forms import WorkplaceForm, workplace_data
from placement.accounts.security import roles_required
from placement.common.access import employers_for, get_or_404
from placement.companies import workplaces
from placement.extensions import db
from placement.models import Employer, Role, Workplace
from placement.web.actions import attempt
from placement.web.forms import validate_in_one_round

bp = Blueprint("workplaces", __name__, url_prefix="/arbejdssteder")

MANAGERS = (Role.EMPLOYER, Role.CONSULTANT, Role.ADMIN)


def _company() -> Employer:
    """An employer's own company, or ?virksomhed=ID for the jobcenter."""
    company_id = request.args.get("virksomhed", type=int)
    if company_id is None and current_user.role == Role.EMPLOYER:
        company_id = current_user.employer_id
    if company_id is None:
        abort(404)
    return get_or_404(employers_for(current_user), Employer, company_id)


def _workplace(workplace_id: int) -> Workplace:
    workplace = db.session.get(Workplace, workplace_id)
    if workplace is None:
        abort(404)
    # Through the company: a company's user reaches its own workplaces only.
    get_or_404(employers_for(current_user), Employer, workplace.employer_id)
    return workplace


def _back(company: Employer) -> str:
    if current_user.role == Role.EMPLOYER:
        return url_for("employers.home") + "#arbejdssteder"
    return url_for("companies.detail", employer_id=company.id) + "#arbejdssteder"


def _page(form: WorkplaceForm, company: Employer, workplace: Workplace | None = None):
    return render_template(
        "employers/workplace_form.html",
        form=form,
        company=company,
        workplace=workplace,
        back=_back(company),
    )


@bp.route("/ny", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def create():
    company = _company()
    form = WorkplaceForm()
    if validate_in_one_round(
        form, lambda: workplaces.problems_with(workplace_data(form), employer=company)
    ):
        with attempt(form) as outcome:
            workplaces.add_workplace(company, workplace_data(form))
            outcome.done(_("Arbejdsstedet er tilføjet."))
        if not outcome.refused:
            return redirect(_back(company))
    return _page(form, company)


@bp.route("/<int:workplace_id>/ret", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def edit(workplace_id: int):
    workplace = _workplace(workplace_id)
    company = workplace.employer
    if request.method == "GET":
        return _page(WorkplaceForm(obj=workplace), company, workplace)
    form = WorkplaceForm()
    if validate_in_one_round(
        form, lambda: workplaces.problems_with(workplace_data(form), workplace)
    ):
        with attempt(form) as outcome:
            workplaces.update_workplace(workplace, workplace_data(form))
            outcome.done(_("Arbejdsstedet er gemt."))
        if not outcome.refused:
            return redirect(_back(company))
    return _page(form, company, workplace)
