"""The items of the IPS fidelity scale the system's own data can score, with the rows behind.

Each function takes a Scope (one municipality, the consultants counted, a period) and returns
a Scored: the score (None when there is nothing to count), the measured value in words, and the
rows counted. Rows carry names, never CPR numbers; everything is read within the municipality.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from placement.common import clock
from placement.common.policy import IPS_COMPETITIVE_KINDS, IPS_JOB_KINDS
from placement.extensions import db
from placement.fidelity.scale import BY_KEY, Item
from placement.models import (
    Candidate,
    CandidateStatus,
    EmployerContact,
    FollowUp,
    Opening,
    Placement,
    PlacementStatus,
    Role,
    User,
)
from placement.models.employers import employer_contact_candidates

S = PlacementStatus
STARTED = (S.ACTIVE, S.AWAITING_EVALUATION, S.COMPLETED, S.ENDED_EARLY)
# Ended at the planned end date: the support stopped because a date said so.
ENDED_ON_DATE = (S.AWAITING_EVALUATION, S.COMPLETED)
WAITING_DAYS = 30  # without a consultant longer than this counts as waiting (zero exclusion)
FIRST_MONTH_DAYS = 30
NEW_JOB_DAYS = 7  # a job younger than this is not expected to have had a follow-up yet
YES, NO = _l("Ja"), _l("Nej")


@dataclass(frozen=True)
class Scope:
    municipality_id: int
    consultants: tuple[User, ...]  # the consultants counted: one, or the team
    date_from: date
    date_to: date

    @property
    def ids(self) -> list[int]:
        return [c.id for c in self.consultants]

    @property
    def weeks(self) -> float:
        return ((self.date_to - self.date_from).days + 1) / 7


@dataclass
class Scored:
    item: Item
    score: int | None
    value: str
    columns: tuple = ()
    rows: list[tuple] = field(default_factory=list)


def by_floor(value: float, floors: tuple[float, float, float, float]) -> int:
    """5 when value reaches floors[0], 4 floors[1], ... 1 below floors[3] (higher is better)."""
    for score, floor in zip((5, 4, 3, 2), floors):
        if value >= floor:
            return score
    return 1


def by_ceiling(value: float, ceilings: tuple[float, float, float, float]) -> int:
    """5 when value is at most ceilings[0], 4 ceilings[1], ... 1 above ceilings[3]."""
    for score, ceiling in zip((5, 4, 3, 2), ceilings):
        if value <= ceiling:
            return score
    return 1


def _pct(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def _share_text(part: int, whole: int) -> str:
    return _(
        "%(part)d af %(whole)d (%(pct)d %%)", part=part, whole=whole, pct=round(_pct(part, whole))
    )


# --- 1 caseload ---------------------------------------------------------------------------------


def _open_citizens(scope: Scope):
    return select(Candidate).where(
        Candidate.municipality_id == scope.municipality_id,
        Candidate.anonymised_at.is_(None),
        Candidate.status != CandidateStatus.CLOSED,
    )


def caseload(scope: Scope) -> Scored:
    citizens = db.session.scalars(
        _open_citizens(scope)
        .where(Candidate.consultant_id.in_(scope.ids))
        .options(selectinload(Candidate.consultant))
        .order_by(Candidate.name, Candidate.id)
    ).all()
    item = BY_KEY["caseload"]
    if not scope.consultants:
        return Scored(item, None, _("Ingen jobkonsulenter"))
    per = len(citizens) / len(scope.consultants)
    value = _("%(n)s borgere pr. jobkonsulent", n=_number(per))
    rows = [(c.name, c.consultant.name if c.consultant else "–", c.status.label) for c in citizens]
    return Scored(
        item,
        by_ceiling(per, (20, 25, 30, 40)),
        value,
        (_l("Borger"), _l("Jobkonsulent"), _l("Status")),
        rows,
    )


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") if value != int(value) else str(int(value))


# --- 9 zero exclusion -----------------------------------------------------------------------------


def zero_exclusion(scope: Scope, team: bool) -> Scored:
    """Citizens set aside (paused) on the consultants' caseloads, and for the team also those
    who have waited more than 30 days for a consultant. The system has no refusals of a
    referral; the reason shown is the citizen's state."""
    today = min(scope.date_to, clock.today())
    mine = Candidate.consultant_id.in_(scope.ids)
    query = _open_citizens(scope)
    if not team:
        query = query.where(mine)
    citizens = db.session.scalars(query.order_by(Candidate.name, Candidate.id)).all()
    rows = []
    for c in citizens:
        registered = clock.today(c.created_at)
        if c.status == CandidateStatus.PAUSED:
            rows.append((c.name, registered, _("Sat på pause")))
        elif c.consultant_id is None and (today - registered).days > WAITING_DAYS:
            waited = (today - registered).days
            rows.append((c.name, registered, _("Venter på en jobkonsulent (%(n)d dage)", n=waited)))
    item = BY_KEY["zero_exclusion"]
    if not citizens:
        return Scored(item, None, _("Ingen borgere"))
    share = _pct(len(rows), len(citizens))
    return Scored(
        item,
        5 if not rows else by_ceiling(share, (0, 5, 10, 20)),
        _share_text(len(rows), len(citizens)),
        (_l("Borger"), _l("Oprettet"), _l("Grund")),
        rows,
    )


