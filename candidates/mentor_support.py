"""The consultant's pages for mentor support (mentorstøtte) on a placement: the grants, a new
one, a change, a removal. Reached from the placement page's "Mentorstøtte" section."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from candidates.mentor_forms import GrantForm, RemoveGrantForm
from placement.accounts.security import roles_required
from placement.common.access import get_or_404, placements_for
from placement.extensions import db
from placement.models import MentorGrant, Placement, Role
from placement.placements import mentor_grants
from placement.privacy.audit import AuditAction, AuditSubject, record
from placement.web import whole_numbers
from placement.web.actions import attempt
from placement.web.edit_forms import give_back
from placement.web.edit_versions import EditConflict
from placement.web.forms import validate_in_one_round

bp = Blueprint("mentor_support", __name__, url_prefix="/forloeb")
# As the placement's other pages for the jobcenter (candidates/placements.py).
JOBCENTER = (Role.CONSULTANT, Role.ADMIN)


def _placement(placement_id: int) -> Placement:
    return get_or_404(placements_for(current_user), Placement, placement_id)


def _grant(placement: Placement, grant_id: int) -> MentorGrant:
    """A grant of this placement, which the person may see; any other id does not exist."""
    grant = next((g for g in placement.mentor_grants if g.id == grant_id), None)
    if grant is None:
        abort(404)
    return grant


def _new_form(placement: Placement) -> GrantForm:
    """An empty grant, its period the placement's when it has no grant yet (the usual case)."""
    form = GrantForm(formdata=None)
    if not placement.mentor_grants:
        form.start_date.data, form.end_date.data = placement.start_date, placement.end_date
    return form


def _page(placement: Placement, form: GrantForm | None = None):
    record(AuditAction.VIEW, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
    return render_template(
        "candidates/mentor_support.html",
        placement=placement,
        form=form or _new_form(placement),
        may_change=mentor_grants.may_change(placement),
        remove_forms={
            grant.id: RemoveGrantForm(formdata=None, data={"edit_version": grant.edit_version})
            for grant in placement.mentor_grants
        },
    )


def _saved(placement: Placement, before: int | None, message: str) -> str:
    """The message, and the new agreement version the change made, if it made one."""
    after = placement.agreement.version if placement.agreement else None
    if after is not None and after != before:
        return (
            message
            + " "
            + _(
                "Der er lavet version %(version)d af aftalen, som skal bekræftes igen.",
                version=after,
            )
        )
    return message


def _version(placement: Placement) -> int | None:
    return placement.agreement.version if placement.agreement else None


def _changed(placement: Placement) -> None:
    record(AuditAction.CHANGE, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)


@bp.route("/<int:placement_id>/mentorstoette", methods=["GET", "POST"])
@roles_required(*JOBCENTER)
def grants(placement_id: int):
    placement = _placement(placement_id)
    if request.method == "GET":
        return _page(placement)
    form = GrantForm()
    # The form's own checks and the rules' in one round: every problem at once.
    if validate_in_one_round(form, lambda: mentor_grants.problems(placement, form.draft())):
        before = _version(placement)
        with attempt(form) as outcome:  # the same grant posted twice: said calmly
            mentor_grants.add(placement, form.draft(), current_user)
            _changed(placement)
            outcome.done(_saved(placement, before, _("Mentorstøtten er gemt.")))
        if not outcome.refused:
            return redirect(url_for("mentor_support.grants", placement_id=placement.id))
    return _page(placement, form)


def _edit_page(placement: Placement, grant: MentorGrant, form: GrantForm | None = None):
    record(AuditAction.VIEW, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
    return render_template(
        "candidates/mentor_grant.html",
        placement=placement,
        grant=grant,
        form=form or GrantForm.of(grant),
        may_change=mentor_grants.may_change(placement),
    )


@bp.route("/<int:placement_id>/mentorstoette/<int:grant_id>", methods=["GET", "POST"])
@roles_required(*JOBCENTER)
def edit(placement_id: int, grant_id: int):
    placement = _placement(placement_id)
    grant = _grant(placement, grant_id)
    if request.method == "GET":
        return _edit_page(placement, grant)
    form = GrantForm()
    if validate_in_one_round(
        form, lambda: mentor_grants.problems(placement, form.draft(), other_than=grant.id)
    ):
        before = _version(placement)
        try:
            with attempt(form) as outcome:
                if mentor_grants.change(
                    placement, grant.id, form.draft(), current_user, seen=form.seen()
                ):
                    _changed(placement)
                    outcome.done(_saved(placement, before, _("Mentorstøtten er ændret.")))
                else:
                    outcome.done(_("Der var ingen ændringer at gemme."))
        except EditConflict as conflict:
            db.session.rollback()
            form = give_back(form, GrantForm.of(grant), grant, conflict)
        else:
            if not outcome.refused:
                return redirect(url_for("mentor_support.grants", placement_id=placement.id))
    return _edit_page(placement, grant, form)


@bp.route("/<int:placement_id>/mentorstoette/<int:grant_id>/fjern", methods=["POST"])
@roles_required(*JOBCENTER)
def remove(placement_id: int, grant_id: int):
    placement = _placement(placement_id)
    form = RemoveGrantForm()
    if form.validate_on_submit():
        before = _version(placement)
        # Gone already (a second click): said calmly. The id is looked for under the
        # placement's lock, so another placement's grant is never reached from here.
        with attempt() as outcome:
            mentor_grants.remove(
                placement, grant_id, current_user, whole_numbers.parse(form.edit_version.data)
            )
            _changed(placement)
            outcome.done(_saved(placement, before, _("Mentorstøtten er fjernet.")))
    return redirect(url_for("mentor_support.grants", placement_id=placement.id))
