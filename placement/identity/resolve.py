"""Who a verified sign-in is here: the rules per audience. Each function flushes and returns the
user to sign in as, or raises SignInRefused; the view commits.

Two first sign-ins of the same person or company at once (two tabs, a double click, two
colleagues of a new company) must make one user and one link, not two and an error: the row the
link hangs on (the citizen's profile, the staff member's user, the company) is locked and read
again under the lock, and a unique key (users.candidate_id, external_identities' issuer and
subject, employers.cvr) backs that up where the database has no row locks (SQLite), the loser
finding the winner's row afterwards."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from placement.accounts.users import UserData, create_user, email_taken
from placement.common import clock
from placement.common.row_locks import locked
from placement.companies import registration
from placement.extensions import db
from placement.identity import claims
from placement.identity.claims import Verified
from placement.identity.outcomes import Reason, SignInRefused
from placement.identity.settings import Audience
from placement.models import Candidate, Employer, EmployerStatus, ExternalIdentity, Role, User
from placement.models.users import normalise_email
from placement.privacy import cpr_vault

T = TypeVar("T")
STAFF_ROLES = (Role.CONSULTANT, Role.MANAGER, Role.ADMIN)


def _free_email(wanted: str, fallback: str) -> str:
    """The person's address when nobody here has it yet; else one that reaches no one (.invalid
    is never mailed, placement/notifications/inbox.py), until they give one."""
    wanted = normalise_email(wanted)
    return wanted if wanted and not email_taken(wanted) else fallback


# Citizens -------------------------------------------------------------------------------------


def citizen(verified: Verified) -> User:
    """The citizen's profile, found by the keyed hash of the CPR number MitID proved; their
    user is made at the first sign-in, so no invitation code is needed."""
    claims.require_assurance(verified)
    number = claims.cpr(verified)
    profiles = db.session.scalars(
        select(Candidate)
        .where(Candidate.cpr_hash == cpr_vault.lookup_hash(number))
        .where(Candidate.anonymised_at.is_(None))
        .order_by(Candidate.id.desc())
    ).all()
    if not profiles:
        raise SignInRefused(Reason.UNKNOWN_CPR)
    # Moved between municipalities: the profile already signed in to, else the newest.
    profile = next((p for p in profiles if p.user is not None), profiles[0])
    profile = locked(Candidate, profile.id)
    of_profile = select(User).where(User.candidate_id == profile.id)
    user = db.session.scalar(of_profile)
    if user is None:
        data = UserData(
            email=_free_email(profile.email, f"borger-{profile.id}@mitid.invalid"),
            name=profile.name,
            role=Role.CITIZEN,
            municipality_id=profile.municipality_id,
            candidate_id=profile.id,
        )
        user = _made_or_winners(lambda: create_user(data), lambda: db.session.scalar(of_profile))
    return _usable(user)


# Company users --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvenCompany:
    """A first sign-in with a CVR number that has no company here yet: what the registration
    form starts from, kept in the session (no CPR in it) until the form is sent."""

    cvr: str
    issuer: str
    subject: str
    name: str
    email: str
    company_name: str


def company(verified: Verified) -> User | ProvenCompany:
    """The company user for this MitID Erhverv sign-in: everyone signing in for the same CVR
    works in the same company. A CVR not registered here starts its registration."""
    claims.require_assurance(verified)
    cvr = claims.cvr(verified)
    employer = registration.find_by_cvr(cvr)
    if employer is None:
        names = claims.names()
        return ProvenCompany(
            cvr=cvr,
            issuer=verified.issuer,
            subject=verified.subject,
            name=verified.text(names.name),
            email=verified.text(names.email),
            company_name=verified.text(names.company_name),
        )
    return _company_user(verified, employer)


def _company_user(verified: Verified, employer: Employer) -> User:
    names = claims.names()
    employer = locked(Employer, employer.id)
    identity = _identity(verified.issuer, verified.subject)
    if identity is None:
        email = normalise_email(verified.text(names.email))
        colleague = db.session.scalar(
            select(User).where(User.email == email, User.employer_id == employer.id)
        )
        # A colleague who had a password login signs in as themselves, not as a new user.
        user = colleague or create_user(
            UserData(
                email=_free_email(
                    email, f"virksomhed-{employer.id}-{_short(verified)}@mitid.invalid"
                ),
                name=verified.text(names.name) or employer.contact_name or employer.name,
                role=Role.EMPLOYER,
                employer_id=employer.id,
            )
        )
        identity = _link_or_winners(verified, user)
    user = identity.user
    if user.role is not Role.EMPLOYER:  # one provider may serve several audiences
        raise SignInRefused(Reason.WRONG_KIND)
    if user.employer_id != employer.id:
        # The sign-in proves the CVR now; a person moved to another company works there.
        user.employer_id = employer.id
    return _usable(user)


def register_company(proven: ProvenCompany, data: registration.Registration) -> User:
    """The company's registration with the CVR the sign-in proved, its first user signing in
    with MitID Erhverv (no password). Approved at once where the municipality chose that."""
    data.cvr = proven.cvr
    data.password = ""
    try:
        with db.session.begin_nested():
            user = registration.register(data)
            if current_app.config["OIDC_COMPANIES_APPROVE_PROVEN"] and user.employer:
                user.employer.status = EmployerStatus.APPROVED
            _link(proven.issuer, proven.subject, user, Audience.COMPANIES)
            return user
    except (registration.CompanyError, IntegrityError):
        employer = registration.find_by_cvr(proven.cvr)
        if employer is None:
            raise
    # A colleague registered the same company a moment before: sign in to theirs.
    return _proven_colleague(proven, employer)


def _proven_colleague(proven: ProvenCompany, employer: Employer) -> User:
    return _company_user(
        Verified(
            provider=current_app.config["OIDC_PROVIDERS"][Audience.COMPANIES],
            claims={
                "iss": proven.issuer,
                "sub": proven.subject,
                claims.names().email: proven.email,
                claims.names().name: proven.name,
            },
        ),
        employer,
    )


# Staff ----------------------------------------------------------------------------------------


def staff(verified: Verified) -> User:
    """The municipality's identity provider vouches for a staff member: their user here is the
    one linked to this identity, or at the first sign-in the staff user with the e-mail the
    provider gives. The groups decide the role at every sign-in; no group that gives one, no
    access, and the person's open sessions end."""
    names = claims.names()
    identity = _identity(verified.issuer, verified.subject)
    user: User | None
    if identity is not None:
        user = identity.user
    else:
        email = normalise_email(verified.text(names.staff_email))
        user = (
            db.session.scalar(select(User).where(User.email == email, User.role.in_(STAFF_ROLES)))
            if email
            else None
        )
    if user is None:
        raise SignInRefused(Reason.UNKNOWN_STAFF)
    if user.role not in STAFF_ROLES:  # a company's or a citizen's identity at the same provider
        raise SignInRefused(Reason.WRONG_KIND)
    user = locked(User, user.id)
    role = claims.staff_role(verified)
    if role is None:
        user.end_sessions()
        db.session.flush()
        raise SignInRefused(Reason.NO_ROLE, user)
    _usable(user)
    if identity is None:
        _link_or_winners(verified, user)
    user.role = role
    db.session.flush()
    return user


