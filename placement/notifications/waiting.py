""" "Venter på dig": what waits on a person now, for the top of their home page, each one click
away. Read only: every list comes from the records themselves, so it is never out of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from placement.agreements import representative, versions
from placement.common import clock
from placement.common.access import placements_for
from placement.common.policy import FOLLOW_UP_REMINDER_WORKING_DAYS
from placement.extensions import db
from placement.followups.plans import state_of
from placement.models import (
    Agreement,
    Candidate,
    Employer,
    EmployerStatus,
    ErasureRequest,
    ErasureState,
    FollowUp,
    FollowUpState,
    Opening,
    Party,
    Placement,
    PlacementStatus,
    Role,
    User,
)

S = PlacementStatus
# Follow-ups are recorded while the placement runs and once after it (the outcome check).
FOLLOWED_STATES = (S.ACTIVE, S.AWAITING_EVALUATION, S.COMPLETED, S.ENDED_EARLY)


@dataclass(frozen=True)
class Waiting:
    """One thing to do: in words, where to do it, and since when (or, when due, by when)."""

    what: str
    url: str
    when: date | None = None
    due: bool = False  # `when` is a deadline, not the day it began to wait
    overdue: bool = False


def for_user(user: User, today: date | None = None) -> list[Waiting]:
    """Overdue first, then the oldest first."""
    today = today or clock.today()
    found = {
        Role.CITIZEN: _citizen,
        Role.EMPLOYER: _employer,
        Role.CONSULTANT: _consultant,
        Role.MANAGER: _manager,
        Role.ADMIN: _admin,
    }[user.role](user, today)
    return sorted(found, key=lambda item: (not item.overdue, item.when or date.max))


def _day(moment: datetime | date | None) -> date | None:
    return moment.date() if isinstance(moment, datetime) else moment


def _placements(query) -> list[Placement]:
    # The opening and the citizen joined, as the columns these lists name (the rows are
    # wide: descriptions, encrypted CPR numbers); the agreements' confirmations too: whether
    # an agreement waits for a party is asked of each (a statement per placement otherwise,
    # 15 on a national consultant's caseload).
    return list(
        db.session.scalars(
            query.options(
                joinedload(Placement.opening).load_only(
                    Opening.id, Opening.title, Opening.kind, Opening.employer_id
                ),
                joinedload(Placement.candidate).load_only(Candidate.id, Candidate.name),
                # Not the agreements' content: only the newest's date and confirmations are asked.
                selectinload(Placement.agreements)
                .load_only(Agreement.id, Agreement.placement_id, Agreement.created_at)
                .selectinload(Agreement.confirmations),
            ).order_by(Placement.created_at, Placement.id)
        )
    )


def _to_confirm(placements: list[Placement], party: Party, link, with_whom=None) -> list[Waiting]:
    """The agreements among `placements` that wait for this party; with_whom(placement) names
    the other side (the citizen, unless given)."""
    waiting = versions.awaiting(placements, party)
    return [
        Waiting(
            _(
                "Bekræft aftalen om %(opening)s med %(name)s",
                opening=p.opening.title,
                name=with_whom(p) if with_whom else p.candidate.name,
            ),
            link(p),
            _day(p.agreement.created_at),
        )
        for p in placements
        if p.id in waiting and p.agreement  # awaiting: it has one
    ]


def _citizen(user: User, today: date) -> list[Waiting]:
    mine = _placements(
        placements_for(user).where(Placement.status.in_((S.PROPOSED, *versions.VERSIONED_STATES)))
    )

    def link(p):
        return url_for("candidates.my_placement", placement_id=p.id)

    # Offers are answered on the portal itself, in the offer's card.
    offers = [
        Waiting(
            _(
                "Svar på tilbuddet: %(opening)s hos %(company)s",
                opening=p.opening.title,
                company=p.opening.employer.name,
            ),
            url_for("candidates.portal", _anchor=f"tilbud-{p.id}"),
            _day(p.created_at),
        )
        for p in mine
        if p.status == S.PROPOSED and p.citizen_answer is None
    ]
    return offers + _to_confirm(mine, Party.CITIZEN, link, lambda p: p.opening.employer.name)


def _employer(user: User, today: date) -> list[Waiting]:
    ours = _placements(
        placements_for(user).where(Placement.status.in_((S.PROPOSED, *versions.VERSIONED_STATES)))
    )

    def link(p):
        return url_for("employers.proposal", placement_id=p.id)

    proposals = [
        Waiting(
            _(
                "Svar på forslaget: %(name)s til %(opening)s",
                name=p.candidate.name,
                opening=p.opening.title,
            ),
            link(p),
            _day(p.created_at),
        )
        for p in ours
        if p.status == S.PROPOSED and p.employer_answer is None
    ]
    return proposals + _to_confirm(ours, Party.EMPLOYER, link) + _representative(ours, link)


def _consultant(user: User, today: date) -> list[Waiting]:
    own = _placements(
        select(Placement).where(
            Placement.consultant_id == user.id,
            Placement.status.in_((S.ACCEPTED, S.AWAITING_EVALUATION, *versions.VERSIONED_STATES)),
        )
    )

    def link(p):
        return url_for("placements.detail", placement_id=p.id)

    agree = [
        Waiting(
            _(
                "Aftal forløbet: %(name)s i %(opening)s – begge har sagt ja",
                name=p.candidate.name,
                opening=p.opening.title,
            ),
            link(p),
        )
        for p in own
        if p.status == S.ACCEPTED
    ]
    evaluate = [
        Waiting(
            _(
                "Skriv resultatet af forløbet: %(name)s i %(opening)s",
                name=p.candidate.name,
                opening=p.opening.title,
            ),
            link(p),
            p.end_date,
        )
        for p in own
        if p.status == S.AWAITING_EVALUATION
    ]  # since it ended
    return (
        agree
        + _to_confirm(own, Party.CONSULTANT, link)
        + _representative(own, link)
        + evaluate
        + _followups(user, today)
    )


def _representative(placements: list[Placement], link) -> list[Waiting]:
    """Agreed wage subsidies that cannot start for want of the representative's approval."""
    found = []
    for p in placements:
        why = representative.start_refusal(p) if p.status == S.AGREED else None
        if why:
            found.append(
                Waiting(
                    _(
                        "Tillidsrepræsentanten: %(name)s i %(opening)s – %(why)s",
                        name=p.candidate.name,
                        opening=p.opening.title,
                        why=why,
                    ),
                    link(p),
                )
            )
    return found


