"""Signing in through an identity provider: the way there, the way back, and the refusals.

GET /log-ind/<who> sends the browser to the provider (Authlib makes the state, the nonce and
the PKCE pair and keeps them in the session); GET /log-ind/<who>/retur checks the answer and
signs the person in, or shows a plain page saying why not. Nothing the provider says is logged
or kept beyond the user it names."""

from __future__ import annotations

import logging
from dataclasses import asdict

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from joserfc.errors import JoseError

from placement.accounts import sessions
from placement.accounts.security import local_path
from placement.extensions import db
from placement.identity import providers, resolve, sign_in_log
from placement.identity.claims import Verified
from placement.identity.outcomes import Reason, SignInRefused
from placement.identity.settings import Audience
from placement.web.home import home_url

bp = Blueprint("identity", __name__)
log = logging.getLogger(__name__)

# The audiences as the addresses name them.
SLUGS = {
    "borger": Audience.CITIZENS,
    "virksomhed": Audience.COMPANIES,
    "medarbejder": Audience.STAFF,
}
SLUG_OF = {audience: slug for slug, audience in SLUGS.items()}
# In the session: where to go after, whether the round trip only confirms who is already
# signed in, and a proven new company.
_NEXT = "_oidc_next"
_CONFIRMING = "_oidc_confirming"
PROVEN_COMPANY = "_proven_company"


def instead_of_password(audience: Audience):
    """Where a page for password users sends people whose audience signs in elsewhere: to their
    provider, or nowhere (404) when none is configured either."""
    if providers.provider(audience) is None:
        abort(404)
    return redirect(url_for("identity.start", who=SLUG_OF[audience]))


def _audience(who: str) -> Audience:
    audience = SLUGS.get(who)
    if audience is None or providers.provider(audience) is None:
        abort(404)
    return audience


@bp.route("/log-ind/<who>")
def start(who: str):
    """To the provider. `?bekraeft=1` with someone signed in asks them to sign in again before
    a sensitive action (the provider's answer to the password prompt)."""
    audience = _audience(who)
    confirming = bool(request.args.get("bekraeft")) and current_user.is_authenticated
    if current_user.is_authenticated and not confirming:
        return redirect(home_url(current_user))
    session[_NEXT] = local_path(request.args.get("next")) or ""
    session[_CONFIRMING] = confirming
    extra = {"prompt": "login"} if confirming else {}
    try:
        return providers.client(audience).authorize_redirect(
            url_for("identity.callback", who=who, _external=True), **extra
        )
    except (requests.RequestException, ValueError, KeyError, RuntimeError):
        log.warning("Identity provider for %s unreachable at sign-in", audience.value)
        return _refused(Reason.PROVIDER_DOWN, audience)


@bp.route("/log-ind/<who>/retur")
def callback(who: str):
    audience = _audience(who)
    if request.args.get("error"):
        reason = (
            Reason.CANCELLED if request.args["error"] == "access_denied" else Reason.PROVIDER_ERROR
        )
        return _refused(reason, audience)
    try:
        verified = _verified(audience)
        if session.pop(_CONFIRMING, False):
            return _confirmed(verified)
        found = _resolve(verified)
    except SignInRefused as refusal:
        return _refused(refusal.reason, audience, refusal.user)
    if isinstance(found, resolve.ProvenCompany):
        session[PROVEN_COMPANY] = asdict(found)
        db.session.commit()
        return redirect(url_for("sign_up.register_proven"))
    return sign_in(found, audience)


def _verified(audience: Audience) -> Verified:
    """The provider's answer, its ID token checked (Authlib: signature against the published
    keys, issuer, audience = our client id, expiry and issued-at within the leeway, the nonce
    we sent; the code exchanged with our PKCE verifier)."""
    oidc = providers.client(audience)
    try:
        token = oidc.authorize_access_token(
            leeway=current_app.config["OIDC_LEEWAY_SECONDS"],
            claims_options=providers.id_token_rules(oidc),
        )
    except MismatchingStateError:
        raise SignInRefused(Reason.EXPIRED_STATE) from None
    except OAuthError as error:
        log.warning("Identity provider for %s refused the code: %s", audience.value, error.error)
        raise SignInRefused(Reason.PROVIDER_ERROR) from None
    except requests.RequestException:
        log.warning("Identity provider for %s unreachable at the token exchange", audience.value)
        raise SignInRefused(Reason.PROVIDER_DOWN) from None
    except (JoseError, ValueError) as error:
        log.warning("ID token from %s refused: %s", audience.value, type(error).__name__)
        raise SignInRefused(Reason.INVALID_TOKEN) from None
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):  # no ID token, so nothing checked
        raise SignInRefused(Reason.INVALID_TOKEN)
    return Verified(provider=providers.provider(audience), claims=dict(claims))  # type: ignore[arg-type]


def _resolve(verified: Verified):
    if verified.audience is Audience.CITIZENS:
        return resolve.citizen(verified)
    if verified.audience is Audience.COMPANIES:
        return resolve.company(verified)
    return resolve.staff(verified)


def _confirmed(verified: Verified):
    """Signed in again before a sensitive action: it must be the same person."""
    found = _resolve(verified)
    if not current_user.is_authenticated or getattr(found, "id", None) != current_user.id:
        signed_in = current_user._get_current_object() if current_user.is_authenticated else None
        raise SignInRefused(Reason.WRONG_PERSON, signed_in)
    sessions.mark_password_confirmed()
    db.session.commit()
    return redirect(session.pop(_NEXT, "") or home_url(current_user))


def sign_in(user, audience: Audience):
    """A fresh session for the user, marked with the provider that vouched for them."""
    back = session.get(_NEXT) or ""
    sessions.start(user, via=audience.value)
    sign_in_log.signed_in(user, audience)
    db.session.commit()
    return redirect(back or home_url(user))


def _refused(reason: Reason, audience: Audience, user=None):
    """The plain page, and the audit row. What the rules did before refusing (a removed staff
    member's sessions ended) is kept."""
    sign_in_log.refused(reason, audience, user)
    db.session.commit()
    session.pop(_CONFIRMING, None)
    return (
        render_template(
            "identity/refused.html", reason=reason, who=SLUG_OF[audience], audience=audience
        ),
        reason.status,
    )
