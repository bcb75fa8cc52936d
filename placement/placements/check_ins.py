"""The citizen's weekly check-in on a running placement: "Hvordan går det?" 1-5 and words.

The weekly job (ask_for_check_ins) writes a row per running placement and week and tells the
citizen through the outbox; the mail carries a signed link (check_in_links.py) that works on a
phone without signing in. The citizen answers with one tap; answering again in the same week
replaces the answer (a slip of the thumb is mended by tapping again; the latest word counts).
A citizen can turn the mails off on their own page (Mine ønsker).

Who is asked: the citizen on an ACTIVE placement that started before today, who has an
account with an e-mail address and has not turned the mails off. A citizen without an
address is skipped (no row, so no
"has not answered" either).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, exists, literal, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import joinedload

from placement.common import clock
from placement.common.jobs import SweepResult
from placement.common.policy import CHECK_IN_LINK_DAYS
from placement.common.refusals import Refusal
from placement.extensions import db
from placement.models import (
    Candidate,
    CheckIn,
    Notification,
    Opening,
    Placement,
    PlacementStatus,
    User,
)
from placement.models.check_ins import CHECK_IN_WORDS_LIMIT
from placement.models.types import utcnow
from placement.notifications.inbox import Message, notify_all, wants_mail
from placement.placements import check_in_links
from placement.placements.locks import lock_placement

SCORES = (1, 2, 3, 4, 5)
_CHUNK = 1000  # placements loaded per statement
SCORE_LABELS = {
    1: _l("Meget dårligt"),
    2: _l("Dårligt"),
    3: _l("Hverken godt eller dårligt"),
    4: _l("Godt"),
    5: _l("Meget godt"),
}


class CheckInRefused(Refusal):
    """The answer cannot be taken; the message says why, for the citizen."""


class AlreadyAnswered(CheckInRefused):
    """The same answer posted again: nothing is written, nothing went wrong."""

    repeated = True


def week_of(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


# --- the weekly job ------------------------------------------------------------------------------


def ask_for_check_ins(now: datetime) -> SweepResult:
    """Ask every citizen on a running placement how it goes, once a week.

    Idempotent: the row's unique key (placement, week) and the notification's key
    ("check-in:<placement>:<Monday>") are both written at most once, in the sweep's one
    transaction; a run killed before its commit wrote nothing, and the outbox mails each
    notification once (placement/notifications/outbox.py)."""
    result = SweepResult()
    if not current_app.config.get("PUBLIC_URL"):
        # The mail's link needs the site's address: without it, ask nobody.
        return result
    today = clock.today(now)
    week = week_of(today)
    # The pairs first, light: on a rerun they are none, and no placement is loaded.
    pairs = db.session.execute(
        select(Placement.id, User.id)
        .join(Candidate, Candidate.id == Placement.candidate_id)
        .join(User, User.candidate_id == Candidate.id)
        .where(
            Placement.status == PlacementStatus.ACTIVE,
            # Not on the first day: "how is it going?" needs some days to answer about.
            Placement.start_date < today,
            Candidate.check_ins_off.is_(False),
            Candidate.anonymised_at.is_(None),
            User.active.is_(True),
            # Asked already this week: its row and its notification are both there, and a
            # run would write neither again.
            ~(
                exists().where(CheckIn.placement_id == Placement.id, CheckIn.week == week)
                & exists().where(
                    Notification.user_id == User.id,
                    Notification.key
                    == literal(check_in_links.KEY_PREFIX)
                    + cast(Placement.id, String)
                    + literal(f":{week.isoformat()}"),
                )
            ),
        )
    ).all()
    if not pairs:
        return result
    wanted = {tuple(pair) for pair in pairs}
    ids = sorted({placement_id for placement_id, _user_id in wanted})
    rows = []
    for start in range(0, len(ids), _CHUNK):
        rows += [
            (placement, user)
            for placement, user in db.session.execute(
                select(Placement, User)
                .join(User, User.candidate_id == Placement.candidate_id)
                .where(Placement.id.in_(ids[start : start + _CHUNK]))
                .options(joinedload(Placement.opening).joinedload(Opening.employer))
                .order_by(Placement.id)
            )
            if (placement.id, user.id) in wanted
        ]
    asked = [(placement, user) for placement, user in rows if wants_mail(user)]
    if not asked:
        return result
    insert_into = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    at = clock.now()
    db.session.execute(
        insert_into(CheckIn)
        .values(
            [{"placement_id": p.id, "week": week, "asked_at": at, "words": ""} for p, _u in asked]
        )
        .on_conflict_do_nothing(index_elements=["placement_id", "week"])
    )
    messages = []
    with force_locale("da"):
        for placement, user in asked:
            messages.append(
                Message(
                    user,
                    check_in_links.key(placement.id, week),
                    _l("Hvordan går det hos %(company)s?", company=placement.opening.employer.name),
                    _l(
                        "Svar med ét tryk på linket herunder. Du behøver ikke logge ind. "
                        "Linket virker i %(days)d dage.",
                        days=CHECK_IN_LINK_DAYS,
                    ),
                    placement=placement,
                )
            )
    result.notifications = notify_all(messages)
    result.done = len(result.notifications)
    return result


# --- the citizen's answer -----------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """What the link's page shows: the company's name, the week, and the answer given."""

    placement_id: int
    week: date
    company: str
    open: bool  # the placement still runs: the question can be answered
    answer: CheckIn | None


def _placement_of(token: str) -> tuple[Placement, date]:
    """The placement and week a link answers; refuses an expired, forged or unknown link."""
    try:
        placement_id, week = check_in_links.read(token)
    except check_in_links.LinkExpired:
        raise CheckInRefused(
            _("Linket er udløbet. Du får et nyt link i næste uges mail.")
        ) from None
    except check_in_links.LinkInvalid:
        raise CheckInRefused(_("Linket findes ikke.")) from None
    if clock.today() > week + timedelta(days=6 + CHECK_IN_LINK_DAYS):
        # A link made later for an old week (the citizen's Beskeder) lasts no longer than
        # one mailed on the week's last day would.
        raise CheckInRefused(_("Linket er udløbet. Du får et nyt link i næste uges mail."))
    placement = db.session.get(Placement, placement_id)
    if placement is None:
        raise CheckInRefused(_("Linket findes ikke."))
    return placement, week


def _row(placement_id: int, week: date) -> CheckIn | None:
    return db.session.scalar(
        select(CheckIn).where(CheckIn.placement_id == placement_id, CheckIn.week == week)
    )


def asked(token: str) -> Asked:
    """The page's facts for a link; raises CheckInRefused for a link that opens nothing."""
    placement, week = _placement_of(token)
    return Asked(
        placement.id,
        week,
        placement.opening.employer.name,
        placement.status == PlacementStatus.ACTIVE,
        _row(placement.id, week),
    )


