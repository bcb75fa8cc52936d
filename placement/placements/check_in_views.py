"""The citizen's check-in page, opened from the weekly mail's link without signing in: the
company's name, the question and five buttons. Nothing else about the citizen is shown."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from placement.common.policy import SECRET_LIMITS
from placement.placements import check_in_links, check_ins
from placement.placements.check_in_forms import CheckInForm
from placement.web import rate_limits
from placement.web.actions import attempt

bp = Blueprint("check_in", __name__, url_prefix="/hvordan-gaar-det")


def _link_target() -> str:
    assert request.view_args is not None
    return f"check-in:{request.view_args['token']}"


def _refused_page(message: str):
    flash(message, "error")
    return render_template("placements/check_in.html", asked=None)


@bp.route("/<token>", methods=["GET", "POST"])
@rate_limits.secret(
    "Check-in link",
    SECRET_LIMITS,
    rate_limits.Target("check_in", _link_target),
    _refused_page,
    methods=("GET", "POST"),
)
def answer(token: str):
    try:
        asked = check_ins.asked(token)
    except check_ins.CheckInRefused as refusal:
        try:
            check_in_links.read(token)
        except check_in_links.LinkInvalid:
            rate_limits.counts()  # a made-up link counts; an expired one is the citizen's own
        except check_in_links.LinkExpired:
            pass
        return render_template("placements/check_in.html", asked=None, problem=str(refusal)), 404
    form = CheckInForm()
    if request.method == "POST" and asked.open and form.validate_on_submit():
        score = request.form.get("score", "")
        with attempt(form, field="words") as outcome:
            check_ins.answer(token, int(score) if score.isdigit() else 0, form.words.data or "")
            outcome.done(_("Tak for dit svar. Din jobkonsulent kan se det."))
        if not outcome.refused:
            return redirect(url_for("check_in.answer", token=token))
    elif request.method == "GET" and asked.answer is not None:
        form.words.data = asked.answer.words
    return render_template(
        "placements/check_in.html",
        asked=asked,
        form=form,
        scores=[(score, check_ins.SCORE_LABELS[score]) for score in check_ins.SCORES],
    )
