"""Administration: the users of every role."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import SelectChoice

from placement.accounts import users as accounts
from placement.accounts.security import roles_required
from placement.accounts.views import send_reset_link
from placement.common.policy import SIGNED_IN_MAIL_LIMITS
from placement.extensions import db
from placement.models import Candidate, Employer, Municipality, Role, User
from placement.notifications import outbox, waiting
from placement.web import rate_limits
from placement.web.actions import attempt
from placement.web.forms import UserForm, validate_in_one_round

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@roles_required(Role.ADMIN)
def index():
    counts = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    return render_template(
        "accounts/admin/index.html",
        counts=[(role, counts.get(role, 0)) for role in Role],
        employer_count=db.session.scalar(select(func.count(Employer.id))),
        candidate_count=db.session.scalar(select(func.count(Candidate.id))),
        undeliverable=outbox.count_undeliverable(),
        waiting=waiting.for_user(current_user),
    )


@bp.route("/brugere")
@roles_required(Role.ADMIN)
def users():
    query = select(User).order_by(User.name)
    role = request.args.get("rolle", "")
    if role in {r.value for r in Role}:
        query = query.where(User.role == Role(role))
    search = request.args.get("q", "").strip()
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(func.lower(User.name).like(pattern) | User.email.like(pattern))
    return render_template(
        "accounts/admin/users.html",
        users=db.session.scalars(query).all(),
        roles=list(Role),
        role=role,
        search=search,
    )


def _fill_choices(form: UserForm) -> None:
    none = [SelectChoice("", _("Ingen"))]
    form.municipality_id.choices = none + [
        SelectChoice(m.id, f"{m.name} ({m.code})")
        for m in db.session.scalars(select(Municipality).order_by(Municipality.name))
    ]
    form.employer_id.choices = none + [
        SelectChoice(e.id, f"{e.name} (CVR {e.cvr})")
        for e in db.session.scalars(select(Employer).order_by(Employer.name))
    ]
    # A citizen's profile is listed by name and municipality only, never by CPR.
    form.candidate_id.choices = none + [
        SelectChoice(c.id, f"{c.name}, {c.municipality.name}")
        for c in db.session.scalars(select(Candidate).order_by(Candidate.name))
    ]


def _data(form: UserForm) -> accounts.UserData:
    return accounts.UserData(
        email=form.email.data,
        name=form.name.data,
        role=form.role.data,
        municipality_id=form.municipality_id.data,
        employer_id=form.employer_id.data,
        candidate_id=form.candidate_id.data,
        language=form.language.data,
        active=form.active.data,
    )


def _problems(form: UserForm, user: User | None) -> list[tuple[str | None, str]]:
    password = form.password.data
    return accounts.user_problems(_data(form), user) + (
        accounts.new_password_problems(password) if password else []
    )


def _create_refused(message: str):
    form = UserForm()  # keeps what was typed
    _fill_choices(form)
    form.form_errors.append(message)
    return render_template("accounts/admin/user_form.html", form=form, user=None)


@bp.route("/brugere/ny", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
@rate_limits.mail(
    "New user's link", SIGNED_IN_MAIL_LIMITS, rate_limits.typed_email("recipient"), _create_refused
)
def create_user():
    form = UserForm()
    _fill_choices(form)
    if validate_in_one_round(form, lambda: _problems(form, None)):
        with attempt(form) as outcome:
            user = accounts.create_user(_data(form), password=form.password.data or None)
        if not outcome.refused:
            if not form.password.data:
                rate_limits.counts()
                sent = send_reset_link(user)
                flash(
                    _("Brugeren er oprettet, og der er sendt et link til at vælge adgangskode.")
                    if sent
                    else _("Brugeren er oprettet, men mailen kunne ikke sendes."),
                    "success" if sent else "error",
                )
            else:
                flash(_("Brugeren er oprettet."), "success")
            return redirect(url_for("admin.users"))
    return render_template("accounts/admin/user_form.html", form=form, user=None)


@bp.route("/brugere/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    # The user's values fill the form shown; a post is read as sent, so a field it lacks is
    # refused as missing rather than quietly taken from the stored user.
    form = UserForm(obj=user) if request.method == "GET" else UserForm()
    _fill_choices(form)
    if validate_in_one_round(form, lambda: _problems(form, user)):
        with attempt(form) as outcome:
            accounts.update_user(
                user, _data(form), by=current_user, password=form.password.data or None
            )
            outcome.done(_("Ændringerne er gemt."))
        if not outcome.refused:
            return redirect(url_for("admin.users"))
    return render_template("accounts/admin/user_form.html", form=form, user=user)


@bp.route("/brugere/<int:user_id>/deaktiver", methods=["POST"])
@roles_required(Role.ADMIN)
def deactivate_user(user_id: int):
    user = db.get_or_404(User, user_id)
    with attempt() as outcome:
        accounts.deactivate_user(user, by=current_user)
        outcome.done(_("%(name)s er deaktiveret og logget ud overalt.", name=user.name))
    return redirect(url_for("admin.users"))
