"""The citizen's own pages besides the offers: goals and steps, preferences, interests."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from candidates.citizen_forms import GoalForm, PreferencesForm, StepForm, TickForm
from placement.accounts.security import roles_required
from placement.citizens import goals as goal_service
from placement.citizens import self_service
from placement.common import clock
from placement.common.access import candidates_for, get_or_404
from placement.extensions import db
from placement.models import Candidate, Goal, GoalStep, Role
from placement.placements import check_ins
from placement.placements.check_in_forms import CheckInChoiceForm
from placement.privacy.audit import AuditAction, AuditSubject, record
from placement.web import edit_fields
from placement.web.actions import attempt
from placement.web.edit_forms import give_back
from placement.web.edit_versions import EditConflict
from placement.web.forms import attach_problems, validate_in_one_round

bp = Blueprint("citizen", __name__, url_prefix="/mig")


def _me() -> Candidate:
    """The logged-in citizen's own profile; the URL never names whose it is."""
    candidate = db.session.scalar(candidates_for(current_user))
    if candidate is None:  # a citizen login not yet tied to a profile
        abort(404)
    return candidate


def _goals_page(candidate: Candidate, goal_form=None, step_form=None, step_goal_id=None):
    # The citizen's own looks are recorded like anyone's (the log then tells the whole story of
    # this login, also if someone else used it); "Hvem har set mine oplysninger" shows them as
    # "Dig selv".
    record(AuditAction.VIEW, AuditSubject.GOALS, candidate)
    # The goal form is prefixed: every step form on the page has a "title" field too.
    return render_template(
        "candidates/my_goals.html",
        goals=candidate.goals,
        goal_form=goal_form or GoalForm(prefix="goal"),
        step_form=step_form,
        step_goal_id=step_goal_id,
    )


@bp.route("/maal")
@roles_required(Role.CITIZEN)
def goals():
    return _goals_page(_me())


@bp.route("/maal", methods=["POST"])
@roles_required(Role.CITIZEN)
def add_goal():
    candidate = _me()
    form = GoalForm(prefix="goal")
    if form.validate_on_submit():
        with attempt(form) as outcome:
            goal = goal_service.add_goal(candidate, form.title.data, form.target_date.data)
            record(AuditAction.CREATE, AuditSubject.GOALS, candidate, goal.id)
            outcome.done(_("Dit mål er gemt. Skriv gerne et første lille trin."))
        if not outcome.refused:
            return redirect(url_for("citizen.goals", _anchor=f"maal-{goal.id}"))
    return _goals_page(candidate, goal_form=form)


@bp.route("/maal/<int:goal_id>/trin", methods=["POST"])
@roles_required(Role.CITIZEN)
def add_step(goal_id: int):
    candidate = _me()
    goal = get_or_404(goal_service.goals_of(candidate), Goal, goal_id)
    form = StepForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            goal_service.add_step(goal, form.title.data)
            record(AuditAction.CREATE, AuditSubject.GOALS, candidate, goal.id)
            outcome.done(_("Trinnet er gemt."))
        if not outcome.refused:
            return redirect(url_for("citizen.goals", _anchor=f"maal-{goal.id}"))
    return _goals_page(candidate, step_form=form, step_goal_id=goal.id)


def _my_step(goal_id: int, step_id: int) -> GoalStep:
    goal = get_or_404(goal_service.goals_of(_me()), Goal, goal_id)
    return get_or_404(goal_service.steps_of(goal), GoalStep, step_id)


@bp.route("/maal/<int:goal_id>/trin/<int:step_id>/udfoert", methods=["POST"])
@roles_required(Role.CITIZEN)
def tick(goal_id: int, step_id: int):
    step = _my_step(goal_id, step_id)
    if TickForm().validate_on_submit():
        goal_service.tick_step(step, clock.now())
        record(AuditAction.CHANGE, AuditSubject.GOALS, current_user.candidate_id, goal_id)
        db.session.commit()
        flash(_("Godt gået! »%(step)s« er sat til udført.", step=step.title), "success")
    return redirect(url_for("citizen.goals", _anchor=f"maal-{goal_id}"))


