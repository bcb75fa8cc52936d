"""Caseload and profile pages for consultants, and the citizen's own portal."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from candidates.forms import OfferAnswerForm
from candidates.profile_forms import CprLookupForm
from placement.accounts.security import local_path, roles_required
from placement.agreements import versions
from placement.agreements.views import panel
from placement.citizens import profiles
from placement.citizens.caseload import caseload_page
from placement.common.access import (
    candidates_for,
    candidates_with_data_for,
    get_or_404,
    openings_for,
    placements_for,
)
from placement.common.identifiers import cpr_in_text
from placement.extensions import db
from placement.followups import plans
from placement.matching.queries import rank_candidates_for, rank_openings_for
from placement.models import (
    Candidate,
    CandidateStatus,
    ConsentItem,
    Opening,
    OpeningInterest,
    Party,
    Placement,
    PlacementStatus,
    Role,
)
from placement.notifications import waiting
from placement.notifications.notices import tell_consultant_of_answer
from placement.placements import at_risk, lifecycle
from placement.privacy.audit import AuditAction, AuditSubject, record
from placement.web import absence_forms
from placement.web.actions import attempt
from placement.web.forms import attach_error, attach_problems
from placement.web.paging import asked_page, page_url

bp = Blueprint("candidates", __name__)


@bp.route("/borgere")
@roles_required(Role.CONSULTANT)
def caseload():
    if cpr_in_text(request.args.get("q", "")):
        # Typed into the address by hand: no name holds it, and the page must not pass it on
        # (in its links, or as the referrer of the next click).
        return redirect(url_for("candidates.caseload"))
    return _caseload_page(CprLookupForm(formdata=None))


def _caseload_page(cpr_form: CprLookupForm, nobody_has_cpr: bool = False):
    search = request.args.get("q", "").strip()[:100]
    asked = request.args.get("status", "")
    status = CandidateStatus(asked) if asked in {s.value for s in CandidateStatus} else None
    needing = request.args.get("mangler_forslag") == "1"
    page = caseload_page(current_user, search, status, needing, asked_page())
    return render_template(
        "candidates/caseload.html",
        candidates=page.items,
        page=page,
        page_url=page_url("candidates.caseload"),
        search=search,
        status=status,
        needing=needing,
        # Translated once for the page, not once per row.
        status_labels={s: str(s.label) for s in CandidateStatus},
        cpr_form=cpr_form,
        nobody_has_cpr=nobody_has_cpr,
        waiting=waiting.for_user(current_user),
        at_risk=at_risk.for_consultant(current_user),
    )


@bp.route("/borgere", methods=["POST"])
@roles_required(Role.CONSULTANT)
def search_caseload():
    """The name search is posted, so that a CPR number typed into it never reaches an address
    or an access log: such a number is looked up as one; any other search becomes the list's
    address, to page through and bookmark."""
    text = request.form.get("q", "").strip()[:100]
    if cpr_in_text(text):
        return _look_up_cpr(CprLookupForm(formdata=None, data={"cpr": cpr_in_text(text)}))
    chosen: dict[str, Any] = {
        "q": text,
        "status": request.form.get("status", ""),
        "mangler_forslag": request.form.get("mangler_forslag", ""),
    }
    return redirect(url_for("candidates.caseload", **{k: v for k, v in chosen.items() if v}))


@bp.route("/borgere/cpr-opslag", methods=["POST"])
@roles_required(Role.CONSULTANT)
def find_by_cpr():
    """A citizen of the consultant's municipality found by the exact CPR number. Posted, and
    answered with a redirect to the profile, so the number is in no URL and no access log."""
    form = CprLookupForm()
    if form.validate_on_submit():
        return _look_up_cpr(form)
    return _no_store(_caseload_page(form))


def _look_up_cpr(form: CprLookupForm):
    try:
        candidate = profiles.find_by_cpr(candidates_for(current_user), form.cpr.data)
    except profiles.ProfileInvalid as error:
        attach_problems(form, error.problems)
    else:
        if candidate is not None:
            return redirect(url_for("candidates.profile", candidate_id=candidate.id))
        # The same answer for a number in another municipality as for an unknown one.
        attach_error(form, "cpr", _("Der er ingen borger med dette CPR-nummer i din kommune."))
        # Often a citizen new to the jobcenter: the way on is to create them.
        return _no_store(_caseload_page(form, nobody_has_cpr=True))
    # What was typed stays in the field to be corrected, on a page no cache may keep.
    return _no_store(_caseload_page(form))


def _no_store(page: str):
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/borgere/<int:candidate_id>")
@roles_required(Role.CONSULTANT, Role.MANAGER, Role.ADMIN)
def profile(candidate_id: int):
    return profile_page(get_or_404(candidates_for(current_user), Candidate, candidate_id))


def profile_page(candidate: Candidate, shown_cpr: str | None = None):
    """The profile, with the whole CPR number only when the own consultant asked to see it
    (candidates/profiles.py show_cpr)."""
    placements = db.session.scalars(
        placements_for(current_user)
        .where(Placement.candidate_id == candidate.id)
        .order_by(Placement.created_at.desc())
    ).all()
    interested = db.session.scalars(
        select(OpeningInterest)
        .where(OpeningInterest.candidate_id == candidate.id)
        .order_by(OpeningInterest.created_at.desc())
    ).all()
    record(AuditAction.VIEW, AuditSubject.PROFILE, candidate)
    return render_template(
        "candidates/profile.html",
        candidate=candidate,
        placements=placements,
        interested=interested,
        shown_cpr=shown_cpr,
        consent_items=ConsentItem,
    )


@bp.route("/mine-tilbud")
@roles_required(Role.CITIZEN)
def portal():
    return _portal_page()


def _portal_page(refused: OfferAnswerForm | None = None, refused_for: int | None = None):
    """Mine tilbud. `refused` is an answer sent back (its reason too long): that offer's card
    shows it again with what was typed, and the page starts with the problem."""
    placements = db.session.scalars(
        placements_for(current_user).order_by(Placement.created_at.desc())
    ).all()
    offers = [
        p for p in placements if p.status == PlacementStatus.PROPOSED and p.citizen_answer is None
    ]
    others = [p for p in placements if p not in offers]
    needs = current_user.candidate.needs if current_user.candidate else []
    return render_template(
        "candidates/portal.html",
        offers=offers,
        placements=others,
        needs=needs,
        form=OfferAnswerForm(formdata=None),
        refused=refused,
        refused_for=refused_for,
        to_confirm=versions.awaiting(others, Party.CITIZEN),
        waiting=waiting.for_user(current_user),
    )


@bp.route("/mine-tilbud/<int:placement_id>")
@roles_required(Role.CITIZEN)
def my_placement(placement_id: int):
    placement = get_or_404(placements_for(current_user), Placement, placement_id)
    if placement.status == PlacementStatus.PROPOSED and placement.citizen_answer is None:
        # An offer is answered in its card on Mine tilbud (a link in a message leads here).
        return redirect(url_for("candidates.portal", _anchor=f"tilbud-{placement.id}"))
    # The citizen's own look is recorded too: the log is then the whole story of who opened
    # the data with this login (a relative or a shared computer shows up as "Dig selv" at an
    # odd hour or address), and the citizen's page shows these rows as "Dig selv".
    record(AuditAction.VIEW, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
    return render_template(
        "candidates/my_placement.html",
        placement=placement,
        shared=plans.shared_summaries(placement),
        **panel(placement),
        **absence_forms.section(placement, editable=False),  # read-only for the citizen
    )


@bp.route("/mine-tilbud/<int:placement_id>/svar", methods=["POST"])
@roles_required(Role.CITIZEN)
def answer_offer(placement_id: int):
    placement = get_or_404(placements_for(current_user), Placement, placement_id)
    form = OfferAnswerForm()
    if form.is_submitted() and not form.validate() and form.reason.errors:
        return _portal_page(form, placement.id)
    if not (form.validate_on_submit() and (form.accept.data or form.decline.data)):
        flash(_("Vælg Ja tak eller Nej tak."), "error")
        return redirect(url_for("candidates.portal"))
    yes = bool(form.accept.data)
    with attempt() as outcome:  # the same answer twice: no second message to the consultant
        lifecycle.answer_as_citizen(
            placement, yes=yes, by=current_user, reason=form.reason.data or ""
        )
        record(AuditAction.CHANGE, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
        tell_consultant_of_answer(placement, "citizen", yes)  # in the same transaction: the outbox
        outcome.done(
            _("Tak for dit svar. Din jobkonsulent har fået besked.")
            if yes
            else _("Du har sagt nej tak. Din jobkonsulent har fået besked.")
        )
    return redirect(url_for("candidates.portal"))


@bp.route("/borgere/<int:candidate_id>/job")
@roles_required(Role.CONSULTANT)
def matches(candidate_id: int):
    """The published openings that fit this citizen, best first, each with its reasons."""
    candidate = get_or_404(candidates_with_data_for(current_user), Candidate, candidate_id)
    return render_template(
        "candidates/matches.html", candidate=candidate, ranked=rank_openings_for(candidate)
    )


@bp.route("/opslag/<int:opening_id>/borgere")
@roles_required(Role.CONSULTANT)
def opening_matches(opening_id: int):
    """The citizens of the consultant's municipality who fit this opening, best first."""
    opening = get_or_404(openings_for(current_user), Opening, opening_id)
    return render_template(
        "candidates/opening_matches.html",
        opening=opening,
        ranked=rank_candidates_for(opening, current_user.municipality_id),
    )


@bp.route("/borgere/<int:candidate_id>/foreslaa", methods=["POST"])
@roles_required(Role.CONSULTANT)
def propose(candidate_id: int):
    candidate = get_or_404(candidates_with_data_for(current_user), Candidate, candidate_id)
    opening_id = request.form.get("opening_id", type=int)
    opening = get_or_404(openings_for(current_user), Opening, opening_id or 0)
    back = local_path(request.form.get("next")) or url_for(
        "candidates.matches", candidate_id=candidate.id
    )
    with attempt() as outcome:  # a second click: the first one proposed, and it is said
        proposed = lifecycle.propose(candidate, opening, current_user)
        record(AuditAction.CREATE, AuditSubject.PLACEMENT, candidate, proposed.id)
        outcome.done(
            _(
                "%(name)s er foreslået til %(opening)s. Borgeren og virksomheden kan nu svare.",
                name=candidate.name,
                opening=opening.title,
            )
        )
    if outcome.refused:
        return redirect(back)
    return redirect(url_for("candidates.profile", candidate_id=candidate.id))
