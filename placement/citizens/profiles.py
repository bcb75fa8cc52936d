"""The consultant's work on a citizen's profile: facts, needs, goals, journal, CPR, invitation.

Nothing here logs or returns a CPR number; messages name the field, never the digits.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, inspect, select

from placement.accounts import users
from placement.agreements import versions
from placement.common import clock
from placement.common.identifiers import cpr_birth_date, normalise_cpr
from placement.common.policy import FULL_TIME_HOURS
from placement.common.refusals import FieldRefusal
from placement.extensions import db
from placement.models import (
    Adaptation,
    Candidate,
    CandidateAdaptation,
    CandidateKind,
    CandidatePlace,
    CandidateStatus,
    Invitation,
    JournalEntry,
    Kind,
    Placement,
    Role,
    User,
)
from placement.models.users import normalise_email
from placement.privacy import cpr_vault
from placement.web import edit_fields, edit_versions

INVITATION_DAYS = 14
# No 0/O, 1/I/L: the code is read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
POSTCODE = re.compile(r"^\d{4}$")


class ProfileInvalid(FieldRefusal):
    """A change that cannot be saved; made from {field name or None: message}."""


# --- facts, wishes and needs (what companies see is the citizen's choice: consent.py) --------


@dataclass
class ProfileData:
    """What the consultant fills in for a citizen (from the form, an import or a test)."""

    name: str
    birth_date: date
    email: str = ""
    phone: str = ""
    postcode: str = ""
    city: str = ""
    places: str = ""  # reachable postcodes as typed: "8800, 8830"
    max_hours: int | None = None
    job_ready: bool = False
    kinds: list[Kind] = field(default_factory=list)
    skills: str = ""
    interests: str = ""
    status: CandidateStatus = CandidateStatus.LOOKING
    needs: dict[int, bool] = field(default_factory=dict)  # adaptation id -> must have
    adaptation_note: str = ""


def parse_postcodes(text: str) -> list[str]:
    """The postcodes in "8800, 8830 8850", each once, in the order typed."""
    found = [part for part in re.split(r"[\s,;]+", text or "") if part]
    bad = [part for part in found if not POSTCODE.match(part)]
    if bad:
        raise ProfileInvalid(
            {"places": _("Et postnummer har 4 cifre. Ret: %(bad)s", bad=", ".join(bad[:5]))}
        )
    return list(dict.fromkeys(found))


# No one alive was born before this: an earlier year is a typing mistake (0001-01-01).
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def profile_problems(
    data: ProfileData, candidate: Candidate | None = None, today: date | None = None
) -> dict[str | None, str]:
    """Every reason the profile cannot be saved, by field, all at once (reads only)."""
    today = today or clock.today()
    problems: dict[str | None, str] = {}
    if not (data.name or "").strip():
        problems["name"] = _("Skriv borgerens navn.")
    if data.birth_date is None:
        problems["birth_date"] = _("Skriv borgerens fødselsdato.")
    elif data.birth_date > today:
        problems["birth_date"] = _("Fødselsdatoen kan ikke ligge i fremtiden.")
    elif data.birth_date < EARLIEST_BIRTH_DATE:
        problems["birth_date"] = _(
            "Fødselsdatoen kan ikke ligge før %(year)d. Skriv fx 1990-05-17.",
            year=EARLIEST_BIRTH_DATE.year,
        )
    elif candidate and candidate.cpr and cpr_birth_date(candidate.cpr) != data.birth_date:
        problems["birth_date"] = _("Fødselsdatoen passer ikke med det gemte CPR-nummer.")
    if data.postcode and not POSTCODE.match(data.postcode):
        problems["postcode"] = _("Skriv et postnummer med 4 cifre.")
    if data.max_hours is not None and not 0 <= data.max_hours <= FULL_TIME_HOURS:
        problems["max_hours"] = _("Skriv et tal fra 0 til %(n)d.", n=FULL_TIME_HOURS)
    try:
        parse_postcodes(data.places)
    except ProfileInvalid as error:
        problems.update(error.problems)
    known = set(db.session.scalars(select(Adaptation.id)))
    if set(data.needs) - known:
        problems["needs"] = _("Vælg tilpasninger fra listen.")
    return problems


def _check(data: ProfileData, candidate: Candidate | None, today: date) -> list[str]:
    """The postcodes the citizen can reach, once the profile is found fit to save."""
    problems = profile_problems(data, candidate, today)
    if problems:
        raise ProfileInvalid(problems)
    return parse_postcodes(data.places)


def _apply(candidate: Candidate, data: ProfileData, places: list[str]) -> None:
    candidate.name = data.name.strip()
    candidate.birth_date = data.birth_date
    candidate.email = normalise_email(data.email)
    candidate.phone = (data.phone or "").strip()
    candidate.postcode = data.postcode or ""
    candidate.city = (data.city or "").strip()
    candidate.max_hours = data.max_hours
    candidate.job_ready = bool(data.job_ready)
    candidate.skills = (data.skills or "").strip()
    candidate.interests = (data.interests or "").strip()
    candidate.status = data.status
    # Rows are replaced in place, so unchanged ones keep their identity (composite keys).
    wanted = list(dict.fromkeys(data.kinds))
    candidate.kinds = [row for row in candidate.kinds if row.kind in wanted] + [
        CandidateKind(kind=kind)
        for kind in wanted
        if kind not in {row.kind for row in candidate.kinds}
    ]
    have = {row.postcode: row for row in candidate.places}
    candidate.places = [have.get(code) or CandidatePlace(postcode=code) for code in places]
    set_needs(candidate, data.needs, data.adaptation_note)


def create_candidate(data: ProfileData, consultant: User, today: date | None = None) -> Candidate:
    """A new citizen in the consultant's municipality, with the consultant as theirs."""
    places = _check(data, None, today or clock.today())
    candidate = Candidate(
        municipality_id=consultant.municipality_id,
        consultant=consultant,
        name=data.name,
        birth_date=data.birth_date,
    )
    db.session.add(candidate)
    _apply(candidate, data, places)
    db.session.flush()
    return candidate