@bp.route("/maal/<int:goal_id>/trin/<int:step_id>/ikke-udfoert", methods=["POST"])
@roles_required(Role.CITIZEN)
def untick(goal_id: int, step_id: int):
    step = _my_step(goal_id, step_id)
    if TickForm().validate_on_submit():
        goal_service.untick_step(step)
        record(AuditAction.CHANGE, AuditSubject.GOALS, current_user.candidate_id, goal_id)
        db.session.commit()
        flash(_("Fluebenet ved »%(step)s« er fjernet.", step=step.title), "success")
    return redirect(url_for("citizen.goals", _anchor=f"maal-{goal_id}"))


def _wishes(candidate: Candidate) -> dict:
    return {
        "max_hours": candidate.max_hours,
        "kinds": candidate.kinds_wanted,
        "postcodes": ", ".join(place.postcode for place in candidate.places),
    }


def _wishes_form(candidate: Candidate) -> PreferencesForm:
    """The wishes as stored, and what the form shows of them (the profile form shows them
    too, so a consultant may change them while the citizen writes)."""
    return PreferencesForm(formdata=None, data=_wishes(candidate)).stamp(
        candidate, edit_fields.WISHES
    )


@bp.route("/oensker", methods=["GET", "POST"])
@roles_required(Role.CITIZEN)
def preferences():
    candidate = _me()
    form = (
        PreferencesForm(data=_wishes(candidate))
        if request.method == "POST"
        else (_wishes_form(candidate))
    )
    if validate_in_one_round(
        form,
        lambda: self_service.preference_problems(
            form.max_hours.data, form.kinds.data or [], form.postcode_list()
        ).items(),
    ):
        try:
            changed = self_service.set_preferences(
                candidate,
                form.max_hours.data,
                form.kinds.data or [],
                form.postcode_list(),
                by=current_user,
                seen=form.seen(),
            )
        except EditConflict as conflict:
            db.session.rollback()
            form = give_back(form, _wishes_form(candidate), candidate, conflict)
        except self_service.SelfServiceRefused as error:
            attach_problems(form, error.problems)
        else:
            if changed:
                record(AuditAction.CHANGE, AuditSubject.PROFILE, candidate)
            db.session.commit()
            flash(_("Dine ønsker er gemt."), "success")
            return redirect(url_for("citizen.preferences"))
    record(AuditAction.VIEW, AuditSubject.PROFILE, candidate)
    return render_template(
        "candidates/my_preferences.html", form=form, check_in_form=_check_in_form(candidate)
    )


def _check_in_form(candidate: Candidate) -> CheckInChoiceForm:
    return CheckInChoiceForm(formdata=None, data={"wanted": not candidate.check_ins_off})


@bp.route("/oensker/hvordan-gaar-det", methods=["POST"])
@roles_required(Role.CITIZEN)
def check_in_choice():
    """The weekly "Hvordan går det?" mail on or off (placement/placements/check_ins.py)."""
    candidate = _me()
    form = CheckInChoiceForm()
    if form.validate_on_submit():
        wanted = bool(form.wanted.data)
        if check_ins.set_wanted(candidate, wanted):
            record(AuditAction.CHANGE, AuditSubject.PROFILE, candidate)
        db.session.commit()
        flash(
            _("Du får en mail hver uge med spørgsmålet »Hvordan går det?«.")
            if wanted
            else _("Du får ikke længere mails med spørgsmålet »Hvordan går det?«."),
            "success",
        )
    return redirect(url_for("citizen.preferences", _anchor="hvordan-gaar-det"))


@bp.route("/interesse")
@roles_required(Role.CITIZEN)
def interests():
    return render_template(
        "candidates/my_interests.html", marked=self_service.marked_openings(_me())
    )