def answer(token: str, score: int, words: str = "") -> CheckIn:
    """The citizen's answer for the link's week: written, or put in place of the week's
    earlier answer. The same answer again writes nothing (AlreadyAnswered).

    Takes the placement's row lock and reads the week's row under it: two answers at the same
    moment (a double tap, two tabs) wait for each other, and the second finds the first's row
    (the unique key (placement, week) backs this up)."""
    placement, week = _placement_of(token)
    if score not in SCORES:
        raise CheckInRefused(_("Vælg et svar fra 1 til 5."), field="score")
    words = (words or "").strip()
    if len(words) > CHECK_IN_WORDS_LIMIT:
        raise CheckInRefused(
            _("Skriv højst %(limit)d tegn.", limit=CHECK_IN_WORDS_LIMIT), field="words"
        )
    placement = lock_placement(placement)
    if placement.status != PlacementStatus.ACTIVE:
        raise CheckInRefused(_("Forløbet er slut, så der er ikke noget at svare på."))
    row = _row(placement.id, week)
    if row is None:
        row = CheckIn(placement_id=placement.id, week=week, asked_at=None, words="")
        db.session.add(row)
    elif row.score == score and row.words == words:
        raise AlreadyAnswered(_("Dit svar er allerede gemt. Tak."))
    row.score = score
    row.words = words
    row.answered_at = utcnow()
    db.session.flush()
    return row


# --- the citizen's choice ----------------------------------------------------------------------


def set_wanted(candidate: Candidate, wanted: bool) -> bool:
    """Turn the weekly mail on or off; return whether it changed. Flushes."""
    if candidate.check_ins_off == (not wanted):
        return False
    candidate.check_ins_off = not wanted
    db.session.flush()
    return True
