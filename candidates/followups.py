"""The consultant's follow-up page: read one follow-up of a placement and record what it found."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from candidates.followup_forms import FollowUpForm, MeetingForm
from placement.accounts.security import roles_required
from placement.common import clock
from placement.common.access import get_or_404, placements_for
from placement.extensions import db
from placement.followups import meetings, plans
from placement.models import FollowUp, Placement, Role
from placement.placements import hires
from placement.privacy.audit import AuditAction, AuditSubject, record
from placement.web.actions import attempt
from placement.web.forms import validate_in_one_round

bp = Blueprint("followups", __name__, url_prefix="/forloeb")
JOBCENTER = (Role.CONSULTANT, Role.ADMIN)
# Only these steps of a plan ask where the citizen went after the placement.
OUTCOME_KEYS = frozenset({"end_evaluation", "outcome_3m"})


def _followup(placement_id: int, followup_id: int) -> FollowUp:
    """The follow-up, through the placement the person may see; another placement's is 404."""
    placement = get_or_404(placements_for(current_user), Placement, placement_id)
    found = db.session.scalar(
        select(FollowUp).where(FollowUp.id == followup_id, FollowUp.placement_id == placement.id)
    )
    if found is None:
        abort(404)
    return found


def _page(followup: FollowUp, form: FollowUpForm, meeting_form: MeetingForm | None = None):
    record(AuditAction.VIEW, AuditSubject.FOLLOWUP, followup.placement.candidate_id, followup.id)
    return render_template(
        "candidates/followup.html",
        followup=followup,
        placement=followup.placement,
        form=form,
        meeting_form=meeting_form or MeetingForm.of(followup),
        state=plans.state_of(followup, clock.today()),
        with_outcome=followup.key in OUTCOME_KEYS,
        can_record=followup.placement.status in plans.RECORDING_STATES,
    )


def _problems(followup: FollowUp, form: FollowUpForm, with_outcome: bool):
    found = plans.record_problems(followup, form.record(with_outcome))
    if with_outcome:
        found += hires.problems(followup.placement, form.outcome.data, form.hire())
    return found


@bp.route("/<int:placement_id>/opfoelgning/<int:followup_id>", methods=["GET", "POST"])
@roles_required(*JOBCENTER)
def detail(placement_id: int, followup_id: int):
    followup = _followup(placement_id, followup_id)
    form = FollowUpForm()
    if not form.is_submitted():
        return _page(followup, FollowUpForm.of(followup))
    with_outcome = followup.key in OUTCOME_KEYS
    if validate_in_one_round(form, lambda: _problems(followup, form, with_outcome)):
        with attempt(form) as outcome:
            changed = plans.record(followup, form.record(with_outcome), current_user)
            if with_outcome:
                # Who hired goes on the placement; its page's audit row is the follow-up's.
                changed |= hires.record(followup.placement, form.outcome.data, form.hire())
            if changed:
                record(
                    AuditAction.CHANGE,
                    AuditSubject.FOLLOWUP,
                    followup.placement.candidate_id,
                    followup.id,
                )
            outcome.done(_("Opfølgningen er gemt."))
        if not outcome.refused:
            return redirect(url_for("placements.detail", placement_id=placement_id))
    return _page(followup, form)


@bp.route("/<int:placement_id>/opfoelgning/<int:followup_id>/tid-og-sted", methods=["POST"])
@roles_required(*JOBCENTER)
def meeting(placement_id: int, followup_id: int):
    """The meeting's time and place, a form of its own: planning a meeting is not recording
    what it found (that form asks for how it went)."""
    followup = _followup(placement_id, followup_id)
    form = MeetingForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            if meetings.set_meeting(followup, form.meeting_time.data, form.place.data or ""):
                record(
                    AuditAction.CHANGE,
                    AuditSubject.FOLLOWUP,
                    followup.placement.candidate_id,
                    followup.id,
                )
                outcome.done(_("Tid og sted er gemt."))
            else:
                outcome.done(_("Der var ingen ændringer at gemme."))
        if not outcome.refused:
            return redirect(
                url_for("followups.detail", placement_id=placement_id, followup_id=followup_id)
            )
    return _page(followup, FollowUpForm.of(followup), form)
