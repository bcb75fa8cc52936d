"""Messages to people about what others did, by e-mail (in-app notifications come later).

Each message carries only what the recipient may see, never a CPR number.
"""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _

from .mail import send_mail
from .models import Placement


def tell_consultant_of_answer(placement: Placement, party: str, yes: bool) -> bool:
    """party is "employer" or "citizen": who answered the proposal."""
    consultant = placement.consultant
    if consultant is None or not consultant.active:
        return False
    body = render_template(
        "placement/mail/answer.txt", placement=placement, party=party, yes=yes,
        link=url_for("candidates.profile", candidate_id=placement.candidate_id, _external=True),
    )
    who = (placement.opening.employer.name if party == "employer" else placement.candidate.name)
    return send_mail(consultant.email, _("Svar fra %(who)s", who=who), body)