def update_candidate(
    candidate: Candidate,
    data: ProfileData,
    today: date | None = None,
    by: User | None = None,
    seen: edit_versions.Seen | None = None,
) -> bool:
    """Save the profile; return whether anything in it changed (the caller logs a change only
    then). Values equal to the stored ones write nothing: rows that stay keep their identity.
    `seen`: what the form showed; a change made since (by a colleague, or the citizen's own
    wishes) that this save would undo refuses it (EditConflict)."""
    edit = edit_versions.begin(candidate, edit_fields.PROFILE, seen)
    places = _check(data, candidate, today or clock.today())
    before = _profile_of(candidate)
    _apply(candidate, data, places)
    db.session.flush()
    if _profile_of(candidate) == before:
        return False
    edit.finish(by)
    # The name and birth date are in the running agreements.
    versions.refresh_running(Placement.candidate_id == candidate.id, by)
    return True


def _profile_of(candidate: Candidate) -> tuple:
    """Everything the profile form edits, to tell whether a save changed it."""
    return (
        tuple(getattr(candidate, column.key) for column in inspect(Candidate).column_attrs),
        sorted(candidate.kinds_wanted),
        sorted(place.postcode for place in candidate.places),
        sorted((need.adaptation_id, need.must_have) for need in candidate.needs),
    )


def set_needs(candidate: Candidate, needs: dict[int, bool], note: str = "") -> None:
    """The adaptations the citizen needs; must_have marks those that must be in place."""
    have = {row.adaptation_id: row for row in candidate.needs}
    rows = []
    for adaptation_id, must_have in needs.items():
        row = have.get(adaptation_id) or CandidateAdaptation(adaptation_id=adaptation_id)
        row.must_have = bool(must_have)
        rows.append(row)
    candidate.needs = rows
    candidate.adaptation_note = (note or "").strip()
    db.session.flush()


# --- CPR: entered once --------------------------------------------------------------------------


def set_cpr(candidate: Candidate, value: str) -> None:
    if candidate.cpr:
        raise ProfileInvalid({"cpr": _("CPR-nummeret er allerede gemt og kan ikke ændres her.")})
    born = cpr_birth_date(value or "")
    if born is None:
        raise ProfileInvalid({"cpr": _("Skriv CPR-nummeret som 10 cifre, fx DDMMÅÅ-1234.")})
    if born != candidate.birth_date:
        raise ProfileInvalid({"cpr": _("CPR-nummeret passer ikke med fødselsdatoen.")})
    candidate.cpr = normalise_cpr(value)
    db.session.flush()


def may_unmask_cpr(user: User, candidate: Candidate) -> bool:
    """Only the citizen's own consultant may see the whole number (on a click, audited by the
    view); everyone else sees DDMMYY-XXXX at most."""
    return (
        user.role == Role.CONSULTANT
        and candidate.consultant_id == user.id
        and candidate.cpr_encrypted is not None
    )


def find_by_cpr(query, value: str) -> Candidate | None:
    """The citizen with exactly this CPR number among those `query` (a scoped select of
    Candidate) may show, or None. Found through the keyed hash: the number is never compared
    or stored as digits. Several profiles with one number (entered twice): the oldest."""
    if cpr_birth_date(value or "") is None:
        raise ProfileInvalid({"cpr": _("Skriv CPR-nummeret som 10 cifre, fx DDMMÅÅ-1234.")})
    return db.session.scalar(
        query.where(Candidate.cpr_hash == cpr_vault.lookup_hash(value))
        .order_by(Candidate.id)
        .limit(1)
    )


# --- the journal ----------------------------------------------------------------------------------


