"""The consultant's view of one placement: parties, state, dates, hours, history, actions."""
from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from placement import (
    agreement_versions, duration_limits, edit_fields, hours_plan, lifecycle, period_extensions,
    whole_numbers,
)
from placement.access import get_or_404, placements_for
from placement.audit import AuditAction, AuditSubject, record
from placement.edit_forms import give_back
from placement.edit_versions import EditConflict
from placement.extensions import db
from placement.forms import PaperConfirmationForm
from placement.models import Outcome, Party, Placement, Role
from placement.security import roles_required
from placement.views.agreements import panel

from .placement_forms import (
    ActionForm, AgreementTermsForm, ExtensionForm, HoursPlanForm, PeriodForm,
)

bp = Blueprint("placements", __name__, url_prefix="/forloeb")
JOBCENTER = (Role.CONSULTANT, Role.ADMIN)

# URL word -> (what the core does, what the consultant is told). The core decides if it may.
ACTIONS = {
    "aftal": (lambda p, form: lifecycle.agree(p, current_user, note=form.note.data or ""),
              "agree", _l("Forløbet er aftalt.")),
    "start": (lambda p, form: lifecycle.start(p, current_user, note=form.note.data or ""),
              "start", _l("Forløbet er i gang.")),
    "evaluering": (lambda p, form: lifecycle.end_for_evaluation(p, current_user,
                                                                note=form.note.data or ""),
                   "end_for_evaluation", _l("Forløbet afventer evaluering.")),
    "afslut": (lambda p, form: lifecycle.complete(
        p, current_user, Outcome(form.outcome.data) if form.outcome.data else None,
        note=form.note.data or ""), "complete", _l("Forløbet er afsluttet.")),
    "afbryd": (lambda p, form: lifecycle.end_early(p, current_user, form.note.data or ""),
               "end_early", _l("Forløbet er afbrudt før tid.")),
    "annuller": (lambda p, form: lifecycle.cancel(p, current_user, form.note.data or ""),
                 "cancel", _l("Forløbet er annulleret.")),
}


def _placement(placement_id: int) -> Placement:
    return get_or_404(placements_for(current_user), Placement, placement_id)


def _period_form(placement: Placement) -> PeriodForm:
    return PeriodForm(formdata=None, data={
        "start_date": placement.start_date, "end_date": placement.end_date,
        "hours_per_week": placement.hours_per_week}).stamp(placement, edit_fields.PERIOD)


def _plan_form(placement: Placement) -> HoursPlanForm:
    return HoursPlanForm(formdata=None, data={"plan": "\n".join(
        f"{step.from_week}: {step.hours_per_week}" for step in placement.hours_plan)}
    ).stamp(placement, edit_fields.PLAN)


