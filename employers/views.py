"""Employer pages."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from placement.access import employers_for, openings_for, placements_for
from placement.extensions import db
from placement.models import Opening, Placement, PlacementStatus, Role
from placement.security import roles_required

bp = Blueprint("employers", __name__, url_prefix="/virksomhed")


@bp.route("/")
@roles_required(Role.EMPLOYER)
def home():
    company = db.session.scalar(employers_for(current_user))
    openings = db.session.scalars(
        openings_for(current_user).order_by(Opening.status, Opening.title)
    ).all()
    waiting = db.session.scalars(
        placements_for(current_user)
        .where(Placement.status == PlacementStatus.PROPOSED)
        .order_by(Placement.created_at)
    ).all()
    return render_template(
        "employers/home.html", company=company, openings=openings, waiting=waiting
    )




@bp.route("/tilmeld", methods=["GET", "POST"])
def register():
    return render_template("employers/register.html")
