"""The company's own pages: registration, openings and ratio, colleagues, proposals, follow-ups."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from employers.forms import (
    AnswerForm,
    EmployerViewForm,
    InviteForm,
    RepresentativeForm,
)
from employers.net_growth_forms import NetGrowthForm
from placement.accounts.security import roles_required
from placement.accounts.views import send_reset_link
from placement.agreements import representative, representative_details, versions
from placement.agreements.views import panel
from placement.common import clock
from placement.common.access import employers_for, get_or_404, openings_for, placements_for
from placement.common.policy import SIGNED_IN_MAIL_LIMITS
from placement.companies import hiring, registration
from placement.extensions import db
from placement.followups import plans
from placement.models import (
    FollowUp,
    Opening,
    Party,
    Placement,
    PlacementStatus,
    Role,
)
from placement.notifications import waiting
from placement.notifications.notices import tell_consultant_of_answer
from placement.placements import lifecycle, net_growth, net_growth_declaration, net_growth_prefill
from placement.placements.ratio import ratio_statuses
from placement.privacy.audit import AuditAction, AuditSubject, record
from placement.privacy.sharing import shared_profile
from placement.web import absence_forms, rate_limits
from placement.web.actions import attempt

bp = Blueprint("employers", __name__, url_prefix="/virksomhed")


def _my_company():
    company = db.session.scalar(employers_for(current_user))
    if company is None:
        abort(404)
    return company


@bp.route("/")
@roles_required(Role.EMPLOYER)
def home():
    company = _my_company()
    openings = db.session.scalars(
        openings_for(current_user).order_by(Opening.status, Opening.title)
    ).all()
    running = db.session.scalars(
        placements_for(current_user)
        .where(
            Placement.status.in_(
                (PlacementStatus.ACCEPTED, PlacementStatus.AGREED, PlacementStatus.ACTIVE)
            )
        )
        .order_by(Placement.start_date, Placement.id)
    ).all()
    return render_template(
        "employers/home.html",
        company=company,
        openings=openings,
        running=running,
        to_confirm=versions.awaiting(running, Party.EMPLOYER),
        ratios=ratio_statuses(company),
        # The company sees its own figure beside its headroom (placement/companies/hiring.py).
        hiring=hiring.of(company.id),
        colleagues=sorted(company.users, key=lambda u: u.name),
        waiting=waiting.for_user(current_user),
    )


def _invite_refused(message: str):
    form = InviteForm()  # keeps the name and e-mail typed
    form.form_errors.append(message)
    return render_template("employers/invite.html", form=form)


@bp.route("/kollega", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
@rate_limits.mail(
    "Colleague invitation",
    SIGNED_IN_MAIL_LIMITS,
    rate_limits.typed_email("recipient"),
    _invite_refused,
)
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            colleague = registration.invite_colleague(
                _my_company(), form.name.data, form.email.data
            )
        if not outcome.refused:
            rate_limits.counts()
            sent = send_reset_link(colleague)
            flash(
                _(
                    "%(name)s er inviteret og har fået en mail med et link til at vælge "
                    "adgangskode.",
                    name=colleague.name,
                )
                if sent
                else _(
                    "%(name)s er oprettet, men mailen kunne ikke sendes. Kontakt jobcentret.",
                    name=colleague.name,
                ),
                "success" if sent else "error",
            )
            return redirect(url_for("employers.home"))
    return render_template("employers/invite.html", form=form)


def _proposal_page(
    placement: Placement,
    form: AnswerForm | None = None,
    typed: EmployerViewForm | None = None,
    typed_for: int | None = None,
    absence_form: absence_forms.AbsenceForm | None = None,
    representative_form: RepresentativeForm | None = None,
    net_growth_form: NetGrowthForm | None = None,
):
    """The placement as the company sees it. `typed` is a follow-up view that was refused: it is
    shown again, with its error, in place of that follow-up's empty form."""
    today = clock.today()
    # Dates and titles for all; the company writes on those that have come, and reads back only
    # its own words, never the consultant's notes.
    view_forms = (
        {
            followup.id: typed
            if followup.id == typed_for
            else EmployerViewForm.for_followup(
                followup, formdata=None, data={"view": followup.employer_view}
            )
            for followup in placement.followups
            if followup.done or followup.due_date <= today
        }
        if placement.status in plans.RECORDING_STATES
        else {}
    )
    # The company sees the part of the citizen's profile the citizen shares: a look, recorded.
    record(AuditAction.VIEW, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
    declarable = net_growth_declaration.may_declare(placement)
    if declarable and net_growth_form is None:
        # Nothing stated yet: the CVR register's figures, if it is on and has them.
        prefill = (
            net_growth_prefill.from_register(placement.opening.employer.cvr, today)
            if placement.net_growth is None
            else None
        )
        net_growth_form = NetGrowthForm.of(placement, today, prefill)
    return render_template(
        "employers/proposal.html",
        placement=placement,
        form=form or AnswerForm(formdata=None),
        profile=shared_profile(placement),
        view_forms=view_forms,
        representative_form=representative_form
        or RepresentativeForm(
            formdata=None,
            data={
                "name": placement.staff_representative,
                "email": placement.staff_representative_email,
                "none": placement.no_staff_representative,
            },
        ),
        representative_editable=representative.applies(placement)
        and placement.status in versions.TERMS_STATES,
        net_growth_form=net_growth_form if declarable else None,
        net_growth_status=net_growth.status(placement),
        **panel(placement),
        **absence_forms.section(placement, absence_form, editable=True),
    )


@bp.route("/forslag/<int:placement_id>", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def proposal(placement_id: int):
    placement = get_or_404(placements_for(current_user), Placement, placement_id)
    form = AnswerForm()
    if not (form.validate_on_submit() and (form.accept.data or form.decline.data)):
        return _proposal_page(placement, form)
    yes = bool(form.accept.data)
    with attempt() as outcome:  # the same answer twice: no second message to the consultant
        lifecycle.answer_as_employer(
            placement, yes=yes, by=current_user, reason=form.reason.data or ""
        )
        record(AuditAction.CHANGE, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
        tell_consultant_of_answer(placement, "employer", yes)  # in the same transaction: outbox
        outcome.done(
            _("Tak for svaret. Jobkonsulenten har fået besked.")
            if yes
            else _("Du har sagt nej tak. Jobkonsulenten har fået besked.")
        )
    if outcome.refused:
        return redirect(url_for("employers.proposal", placement_id=placement.id))
    return redirect(url_for("employers.home"))


@bp.route("/forslag/<int:placement_id>/opfoelgning/<int:followup_id>", methods=["POST"])
@roles_required(Role.EMPLOYER)
def followup_view(placement_id: int, followup_id: int):
    placement = get_or_404(placements_for(current_user), Placement, placement_id)
    followup = db.session.scalar(
        select(FollowUp).where(FollowUp.id == followup_id, FollowUp.placement_id == placement.id)
    )
    if followup is None:
        abort(404)
    form = EmployerViewForm.for_followup(followup)
    if form.validate_on_submit():
        with attempt(form, field="view") as outcome:
            changed = plans.add_employer_view(followup, form.view.data, current_user)
            if changed:
                record(
                    AuditAction.CHANGE, AuditSubject.FOLLOWUP, placement.candidate_id, followup.id
                )
            outcome.done(_("Tak. Jeres vurdering er gemt, og jobkonsulenten kan læse den."))
        if not outcome.refused:
            return redirect(
                url_for(
                    "employers.proposal",
                    placement_id=placement.id,
                    _anchor=f"followup-{followup.id}",
                )
            )
    return _proposal_page(placement, typed=form, typed_for=followup.id)


@bp.route("/forslag/<int:placement_id>/fravaer", methods=["POST"])
@roles_required(Role.EMPLOYER)
def register_absence(placement_id: int):
    # Another company's placement: 404.
    placement = get_or_404(placements_for(current_user), Placement, placement_id)
    form = absence_forms.AbsenceForm()
    if absence_forms.register_from(form, placement, current_user):
        return redirect(url_for("employers.proposal", placement_id=placement.id, _anchor="fravaer"))
    return _proposal_page(placement, absence_form=form)


@bp.route("/forslag/<int:placement_id>/fravaer/<day>/fjern", methods=["POST"])
@roles_required(Role.EMPLOYER)
def remove_absence(placement_id: int, day: str):
    placement = get_or_404(placements_for(current_user), Placement, placement_id)
    absence_forms.remove_day(placement, day)
    return redirect(url_for("employers.proposal", placement_id=placement.id, _anchor="fravaer"))


@bp.route("/forslag/<int:placement_id>/tillidsrepraesentant", methods=["POST"])
@roles_required(Role.EMPLOYER)
def staff_representative(placement_id: int):
    placement = get_or_404(placements_for(current_user), Placement, placement_id)
    form = RepresentativeForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            if representative_details.set_representative(
                placement, form.name.data, form.email.data, form.none.data, current_user
            ):
                record(
                    AuditAction.CHANGE, AuditSubject.PLACEMENT, placement.candidate_id, placement.id
                )
                outcome.done(_("Oplysningerne om tillidsrepræsentanten er gemt."))
            else:
                outcome.done(_("Der var ingen ændringer at gemme."))
        if not outcome.refused:
            return redirect(
                url_for("employers.proposal", placement_id=placement.id, _anchor="tillid")
            )
    return _proposal_page(placement, representative_form=form)


@bp.route("/forslag/<int:placement_id>/merbeskaeftigelse", methods=["POST"])
@roles_required(Role.EMPLOYER)
def net_growth_declaration_view(placement_id: int):
    placement = get_or_404(placements_for(current_user), Placement, placement_id)
    form = NetGrowthForm().offer_months(placement, clock.today())
    if form.validate_on_submit():
        with attempt(form) as outcome:
            if net_growth_declaration.declare(
                placement,
                form.figures(),
                current_user,
                prefill=net_growth_prefill.unsign(form.prefill.data),
            ):
                record(
                    AuditAction.CHANGE, AuditSubject.PLACEMENT, placement.candidate_id, placement.id
                )
                outcome.done(_("Erklæringen om merbeskæftigelse er gemt."))
            else:
                outcome.done(_("Der var ingen ændringer at gemme."))
        if not outcome.refused:
            return redirect(
                url_for(
                    "employers.proposal", placement_id=placement.id, _anchor="merbeskaeftigelse"
                )
            )
    return _proposal_page(placement, net_growth_form=form)
