"""The consultant's view of one placement: parties, state, dates, hours, history, actions."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from candidates.hire_forms import hire_data
from candidates.placement_forms import (
    ActionForm,
    AgreementForm,
    CompleteForm,
    ExtensionForm,
    PlanUnreadable,
)
from placement.accounts import sessions
from placement.accounts.security import roles_required
from placement.agreements import edit, versions, vitas_export
from placement.agreements.views import panel
from placement.citizens.profiles import may_unmask_cpr
from placement.common import clock
from placement.common.access import get_or_404, placements_for
from placement.extensions import db
from placement.models import Outcome, Party, Placement, PlacementStatus, Role
from placement.placements import (
    at_risk,
    check_ins,
    duration_limits,
    hires,
    lifecycle,
    mentor_grants,
    net_growth,
    period_extensions,
)
from placement.privacy.audit import AuditAction, AuditSubject, record
from placement.web import absence_forms, whole_numbers
from placement.web.actions import attempt
from placement.web.edit_forms import give_back
from placement.web.edit_versions import EditConflict
from placement.web.forms import PaperConfirmationForm, attach_problems

bp = Blueprint("placements", __name__, url_prefix="/forloeb")
JOBCENTER = (Role.CONSULTANT, Role.ADMIN)

# URL word -> (what the core does, what the consultant is told). The core decides if it may.
ACTIONS = {
    "aftal": (
        lambda p, form: lifecycle.agree(p, current_user, note=form.note.data or ""),
        "agree",
        _l("Forløbet er aftalt."),
    ),
    "start": (
        lambda p, form: lifecycle.start(p, current_user, note=form.note.data or ""),
        "start",
        _l("Forløbet er i gang."),
    ),
    "evaluering": (
        lambda p, form: lifecycle.end_for_evaluation(p, current_user, note=form.note.data or ""),
        "end_for_evaluation",
        _l("Forløbet afventer evaluering."),
    ),
    "afslut": (
        lambda p, form: _complete(p, form),
        "complete",
        _l("Forløbet er afsluttet."),
    ),
    "afbryd": (
        lambda p, form: lifecycle.end_early(p, current_user, form.note.data or ""),
        "end_early",
        _l("Forløbet er afbrudt før tid."),
    ),
    "annuller": (
        lambda p, form: lifecycle.cancel(p, current_user, form.note.data or ""),
        "cancel",
        _l("Forløbet er annulleret."),
    ),
}


def _complete(placement: Placement, form: CompleteForm) -> None:
    """Completed, with its outcome and, when that is work, who hired (one transaction)."""
    outcome = _outcome_of(form)
    lifecycle.complete(placement, current_user, outcome, note=form.note.data or "")
    hires.record(placement, outcome, form.hire())


def _outcome_of(form: ActionForm) -> Outcome | None:
    return Outcome(form.outcome.data) if form.outcome.data else None


def _placement(placement_id: int) -> Placement:
    return get_or_404(placements_for(current_user), Placement, placement_id)


def _page(
    placement: Placement,
    agreement_form=None,
    action_forms=None,
    paper_form=None,
    status=200,
    absence_form=None,
):
    """The page; a refused save or action shows it again with what was typed in its forms."""
    actions = lifecycle.allowed_actions(placement)
    # A look at the placement, also when a refused change shows the page again.
    record(AuditAction.VIEW, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
    buttons = [word for word, (_do, name, _done) in ACTIONS.items() if name in actions]
    action_forms = action_forms or {}
    return render_template(
        "candidates/placement.html",
        placement=placement,
        actions=actions,
        agreement_form=agreement_form or AgreementForm.of(placement),
        buttons=buttons,
        action_forms={
            word: action_forms.get(word) or _action_form(word, placement, formdata=None)
            for word in buttons
        },
        may_extend=period_extensions.may_extend(placement),
        vitas_version=vitas_export.confirmed_version(placement),
        vitas_cpr=may_unmask_cpr(current_user, placement.candidate),
        may_change_mentor_support=mentor_grants.may_change(placement),
        net_growth_status=net_growth.status(placement),
        hired=hires.described(placement),
        # The consultant's view of the signals (placements/at_risk.py) while it runs.
        at_risk_signals=(
            at_risk.of_placement(placement)
            if current_user.role == Role.CONSULTANT and placement.status == PlacementStatus.ACTIVE
            else None
        ),
        check_in_labels=check_ins.SCORE_LABELS,
        **panel(placement, paper_form),
        # The citizen's consultants register absence; an admin only reads it.
        **absence_forms.section(
            placement, absence_form, editable=current_user.role == Role.CONSULTANT
        ),
    ), status


def _action_form(word: str, placement: Placement | None = None, **kwargs) -> ActionForm:
    # The action's fields sit in the agreement's form (a button there carries what was typed
    # in the agreement, see act), so they are prefixed by the action's word to keep apart.
    # That form's csrf_token is the one CSRFProtect checks for every POST before any view.
    if word == "afslut":
        # Shown: the placement's own company after its end, the usual hire (hire_data).
        if placement is not None and kwargs.get("formdata", True) is None:
            kwargs["data"] = hire_data(placement, clock.today())
        return CompleteForm(prefix=word, meta={"csrf": False}, **kwargs)
    return ActionForm(prefix=word, meta={"csrf": False}, **kwargs)


def _changed(placement: Placement) -> None:
    """The audit row of a saved change, joined to the commit that saves it."""
    record(AuditAction.CHANGE, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)


@bp.route("/<int:placement_id>")
@roles_required(*JOBCENTER)
def detail(placement_id: int):
    return _page(_placement(placement_id))


@bp.route("/<int:placement_id>/aftale", methods=["POST"])
@roles_required(*JOBCENTER)
def save_agreement(placement_id: int):
    placement = _placement(placement_id)
    form = AgreementForm()
    if form.validate_on_submit():
        try:
            saved = edit.save_agreement(placement, form.draft(), current_user, seen=form.seen())
        except PlanUnreadable as line:
            db.session.rollback()
            form.hours_plan.errors.append(
                _(
                    'Linjen "%(line)s" skal have en uge og et antal timer, fx "5: 15".',
                    line=str(line),
                )
            )
        except EditConflict as conflict:
            db.session.rollback()
            form = give_back(form, AgreementForm.of(placement), placement, conflict)
        except (lifecycle.TransitionRefused, versions.AgreementRefused) as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            if saved.changed:
                _changed(placement)
            db.session.commit()
            flash(
                _(
                    "Aftalen er gemt. Der er lavet version %(version)d, som skal bekræftes igen.",
                    version=saved.new_version.version,
                )
                if saved.new_version
                else _("Aftalen er gemt."),
                "success",
            )
            return redirect(url_for("placements.detail", placement_id=placement.id))
    return _page(placement, agreement_form=form)


@bp.route("/<int:placement_id>/papir", methods=["POST"])
@roles_required(Role.CONSULTANT)
def record_paper(placement_id: int):
    placement = _placement(placement_id)
    form = PaperConfirmationForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:  # confirmed already: said, and back to the page
            confirmation = versions.record_paper_confirmation(
                placement,
                Party(form.party.data),
                current_user,
                whole_numbers.parse(form.version.data) or 0,
                form.note.data,
            )
            record(
                AuditAction.CHANGE,
                AuditSubject.AGREEMENT,
                placement.candidate_id,
                confirmation.agreement_id,
            )
            outcome.done(_("Bekræftelsen på papir er noteret."))
        if not outcome.refused:
            return redirect(url_for("placements.detail", placement_id=placement.id))
    return _page(placement, paper_form=form)


# What the VITAS export's buttons ask for: (file extension, media type).
VITAS_FORMATS = {
    "csv": ("csv", "text/csv; charset=utf-8"),
    "json": ("json", "application/json; charset=utf-8"),
}


@bp.route("/<int:placement_id>/vitas", methods=["POST"])
@roles_required(Role.CONSULTANT)
@sessions.password_required
def vitas(placement_id: int):
    """The confirmed agreement's fields for VITAS, as a file to copy from.

    The file holds the CPR number (VITAS needs it), so it is asked for like showing the
    number: a POST (no number in an address, a GET cache or the history), after a recent
    password, audited, kept by no cache."""
    placement = get_or_404(
        placements_for(current_user).options(*versions.DOCUMENT_ROWS), Placement, placement_id
    )
    agreement = vitas_export.confirmed_version(placement)
    if agreement is None:
        flash(_("Felterne til VITAS kan hentes, når alle tre har bekræftet aftalen."), "error")
        return redirect(url_for("placements.detail", placement_id=placement.id))
    extension, media_type = VITAS_FORMATS.get(request.form.get("format", ""), VITAS_FORMATS["csv"])
    with_cpr = may_unmask_cpr(current_user, placement.candidate)
    rows = vitas_export.rows_for(placement, agreement, with_cpr=with_cpr)
    # Saved at the request's end (audit.init_app), with the response that hands the file over.
    record(AuditAction.EXPORT, AuditSubject.AGREEMENT, placement.candidate_id, agreement.id)
    if with_cpr:  # whoever looks for who saw the whole number finds this export too
        record(AuditAction.UNMASK, AuditSubject.CPR, placement.candidate_id)
    body = vitas_export.to_json(rows) if extension == "json" else vitas_export.to_csv(rows)
    response = make_response(body)
    response.headers["Content-Type"] = media_type
    name = vitas_export.file_name(placement, agreement, extension)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _extension_page(placement: Placement, form: ExtensionForm | None = None, status=200):
    if form is None:
        form = ExtensionForm(formdata=None)
        form.shown_end.data = placement.end_date.isoformat() if placement.end_date else ""
    record(AuditAction.VIEW, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
    return render_template(
        "candidates/extend.html",
        placement=placement,
        form=form,
        may_extend=period_extensions.may_extend(placement),
        allowed_now=duration_limits.allowed_for_placement(placement),
        allowed_next=duration_limits.allowed_for_placement(
            placement, extensions=len(placement.extensions) + 1
        ),
        weeks=duration_limits.weeks_between(placement.start_date, placement.end_date)
        if placement.start_date and placement.end_date
        else None,
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
        with attempt(form) as outcome:  # a second click: the first one did it, and it is said
            extension = period_extensions.extend(
                placement,
                form.new_end.data,
                form.reason.data,
                current_user,
                shown_end=_shown_end(form),
            )
            _changed(placement)
            assert placement.agreement is not None  # the extension made its new version
            outcome.done(
                _(
                    "Forløbet er forlænget til %(date)s. Der er lavet version %(version)d af "
                    "aftalen, som borgeren, virksomheden og du skal bekræfte.",
                    date=format_date(extension.new_end),
                    version=placement.agreement.version,
                )
            )
        if not outcome.refused:
            return redirect(url_for("placements.detail", placement_id=placement.id))
        # The page shows the end date as it is now; a second press asks from that one.
        form.shown_end.data = placement.end_date.isoformat() if placement.end_date else ""
    return _extension_page(placement, form)


@bp.route("/<int:placement_id>/fravaer", methods=["POST"])
@roles_required(Role.CONSULTANT)
def register_absence(placement_id: int):
    # Another municipality's citizen's placement: 404.
    placement = _placement(placement_id)
    form = absence_forms.AbsenceForm()
    if absence_forms.register_from(form, placement, current_user):
        return redirect(url_for("placements.detail", placement_id=placement.id, _anchor="fravaer"))
    return _page(placement, absence_form=form)


@bp.route("/<int:placement_id>/fravaer/<day>/fjern", methods=["POST"])
@roles_required(Role.CONSULTANT)
def remove_absence(placement_id: int, day: str):
    placement = _placement(placement_id)
    absence_forms.remove_day(placement, day)
    return redirect(url_for("placements.detail", placement_id=placement.id, _anchor="fravaer"))


@bp.route("/<int:placement_id>/<action>", methods=["POST"])
@roles_required(*JOBCENTER)
def act(placement_id: int, action: str):
    if action not in ACTIONS:
        abort(404)
    placement = _placement(placement_id)
    form = _action_form(action)
    typed = AgreementForm()
    unsaved = _unsaved(placement, typed)
    valid = form.validate()
    if valid and isinstance(form, CompleteForm):
        # Who hired, checked before anything is done, so a missing date keeps what was typed.
        found = hires.problems(placement, _outcome_of(form), form.hire())
        attach_problems(form, found)
        valid = not found
    if unsaved or not valid:
        # Nothing is done, and nothing typed is lost: the page again, as it was filled in.
        if unsaved:
            typed.form_errors.append(
                _(
                    "Du har ændret aftalen uden at gemme den (%(fields)s). Gem aftalen først, "
                    "eller fortryd ændringerne. Så kan du trykke på knappen igen.",
                    fields=", ".join(unsaved),
                )
            )
        return _page(placement, agreement_form=typed, action_forms={action: form})
    do, _name, done = ACTIONS[action]
    with attempt() as outcome:  # a second click: the first one did it, and it is said
        do(placement, form)
        _changed(placement)
        outcome.done(done)
    return redirect(url_for("placements.detail", placement_id=placement.id))


def _unsaved(placement: Placement, typed: AgreementForm) -> list[str]:
    """The labels of the agreement's fields typed into but not saved, when an action's button
    in the same form was pressed. A form that does not read (a date half typed) counts as
    changed: it was typed into."""
    if "edit_version" not in request.form:  # no agreement on the page: it cannot be changed
        return []
    typed.validate()
    try:
        changed = edit.typed(placement, typed.draft(), typed.seen())
    except PlanUnreadable:
        changed = ["hours_plan"]
    changed += [name for name, errors in typed.errors.items() if errors and name not in changed]
    # In the order the page shows them.
    return [str(field.label.text) for name, field in typed._fields.items() if name in changed]