# --- 15 rapid job search ------------------------------------------------------------------------


def rapid_search(scope: Scope) -> Scored:
    """Citizens referred in the period (created in the system) on the consultants' caseloads:
    days to the first employer contact for them, or to the first proposal of a placement."""
    # Closed and erased ones too: a citizen referred in the period who already found work, or
    # whose data was erased since (their row names nobody now), still counts.
    everyone = select(Candidate).where(
        Candidate.municipality_id == scope.municipality_id,
        Candidate.consultant_id.in_(scope.ids),
    )
    citizens = [
        c
        for c in db.session.scalars(everyone)
        if scope.date_from <= clock.today(c.created_at) <= scope.date_to
    ]
    ids = [c.id for c in citizens]
    contacts: dict[int, date] = dict(
        db.session.execute(
            select(
                employer_contact_candidates.c.candidate_id, func.min(EmployerContact.contact_date)
            )
            .join(EmployerContact, EmployerContact.id == employer_contact_candidates.c.contact_id)
            .where(employer_contact_candidates.c.candidate_id.in_(ids))
            .group_by(employer_contact_candidates.c.candidate_id)
        ).all()
    )
    proposals: dict[int, date] = {}
    for candidate_id, created in db.session.execute(
        select(Placement.candidate_id, Placement.created_at).where(Placement.candidate_id.in_(ids))
    ):
        day = clock.today(created)
        proposals[candidate_id] = min(day, proposals.get(candidate_id, day))
    today = clock.today()
    counted, rows = [], []
    for c in sorted(citizens, key=lambda c: (c.name, c.id)):
        referred = clock.today(c.created_at)
        firsts = [d for d in (contacts.get(c.id), proposals.get(c.id)) if d is not None]
        if firsts:
            first = min(firsts)
            days = max((first - referred).days, 0)
            counted.append(days)
            rows.append((c.name, referred, first, days, YES))
        else:
            waited = (today - referred).days
            late = waited > FIRST_MONTH_DAYS
            if late:
                counted.append(waited)
            rows.append((c.name, referred, _("Ingen endnu"), waited, YES if late else NO))
    item = BY_KEY["rapid_search"]
    columns = (_l("Borger"), _l("Henvist"), _l("Første kontakt"), _l("Dage"), _l("Tæller med"))
    if not counted:
        return Scored(item, None, _("Ingen borgere at tælle"), columns, rows)
    average = sum(counted) / len(counted)
    return Scored(
        item,
        by_ceiling(average, (30, 60, 150, 270)),
        _("%(days)s dage i gennemsnit", days=_number(round(average, 1))),
        columns,
        rows,
    )


# --- 17, 18 employer contacts -------------------------------------------------------------------


def _contacts(scope: Scope) -> list[EmployerContact]:
    return list(
        db.session.scalars(
            select(EmployerContact)
            .where(
                EmployerContact.consultant_id.in_(scope.ids),
                EmployerContact.contact_date >= scope.date_from,
                EmployerContact.contact_date <= scope.date_to,
            )
            .options(
                selectinload(EmployerContact.candidates),
                selectinload(EmployerContact.employer),
                selectinload(EmployerContact.consultant),
            )
            .order_by(EmployerContact.contact_date, EmployerContact.id)
        )
    )


def _names(contact: EmployerContact, municipality_id: int) -> str:
    # Only the viewer's municipality's citizens, whoever logged the contact.
    names = [c.name for c in contact.candidates if c.municipality_id == municipality_id]
    return ", ".join(names) or "–"


