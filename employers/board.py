"""The public board of openings ("Ledige pladser"), open to everyone."""
from flask import Blueprint

bp = Blueprint("board", __name__, url_prefix="/ledige-pladser")


@bp.route("/")
def index():
    return "board"
