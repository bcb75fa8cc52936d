"""The company's own pages: registration, openings and ratio, colleagues, proposals, follow-ups."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select

from employers.forms import (
    AnswerForm,
    EmployerViewForm,
    InviteForm,
    ProvenRegistrationForm,
    RegistrationForm,
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
from placement.companies import registration
from placement.companies.cvr_register import Outcome
from placement.extensions import db
from placement.followups import plans
from placement.identity import providers, resolve
from placement.identity import views as identity_views
from placement.identity.settings import Audience
from placement.models import (
    EmployerStatus,
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
from placement.web.forms import validate_in_one_round
from placement.web.home import home_url

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
        colleagues=sorted(company.users, key=lambda u: u.name),
        waiting=waiting.for_user(current_user),
    )


def _registration(form: RegistrationForm, cvr: str = "") -> registration.Registration:
    """What was typed, as far as it could be read (a field the form refused may be None)."""
    return registration.Registration(
        name=form.name.data or "",
        cvr=form.cvr.data or "" if form.cvr else cvr,
        p_number=form.p_number.data or "",
        address=form.address.data or "",
        postcode=form.postcode.data or "",
        city=form.city.data or "",
        industry=form.industry.data or "",
        employees=form.employees.data,
        public_sector=bool(form.public_sector.data),
        contact_name=form.contact_name.data or "",
        contact_phone=form.contact_phone.data or "",
        contact_email=form.contact_email.data or "",
        password=form.password.data or "" if form.password else "",
    )


def _fetching(form: RegistrationForm) -> bool:
    """The "Hent oplysninger fra CVR" button was pressed (a post of the whole form)."""
    return registration.register_on() and request.method == "POST" and bool(form.fetch.data)


def _fill_from_register(form: RegistrationForm, cvr: str) -> None:
    """The company's facts from the CVR register into the form; all else stays as typed, and
    a fact the register does not give keeps what was typed."""
    problem = (
        registration.cvr_problem(cvr)
        if cvr.strip()
        else _("Skriv CVR-nummeret, så henter vi resten fra CVR-registret.")
    )
    lookup = None if problem else registration.ask_register(cvr)
    if lookup is not None and lookup.outcome is Outcome.NOT_FOUND:
        problem = registration.cvr_problem(cvr, Outcome.NOT_FOUND)
    problems = [problem] if problem else []
    if problems:
        if form.cvr:
            form.cvr.errors = list(problems)
        else:
            form.form_errors.extend(problems)
        return
    if lookup is None or lookup.facts is None:
        flash(
            _(
                "CVR-registret svarer ikke lige nu, så vi kunne ikke hente oplysningerne. "
                "Skriv dem selv; jobcentret tjekker CVR-nummeret, når de godkender virksomheden."
            ),
            "error",
        )
        return
    facts = lookup.facts
    open_units = [unit for unit in facts.units if unit.active]
    found = {name: getattr(facts, name) for name in _REGISTER_FIELDS}
    if open_units and not (form.p_number.data or "").strip():
        found["p_number"] = open_units[0].p_number
    for name, value in found.items():
        if value is not None:
            form[name].data = value
            form[name].raw_data = [str(value)]
    flash(
        _("Oplysningerne er hentet fra CVR-registret. Tjek dem, og udfyld resten."),
        "success",
    )
    if len(open_units) > 1:
        flash(
            _(
                "CVR-registret kender %(num)d arbejdssteder (P-numre). De bliver oprettet med "
                "virksomheden, så I kan vælge imellem dem, når I slår et opslag op.",
                num=len(open_units),
            ),
            "info",
        )


# What the register fills in on the sign-up form (the rest is the company's to type).
_REGISTER_FIELDS = ("name", "address", "postcode", "city", "industry", "employees")


@bp.route("/tilmeld", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    if not providers.password_allowed(Audience.COMPANIES):
        return identity_views.instead_of_password(Audience.COMPANIES)
    form = RegistrationForm()
    if _fetching(form):
        _fill_from_register(form, form.cvr.data or "")
        return _register_page(form)
    data = _registration(form)
    # The register is asked once, and only when the form is otherwise sent.
    if form.is_submitted():
        lookup = registration.ask_register(data.cvr)
        data.register = lookup.outcome if lookup else None
        if lookup is not None and lookup.facts is not None:
            data.units = lookup.facts.units
    if validate_in_one_round(form, lambda: registration.registration_problems(data)):
        with attempt(form) as outcome:
            user = registration.register(data)
        if not outcome.refused:
            session.clear()
            login_user(user)
            _welcome(user)
            return redirect(url_for("employers.home"))
    return _register_page(form)


def _register_page(form: RegistrationForm, proven_cvr: str | None = None):
    return render_template(
        "employers/register.html",
        form=form,
        proven_cvr=proven_cvr,
        register_on=registration.register_on(),
    )


def _welcome(user) -> None:
    assert user.employer is not None  # the company the registration made
    if user.employer.status is EmployerStatus.APPROVED:
        flash(_("Tak! %(company)s er oprettet og klar.", company=user.employer.name), "success")
    else:
        flash(
            _(
                "Tak! %(company)s er oprettet. Jobcentret godkender virksomheden, og indtil da "
                "kan I forberede opslag som kladder.",
                company=user.employer.name,
            ),
            "success",
        )
    if user.employer.cvr_unchecked:
        flash(
            _(
                "CVR-registret svarede ikke, så vi ved ikke, om CVR-nummeret findes i "
                "registret. Jobcentret tjekker det, når de godkender virksomheden."
            ),
            "info",
        )


@bp.route("/tilmeld/mitid", methods=["GET", "POST"])
def register_proven():
    """The registration a first MitID Erhverv sign-in with an unknown CVR leads to: the CVR
    number stands proven, the rest is typed as usual."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    proven_data = session.get(identity_views.PROVEN_COMPANY)
    if not proven_data:  # not come from a MitID Erhverv sign-in (or the session ended)
        return redirect(url_for("auth.login"))
    proven = resolve.ProvenCompany(**proven_data)
    # What the sign-in told, as a start; on a post, what was typed.
    form = ProvenRegistrationForm(
        data={
            "contact_name": proven.name,
            "contact_email": proven.email,
            "name": proven.company_name,
        }
    )
    if _fetching(form):
        _fill_from_register(form, proven.cvr)
        return _register_page(form, proven.cvr)
    # MitID Erhverv proved the number: the register is not asked whether it exists.
    data = _registration(form, proven.cvr)
    if validate_in_one_round(
        form,
        lambda: [
            problem
            for problem in registration.registration_problems(data)
            if problem[0] != "cvr"  # a CVR taken meanwhile signs in to that company
        ],
    ):
        with attempt(form) as outcome:
            user = resolve.register_company(proven, data)
        if not outcome.refused:
            response = identity_views.sign_in(user, Audience.COMPANIES)  # a fresh session
            _welcome(user)
            return response
    return _register_page(form, proven.cvr)


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
