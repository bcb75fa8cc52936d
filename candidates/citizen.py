"""The citizen's own pages besides the offers: goals and steps, preferences, interests."""
from flask import Blueprint

bp = Blueprint("citizen", __name__, url_prefix="/mig")
