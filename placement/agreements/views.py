"""Agreement downloads and confirmations, shared by the consultant, the company and the citizen."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from placement.accounts.security import local_path, roles_required
from placement.agreements import representative, versions
from placement.common.access import get_or_404, placements_for
from placement.models import AuditAction, AuditSubject, Placement, Role
from placement.privacy.audit import record
from placement.web import whole_numbers
from placement.web.actions import attempt
from placement.web.forms import ConfirmAgreementForm, PaperConfirmationForm

bp = Blueprint("agreements", __name__, url_prefix="/aftaler")
# The parties of a placement. Managers and admins see figures, not agreements.
PARTIES = (Role.CONSULTANT, Role.EMPLOYER, Role.CITIZEN)


def _placement(placement_id: int) -> Placement:
    return get_or_404(placements_for(current_user), Placement, placement_id)


def _back(form) -> str:
    return local_path(form.next.data) or url_for("home.index")


def _version(form) -> int:
    return whole_numbers.parse(form.version.data) or 0  # 0: no such version, the core refuses


@bp.route("/<int:placement_id>/version-<int:version>.pdf")
@roles_required(*PARTIES)
def download(placement_id: int, version: int):
    placement = get_or_404(
        placements_for(current_user).options(*versions.DOCUMENT_ROWS), Placement, placement_id
    )
    agreement = versions.version_of(placement, version)
    if agreement is None:
        abort(404)
    # Saved at the request's end (audit.init_app), with the response that hands it over.
    record(AuditAction.DOWNLOAD, AuditSubject.AGREEMENT, placement.candidate_id, agreement.id)
    response = make_response(versions.render_pdf(agreement, placement))
    response.headers["Content-Type"] = "application/pdf"
    number = versions.document_number(placement)
    response.headers["Content-Disposition"] = (
        f'inline; filename="aftale-{number}-version-{version}.pdf"'
    )
    # Personal data: no copy in shared caches or the browser's history cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:placement_id>/bekraeft", methods=["POST"])
@roles_required(*PARTIES)
def confirm(placement_id: int):
    placement = _placement(placement_id)
    form = ConfirmAgreementForm()
    if not form.validate_on_submit():
        flash(_("Noget i formularen var ikke i orden. Prøv igen."), "error")
        return redirect(_back(form))
    with attempt() as outcome:  # a second click or tab: confirmed already, and it is said
        confirmation = versions.confirm(placement, current_user, _version(form))
        record(
            AuditAction.CHANGE,
            AuditSubject.AGREEMENT,
            placement.candidate_id,
            confirmation.agreement_id,
        )
        outcome.done(_("Tak. Du har bekræftet aftalen."))
    return redirect(_back(form))


def panel(placement: Placement, paper_form: PaperConfirmationForm | None = None) -> dict:
    """What a page passes to templates/agreements/_agreement.html to show the agreement."""
    current = placement.agreement
    version = current.version if current else ""
    return {
        "confirm_form": ConfirmAgreementForm(
            formdata=None, data={"version": version, "next": request.path}
        ),
        "paper_form": paper_form or PaperConfirmationForm(formdata=None, data={"version": version}),
        "my_party": versions.party_of(current_user),
        "missing": versions.missing_parties(placement),
        "document_number": versions.document_number(placement),
        "representative_status": representative.status(placement),
    }
