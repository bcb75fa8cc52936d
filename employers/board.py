"""The public board of openings ("Ledige pladser"), open to everyone."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from employers import board_cache
from employers.board_forms import BoardSearchForm
from placement.accounts.security import roles_required
from placement.citizens import interests
from placement.common.access import candidates_for, get_or_404
from placement.extensions import db
from placement.models import Opening, Role
from placement.openings.public_board import board_page, public_openings
from placement.web.actions import attempt
from placement.web.conditional import still_fresh
from placement.web.paging import PAGE, asked_page, filtered, page_url

bp = Blueprint("board", __name__, url_prefix="/ledige-pladser")


@bp.route("/")
def index():
    """The board, as cheap as a static page: what it shows is kept rendered per version of
    the board, day, language and address (employers/board_cache.py). An anonymous visitor
    gets the whole page from the cache with their session's CSRF token put in, or a 304
    when their copy is still the board's; a logged-in person gets the kept results in a page
    rendered for them."""
    view = board_cache.View.of_request()
    if view.same_each_time:
        if still_fresh(view.etag()):
            return view.headers(Response(status=304))
        page = view.kept("page") or view.keep(
            "page", _page(view, csrf_token=board_cache.token_placeholder)
        )
        return view.headers(make_response(board_cache.with_session_token(page)))
    return view.headers(make_response(_page(view)))


def _page(view: board_cache.View, **context) -> str:
    results = view.kept("results") or view.keep("results", _render_results())
    return render_template("employers/board.html", results=Markup(results), **context)


def _render_results() -> str:
    form = BoardSearchForm(formdata=request.args)
    page = board_page(form.criteria(), asked_page())
    return render_template(
        "employers/_board_results.html",
        form=form,
        page=page,
        page_url=page_url("board.index"),
        page_moved=request.args.get(PAGE, str(page.number)) != str(page.number),
        searched=filtered(),
    )


@bp.route("/<int:opening_id>")
def detail(opening_id: int):
    opening = get_or_404(public_openings(), Opening, opening_id)
    candidate = _my_candidate()
    return render_template(
        "employers/board_detail.html",
        opening=opening,
        citizen=candidate is not None,
        interested=candidate is not None and interests.has_shown_interest(candidate, opening),
    )


@bp.route("/<int:opening_id>/interesse", methods=["POST"])
@roles_required(Role.CITIZEN)
def interest(opening_id: int):
    candidate = _my_candidate()
    if candidate is None:
        abort(403)
    opening = get_or_404(public_openings(), Opening, opening_id)
    with attempt() as outcome:  # pressed before: nothing new, and the citizen is told so
        interests.show_interest(candidate, opening)
        outcome.done(
            _("Din jobkonsulent har fået besked.")
            if interests.consultant_to_tell(candidate)
            else _(
                "Vi har gemt, at du er interesseret. Du har ikke en jobkonsulent endnu, så "
                "kontakt gerne jobcentret."
            )
        )
    return redirect(url_for("board.detail", opening_id=opening.id))


def _my_candidate():
    """The logged-in citizen's own profile, or None for everyone else."""
    if not current_user.is_authenticated or current_user.role != Role.CITIZEN:
        return None
    return db.session.scalar(candidates_for(current_user))
