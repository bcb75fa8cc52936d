"""Logging in and out, changing a password, and the forgotten-password link."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from placement.accounts import sessions, users
from placement.accounts.security import local_path
from placement.common.policy import MAIL_LIMITS, SECRET_LIMITS
from placement.extensions import db
from placement.notifications.mail import send_mail
from placement.web import rate_limits
from placement.web.actions import attempt
from placement.web.forms import (
    ChangePasswordForm,
    ConfirmPasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    validate_in_one_round,
)
from placement.web.home import home_url

bp = Blueprint("auth", __name__)


def _with_error(template: str, form, message: str):
    """The page again with what was typed and the refusal at the top."""
    form.form_errors.append(message)
    return render_template(template, form=form)


@bp.route("/login", methods=["GET", "POST"])
@rate_limits.secret(
    "Login",
    SECRET_LIMITS,
    rate_limits.typed_email("account"),
    lambda message: _with_error("accounts/login.html", LoginForm(), message),
)
def login():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is None:
            rate_limits.counts()
            # The same words whether the e-mail exists or not, so accounts cannot be probed.
            form.form_errors.append(_("Forkert e-mail eller adgangskode."))
        else:
            sessions.start(user)
            db.session.commit()
            return redirect(local_path(request.args.get("next")) or home_url(user))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    sessions.log_out()
    db.session.commit()
    flash(_("Du er logget ud."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/adgangskode", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if validate_in_one_round(
        form,
        lambda: users.password_change_problems(
            current_user, form.current_password.data or "", form.password.data or ""
        ),
    ):
        with attempt(form) as outcome:
            users.change_password(current_user, form.current_password.data, form.password.data)
        if not outcome.refused:
            # Keep this session going; the others end with the new session token.
            sessions.start(current_user._get_current_object())
            flash(_("Din adgangskode er skiftet."), "success")
            return redirect(home_url(current_user))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/bekraeft-adgangskode", methods=["GET", "POST"])
@login_required
@rate_limits.secret(
    "Password confirmation",
    SECRET_LIMITS,
    rate_limits.Target("account", lambda: str(current_user.get_id())),
    lambda message: _with_error("accounts/confirm_password.html", ConfirmPasswordForm(), message),
)
def confirm_password():
    """Typing the password again before a sensitive action; then back to it."""
    form = ConfirmPasswordForm()
    back = local_path(request.args.get("next")) or home_url(current_user)
    if form.validate_on_submit():
        if current_user.check_password(form.password.data):
            sessions.mark_password_confirmed()
            return redirect(back)
        rate_limits.counts()
        form.password.errors.append(_("Forkert adgangskode."))
    return render_template("accounts/confirm_password.html", form=form)


@bp.route("/glemt-adgangskode", methods=["GET", "POST"])
@rate_limits.mail(
    "Password reset mail",
    MAIL_LIMITS,
    rate_limits.typed_email("recipient"),
    lambda message: _with_error("accounts/forgot_password.html", ForgotPasswordForm(), message),
)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # Counted whether or not a mail goes, so the limit cannot tell who has an account.
        rate_limits.counts()
        user = users.find_user(form.email.data)
        if user is not None and user.active:
            send_reset_link(user)
        # Same answer either way: the page must not reveal who has an account.
        flash(
            _(
                "Hvis der findes en bruger med denne e-mail, har vi sendt et link til at "
                "vælge ny adgangskode."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("accounts/forgot_password.html", form=form)


def send_reset_link(user) -> bool:
    link = url_for("auth.reset_password", token=users.make_reset_token(user), _external=True)
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    body = render_template(
        "accounts/mail/reset_password.txt", user=user, link=link, minutes=minutes
    )
    return send_mail(user.email, _("Vælg ny adgangskode til Placement"), body)


def _reset_link_target() -> str:
    # A used or expired link counts against its person; a forged one only against itself, so
    # nobody can make up a link that locks someone else out.
    assert request.view_args is not None  # set once the request has matched a view's URL
    token = request.view_args["token"]
    owner = users.reset_token_owner(token)
    return f"user:{owner}" if owner is not None else f"link:{token}"


@bp.route("/nulstil/<token>", methods=["GET", "POST"])
@rate_limits.secret(
    "Password reset link",
    SECRET_LIMITS,
    rate_limits.Target("account", _reset_link_target),
    lambda message: _with_error("accounts/reset_password.html", ResetPasswordForm(), message),
    methods=("GET", "POST"),
)
def reset_password(token: str):
    if users.user_for_reset_token(token) is None:
        rate_limits.counts()
        flash(_("Linket er udløbet eller allerede brugt. Bed om et nyt."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with attempt(form, field="password") as outcome:
            users.reset_password(token, form.password.data)
            outcome.done(_("Din adgangskode er gemt. Log ind med den nye adgangskode."))
        if not outcome.refused:
            return redirect(url_for("auth.login"))
    return render_template("accounts/reset_password.html", form=form)