def _followups(user: User, today: date) -> list[Waiting]:
    # Due soon means within the reminder's working days: at most a week and a bit ahead.
    horizon = today + timedelta(days=FOLLOW_UP_REMINDER_WORKING_DAYS + 9)
    # The citizen's name in the same statement: only the name is shown.
    rows = db.session.execute(
        select(FollowUp, Candidate.name)
        .join(Placement, Placement.id == FollowUp.placement_id)
        .join(Candidate, Candidate.id == Placement.candidate_id)
        .where(
            Placement.consultant_id == user.id,
            Placement.status.in_(FOLLOWED_STATES),
            FollowUp.done_at.is_(None),
            FollowUp.due_date <= horizon,
        )
        .order_by(FollowUp.due_date, FollowUp.id)
    )
    waiting = []
    for followup, name in rows:
        state = state_of(followup, today)
        if state not in (FollowUpState.OVERDUE, FollowUpState.DUE_SOON):
            continue
        waiting.append(
            Waiting(
                _("Opfølgning: %(title)s med %(name)s", title=followup.title, name=name),
                url_for(
                    "followups.detail", placement_id=followup.placement_id, followup_id=followup.id
                ),
                followup.due_date,
                due=True,
                overdue=state == FollowUpState.OVERDUE,
            )
        )
    return waiting


def _manager(user: User, today: date) -> list[Waiting]:
    from placement.privacy.erasure import requests_for

    pending = db.session.scalars(
        requests_for(user)
        .where(ErasureRequest.state == ErasureState.PENDING)
        .options(selectinload(ErasureRequest.candidate))
        .order_by(ErasureRequest.requested_at, ErasureRequest.id)
    )
    return [
        Waiting(
            _("Tag stilling til sletning af %(name)s", name=r.candidate.name),
            url_for("privacy.erasure_request", request_id=r.id),
            _day(r.requested_at),
        )
        for r in pending
    ]


def _admin(user: User, today: date) -> list[Waiting]:
    pending = db.session.scalars(
        select(Employer)
        .where(Employer.status == EmployerStatus.PENDING)
        .order_by(Employer.created_at, Employer.id)
    )
    return [
        Waiting(
            _("Godkend virksomheden %(name)s", name=e.name),
            url_for("companies.detail", employer_id=e.id),
            _day(e.created_at),
        )
        for e in pending
    ]