# Shared ---------------------------------------------------------------------------------------


def _identity(issuer: str, subject: str) -> ExternalIdentity | None:
    return db.session.scalar(
        select(ExternalIdentity).where(
            ExternalIdentity.issuer == issuer, ExternalIdentity.subject == subject
        )
    )


def _link(issuer: str, subject: str, user: User, audience: Audience) -> ExternalIdentity:
    identity = ExternalIdentity(
        user_id=user.id, audience=audience, issuer=issuer, subject=subject, user=user
    )
    db.session.add(identity)
    db.session.flush()
    return identity


def _made_or_winners(make: Callable[[], T], winners: Callable[[], T | None]) -> T:
    """`make()` in a savepoint; if a unique key says another request made the row first (on
    SQLite, which has no row locks), that row instead."""
    try:
        with db.session.begin_nested():
            return make()
    except IntegrityError:
        winner = winners()
        if winner is None:
            raise
        return winner


def _link_or_winners(verified: Verified, user: User) -> ExternalIdentity:
    return _made_or_winners(
        lambda: _link(verified.issuer, verified.subject, user, verified.audience),
        lambda: _identity(verified.issuer, verified.subject),
    )


def _usable(user: User) -> User:
    if not user.active:
        raise SignInRefused(Reason.INACTIVE, user)
    user.last_login_at = clock.now()
    db.session.flush()
    return user


def _short(verified: Verified) -> str:
    """A stable stand-in for the subject in a made-up address (never the subject itself)."""
    return hashlib.sha256(verified.subject.encode()).hexdigest()[:10]
