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
from placement.identity import providers, sign_in_log
from placement.identity.outcomes import Reason
from placement.identity.settings import Audience
from placement.identity.views import SLUG_OF
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


def _with_error(template: str, form, message: str, **context):
    """The page again with what was typed and the refusal at the top."""
    form.form_errors.append(message)
    return render_template(template, form=form, **context)


@bp.route("/login", methods=["GET", "POST"])
@rate_limits.secret(
    "Login",
    SECRET_LIMITS,
    rate_limits.typed_email("account"),
    lambda message: _with_error("accounts/login.html", LoginForm(), message, **sign_in_choices()),
)
def login():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = LoginForm()
    if current_app.config["PASSWORD_LOGIN"] and form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is None:
            rate_limits.counts()
            sign_in_log.refused(Reason.WRONG_PASSWORD, None)
            # The same words whether the e-mail exists or not, so accounts cannot be probed.
            form.form_errors.append(_("Forkert e-mail eller adgangskode."))
        elif not providers.password_allowed(providers.audience_of(user.role)):
            db.session.rollback()  # not signed in, so no "last login" either
            sign_in_log.refused(Reason.PASSWORD_OFF, None, user)
            form.form_errors.append(str(Reason.PASSWORD_OFF.message))
        else:
            sessions.start(user)
            sign_in_log.signed_in(user, None)
            db.session.commit()
            return redirect(local_path(request.args.get("next")) or home_url(user))
    return render_template("accounts/login.html", form=form, **sign_in_choices())


def sign_in_choices() -> dict:
    """What the login page offers: a button per configured provider, the password form if any
    audience may still use one."""
    return {
        "providers": [(audience, SLUG_OF[audience]) for audience in providers.enabled()],
        "passwords": bool(current_app.config["PASSWORD_LOGIN"]),
        "next_path": local_path(request.args.get("next")),
    }


@bp.route("/logout", methods=["POST"])
def logout():
    """Ends the session here, and at the identity provider that vouched for the person (their
    MitID session on a shared computer must not outlive ours); back to the login page after."""
    via = sessions.signed_in_with()
    sessions.log_out()
    db.session.commit()
    flash(_("Du er logget ud."), "success")
    provider_logout = (
        providers.logout_url(Audience(via), url_for("auth.login", _external=True))
        if via in {audience.value for audience in Audience}
        else None
    )
    return redirect(provider_logout or url_for("auth.login"))


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
    via = sessions.signed_in_with()
    if via is not None and providers.provider(Audience(via)) is not None:
        # Signed in at a provider, with no password here: sign in there again instead.
        return render_template(
            "accounts/confirm_identity.html", who=SLUG_OF[Audience(via)], back=back
        )
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
        if (
            user is not None
            and user.active
            and providers.password_allowed(providers.audience_of(user.role))
        ):
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