def contact_frequency(scope: Scope, contacts: list[EmployerContact]) -> Scored:
    item = BY_KEY["contact_frequency"]
    if not scope.consultants:
        return Scored(item, None, _("Ingen jobkonsulenter"))
    per_week = len(contacts) / scope.weeks / len(scope.consultants)
    rows = [
        (
            c.contact_date,
            c.employer.name,
            c.consultant.name if c.consultant else "–",
            _names(c, scope.municipality_id),
        )
        for c in contacts
    ]
    return Scored(
        item,
        by_floor(per_week, (6, 5, 3, 2)),
        _("%(n)s kontakter pr. uge pr. jobkonsulent", n=_number(round(per_week, 1))),
        (_l("Dato"), _l("Virksomhed"), _l("Jobkonsulent"), _l("For borgerne")),
        rows,
    )


def contact_quality(scope: Scope, contacts: list[EmployerContact]) -> Scored:
    item = BY_KEY["contact_quality"]
    good = [c for c in contacts if c.names_preferences and c.candidates]
    rows = [
        (
            c.contact_date,
            c.employer.name,
            _names(c, scope.municipality_id),
            YES if c in good else NO,
        )
        for c in contacts
    ]
    columns = (_l("Dato"), _l("Virksomhed"), _l("For borgerne"), _l("Nævnte ønsker"))
    if not contacts:
        return Scored(item, None, _("Ingen kontakter i perioden"), columns, rows)
    return Scored(
        item,
        by_floor(_pct(len(good), len(contacts)), (80, 60, 40, 20)),
        _share_text(len(good), len(contacts)),
        columns,
        rows,
    )


# --- 19, 20, 21 jobs started --------------------------------------------------------------------


def _jobs(scope: Scope):
    return (
        select(Placement)
        .join(Placement.candidate)
        .join(Placement.opening)
        .where(
            Candidate.municipality_id == scope.municipality_id,
            Placement.consultant_id.in_(scope.ids),
            Placement.status.in_(STARTED),
            Opening.kind.in_(IPS_JOB_KINDS),
        )
        .options(
            selectinload(Placement.candidate),
            selectinload(Placement.opening).selectinload(Opening.employer),
        )
        .order_by(Placement.start_date, Placement.id)
    )


def _started(scope: Scope) -> list[Placement]:
    return list(
        db.session.scalars(
            _jobs(scope).where(
                Placement.start_date >= scope.date_from, Placement.start_date <= scope.date_to
            )
        )
    )


def _job_row(p: Placement, mark: str) -> tuple:
    o = p.opening
    return (p.candidate.name, p.start_date, o.title, o.employer.name, o.kind.label, mark)


JOB_COLUMNS = (
    _l("Borger"),
    _l("Start"),
    _l("Job"),
    _l("Arbejdsgiver"),
    _l("Type"),
)


def diversity(scope: Scope, jobs: list[Placement], key: str) -> Scored:
    """Job types (the opening's title) or employers: the share of jobs that differ from the
    jobs before them (distinct ones over all)."""
    item = BY_KEY[key]
    seen: set = set()
    rows = []
    for p in jobs:
        what = p.opening.title.strip().casefold() if key == "job_types" else p.opening.employer_id
        rows.append(_job_row(p, NO if what in seen else YES))
        seen.add(what)
    columns = (*JOB_COLUMNS, _l("Ny slags job") if key == "job_types" else _l("Ny arbejdsgiver"))
    if not jobs:
        return Scored(item, None, _("Ingen job startet i perioden"), columns, rows)
    return Scored(
        item,
        by_floor(_pct(len(seen), len(jobs)), (85, 75, 65, 50)),
        _share_text(len(seen), len(jobs)),
        columns,
        rows,
    )


def competitive(scope: Scope, jobs: list[Placement]) -> Scored:
    item = BY_KEY["competitive_jobs"]
    good = [p for p in jobs if p.opening.kind in IPS_COMPETITIVE_KINDS]
    rows = [_job_row(p, YES if p in good else NO) for p in jobs]
    columns = (*JOB_COLUMNS, _l("Ordinært job"))
    if not jobs:
        return Scored(item, None, _("Ingen job startet i perioden"), columns, rows)
    return Scored(
        item,
        by_floor(_pct(len(good), len(jobs)), (95, 85, 75, 64)),
        _share_text(len(good), len(jobs)),
        columns,
        rows,
    )


# --- 22, 23 follow-along -------------------------------------------------------------------------


def _in_job(scope: Scope) -> list[Placement]:
    """Competitive jobs someone held during the period."""
    return list(
        db.session.scalars(
            _jobs(scope).where(
                Opening.kind.in_(IPS_COMPETITIVE_KINDS),
                Placement.start_date <= scope.date_to,
                (Placement.end_date.is_(None)) | (Placement.end_date >= scope.date_from),
            )
        )
    )


