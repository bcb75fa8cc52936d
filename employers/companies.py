"""The jobcenter's view of companies: approval, openings, placements, contact log."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, func, or_, select

from employers.company_forms import ContactForm
from placement.accounts.security import roles_required
from placement.common.access import employers_for, get_or_404, openings_for, placements_for
from placement.common.identifiers import clean_digits
from placement.common.policy import (
    RATIO_EMPLOYEES_PER_PERSON,
    RATIO_EMPLOYEES_PER_PERSON_ABOVE,
    RATIO_FIRST_TIER_EMPLOYEES,
)
from placement.companies import hiring, register_sync, registration
from placement.extensions import db
from placement.fidelity.contacts import own_caseload
from placement.models import (
    Employer,
    EmployerContact,
    EmployerStatus,
    Opening,
    OpeningStatus,
    Placement,
    Role,
)
from placement.placements.ratio import ratio_statuses
from placement.web.actions import attempt
from placement.web.forms import validate_in_one_round

bp = Blueprint("companies", __name__, url_prefix="/virksomheder")

JOBCENTER = (Role.CONSULTANT, Role.ADMIN)
# Companies waiting for an answer come first: they are the consultant's next task.
STATUS_ORDER = case(
    (Employer.status == EmployerStatus.PENDING, 0),
    (Employer.status == EmployerStatus.APPROVED, 1),
    else_=2,
)


def _filters() -> dict[str, str]:
    """The list's search and status filter, from the query string or a row's form."""
    source = request.form if request.method == "POST" else request.args
    status = source.get("status", "")
    return {
        "q": source.get("q", "").strip()[:200],
        "status": status if status in {s.value for s in EmployerStatus} else "",
    }


@bp.route("/")
@roles_required(*JOBCENTER)
def index():
    filters = _filters()
    query = employers_for(current_user).order_by(STATUS_ORDER, Employer.name, Employer.id)
    if filters["status"]:
        query = query.where(Employer.status == EmployerStatus(filters["status"]))
    if filters["q"]:
        matches = [func.lower(Employer.name).contains(filters["q"].lower(), autoescape=True)]
        digits = clean_digits(filters["q"])
        if digits:
            matches.append(Employer.cvr.contains(digits))
        query = query.where(or_(*matches))
    employers = db.session.scalars(query).all()
    open_counts = dict(
        db.session.execute(
            openings_for(current_user)
            .with_only_columns(Opening.employer_id, func.count(Opening.id))
            .where(Opening.status == OpeningStatus.PUBLISHED)
            .group_by(Opening.employer_id)
        ).all()
    )
    return render_template(
        "employers/companies.html",
        employers=employers,
        filters=filters,
        statuses=list(EmployerStatus),
        open_counts=open_counts,
        ratios={employer.id: ratio_statuses(employer) for employer in employers},
        # All the listed companies' figures in one query.
        hiring={
            company_id: figures.total
            for company_id, figures in hiring.figures(
                employer_ids=[employer.id for employer in employers]
            ).items()
        },
        no_hiring=hiring.Hiring(),
    )


@bp.route("/<int:employer_id>")
@roles_required(*JOBCENTER)
def detail(employer_id: int):
    employer = get_or_404(employers_for(current_user), Employer, employer_id)
    return _detail_page(employer, _contact_form())


def _contact_form() -> ContactForm:
    form = ContactForm()
    form.citizens.choices = [(c.id, c.name) for c in own_caseload(current_user)]
    return form


def _detail_page(employer: Employer, form: ContactForm):
    openings = db.session.scalars(
        openings_for(current_user)
        .where(Opening.employer_id == employer.id)
        .order_by(Opening.created_at.desc(), Opening.id.desc())
    ).all()
    # The company is shared, its placements are not: a consultant sees their own municipality's.
    at_company = select(Opening.id).where(Opening.employer_id == employer.id)
    placements = db.session.scalars(
        placements_for(current_user)
        .where(Placement.opening_id.in_(at_company))
        .order_by(Placement.created_at.desc(), Placement.id.desc())
    ).all()
    # Newest first; on the same day, the last one written first.
    contacts = db.session.scalars(
        select(EmployerContact)
        .where(EmployerContact.employer_id == employer.id)
        .order_by(EmployerContact.contact_date.desc(), EmployerContact.id.desc())
    ).all()
    return render_template(
        "employers/company.html",
        employer=employer,
        openings=openings,
        placements=placements,
        contacts=contacts,
        ratios=ratio_statuses(employer),
        hiring=hiring.of(employer.id),
        register_on=registration.register_on(),
        form=form,
        rule={
            "per": RATIO_EMPLOYEES_PER_PERSON,
            "upto": RATIO_FIRST_TIER_EMPLOYEES,
            "above": RATIO_EMPLOYEES_PER_PERSON_ABOVE,
        },
    )


@bp.route("/<int:employer_id>/godkend", methods=["POST"])
@roles_required(*JOBCENTER)
def approve(employer_id: int):
    return _change_status(
        employer_id, registration.approve, lambda name: _("%(name)s er godkendt.", name=name)
    )


@bp.route("/<int:employer_id>/suspender", methods=["POST"])
@roles_required(*JOBCENTER)
def suspend(employer_id: int):
    return _change_status(
        employer_id, registration.suspend, lambda name: _("%(name)s er suspenderet.", name=name)
    )


def _change_status(employer_id: int, action, done):
    employer = get_or_404(employers_for(current_user), Employer, employer_id)
    with attempt() as outcome:
        action(employer)
        outcome.done(done(employer.name))
    # The buttons sit on the list and on the company page: go back to where they were pressed.
    if request.form.get("from") == "company":
        return redirect(url_for("companies.detail", employer_id=employer.id))
    kept: dict[str, Any] = {k: v for k, v in _filters().items() if v}
    return redirect(url_for("companies.index", **kept))


@bp.route("/<int:employer_id>/cvr", methods=["POST"])
@roles_required(*JOBCENTER)
def refresh_from_register(employer_id: int):
    """Read the company's facts and workplaces from the CVR register now, not at the month's
    sweep (a company that opened a new workplace today)."""
    employer = get_or_404(employers_for(current_user), Employer, employer_id)
    with attempt() as outcome:
        changed = register_sync.refresh_now(employer)
        outcome.done(
            _("Oplysningerne er hentet fra CVR-registret og opdateret.")
            if changed
            else _("CVR-registret er spurgt. Oplysningerne her var allerede de samme.")
        )
    return redirect(url_for("companies.detail", employer_id=employer.id))


@bp.route("/<int:employer_id>/kontakt", methods=["POST"])
@roles_required(*JOBCENTER)
def add_contact(employer_id: int):
    employer = get_or_404(employers_for(current_user), Employer, employer_id)
    form = _contact_form()
    if validate_in_one_round(
        form, lambda: registration.contact_problems(form.contact_date.data, form.note.data)
    ):
        with attempt(form) as outcome:
            registration.record_contact(
                employer,
                current_user,
                form.contact_date.data,
                form.note.data,
                citizen_ids=form.citizens.data or [],
                names_preferences=form.names_preferences.data,
            )
            outcome.done(_("Kontakten er skrevet i loggen."))
        if not outcome.refused:
            return redirect(url_for("companies.detail", employer_id=employer.id) + "#kontakter")
    return _detail_page(employer, form)
