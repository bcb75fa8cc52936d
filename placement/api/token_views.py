"""The manager's API keys (API-nøgler): list, make one (shown once), revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import DataRequired

from placement.accounts.security import roles_required
from placement.api import tokens
from placement.extensions import db
from placement.web.actions import attempt
from placement.web.form_messages import AppForm
from placement.web.forms import REQUIRED, MaxLength

bp = Blueprint("tokens", __name__, url_prefix="/profil/api-noegler")


class TokenForm(AppForm):
    name = StringField(
        _l("Navn på nøglen"),
        validators=[DataRequired(REQUIRED), MaxLength(tokens.NAME_MAX_LENGTH)],
        description=_l("Fx navnet på det system, der skal hente tallene."),
    )


@bp.route("/", methods=["GET", "POST"])
@roles_required(*tokens.TOKEN_ROLES)
def index():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        with attempt(form, field="name") as outcome:
            _token, new_token = tokens.create_token(current_user, form.name.data)
        if not outcome.refused:
            form = TokenForm(formdata=None)
    # The new key is rendered straight into this answer (never put in the session cookie or
    # a redirect), and the answer must not be kept by the browser or a proxy.
    response = render_template(
        "api/api_tokens.html", form=form, tokens=tokens.tokens_of(current_user), new_token=new_token
    )
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/<int:token_id>/tilbagekald", methods=["POST"])
@roles_required(*tokens.TOKEN_ROLES)
def revoke(token_id: int):
    # The CSRF token is checked for every post by CSRFProtect.
    try:
        token = tokens.revoke(current_user, token_id)
    except LookupError:
        abort(404)  # someone else's or none: the same answer, so ids reveal nothing
    db.session.commit()
    flash(
        _("Nøglen “%(name)s” er tilbagekaldt. Den virker ikke længere.", name=token.name), "success"
    )
    return redirect(url_for(".index"))
