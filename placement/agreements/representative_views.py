"""The representative's page: one agreement version, read-only, and "Godkend" or "Gør
indsigelse". No account: the link's token is the key, limited like every secret link."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from placement.agreements import representative
from placement.agreements.pdf import KIND_TITLES
from placement.agreements.representative_forms import RepresentativeAnswerForm
from placement.common.policy import SECRET_LIMITS
from placement.models import RepresentativeDecision
from placement.web import rate_limits
from placement.web.actions import attempt

bp = Blueprint("representative", __name__, url_prefix="/tillidsrepraesentant")


def _link_target() -> str:
    # A real link counts against its own answer; a made-up one only against itself.
    assert request.view_args is not None
    token = request.view_args["token"]
    approval = representative.by_token(token)
    return f"approval:{approval.id}" if approval is not None else f"link:{token}"


def _refused_page(message: str):
    flash(message, "error")
    return render_template("agreements/representative.html", approval=None, state="unknown")


@bp.route("/<token>", methods=["GET", "POST"])
@rate_limits.secret(
    "Representative's link",
    SECRET_LIMITS,
    rate_limits.Target("approval", _link_target),
    _refused_page,
    methods=("GET", "POST"),
)
def answer(token: str):
    approval = representative.by_token(token)
    if approval is None:
        rate_limits.counts()
        return render_template(
            "agreements/representative.html", approval=None, state="unknown"
        ), 404
    form = RepresentativeAnswerForm()
    if form.validate_on_submit() and (form.approve.data or form.object.data):
        decision = (
            RepresentativeDecision.APPROVE if form.approve.data else RepresentativeDecision.OBJECT
        )
        with attempt(form, field="reason") as outcome:
            representative.answer(
                token, decision, form.reason.data or "", request.remote_addr or ""
            )
            outcome.done(
                _("Tak. Du har godkendt aftalen.")
                if decision == RepresentativeDecision.APPROVE
                else _("Tak. Din indsigelse er gemt, og jobcentret og virksomheden kan se den.")
            )
        if not outcome.refused:
            return redirect(url_for("representative.answer", token=token))
    if approval.decision is not None:
        state = "answered"
    elif representative.superseded(approval):
        state = "superseded"
    else:
        state = "open"
    content = representative.content_of(approval)
    return render_template(
        "agreements/representative.html",
        approval=approval,
        state=state,
        form=form,
        content=content,
        title=KIND_TITLES.get(content.kind, _("Aftale")),
        kind=representative.kind_words(approval.placement),
    )
