"""Consultants edit a citizen's profile: facts, needs, goals, sharing, journal, invitation."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from candidates import views as candidate_views
from candidates.profile_forms import (
    ActivateForm,
    CodeForm,
    CprForm,
    GoalForm,
    JournalForm,
    StepForm,
    profile_form,
)
from placement.accounts import sessions
from placement.accounts.security import roles_required
from placement.citizens import goals as goal_service
from placement.citizens import profiles
from placement.common.access import candidates_with_data_for, get_or_404
from placement.common.identifiers import mask_cpr
from placement.common.policy import SECRET_LIMITS, SIGNED_IN_MAIL_LIMITS
from placement.extensions import db
from placement.identity import providers
from placement.identity import views as identity_views
from placement.identity.settings import Audience
from placement.models import AuditAction, AuditSubject, Candidate, Goal, GoalStep, Role
from placement.notifications.mail import send_mail
from placement.privacy import audit
from placement.web import rate_limits
from placement.web.actions import attempt
from placement.web.edit_forms import give_back
from placement.web.edit_versions import EditConflict
from placement.web.forms import attach_problems, validate_in_one_round

bp = Blueprint("profiles", __name__, url_prefix="/borgere")
# The session's copy of the invitation code just made (see invite).
SHOWN_CODE = "invitation_code"


def _candidate(candidate_id: int) -> Candidate:
    return get_or_404(candidates_with_data_for(current_user), Candidate, candidate_id)


# --- the profile form ---------------------------------------------------------------------------


@bp.route("/ny", methods=["GET", "POST"])
@roles_required(Role.CONSULTANT)
def create():
    form = profile_form(new=True) if request.method == "GET" else profile_form()
    if validate_in_one_round(form, lambda: profiles.profile_problems(form.data_for_core()).items()):
        with attempt(form) as outcome:
            candidate = profiles.create_candidate(form.data_for_core(), current_user)
            audit.record(AuditAction.CREATE, AuditSubject.PROFILE, candidate)
            outcome.done(_("Borgeren er oprettet."))
        if not outcome.refused:
            return redirect(url_for("candidates.profile", candidate_id=candidate.id))
    return render_template("candidates/profile_form.html", form=form, candidate=None)


def _edit_page(candidate: Candidate, form=None, cpr_form=None):
    # The form shows the whole profile: a look, also when a refused save shows it again.
    audit.record(AuditAction.VIEW, AuditSubject.PROFILE, candidate)
    return render_template(
        "candidates/profile_form.html",
        candidate=candidate,
        form=form or profile_form(candidate),
        cpr_form=cpr_form or CprForm(formdata=None),
    )


@bp.route("/<int:candidate_id>/ret", methods=["GET", "POST"])
@roles_required(Role.CONSULTANT)
def edit(candidate_id: int):
    candidate = _candidate(candidate_id)
    if request.method == "GET":
        return _edit_page(candidate)
    form = profile_form()
    if validate_in_one_round(
        form, lambda: profiles.profile_problems(form.data_for_core(), candidate).items()
    ):
        try:
            changed = profiles.update_candidate(
                candidate, form.data_for_core(), by=current_user, seen=form.seen()
            )
        except EditConflict as conflict:
            db.session.rollback()
            form = give_back(form, profile_form(candidate), candidate, conflict)
        except profiles.ProfileInvalid as error:
            db.session.rollback()
            attach_problems(form, error.problems)
        else:
            if changed:
                audit.record(AuditAction.CHANGE, AuditSubject.PROFILE, candidate)
            db.session.commit()
            flash(_("Profilen er gemt."), "success")
            return redirect(url_for("candidates.profile", candidate_id=candidate.id))
    return _edit_page(candidate, form=form)


@bp.route("/<int:candidate_id>/cpr", methods=["POST"])
@roles_required(Role.CONSULTANT)
def set_cpr(candidate_id: int):
    candidate = _candidate(candidate_id)
    form = CprForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            profiles.set_cpr(candidate, form.cpr.data)
            audit.record(AuditAction.CHANGE, AuditSubject.CPR, candidate)
            outcome.done(_("CPR-nummeret er gemt."))
        if not outcome.refused:
            return redirect(url_for("candidates.profile", candidate_id=candidate.id))
    # What was typed is not shown again: a CPR number is never rendered.
    form.cpr.data = ""
    form.cpr.raw_data = []
    return _edit_page(candidate, cpr_form=form)


@bp.route("/<int:candidate_id>/cpr/vis", methods=["POST"])
@roles_required(Role.CONSULTANT)
@sessions.password_required
def show_cpr(candidate_id: int):
    """The whole CPR number, to the citizen's own consultant, on a click that is audited.

    Answered with the profile page itself (not a redirect), kept by no cache: the number
    is shown once, in this response only."""
    candidate = _candidate(candidate_id)
    if not profiles.may_unmask_cpr(current_user, candidate):
        abort(403)
    # Saved with the page at the request's end (audit.init_app), unless the page fails.
    audit.record(AuditAction.UNMASK, AuditSubject.CPR, candidate)
    response = make_response(candidate_views.profile_page(candidate, shown_cpr=candidate.cpr))
    response.headers["Cache-Control"] = "no-store"
    return response


# --- goals and small steps ----------------------------------------------------------------------


def _step_form(goal_id: int, formdata=None) -> StepForm:
    # Prefixed per goal: each goal's form has a "title", and ids must be unique on the page.
    kwargs = {} if formdata is None else {"formdata": formdata}
    return StepForm(prefix=f"trin{goal_id}", **kwargs)


def _goals_page(candidate: Candidate, goal_form=None, step_form=None, step_goal_id=None):
    step_forms = {goal.id: _step_form(goal.id, formdata=None) for goal in candidate.goals}
    if step_form is not None:
        step_forms[step_goal_id] = step_form
    audit.record(AuditAction.VIEW, AuditSubject.GOALS, candidate)
    return render_template(
        "candidates/goals.html",
        candidate=candidate,
        goal_form=goal_form or GoalForm(prefix="nytmaal", formdata=None),
        step_forms=step_forms,
        tick_form=FlaskForm(formdata=None),
    )


@bp.route("/<int:candidate_id>/maal")
@roles_required(Role.CONSULTANT)
def goals(candidate_id: int):
    return _goals_page(_candidate(candidate_id))


@bp.route("/<int:candidate_id>/maal", methods=["POST"])
@roles_required(Role.CONSULTANT)
def add_goal(candidate_id: int):
    candidate = _candidate(candidate_id)
    form = GoalForm(prefix="nytmaal")
    if form.validate_on_submit():
        with attempt(form) as outcome:
            goal = goal_service.add_goal(candidate, form.title.data, form.target_date.data)
            audit.record(AuditAction.CREATE, AuditSubject.GOALS, candidate, goal.id)
            outcome.done(_("Målet er gemt."))
        if not outcome.refused:
            return redirect(
                url_for("profiles.goals", candidate_id=candidate.id, _anchor=f"maal-{goal.id}")
            )
    return _goals_page(candidate, goal_form=form)


@bp.route("/<int:candidate_id>/maal/<int:goal_id>/trin", methods=["POST"])
@roles_required(Role.CONSULTANT)
def add_step(candidate_id: int, goal_id: int):
    candidate = _candidate(candidate_id)
    goal = get_or_404(goal_service.goals_of(candidate), Goal, goal_id)
    form = _step_form(goal.id)
    if form.validate_on_submit():
        with attempt(form) as outcome:
            goal_service.add_step(goal, form.title.data)
            audit.record(AuditAction.CREATE, AuditSubject.GOALS, candidate, goal.id)
            outcome.done(_("Trinnet er gemt."))
        if not outcome.refused:
            return redirect(
                url_for("profiles.goals", candidate_id=candidate.id, _anchor=f"maal-{goal.id}")
            )
    return _goals_page(candidate, step_form=form, step_goal_id=goal.id)


@bp.route("/<int:candidate_id>/maal/<int:goal_id>/trin/<int:step_id>/udfoert", methods=["POST"])
@roles_required(Role.CONSULTANT)
def tick_step(candidate_id: int, goal_id: int, step_id: int):
    candidate = _candidate(candidate_id)
    goal = get_or_404(goal_service.goals_of(candidate), Goal, goal_id)
    step = get_or_404(goal_service.steps_of(goal), GoalStep, step_id)
    if FlaskForm().validate_on_submit():
        goal_service.tick_step(step)
        audit.record(AuditAction.CHANGE, AuditSubject.GOALS, candidate, goal.id)
        db.session.commit()
        flash(_("Trinnet er markeret som udført."), "success")
    return redirect(url_for("profiles.goals", candidate_id=candidate.id, _anchor=f"maal-{goal.id}"))


# --- the journal ----------------------------------------------------------------------------------


@bp.route("/<int:candidate_id>/journal", methods=["GET", "POST"])
@roles_required(Role.CONSULTANT)
def journal(candidate_id: int):
    candidate = _candidate(candidate_id)
    form = JournalForm()
    if validate_in_one_round(
        form, lambda: profiles.journal_problems(form.text.data, form.entry_date.data).items()
    ):
        with attempt(form) as outcome:
            entry = profiles.add_journal_entry(
                candidate, current_user, form.text.data, form.entry_date.data
            )
            audit.record(AuditAction.CREATE, AuditSubject.JOURNAL, candidate, entry.id)
            outcome.done(_("Notatet er gemt."))
        if not outcome.refused:
            return redirect(url_for("profiles.journal", candidate_id=candidate.id))
    entries = db.session.scalars(profiles.journal_of(candidate)).all()
    audit.record(AuditAction.VIEW, AuditSubject.JOURNAL, candidate)
    return render_template(
        "candidates/journal.html", candidate=candidate, entries=entries, form=form
    )


# --- inviting the citizen, and the citizen's activation ---------------------------------------


def _candidate_id_in_url() -> int:
    assert request.view_args is not None  # set once the request has matched a view's URL
    return request.view_args["candidate_id"]


def _invite_refused(message: str):
    # The profile page itself would need an audit row, and 4xx pages keep none.
    return render_template(
        "candidates/invite_refused.html",
        message=message,
        candidate=_candidate(_candidate_id_in_url()),
    )


@bp.route("/<int:candidate_id>/inviter", methods=["POST"])
@roles_required(Role.CONSULTANT)
@rate_limits.mail(
    "Citizen invitation",
    SIGNED_IN_MAIL_LIMITS,
    rate_limits.Target("citizen", lambda: str(_candidate_id_in_url())),
    _invite_refused,
)
def invite(candidate_id: int):
    candidate = _candidate(candidate_id)
    if not FlaskForm().validate_on_submit():
        return redirect(url_for("candidates.profile", candidate_id=candidate.id))
    with attempt() as outcome:
        result = profiles.invite_citizen(candidate, current_user)
        # A login to the citizen's data is made (or its code renewed): a change to the profile.
        audit.record(AuditAction.CHANGE, AuditSubject.PROFILE, candidate)
    if outcome.refused:
        return redirect(url_for("candidates.profile", candidate_id=candidate.id))
    mailed = False
    if result.user is not None:
        rate_limits.counts()
        body = render_template(
            "candidates/invitation_mail.txt",
            candidate=candidate,
            code=result.code,
            link=url_for("profiles.activate", _external=True),
            expires_at=result.invitation.expires_at,
        )
        mailed = send_mail(result.user.email, _("Din adgang til Placement"), body)
    # Only a hash of the code is kept, and a code never goes into an address: the page after
    # the redirect reads it from the session, so a reload shows the same code again instead
    # of posting for a new one (which would silently end the code just mailed).
    session[SHOWN_CODE] = {"candidate": candidate.id, "code": result.code, "mailed": bool(mailed)}
    return redirect(url_for("profiles.invitation", candidate_id=candidate.id))


@bp.route("/<int:candidate_id>/kode")
@roles_required(Role.CONSULTANT)
def invitation(candidate_id: int):
    """The code just made, for as long as it still lets the citizen in."""
    candidate = _candidate(candidate_id)
    shown = session.get(SHOWN_CODE) or {}
    invitation = (
        profiles.open_invitation(shown["code"]) if shown.get("candidate") == candidate.id else None
    )
    if invitation is None or invitation.candidate_id != candidate.id:
        if shown.get("candidate") == candidate.id:
            session.pop(SHOWN_CODE)  # used, expired or replaced: nothing to show any more
        flash(
            _("Koden kan ikke vises igen. Lav en ny kode, hvis borgeren ikke er kommet ind."),
            "info",
        )
        return redirect(url_for("candidates.profile", candidate_id=candidate.id))
    response = make_response(
        render_template(
            "candidates/invite.html",
            candidate=candidate,
            code=shown["code"],
            link=url_for("profiles.activate", _external=True),
            expires_at=invitation.expires_at,
            mailed_to=candidate.user.email if shown["mailed"] and candidate.user else None,
        )
    )
    response.headers["Cache-Control"] = "no-store"  # a secret: no copy in the browser's cache
    return response


def _activation_refused(message: str):
    # Always the first step with the code as typed: the second says the code was right.
    code_form = CodeForm()
    code_form.form_errors.append(message)
    return render_template("candidates/activate.html", code_form=code_form, form=None)


@bp.route("/aktiver", methods=["GET", "POST"])
@rate_limits.secret(
    "Invitation code",
    SECRET_LIMITS,
    rate_limits.Target("code", lambda: profiles.normalise_code(request.form.get("code", ""))),
    _activation_refused,
)
def activate():
    if not providers.password_allowed(Audience.CITIZENS):
        # Citizens sign in with MitID; their profile is found by CPR, no code needed.
        return identity_views.instead_of_password(Audience.CITIZENS)
    if request.method == "POST" and "password" in request.form:
        form = ActivateForm()
        if form.validate_on_submit():
            try:
                user = profiles.activate(form.code.data, form.email.data, form.password.data)
            except profiles.ProfileInvalid as error:
                db.session.rollback()
                by_field = dict(error.problems)
                if "code" in by_field:
                    return _wrong_code(by_field["code"])
                attach_problems(form, error.problems)
            else:
                db.session.commit()
                sessions.start(user)
                flash(_("Velkommen. Din adgangskode er gemt, og du er logget ind."), "success")
                return redirect(url_for("candidates.portal"))
        elif profiles.open_invitation(form.code.data or "") is None:
            return _wrong_code(profiles.wrong_code_message())
        return render_template("candidates/activate.html", code_form=None, form=form)
    code_form = CodeForm()
    if code_form.validate_on_submit():
        invitation = profiles.open_invitation(code_form.code.data)
        if invitation is None:
            return _wrong_code(profiles.wrong_code_message())
        # Only now, with the right code, is the registered e-mail offered.
        registered = invitation.candidate.user
        form = ActivateForm(
            formdata=None,
            data={
                "code": profiles.normalise_code(code_form.code.data),
                "email": registered.email if registered else invitation.candidate.email,
            },
        )
        return render_template("candidates/activate.html", code_form=None, form=form)
    return render_template("candidates/activate.html", code_form=code_form, form=None)


def _wrong_code(message: str):
    rate_limits.counts()
    form = CodeForm(formdata=None)
    form.form_errors.append(message)
    return render_template("candidates/activate.html", code_form=form, form=None)


bp.add_app_template_global(profiles.may_unmask_cpr, "may_unmask_cpr")


@bp.app_template_filter("masked_cpr")
def masked_cpr(value: str | None) -> str:
    return mask_cpr(value)