def journal_of(candidate: Candidate):
    return (
        select(JournalEntry)
        .where(JournalEntry.candidate_id == candidate.id)
        .order_by(JournalEntry.entry_date.desc(), JournalEntry.id.desc())
    )


def journal_problems(
    text: str, entry_date: date | None, today: date | None = None
) -> dict[str | None, str]:
    """Every reason a journal note cannot be saved, by field, all at once (reads only)."""
    problems: dict[str | None, str] = {}
    if not (text or "").strip():
        problems["text"] = _("Skriv notatet.")
    if entry_date and entry_date > (today or clock.today()):
        problems["entry_date"] = _("Datoen kan ikke ligge i fremtiden.")
    return problems


def add_journal_entry(
    candidate: Candidate,
    author: User,
    text: str,
    entry_date: date | None = None,
    today: date | None = None,
) -> JournalEntry:
    today = today or clock.today()
    text = (text or "").strip()
    problems = journal_problems(text, entry_date, today)
    if problems:
        raise ProfileInvalid(problems)
    entry = JournalEntry(
        candidate=candidate, author=author, text=text, entry_date=entry_date or today
    )
    db.session.add(entry)
    db.session.flush()
    return entry


# --- inviting the citizen to the portal -----------------------------------------------------------


def normalise_code(value: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())


def format_code(code: str) -> str:
    """K7M4QX2P -> K7M4-QX2P: easier to read aloud and to copy from paper."""
    return f"{code[:4]}-{code[4:]}"


def _hash(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


@dataclass
class InvitationResult:
    invitation: Invitation
    code: str  # formatted; exists only here, never stored
    user: User | None  # the citizen's user, when there is one to mail


def invite_citizen(candidate: Candidate, by: User, now: datetime | None = None) -> InvitationResult:
    """A new one-use code for the portal; it replaces any unused one.

    A citizen user is made now only when the profile has an e-mail; otherwise at activation,
    with the e-mail the citizen types.
    """
    now = now or clock.now()
    user = candidate.user
    if user is not None and not user.active:
        raise ProfileInvalid(
            {None: _("Borgerens bruger er deaktiveret. Kontakt en administrator.")}
        )
    if user is None and candidate.email:
        try:
            user = users.create_user(
                users.UserData(
                    email=candidate.email,
                    name=candidate.name,
                    role=Role.CITIZEN,
                    municipality_id=candidate.municipality_id,
                    candidate_id=candidate.id,
                )
            )
        except users.AccountError as error:
            raise ProfileInvalid({None: str(error)}) from error
    db.session.execute(
        delete(Invitation).where(
            Invitation.candidate_id == candidate.id, Invitation.used_at.is_(None)
        )
    )
    code = "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))
    invitation = Invitation(
        candidate_id=candidate.id,
        created_by_id=by.id,
        code_hash=_hash(code),
        expires_at=now + timedelta(days=INVITATION_DAYS),
        created_at=now,
    )
    db.session.add(invitation)
    db.session.flush()
    db.session.refresh(candidate, ["invitations"])
    return InvitationResult(invitation, format_code(code), user)


def wrong_code_message() -> str:
    # One message for every failure: a wrong, expired or used code look the same.
    return _("Koden er forkert eller udløbet. Bed din jobkonsulent om en ny.")


def open_invitation(code: str, now: datetime | None = None) -> Invitation | None:
    """The unused, unexpired invitation with this code, or None (the same for every failure)."""
    if len(normalise_code(code)) != CODE_LENGTH:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.code_hash == _hash(code)))
    if invitation is None or not invitation.is_open(now):
        return None
    return invitation


def activate(code: str, email: str, password: str, now: datetime | None = None) -> User:
    """The citizen chooses a password with the code: their user is made or updated and tied to
    the profile, and the code is used up."""
    now = now or clock.now()
    invitation = open_invitation(code, now)
    if invitation is None:
        raise ProfileInvalid({"code": wrong_code_message()})
    candidate = invitation.candidate
    email = normalise_email(email)
    user = candidate.user
    try:
        users.check_new_password(password)
        if user is None:
            user = users.create_user(
                users.UserData(
                    email=email,
                    name=candidate.name,
                    role=Role.CITIZEN,
                    municipality_id=candidate.municipality_id,
                    candidate_id=candidate.id,
                )
            )
        elif user.email != email:
            users.update_user(
                user,
                users.UserData(
                    email=email,
                    name=user.name,
                    role=Role.CITIZEN,
                    municipality_id=user.municipality_id,
                    candidate_id=candidate.id,
                    language=user.language,
                    active=user.active,
                ),
            )
    except users.AccountError as error:
        field = "password" if error.field == "password" else "email"
        raise ProfileInvalid({field: str(error)}) from error
    if not user.active:
        raise ProfileInvalid({"code": wrong_code_message()})
    user.set_password(password)
    invitation.used_at = now
    db.session.flush()
    return user