def _page(placement: Placement, period_form=None, plan_form=None, terms_form=None,
          paper_form=None, status=200):
    period_form = period_form or _period_form(placement)
    plan_form = plan_form or _plan_form(placement)
    actions = lifecycle.allowed_actions(placement)
    # A look at the placement, also when a refused change shows the page again.
    record(AuditAction.VIEW, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
    return render_template(
        "candidates/placement.html", placement=placement, actions=actions,
        period_form=period_form, plan_form=plan_form, action_form=ActionForm(),
        terms_form=terms_form or AgreementTermsForm.of(placement),
        buttons=[word for word, (_do, name, _done) in ACTIONS.items() if name in actions],
        may_extend=period_extensions.may_extend(placement),
        **panel(placement, paper_form),
    ), status


def _changed(placement: Placement) -> None:
    """The audit row of a saved change, joined to the commit that saves it."""
    record(AuditAction.CHANGE, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)


@bp.route("/<int:placement_id>")
@roles_required(*JOBCENTER)
def detail(placement_id: int):
    return _page(_placement(placement_id))


@bp.route("/<int:placement_id>/periode", methods=["POST"])
@roles_required(*JOBCENTER)
def set_period(placement_id: int):
    placement = _placement(placement_id)
    form = PeriodForm()
    if form.validate_on_submit():
        try:
            changed = lifecycle.set_period(placement, form.start_date.data, form.end_date.data,
                                           form.hours_per_week.data, by=current_user,
                                           seen=form.seen())
        except EditConflict as conflict:
            db.session.rollback()
            form = give_back(form, _period_form(placement), placement, conflict)
        except lifecycle.TransitionRefused as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            if changed:
                _changed(placement)
            db.session.commit()
            flash(_("Periode og timer er gemt."), "success")
            return redirect(url_for("placements.detail", placement_id=placement.id))
    return _page(placement, period_form=form)


@bp.route("/<int:placement_id>/aftale", methods=["POST"])
@roles_required(*JOBCENTER)
def set_terms(placement_id: int):
    placement = _placement(placement_id)
    form = AgreementTermsForm()
    if form.validate_on_submit():
        try:
            saved = agreement_versions.set_terms(placement, form.terms(), current_user,
                                                 seen=form.seen())
        except EditConflict as conflict:
            db.session.rollback()
            form = give_back(form, AgreementTermsForm.of(placement), placement, conflict)
        except agreement_versions.AgreementRefused as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            if saved.changed:
                _changed(placement)
            db.session.commit()
            flash(_("Aftalens indhold er gemt. Der er lavet version %(version)d, som skal "
                    "bekræftes igen.", version=saved.new_version.version) if saved.new_version
                  else _("Aftalens indhold er gemt."), "success")
            return redirect(url_for("placements.detail", placement_id=placement.id))
    return _page(placement, terms_form=form)


@bp.route("/<int:placement_id>/papir", methods=["POST"])
@roles_required(Role.CONSULTANT)
def record_paper(placement_id: int):
    placement = _placement(placement_id)
    form = PaperConfirmationForm()
    if form.validate_on_submit():
        try:
            confirmation = agreement_versions.record_paper_confirmation(
                placement, Party(form.party.data), current_user,
                whole_numbers.parse(form.version.data) or 0, form.note.data)
        except agreement_versions.AlreadyConfirmed as done_before:
            db.session.rollback()
            flash(str(done_before), "info")
            return redirect(url_for("placements.detail", placement_id=placement.id))
        except agreement_versions.AgreementRefused as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            record(AuditAction.CHANGE, AuditSubject.AGREEMENT, placement.candidate_id,
                   confirmation.agreement_id)
            db.session.commit()
            flash(_("Bekræftelsen på papir er noteret."), "success")
            return redirect(url_for("placements.detail", placement_id=placement.id))
    return _page(placement, paper_form=form)


def _extension_page(placement: Placement, form: ExtensionForm | None = None, status=200):
    if form is None:
        form = ExtensionForm(formdata=None)
        form.shown_end.data = placement.end_date.isoformat() if placement.end_date else ""
    record(AuditAction.VIEW, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
    return render_template(
        "candidates/extend.html", placement=placement, form=form,
        may_extend=period_extensions.may_extend(placement),
        allowed_now=duration_limits.allowed_for_placement(placement),
        allowed_next=duration_limits.allowed_for_placement(
            placement, extensions=len(placement.extensions) + 1),
        weeks=duration_limits.weeks_between(placement.start_date, placement.end_date)
        if placement.start_date and placement.end_date else None,
    ), status


def _shown_end(form: ExtensionForm):
    try:
        return date.fromisoformat(form.shown_end.data or "")
    except ValueError:
        return None


@bp.route("/<int:placement_id>/forlaeng", methods=["GET", "POST"])
@roles_required(*JOBCENTER)
def extend(placement_id: int):
    """An extension of a running placement: its own page, so the placement page keeps its
    forms; the core decides whether and how far it may be extended."""
    placement = _placement(placement_id)
    if request.method == "GET":
        return _extension_page(placement)
    form = ExtensionForm()
    if form.validate_on_submit():
        try:
            extension = period_extensions.extend(placement, form.new_end.data, form.reason.data,
                                                 current_user, shown_end=_shown_end(form))
        except lifecycle.AlreadyDone as done_before:  # a second click: the first one did it
            db.session.rollback()
            flash(str(done_before), "info")
            return redirect(url_for("placements.detail", placement_id=placement.id))
        except lifecycle.TransitionRefused as error:
            db.session.rollback()
            form.form_errors.append(str(error))
            # The page shows the end date as it is now; a second press asks from that one.
            form.shown_end.data = placement.end_date.isoformat() if placement.end_date else ""
        else:
            _changed(placement)
            db.session.commit()
            flash(_("Forløbet er forlænget til %(date)s. Der er lavet version %(version)d af "
                    "aftalen, som borgeren, virksomheden og du skal bekræfte.",
                    date=format_date(extension.new_end), version=placement.agreement.version),
                  "success")
            return redirect(url_for("placements.detail", placement_id=placement.id))
    return _extension_page(placement, form)


def parse_plan(text: str) -> list[tuple[int, int]]:
    """ "1: 10" per line -> [(1, 10)]; a line that is not two whole numbers raises ValueError."""
    steps = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        numbers = re.findall(r"\d+", line)
        if len(numbers) != 2:
            raise ValueError(line.strip())
        steps.append((int(numbers[0]), int(numbers[1])))
    return steps


@bp.route("/<int:placement_id>/timer", methods=["POST"])
@roles_required(*JOBCENTER)
def set_plan(placement_id: int):
    placement = _placement(placement_id)
    form = HoursPlanForm()
    if form.validate_on_submit():
        try:
            changed = hours_plan.set_hours_plan(placement, parse_plan(form.plan.data),
                                                current_user, seen=form.seen())
        except EditConflict as conflict:
            db.session.rollback()
            form = give_back(form, _plan_form(placement), placement, conflict)
        except ValueError as error:
            db.session.rollback()
            message = (str(error) if isinstance(error, lifecycle.TransitionRefused) else
                       _("Linjen \"%(line)s\" skal have en uge og et antal timer, fx \"5: 15\".",
                         line=str(error)))
            form.plan.errors.append(message)
        else:
            if changed:
                _changed(placement)
            db.session.commit()
            flash(_("Optrapningen er gemt."), "success")
            return redirect(url_for("placements.detail", placement_id=placement.id))
    return _page(placement, plan_form=form)


@bp.route("/<int:placement_id>/<action>", methods=["POST"])
@roles_required(*JOBCENTER)
def act(placement_id: int, action: str):
    if action not in ACTIONS:
        abort(404)
    placement = _placement(placement_id)
    form = ActionForm()
    if not form.validate_on_submit():
        flash(_("Noget i formularen var ikke i orden. Prøv igen."), "error")
        return redirect(url_for("placements.detail", placement_id=placement.id))
    do, _name, done = ACTIONS[action]
    try:
        do(placement, form)
    except lifecycle.AlreadyDone as done_before:  # a second click: the first one did it
        db.session.rollback()
        flash(str(done_before), "info")
    except lifecycle.TransitionRefused as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        _changed(placement)
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("placements.detail", placement_id=placement.id))
