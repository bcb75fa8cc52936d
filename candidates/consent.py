"""Det må virksomheder se: the citizen's own choices, and the consultant setting them with them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from candidates.citizen import _me
from candidates.consent_forms import ConsentForm, ConsultantConsentForm
from placement.accounts.security import roles_required
from placement.common.access import candidates_with_data_for, get_or_404
from placement.extensions import db
from placement.models import Candidate, Role
from placement.privacy import consent
from placement.privacy.audit import AuditAction, AuditSubject, record
from placement.privacy.sharing import shared_profile
from placement.web.edit_forms import give_back
from placement.web.edit_versions import EditConflict
from placement.web.forms import attach_problems

bp = Blueprint("consent", __name__)


def _save(candidate: Candidate, form: ConsentForm) -> ConsentForm | None:
    """Save the choices as posted; None when saved (and committed), else the form to show
    again: with its errors, or after a conflict with what the other party saved meanwhile."""
    if not form.validate_on_submit():
        return form
    try:
        changed = consent.set_choices(
            candidate,
            form.wanted(),
            current_user,
            seen=form.seen(),
            with_citizen=form.with_citizen_ticked(),
        )
    except EditConflict as conflict:
        db.session.rollback()
        return give_back(form, type(form).of(candidate), candidate, conflict)
    except consent.ConsentRefused as error:
        db.session.rollback()
        attach_problems(form, error.problems)
        return form
    if changed:
        record(AuditAction.CHANGE, AuditSubject.PROFILE, candidate)
    db.session.commit()
    flash(_("Valgene er gemt.") if changed else _("Der var ingen ændringer at gemme."), "success")
    return None


def _history(candidate: Candidate):
    return db.session.scalars(consent.history_of(candidate)).all()


@bp.route("/mine-oplysninger/deling", methods=["GET", "POST"])
@roles_required(Role.CITIZEN)
def mine():
    candidate = _me()
    form: ConsentForm | None
    if request.method == "GET":
        form = ConsentForm.of(candidate)
    else:
        form = _save(candidate, ConsentForm())
        if form is None:
            return redirect(url_for("consent.mine"))
    record(AuditAction.VIEW, AuditSubject.PROFILE, candidate)
    # The very profile each company's page shows (employers/views.py), so the two never differ.
    previews = [
        (preview, shared_profile(preview.placement)) for preview in consent.previews(candidate)
    ]
    return render_template(
        "candidates/my_sharing.html", form=form, previews=previews, history=_history(candidate)
    )


@bp.route("/borgere/<int:candidate_id>/deling", methods=["GET", "POST"])
@roles_required(Role.CONSULTANT)
def for_consultant(candidate_id: int):
    candidate = get_or_404(candidates_with_data_for(current_user), Candidate, candidate_id)
    form: ConsentForm | None
    if request.method == "GET":
        form = ConsultantConsentForm.of(candidate)
    else:
        form = _save(candidate, ConsultantConsentForm())
        if form is None:
            return redirect(url_for("consent.for_consultant", candidate_id=candidate.id))
    record(AuditAction.VIEW, AuditSubject.PROFILE, candidate)
    return render_template(
        "candidates/sharing.html", candidate=candidate, form=form, history=_history(candidate)
    )
