"""The revolving door: telling a company's consultants when it takes intern after intern and
hires none of them.

The law's repeat rules catch one citizen at a time (the same person in internship at the same
company again); a company that has had at least REVOLVING_DOOR_INTERNSHIPS internships end in
the last 24 months without one of them leading to ordinary work or a flex job there within 6
months (placement/companies/hiring.py) is a pattern only the sum shows. The consultants who had
placements at the company in those 24 months are told, in Beskeder and by mail, once per company
in each half-year: the notification's key holds the company, the half-year and the threshold,
so a sweep run again, or two at once, or one killed before its commit, tells nobody twice.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import select

from placement.common import clock
from placement.common.jobs import SweepResult
from placement.common.policy import REVOLVING_DOOR_PERIOD_MONTHS
from placement.companies import hiring
from placement.extensions import db
from placement.models import Employer, Kind, Opening, Role, User
from placement.notifications.inbox import Message, notify_all


def threshold() -> int:
    """Internships without a hire that make the alert; 0 turns it off."""
    return int(current_app.config["REVOLVING_DOOR_INTERNSHIPS"])


def period(today: date) -> str:
    """The half-year (or other period) the alert is given once in, e.g. "2027-1"."""
    return f"{today.year}-{(today.month - 1) // REVOLVING_DOOR_PERIOD_MONTHS + 1}"


def revolving(today: date, limit: int) -> dict[int, tuple[int, set[int], int]]:
    """Companies at or above the limit with no internship led to a hire: company id ->
    (internships ended in the window, ids of the consultants of its placements there, the
    opening of the latest internship to end)."""
    internships: dict[int, int] = defaultdict(int)
    latest: dict[int, tuple[date, int]] = {}
    hired: set[int] = set()
    consultants: dict[int, set[int]] = defaultdict(set)
    for ended in hiring.ended_placements(today):
        consultant = ended.consultant_id or ended.candidate_consultant_id
        if consultant is not None:
            consultants[ended.employer_id].add(consultant)
        if ended.kind is Kind.INTERNSHIP:
            internships[ended.employer_id] += 1
            latest[ended.employer_id] = max(
                latest.get(ended.employer_id, (ended.end, ended.opening_id)),
                (ended.end, ended.opening_id),
            )
            if ended.hired:
                hired.add(ended.employer_id)
    return {
        company: (count, consultants[company], latest[company][1])
        for company, count in internships.items()
        if count >= limit and company not in hired
    }


def alert_revolving_doors(now: datetime) -> SweepResult:
    """The sweep (`revolving_door`): tell each such company's consultants, once a period."""
    result = SweepResult()
    limit = threshold()
    if limit < 1:
        return result
    today = clock.today(now)
    found = revolving(today, limit)
    if not found:
        return result
    companies = {
        c.id: c for c in db.session.scalars(select(Employer).where(Employer.id.in_(list(found))))
    }
    wanted = {user_id for _count, users, _opening in found.values() for user_id in users}
    openings = {
        o.id: o
        for o in db.session.scalars(
            select(Opening).where(Opening.id.in_(sorted(o for *_, o in found.values())))
        )
    }
    people = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(
                User.id.in_(sorted(wanted)), User.role == Role.CONSULTANT, User.active.is_(True)
            )
        )
    }
    messages = []
    for company_id in sorted(found):
        count, users, opening_id = found[company_id]
        name = companies[company_id].name
        key = f"revolving-door:{company_id}:{period(today)}:{limit}"
        for user_id in sorted(users):
            if user_id in people:
                # About the latest internship's opening: the link leads there, to the company.
                messages.append(
                    Message(
                        people[user_id],
                        key,
                        _title(name, count),
                        _body(name, count),
                        opening=openings[opening_id],
                    )
                )
    result.notifications = notify_all(messages)
    result.done = len({m.key for m in result.notifications})
    return result


def _title(company: str, count: int):
    # Functions, so that each is worked out in the consultant's language (inbox.notify_all).
    return lambda: ngettext(
        "%(company)s: %(num)d praktik uden ansættelse",
        "%(company)s: %(num)d praktikker uden ansættelse",
        count,
        company=company,
    )


def _body(company: str, count: int):
    return lambda: ngettext(
        "%(company)s har haft %(num)d virksomhedspraktik, der er slut inden for de seneste 24 "
        "måneder, og den er ikke endt med ordinært job eller fleksjob i virksomheden. "
        "Tal med virksomheden om, hvad der skal til, før der aftales flere praktikker. "
        "Tallene står på virksomhedens side under Virksomheder.",
        "%(company)s har haft %(num)d virksomhedspraktikker, der er slut inden for de seneste "
        "24 måneder, og ingen af dem er endt med ordinært job eller fleksjob i virksomheden. "
        "Tal med virksomheden om, hvad der skal til, før der aftales flere praktikker. "
        "Tallene står på virksomhedens side under Virksomheder.",
        count,
        company=company,
    )
