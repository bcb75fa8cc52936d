"""Accounts: logging in, passwords and reset links, and the admin's user management."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadData, BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from placement.accounts.common_passwords import is_common
from placement.accounts.passwords import verify_nothing
from placement.agreements import versions
from placement.common import clock
from placement.common.policy import PASSWORD_MIN_LENGTH
from placement.common.refusals import Problems, Refusal
from placement.extensions import db
from placement.models import Candidate, Employer, Municipality, Placement, Role, User
from placement.models.users import normalise_email

_RESET_SALT = "password-reset"


class AccountError(Refusal):
    """A refused account action."""


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None — the same for every failure."""
    user = find_user(email)
    if user is None:
        verify_nothing(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = clock.now()
    return user


def new_password_problems(password: str) -> Problems:
    """Why a new password will not do (on the field "password"); empty when it will."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return [("password", _("Adgangskoden skal have mindst %(n)d tegn.", n=PASSWORD_MIN_LENGTH))]
    if is_common(password):
        return [
            (
                "password",
                _(
                    "Den adgangskode er for almindelig og let at gætte. Vælg en "
                    "anden, fx en kort sætning."
                ),
            )
        ]
    return []


def check_new_password(password: str) -> None:
    problems = new_password_problems(password)
    if problems:
        raise AccountError.every(problems)


def password_change_problems(user: User, current: str, new: str) -> Problems:
    """Every reason to refuse the change: a wrong current password and a weak new one are
    both said at once."""
    problems: Problems = []
    if not user.check_password(current):
        problems.append(("current_password", _("Den nuværende adgangskode er forkert.")))
    return problems + new_password_problems(new)


def change_password(user: User, current: str, new: str) -> None:
    problems = password_change_problems(user, current, new)
    if problems:
        raise AccountError.every(problems)
    user.set_password(new)  # also ends the user's other sessions
    db.session.flush()


# Reset links carry a fingerprint of the current password hash: once the password changes,
# the link no longer matches, so each link works only once.
def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_RESET_SALT)


def _fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "unset").encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "fp": _fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or not user.active or data.get("fp") != _fingerprint(user):
        return None
    return user


def reset_token_owner(token: str) -> int | None:
    """The user id in a reset link this app signed, expired or used up or not; None for a
    link it did not sign (for counting wrong links per person, placement/accounts/views.py)."""
    try:
        data = _serializer().loads(token)  # no max_age: an expired link still names its owner
    except BadData:
        return None
    owner = data.get("user") if isinstance(data, dict) else None
    return owner if isinstance(owner, int) else None


def reset_password(token: str, new: str) -> User:
    user = user_for_reset_token(token)
    if user is None:
        raise AccountError(_("Linket er udløbet eller allerede brugt. Bed om et nyt."))
    check_new_password(new)
    user.set_password(new)
    db.session.flush()
    return user


@dataclass
class UserData:
    email: str
    name: str
    role: Role
    municipality_id: int | None = None
    employer_id: int | None = None
    candidate_id: int | None = None
    language: str = "da"
    active: bool = True


def user_problems(data: UserData, user: User | None = None) -> Problems:
    """Every reason to refuse this account (reads only). Each role is tied to what it works
    with; an account that lacks its tie is refused, and so is an e-mail already in use. A role
    the form could not read (None) is the form's to explain."""
    problems: Problems = []
    if data.role is not None and data.role.needs_municipality and not data.municipality_id:
        problems.append(("municipality_id", _("Vælg en kommune for denne rolle.")))
    if data.municipality_id and db.session.get(Municipality, data.municipality_id) is None:
        problems.append(("municipality_id", _("Kommunen findes ikke.")))
    if data.role == Role.EMPLOYER:
        if not data.employer_id or db.session.get(Employer, data.employer_id) is None:
            problems.append(("employer_id", _("Vælg virksomheden for en virksomhedsbruger.")))
    if data.role == Role.CITIZEN:
        problems += _citizen_tie_problems(data, user)
    taken = email_taken(data.email, user) if data.email else None
    if taken:
        problems.append(("email", taken))
    return problems


def _citizen_tie_problems(data: UserData, user: User | None) -> Problems:
    candidate = db.session.get(Candidate, data.candidate_id) if data.candidate_id else None
    if candidate is None:
        return [("candidate_id", _("Vælg borgerens profil."))]
    if candidate.municipality_id != data.municipality_id:
        return [("candidate_id", _("Borgerens profil hører til en anden kommune."))]
    taken = db.session.scalar(select(User.id).where(User.candidate_id == candidate.id))
    if taken and (user is None or taken != user.id):
        return [("candidate_id", _("Borgeren har allerede en bruger."))]
    return []


def _check(data: UserData, user: User | None, password: str | None) -> None:
    problems = user_problems(data, user) + (new_password_problems(password) if password else [])
    if problems:
        raise AccountError.every(problems)


def email_taken(email: str, user: User | None = None) -> str | None:
    """Why this e-mail cannot be (another) user's login, or None when it is free."""
    clash = db.session.scalar(select(User.id).where(User.email == normalise_email(email)))
    if clash and (user is None or clash != user.id):
        return _("Der findes allerede en bruger med denne e-mail.")
    return None


def _apply(user: User, data: UserData) -> None:
    user.email = data.email
    user.name = data.name.strip()
    user.role = data.role
    user.language = data.language
    # Ties that the role does not use are cleared, so no stale link grants access later.
    user.municipality_id = data.municipality_id if data.role != Role.ADMIN else None
    user.employer_id = data.employer_id if data.role == Role.EMPLOYER else None
    user.candidate_id = data.candidate_id if data.role == Role.CITIZEN else None
    if user.active and not data.active:
        user.end_sessions()
    user.active = data.active


def create_user(data: UserData, password: str | None = None) -> User:
    _check(data, None, password)
    user = User()
    _apply(user, data)
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def update_user(
    user: User, data: UserData, by: User | None = None, password: str | None = None
) -> User:
    """Save the account; a password given is set too (and ends the user's other sessions)."""
    _check(data, user, password)
    _apply(user, data)
    if password:
        user.set_password(password)
    db.session.flush()
    # A consultant's name and e-mail are printed in the agreements they are responsible for.
    versions.refresh_running(Placement.consultant_id == user.id, by)
    return user


def deactivate_user(user: User, by: User) -> None:
    if user.id == by.id:
        raise AccountError(_("Du kan ikke deaktivere dig selv."))
    user.active = False
    user.end_sessions()
    db.session.flush()
