"""Logging in and out, changing a password, and the forgotten-password link."""
from __future__ import annotations

import hashlib
import hmac

from flask import (
    Blueprint, current_app, flash, make_response, redirect, render_template, request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import accounts, sessions
from ..extensions import db, limiter
from ..forms import (
    ChangePasswordForm, ConfirmPasswordForm, ForgotPasswordForm, LoginForm, ResetPasswordForm, attach_error,
)
from ..mail import send_mail
from ..models.users import normalise_email
from ..policy import (
    LOGIN_LIMIT_PER_ACCOUNT, LOGIN_LIMIT_PER_ADDRESS, LOGIN_LIMIT_WINDOW_MINUTES,
)
from ..security import local_path
from .home import home_url

bp = Blueprint("auth", __name__)


def _keyed(value: str) -> str:
    """A keyed hash, so neither the limiter's storage (Redis) nor its log lines hold an
    e-mail or an address."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def _account_key() -> str:
    return "account:" + _keyed(normalise_email(request.form.get("email", "")))


def _address_key() -> str:
    return "address:" + _keyed(request.remote_addr or "")


def _failed(response) -> bool:
    # A login that worked redirects. A refused one (429) is not counted again, so the wait
    # never grows beyond the window the message promises.
    return response.status_code not in (302, 429)


def _refuse(which: str):
    def on_breach(_limit):
        current_app.logger.warning("Login refused: too many failed attempts %s.", which)
        form = LoginForm()  # keeps the typed e-mail
        form.form_errors.append(_("For mange forsøg. Vent %(minutes)d minutter, og prøv igen.",
                                  minutes=LOGIN_LIMIT_WINDOW_MINUTES))
        return make_response(render_template("placement/login.html", form=form), 429)

    return on_breach


def _login_limit(amount: int, key_func, which: str):
    return limiter.limit(
        f"{amount} per {LOGIN_LIMIT_WINDOW_MINUTES} minutes", key_func=key_func,
        methods=["POST"], deduct_when=_failed, on_breach=_refuse(which),
    )


@bp.route("/login", methods=["GET", "POST"])
@_login_limit(LOGIN_LIMIT_PER_ACCOUNT, _account_key, "for one account")
@_login_limit(LOGIN_LIMIT_PER_ADDRESS, _address_key, "from one address")
def login():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            # The same words whether the e-mail exists or not, so accounts cannot be probed.
            form.form_errors.append(_("Forkert e-mail eller adgangskode."))
        else:
            sessions.start(user)
            db.session.commit()
            return redirect(local_path(request.args.get("next")) or home_url(user))
    return render_template("placement/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    sessions.end()
    flash(_("Du er logget ud."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/adgangskode", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data, form.password.data)
        except accounts.AccountError as error:
            attach_error(form, error.field, str(error))
        else:
            db.session.commit()
            # Keep this session going; the others end with the new session token.
            sessions.start(current_user._get_current_object())
            flash(_("Din adgangskode er skiftet."), "success")
            return redirect(home_url(current_user))
    return render_template("placement/change_password.html", form=form)


def _user_key() -> str:
    return "reauth:" + _keyed(str(current_user.get_id()))


@bp.route("/bekraeft-adgangskode", methods=["GET", "POST"])
@login_required
@_login_limit(LOGIN_LIMIT_PER_ACCOUNT, _user_key, "confirming a password")
def confirm_password():
    """Typing the password again before a sensitive action; then back to it."""
    form = ConfirmPasswordForm()
    back = local_path(request.args.get("next")) or home_url(current_user)
    if form.validate_on_submit():
        if current_user.check_password(form.password.data):
            sessions.mark_password_confirmed()
            return redirect(back)
        form.password.errors.append(_("Forkert adgangskode."))
    return render_template("placement/confirm_password.html", form=form)


@bp.route("/glemt-adgangskode", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        if user is not None and user.active:
            send_reset_link(user)
        # Same answer either way: the page must not reveal who has an account.
        flash(_("Hvis der findes en bruger med denne e-mail, har vi sendt et link til at "
                "vælge ny adgangskode."), "info")
        return redirect(url_for("auth.login"))
    return render_template("placement/forgot_password.html", form=form)


def send_reset_link(user) -> bool:
    link = url_for("auth.reset_password", token=accounts.make_reset_token(user), _external=True)
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    body = render_template("placement/mail/reset_password.txt", user=user, link=link,
                           minutes=minutes)
    return send_mail(user.email, _("Vælg ny adgangskode til Placement"), body)


@bp.route("/nulstil/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    if accounts.user_for_reset_token(token) is None:
        flash(_("Linket er udløbet eller allerede brugt. Bed om et nyt."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data)
        except accounts.AccountError as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Din adgangskode er gemt. Log ind med den nye adgangskode."), "success")
            return redirect(url_for("auth.login"))
    return render_template("placement/reset_password.html", form=form)
