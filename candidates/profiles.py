"""Consultants edit a citizen's profile: facts, needs, goals, sharing, journal, invitation."""
from flask import Blueprint

bp = Blueprint("profiles", __name__, url_prefix="/borgere")
