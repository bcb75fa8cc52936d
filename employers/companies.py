"""The jobcenter's view of companies: approval, openings, placements, contact log."""
from flask import Blueprint

bp = Blueprint("companies", __name__, url_prefix="/virksomheder")


@bp.route("/")
def index():
    return "companies"