def _follow_ups_done(jobs: list[Placement], until: date) -> dict[int, list[date]]:
    done: dict[int, list[date]] = defaultdict(list)
    ids = [p.id for p in jobs]
    for placement_id, done_at in db.session.execute(
        select(FollowUp.placement_id, FollowUp.done_at).where(
            FollowUp.placement_id.in_(ids), FollowUp.done_at.is_not(None)
        )
    ):
        day = clock.today(done_at)
        if day <= until:
            done[placement_id].append(day)
    return done


def follow_along(scope: Scope) -> tuple[Scored, Scored]:
    jobs = _in_job(scope)
    until = min(scope.date_to, clock.today())
    done = _follow_ups_done(jobs, until)
    individual, individual_rows = [], []
    limited, first_month, unlimited_rows = 0, [], []
    for p in jobs:
        assert p.start_date is not None  # started
        after = [d for d in done[p.id] if d >= p.start_date]
        mature = (until - p.start_date).days >= NEW_JOB_DAYS
        if mature:
            individual.append(bool(after))
        individual_rows.append(
            (
                p.candidate.name,
                p.start_date,
                p.opening.employer.name,
                len(after),
                (YES if after else NO) if mature else _("Nyt job"),
            )
        )
        ended_on_date = (
            p.status in ENDED_ON_DATE
            and p.end_date is not None
            and scope.date_from <= p.end_date <= scope.date_to
        )
        limited += ended_on_date
        in_first = [d for d in after if d <= p.start_date + timedelta(days=FIRST_MONTH_DAYS)]
        month_over = (until - p.start_date).days >= FIRST_MONTH_DAYS
        if month_over:
            first_month.append(len(in_first))
        unlimited_rows.append(
            (
                p.candidate.name,
                p.start_date,
                p.end_date or "–",
                len(in_first) if month_over else _("Første måned er ikke gået"),
                YES if ended_on_date else NO,
            )
        )
    item22, item23 = BY_KEY["individual_follow_along"], BY_KEY["time_unlimited"]
    columns22 = (
        _l("Borger"),
        _l("Start"),
        _l("Arbejdsgiver"),
        _l("Opfølgninger efter start"),
        _l("Har haft opfølgning"),
    )
    columns23 = (
        _l("Borger"),
        _l("Start"),
        _l("Slut"),
        _l("Opfølgninger i første måned"),
        _l("Sluttede ved tidsgrænse"),
    )
    if not individual:
        scored22 = Scored(item22, None, _("Ingen job at tælle"), columns22, individual_rows)
    else:
        n = sum(individual)
        scored22 = Scored(
            item22,
            by_floor(_pct(n, len(individual)), (90, 75, 50, 25)),
            _share_text(n, len(individual)),
            columns22,
            individual_rows,
        )
    if not jobs:
        scored23 = Scored(item23, None, _("Ingen job at tælle"), columns23, unlimited_rows)
    else:
        if limited * 2 >= len(jobs):
            score = 1
        elif limited:
            score = 2
        elif all(n >= 4 for n in first_month):
            score = 5
        elif all(n >= 1 for n in first_month):
            score = 4
        else:
            score = 3
        scored23 = Scored(
            item23,
            score,
            _("%(n)d af %(all)d job sluttede ved en tidsgrænse", n=limited, all=len(jobs)),
            columns23,
            unlimited_rows,
        )
    return scored22, scored23


# --- all ------------------------------------------------------------------------------------------


def compute(scope: Scope, team: bool) -> dict[str, Scored]:
    """Every computed item for the consultants in scope, by item key."""
    contacts = _contacts(scope)
    jobs = _started(scope)
    individual, unlimited = follow_along(scope)
    scored = [
        caseload(scope),
        zero_exclusion(scope, team),
        rapid_search(scope),
        contact_frequency(scope, contacts),
        contact_quality(scope, contacts),
        diversity(scope, jobs, "job_types"),
        diversity(scope, jobs, "employers"),
        competitive(scope, jobs),
        individual,
        unlimited,
    ]
    return {s.item.key: s for s in scored}


def consultants_of(municipality_id: int) -> tuple[User, ...]:
    return tuple(
        db.session.scalars(
            select(User)
            # Active ones: a consultant who has left carries no caseload and makes no contacts.
            .where(
                User.role == Role.CONSULTANT,
                User.municipality_id == municipality_id,
                User.active.is_(True),
            )
            .order_by(User.name, User.id)
        )
    )
