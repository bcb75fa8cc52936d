"""Caseload and profile pages for consultants, and the citizen's own portal."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import case

from placement.access import candidates_for, get_or_404, placements_for
from placement.extensions import db
from placement.models import Candidate, Placement, Role
from placement.security import roles_required

bp = Blueprint("candidates", __name__)


@bp.route("/borgere")
@roles_required(Role.CONSULTANT)
def caseload():
    mine_first = case((Candidate.consultant_id == current_user.id, 0), else_=1)
    candidates = db.session.scalars(
        candidates_for(current_user).order_by(mine_first, Candidate.name)
    ).all()
    return render_template("candidates/caseload.html", candidates=candidates)


@bp.route("/borgere/<int:candidate_id>")
@roles_required(Role.CONSULTANT, Role.MANAGER, Role.ADMIN)
def profile(candidate_id: int):
    candidate = get_or_404(candidates_for(current_user), Candidate, candidate_id)
    placements = db.session.scalars(
        placements_for(current_user)
        .where(Placement.candidate_id == candidate.id)
        .order_by(Placement.created_at.desc())
    ).all()
    return render_template("candidates/profile.html", candidate=candidate, placements=placements)


@bp.route("/mine-tilbud")
@roles_required(Role.CITIZEN)
def portal():
    placements = db.session.scalars(
        placements_for(current_user).order_by(Placement.created_at.desc())
    ).all()
    return render_template("candidates/portal.html", placements=placements)
