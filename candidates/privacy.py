"""A citizen's data: the JSON copy (consultant or the citizen), and erasure (asked, decided)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from candidates.privacy_forms import DecisionForm, RequestForm
from placement.accounts import sessions
from placement.accounts.security import roles_required
from placement.common.access import candidates_for, candidates_with_data_for, get_or_404
from placement.extensions import db
from placement.models import (
    AuditAction,
    AuditSubject,
    Candidate,
    ErasureRequest,
    ErasureState,
    Role,
)
from placement.privacy import audit, data_export, erasure
from placement.web.actions import attempt

bp = Blueprint("privacy", __name__)
# The profile page shows a request that waits for a manager.
bp.add_app_template_global(erasure.pending_request, "pending_erasure")


def _candidate(candidate_id: int) -> Candidate:
    return get_or_404(candidates_with_data_for(current_user), Candidate, candidate_id)


# --- the JSON copy -------------------------------------------------------------------------------


def _download(candidate: Candidate) -> Response:
    data = data_export.export_citizen(candidate)
    # Saved with the response at the request's end (audit.init_app).
    audit.record(AuditAction.EXPORT, AuditSubject.EXPORT, candidate)
    response = Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    # Neither the name nor the CPR number in the file name: it ends up in download lists.
    response.headers["Content-Disposition"] = (
        f'attachment; filename="borger-{candidate.id}-data.json"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/borgere/<int:candidate_id>/data.json")
@roles_required(Role.CONSULTANT)
@sessions.password_required
def export(candidate_id: int):
    return _download(_candidate(candidate_id))


@bp.route("/mine-oplysninger/data.json")
@roles_required(Role.CITIZEN)
@sessions.password_required
def my_export():
    candidate = db.session.scalar(candidates_for(current_user))
    if candidate is None:  # a citizen login not yet tied to a profile
        abort(404)
    return _download(candidate)


# --- asking for erasure (the consultant) ---------------------------------------------------------


@bp.route("/borgere/<int:candidate_id>/sletning", methods=["GET", "POST"])
@roles_required(Role.CONSULTANT)
def request_erasure(candidate_id: int):
    candidate = _candidate(candidate_id)
    form = RequestForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            erasure.request_erasure(candidate, current_user, form.reason.data)
            outcome.done(_("Anmodningen om sletning er sendt til en leder."))
        if not outcome.refused:
            return redirect(url_for("candidates.profile", candidate_id=candidate.id))
    return render_template(
        "candidates/erasure_request.html",
        candidate=candidate,
        form=form,
        pending=erasure.pending_request(candidate),
    )


# --- deciding (the manager) ----------------------------------------------------------------------


@bp.route("/leder/sletninger")
@roles_required(Role.MANAGER)
def erasure_requests():
    scoped = erasure.requests_for(current_user)
    pending = db.session.scalars(
        scoped.where(ErasureRequest.state == ErasureState.PENDING).order_by(
            ErasureRequest.requested_at, ErasureRequest.id
        )
    ).all()
    decided = db.session.scalars(
        scoped.where(ErasureRequest.state != ErasureState.PENDING)
        .order_by(ErasureRequest.decided_at.desc(), ErasureRequest.id.desc())
        .limit(20)
    ).all()
    return render_template("candidates/erasures.html", pending=pending, decided=decided)


def _request(request_id: int) -> ErasureRequest:
    return get_or_404(erasure.requests_for(current_user), ErasureRequest, request_id)


@bp.route("/leder/sletninger/<int:request_id>")
@roles_required(Role.MANAGER)
def erasure_request(request_id: int):
    return render_template(
        "candidates/erasure_decide.html", erasure_request=_request(request_id), form=DecisionForm()
    )


@bp.route("/leder/sletninger/<int:request_id>", methods=["POST"])
@roles_required(Role.MANAGER)
@sessions.password_required
def decide(request_id: int):
    found = _request(request_id)
    form = DecisionForm()
    choice = request.form.get("decision")
    valid = form.validate_on_submit()
    if valid and choice not in ("approve", "reject"):
        form.form_errors.append(_("Vælg at godkende eller afvise anmodningen."))
    if not valid or form.form_errors:
        return render_template("candidates/erasure_decide.html", erasure_request=found, form=form)
    with attempt() as outcome:
        erasure.decide(found, current_user, approve=choice == "approve", note=form.note.data)
        outcome.done(
            _("Borgerens data er slettet.")
            if choice == "approve"
            else _("Anmodningen er afvist. Borgerens data er ikke slettet.")
        )
    if outcome.refused:
        return redirect(url_for("privacy.erasure_request", request_id=request_id))
    return redirect(url_for("privacy.erasure_requests"))
