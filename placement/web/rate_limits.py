"""Rate limits on every request that proves a secret or sends mail to an address someone typed."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, make_response, request
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded

from placement.common.policy import RateLimit
from placement.extensions import limiter
from placement.models.users import normalise_email

# Set by the view on a request that counts: a failed proof of a secret, or a mail sent.
_COUNTS = "placement.web.rate_limits.counts"


@dataclass(frozen=True)
class Target:
    """What a count is about besides the client's address: a name for the log line, and how
    to read its value from the request."""

    name: str
    value: Callable[[], str]


def typed_email(name: str, field: str = "email") -> Target:
    # Normalised, so changing the case of an address does not start a fresh count.
    return Target(name, lambda: normalise_email(request.form.get(field, "")))


def keyed(value: str) -> str:
    """A keyed hash, so neither the limiter's storage (Redis) nor its log lines hold an
    e-mail, a code or an address."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def counts() -> None:
    """This request counts against the endpoint's limits: the secret was wrong, or a mail
    went (or, on a page that answers the same either way, would have gone)."""
    request.environ[_COUNTS] = True


def secret(
    what: str,
    limits: RateLimit,
    target: Target | None,
    refused: Callable,
    methods: tuple[str, ...] = ("POST",),
):
    """Limit failed attempts at a secret, per target (None: per address only) and per client
    address; the view calls counts() on each failure. Once a limit is reached, the view is not
    run: refused(message) makes the page shown instead (the form as typed, the message at the
    top), answered with 429."""
    return _limited(
        f"{what} refused: too many failed attempts",
        _too_many_tries,
        limits,
        target,
        refused,
        methods,
    )


def mail(
    what: str,
    limits: RateLimit,
    target: Target,
    refused: Callable,
    methods: tuple[str, ...] = ("POST",),
):
    """Limit mails to typed addresses; the view calls counts() on each mail."""
    return _limited(
        f"{what} refused: too many mails", _too_many_mails, limits, target, refused, methods
    )


def _too_many_tries(minutes: int) -> str:
    return _("For mange forsøg. Vent %(minutes)d minutter, og prøv igen.", minutes=minutes)


def _too_many_mails(minutes: int) -> str:
    # True whether or not a mail went: the forgotten-password form must not tell.
    return _(
        "Der er bedt om for mange mails. Vent %(minutes)d minutter, og prøv igen.", minutes=minutes
    )


def _limited(log_line, message, limits, target, refused, methods):
    rules = [(limits.per_address, _address_key, "from one address")]
    if target is not None:
        rules.insert(0, (limits.per_target, _target_key(target), f"for one {target.name}"))
    decorators = [
        limiter.limit(
            f"{amount} per {limits.minutes} minutes",
            key_func=key,
            methods=list(methods),
            deduct_when=_counted,
            on_breach=_refusal(f"{log_line} {which}.", message, limits, refused),
        )
        for amount, key, which in rules
    ]

    def decorate(view):
        for decorator in decorators:
            view = decorator(view)
        return view

    return decorate


def _target_key(target: Target):
    return lambda: f"{target.name}:{keyed(target.value())}"


def _address_key() -> str:
    return "address:" + keyed(request.remote_addr or "")


def _counted(response) -> bool:
    # Checked before the view and counted after it, so only what the view marked counts. A
    # refusal (429) never reaches the view and so never adds to the wait it announces.
    return bool(request.environ.get(_COUNTS)) and response.status_code != 429


def _refusal(log_line: str, message: Callable, limits: RateLimit, refused: Callable):
    def on_breach(_limit):
        current_app.logger.warning(log_line)
        # The whole window: by then every counted request in it has expired.
        response = make_response(refused(message(limits.minutes)), 429)
        response.headers["Retry-After"] = str(limits.minutes * 60)
        return response

    return on_breach


def init_app(app) -> None:
    # The refusal each endpoint made above, even where an error page for 429 is registered.
    app.register_error_handler(RateLimitExceeded, _refused_response)


def _refused_response(error: RateLimitExceeded):
    return error.get_response()
