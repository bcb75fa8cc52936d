"""Managing openings: create, edit, publish, close, fill, copy (employers, and consultants on a
company's behalf)."""
from flask import Blueprint

bp = Blueprint("openings", __name__, url_prefix="/opslag")
