"""Demo data: a realistic Danish data set for trying the system, loaded by `flask demo`."""

from __future__ import annotations

import random
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from typing import Optional

from sqlalchemy import func, select

from placement.agreements import versions
from placement.common import clock
from placement.common.identifiers import cpr_birth_date, is_valid_cvr
from placement.common.policy import FOLLOW_UP_PLANS
from placement.demo.tables import (
    ABSENCES,
    ANSWERS,
    AREAS,
    CANDIDATES,
    CHECK_INS,
    CITIZEN_USER,
    CONTACT_CITIZENS,
    CONTACTS,
    CPR_HOLDERS,
    DEMO_COMPANY,
    EMPLOYER_USER,
    EMPLOYERS,
    EVENT_NOTES,
    FOLLOW_UP_NOTES,
    GOALS,
    INTERESTS,
    LOCAL_POSTCODES,
    MENTOR_GRANTS,
    MUNICIPALITIES,
    NEED_NOTES,
    OPENINGS,
    PATHS,
    PLACEMENTS,
    POSTCODES,
    PUBLIC_EMPLOYERS,
    PUBLISHED_DAYS_AGO,
    REPRESENTATIVES,
    STAFF,
    WORKPLACES,
    P,
    S,
)
from placement.extensions import db
from placement.followups.plans import KEPT_AFTER_END, desired_plan
from placement.models import (
    AbsenceDay,
    AbsenceReason,
    Adaptation,
    AgreementConfirmation,
    Candidate,
    CandidateAdaptation,
    CandidateKind,
    CandidatePlace,
    CandidateStatus,
    CheckIn,
    ConsentChange,
    ConsentItem,
    ConsentSource,
    Employer,
    EmployerContact,
    EmployerStatus,
    FollowUp,
    Goal,
    GoalStep,
    HoursStep,
    InternshipPurpose,
    Kind,
    MentorGrant,
    MentorKind,
    MentorPayer,
    Municipality,
    NetGrowthDeclaration,
    Opening,
    OpeningInterest,
    OpeningStatus,
    Outcome,
    Party,
    Placement,
    PlacementEvent,
    PlacementStatus,
    RepresentativeApproval,
    RepresentativeDecision,
    Role,
    User,
    Workplace,
)
from placement.placements import check_ins, net_growth
from placement.privacy import consent

DEMO_PASSWORD = "demo1234"
DEMO_DOMAIN = "@demo.dk"
DEMO_LOGINS = [
    ("admin@demo.dk", "admin"),
    ("leder@demo.dk", "manager, Viborg"),
    ("leder.silkeborg@demo.dk", "manager, Silkeborg"),
    ("konsulent@demo.dk", "consultant, Viborg"),
    ("konsulent2@demo.dk", "consultant, Viborg"),
    ("konsulent.silkeborg@demo.dk", "consultant, Silkeborg"),
    ("konsulent2.silkeborg@demo.dk", "consultant, Silkeborg"),
    ("virksomhed@demo.dk", "employer user of Hald Lager & Logistik ApS"),
    ("borger@demo.dk", "citizen, Viborg"),
]

# A fixed seed gives the same data on every load, so guides and screenshots can rely on it.
SEED = 791
# The next follow-up of each placement, as a meeting (placement/calendars/).
DEMO_MEETING_TIME = time(10, 0)
DEMO_MEETING_PLACE = "Hos virksomheden"


class NotADemoDatabase(RuntimeError):
    pass


# --- Loading -------------------------------------------------------------------------------


def load() -> bool:
    """Add the demo data set; False if it is already there. Flushes, never commits."""
    outsiders = db.session.scalar(
        select(func.count(User.id)).where(User.email.not_like(f"%{DEMO_DOMAIN}"))
    )
    if outsiders:
        raise NotADemoDatabase(
            f"Refusing to load demo data: the database has {outsiders} user(s) whose e-mail "
            f"does not end with {DEMO_DOMAIN}, so it is in real use. Load the demo data into "
            f"an empty database instead."
        )
    if db.session.scalar(select(User.id).where(User.email == "admin@demo.dk")) is not None:
        return False
    _Loader().run()
    return True


class _Loader:
    def __init__(self) -> None:
        self.today = clock.today()
        self.rng = random.Random(SEED)
        self.catalogue = {a.code: a for a in db.session.scalars(select(Adaptation))}
        used = {
            code.rstrip("!")
            for codes in [
                *(row.adaptations for row in OPENINGS),
                *(row.needs for row in CANDIDATES),
            ]
            for code in codes.split()
        }
        missing = used - set(self.catalogue)
        if missing:
            raise RuntimeError(
                f"The adaptation catalogue lacks {', '.join(sorted(missing))}; "
                "run `flask db upgrade` first."
            )
        # Records must not predate what refers to them, so each date is pushed back past the
        # oldest placement that involves it.
        self.first_proposal: dict[str, int] = {}
        for row in PLACEMENTS:
            for key in (row.candidate, row.opening):
                self.first_proposal[key] = max(self.first_proposal.get(key, 0), row.ago)
        self.employer_age: dict[str, int] = {}
        self.candidate_age: dict[str, int] = {}
        self.published_age: dict[str, int] = {}

    def run(self) -> None:
        municipalities = self.municipalities()
        staff = self.staff(municipalities)
        employers = self.employers()
        openings = self.openings(employers)
        candidates = self.candidates(municipalities, staff)
        company_user, citizen_user = self.portal_users(employers, candidates)
        self.placements(
            candidates,
            openings,
            {employers[DEMO_COMPANY].id: company_user},
            {candidates[CITIZEN_USER[1]].id: citizen_user},
        )
        db.session.flush()
        self.approvals_and_absence()
        self.check_ins()
        self.goals(candidates)
        self.contacts(employers, staff, candidates)
        self.interests(candidates, openings)
        db.session.flush()

    # Dates: everything is relative to today, so the data always looks current.
    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def monday(self, offset: Optional[int]) -> Optional[date]:
        if offset is None:
            return None
        day = self.day(offset)
        return day - timedelta(days=day.weekday())

    def on(self, day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour, self.rng.randrange(0, 60, 5)), tzinfo=UTC)

    def at(self, days_ago: int, hour: int) -> datetime:
        return self.on(self.day(-days_ago), hour)

    @staticmethod
    def last_day(start: Optional[date], weeks: Optional[int]) -> Optional[date]:
        # The Friday of the last week.
        return start + timedelta(weeks=weeks, days=-3) if start and weeks else None

    # Identifiers.
    def cvr(self, taken: set[str]) -> str:
        while True:
            stem = str(self.rng.randint(1_000_000, 9_999_999))
            for last in "0123456789":
                if is_valid_cvr(stem + last) and stem + last not in taken:
                    taken.add(stem + last)
                    return stem + last

    def cpr(self, birth: date) -> str:
        # A serial failing modulus 11 makes a clash with a real person unlikely: numbers
        # issued before 2007 all pass it. The first serial digit encodes the century.
        while True:
            century = self.rng.randint(0, 3) if birth.year < 2000 else 4
            value = f"{birth:%d%m%y}{century}{self.rng.randint(0, 999):03d}"
            weighted = sum(int(d) * w for d, w in zip(value, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)))
            cpr = f"{value[:6]}-{value[6:]}"
            if weighted % 11 and cpr_birth_date(cpr) == birth:
                return cpr

    def phone(self, prefix: Optional[str] = None) -> str:
        first = prefix or str(self.rng.choice([20, 22, 26, 28, 30, 40, 42, 50, 60, 61, 71, 81]))
        return " ".join([first] + [f"{self.rng.randint(0, 99):02d}" for _ in range(3)])

    def birth_date(self, age: int) -> date:
        anchor = self.day(-self.rng.randint(1, 360))
        try:
            return anchor.replace(year=anchor.year - age)
        except ValueError:  # 29 February
            return anchor.replace(year=anchor.year - age, day=28)

    # The records.
    def municipalities(self) -> dict[str, Municipality]:
        # An admin may have created them already; they hold no personal data, so reuse them.
        found = {m.code: m for m in db.session.scalars(select(Municipality))}
        for code, name in MUNICIPALITIES:
            if code not in found:
                found[code] = Municipality(code=code, name=name)
                db.session.add(found[code])
        return found

    def staff(self, municipalities) -> dict[str, User]:
        # Built directly, not through accounts.create_user: the shared demo password would not
        # pass the password rules meant for real accounts.
        users = {}
        for email, name, role, code in STAFF:
            users[email] = self.user(
                email,
                name,
                Role(role),
                created=self.at(730, 8),
                municipality=municipalities.get(code),
            )
        return users

    @staticmethod
    def user(email: str, name: str, role: Role, created: datetime, **ties) -> User:
        user = User(email=email, name=name, role=role, language="da", created_at=created, **ties)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        return user

    def employers(self) -> dict[str, Employer]:
        employers: dict[str, Employer] = {}
        cvrs: set[str] = set()
        for row in EMPLOYERS:
            pending = row.status == "pending"
            ago = self.rng.randint(5, 20) if pending else self.rng.randint(400, 720)
            self.employer_age[row.key] = ago
            contact_email = EMPLOYER_USER[0] if row.key == DEMO_COMPANY else _email(row.contact)
            p_number = str(self.rng.randint(1_000_000_000, 1_029_999_999)) if row.p_unit else None
            employers[row.key] = Employer(
                name=row.name,
                cvr=self.cvr(cvrs),
                address=row.address,
                postcode=row.postcode,
                city=POSTCODES[row.postcode],
                industry=row.industry,
                employees=row.employees,
                public_sector=row.key in PUBLIC_EMPLOYERS,
                workplaces=self.workplaces(row, p_number),
                contact_name=row.contact,
                contact_phone=self.phone(self.rng.choice(["86", "87", "89"])),
                contact_email=contact_email,
                status=EmployerStatus(row.status),
                created_at=self.at(ago, 9),
            )
            db.session.add(employers[row.key])
        db.session.flush()
        return employers

    def workplaces(self, row, p_number: str | None) -> list[Workplace]:
        """The company's first workplace at its own address, then any further ones."""
        further = [w for w in WORKPLACES if w.employer == row.key]
        first = Workplace(
            p_number=p_number,
            name=row.name,
            address=row.address,
            postcode=row.postcode,
            city=POSTCODES[row.postcode],
            employees=row.employees - sum(w.employees for w in further),
        )
        return [first] + [
            Workplace(
                # A fixed number: a draw from rng would move every later demo value.
                p_number=f"{1_030_000_000 + n}",
                name=w.name,
                address=w.address,
                postcode=w.postcode,
                city=POSTCODES[w.postcode],
                employees=w.employees,
            )
            for n, w in enumerate(further, start=1)
        ]

    def openings(self, employers) -> dict[str, Opening]:
        openings = {}
        for row in OPENINGS:
            employer = employers[row.employer]
            # The row's workplace: a further one that lists it, else the company's first.
            further = [w for w in WORKPLACES if w.employer == row.employer]
            at = next((n for n, w in enumerate(further, start=1) if row.key in w.openings), 0)
            workplace = employer.workplaces[at]
            status = OpeningStatus(row.status)
            codes = row.adaptations.split()
            start = self.monday(row.start)
            mentor_name, _, mentor_role = row.mentor.partition(", ")
            opening = Opening(
                employer=employer,
                workplace=workplace,
                kind=Kind(row.kind),
                status=status,
                title=row.title,
                description=row.description,
                tasks=row.tasks,
                skills=row.skills,
                purpose=InternshipPurpose(row.purpose) if row.purpose else None,
                postcode=workplace.postcode,
                city=workplace.city,
                hours_min=row.hours[0],
                hours_max=row.hours[1],
                seats=row.seats,
                flexible_schedule="flexible_start" in codes,
                start_date=start,
                duration_weeks=row.weeks,
                end_date=self.last_day(start, row.weeks),
                mentor_available=bool(row.mentor),
                mentor_name=mentor_name,
                mentor_role=mentor_role,
                adaptations=[self.catalogue[code] for code in codes],
            )
            if status is OpeningStatus.DRAFT:
                opening.created_at = self.at(
                    self.rng.randint(1, min(20, self.employer_age[row.employer] - 1)), 11
                )
            else:
                low, high = PUBLISHED_DAYS_AGO[status]
                published = max(
                    self.rng.randint(low, high),
                    self.first_proposal.get(row.key, 0) + self.rng.randint(3, 20),
                )
                self.published_age[row.key] = published
                opening.published_at = self.at(published, 9)
                opening.created_at = self.at(published + self.rng.randint(1, 5), 14)
                if status is OpeningStatus.PUBLISHED:
                    opening.deadline = (
                        max(self.day(3), start - timedelta(days=3))
                        if start
                        else self.day(self.rng.randint(14, 42))
                    )
                elif status is OpeningStatus.EXPIRED:
                    opening.deadline = self.day(-self.rng.randint(2, 20))
                else:
                    opening.deadline = self.day(-published + 28)
            opening.updated_at = opening.published_at or opening.created_at
            openings[row.key] = opening
            db.session.add(opening)
        return openings

    def candidates(self, municipalities, staff) -> dict[str, Candidate]:
        team = {
            code: [
                u
                for u in staff.values()
                if u.role is Role.CONSULTANT and u.municipality.code == code
            ]
            for code in LOCAL_POSTCODES
        }
        opening_rows = {row.key: row for row in OPENINGS}
        postcode_of = {row.key: row.postcode for row in EMPLOYERS}
        candidates, turns = {}, dict.fromkeys(team, 0)
        for row in CANDIDATES:
            own = [p for p in PLACEMENTS if p.candidate == row.name]
            consultants = team[row.municipality]
            consultant = consultants[turns[row.municipality] % len(consultants)]
            turns[row.municipality] += 1
            needs = [(code.rstrip("!"), code.endswith("!")) for code in row.needs.split()]
            # What they were placed in, they evidently wanted and could reach.
            kinds = set(row.kinds.split()) | {opening_rows[p.opening].kind for p in own}
            local = LOCAL_POSTCODES[row.municipality]
            places = {row.postcode, local[0], *self.rng.sample(local[1:], self.rng.randint(0, 2))}
            places |= {postcode_of[opening_rows[p.opening].employer] for p in own}
            busy = any(p.status in ("agreed", "active") for p in own)
            skills, interests = AREAS[row.area]
            created = max(
                self.rng.randint(20, 540),
                self.first_proposal.get(row.name, 0) + self.rng.randint(14, 45),
            )
            self.candidate_age[row.name] = created
            birth = self.birth_date(row.age)
            # Drawn in the order they always were, so the demo stays the same world.
            cpr = self.cpr(birth) if row.name in CPR_HOLDERS else None
            email = _email(row.name) if self.rng.random() < 0.6 else ""
            phone = self.phone() if self.rng.random() < 0.85 else ""
            own_skills = " ".join(self.rng.sample(skills, 3))
            own_interests = " ".join(self.rng.sample(interests, 2))
            shares = {
                "share_contact": self.rng.random() < 0.4,
                "share_age": self.rng.random() < 0.6,
                "share_skills": self.rng.random() < 0.9,
                "share_adaptations": self.rng.random() < 0.75,
                "share_goals": self.rng.random() < 0.35,
            }
            registered = self.at(created, 10)
            candidate = Candidate(
                municipality=municipalities[row.municipality],
                consultant=consultant,
                name=row.name,
                birth_date=birth,
                cpr=cpr,
                email=email,
                phone=phone,
                postcode=row.postcode,
                city=POSTCODES[row.postcode],
                max_hours=row.max_hours,
                job_ready=row.job_ready,
                skills=own_skills,
                interests=own_interests,
                adaptation_note=" ".join(NEED_NOTES[code] for code, _ in needs),
                **shares,
                status=CandidateStatus.IN_PLACEMENT if busy else CandidateStatus(row.status),
                created_at=registered,
                needs=[
                    CandidateAdaptation(adaptation=self.catalogue[code], must_have=must)
                    for code, must in needs
                ],
                kinds=[CandidateKind(kind=Kind(kind)) for kind in sorted(kinds)],
                places=[CandidatePlace(postcode=postcode) for postcode in sorted(places)],
                # Chosen with their consultant the day they were registered, and recorded so.
                consent_changes=[
                    ConsentChange(
                        item=item,
                        shared=shares[item.column],
                        source=ConsentSource.CONSULTANT_WITH_CITIZEN,
                        changed_by=consultant,
                        at=registered + timedelta(hours=1),
                    )
                    for item in ConsentItem
                ],
            )
            candidates[row.name] = candidate
            db.session.add(candidate)
        db.session.flush()
        return candidates

    def portal_users(self, employers, candidates) -> tuple[User, User]:
        company = employers[DEMO_COMPANY]
        company_user = self.user(
            *EMPLOYER_USER,
            Role.EMPLOYER,
            employer=company,
            created=company.created_at + timedelta(days=2),
        )
        citizen = candidates[CITIZEN_USER[1]]
        citizen_user = self.user(
            CITIZEN_USER[0],
            citizen.name,
            Role.CITIZEN,
            municipality=citizen.municipality,
            candidate=citizen,
            created=citizen.created_at + timedelta(days=10),
        )
        db.session.flush()
        return company_user, citizen_user

    def placements(self, candidates, openings, employer_users, citizen_users) -> None:
        for row in PLACEMENTS:
            candidate, opening = candidates[row.candidate], openings[row.opening]
            status = PlacementStatus(row.status)
            consultant = candidate.consultant
            # Answers given in person or by phone are recorded by the consultant.
            citizen_actor = citizen_users.get(candidate.id, consultant)
            employer_actor = employer_users.get(opening.employer_id, consultant)
            citizen_says, employer_says = row.answers[0], row.answers[1]  # "yn": citizen, company
            citizen_at = self.at(row.ago - 1, 18) if citizen_says != "-" else None
            employer_at = self.at(row.ago - 2, 10) if employer_says != "-" else None
            start = self.monday(row.start)
            planned_end = self.last_day(start, row.weeks)
            end = self.day(row.end) if row.end is not None else planned_end
            hired = row.outcome == "ordinary_job"
            placement = Placement(
                candidate=candidate,
                opening=opening,
                consultant=consultant,
                status=status,
                citizen_answer=ANSWERS[citizen_says],
                citizen_answered_at=citizen_at,
                employer_answer=ANSWERS[employer_says],
                employer_answered_at=employer_at,
                citizen_reason=row.note if citizen_says == "n" else "",
                employer_reason=row.note if employer_says == "n" else "",
                start_date=start,
                end_date=end,
                hours_per_week=row.hours,
                outcome=Outcome(row.outcome) if row.outcome else None,
                # Ordinary work after the placement: hired by its company the next working
                # week (the figures beside the ratio rule count it, placement/companies/hiring.py).
                hired_by=opening.employer if hired and end else None,
                hired_on=end + timedelta(days=7) if hired and end else None,
                end_reason=row.note if status is S.ENDED_EARLY else "",
                created_at=self.at(row.ago, 9),
                hours_plan=[
                    HoursStep(from_week=int(week), hours_per_week=int(hours))
                    for week, hours in (step.split(":") for step in row.plan.split())
                ],
                tasks=opening.tasks,
                mentor_name=opening.mentor_name,
                mentor_role=opening.mentor_role,
            )
            if not consent.waits_for_company(placement):  # what the company answered on
                consent.freeze(placement)
            offered = {adaptation.id for adaptation in opening.adaptations}
            placement.adaptations = [
                need.adaptation for need in candidate.needs if need.adaptation_id in offered
            ]
            employer = (employer_at, employer_actor)
            declined_by = (citizen_at, citizen_actor) if citizen_says == "n" else employer
            placement.events.append(
                PlacementEvent(
                    at=placement.created_at,
                    actor=consultant,
                    from_status=None,
                    to_status=S.PROPOSED,
                    note=EVENT_NOTES[S.PROPOSED],
                )
            )
            previous = S.PROPOSED
            path = PATHS[status]
            if status is S.CANCELLED and row.answers == "yy":
                path = [S.ACCEPTED, S.CANCELLED]
            for step in path:
                when, actor = self.moment(step, row, start, end, consultant, employer, declined_by)
                placement.events.append(
                    PlacementEvent(
                        at=when,
                        actor=actor,
                        from_status=previous,
                        to_status=step,
                        note=EVENT_NOTES.get(step, row.note),
                    )
                )
                previous = step
            db.session.add(placement)
            if S.AGREED in path and net_growth.applies(placement):
                self.net_growth(placement, self.at(row.ago - 6, 11), employer_actor)
            if S.AGREED in path:
                self.followups(
                    placement, consultant, ended=end if status is S.ENDED_EARLY else None
                )
                self.mentor_grant(placement, consultant)  # printed in version 1
                self.representative(placement)
                self.agreement(
                    placement,
                    self.moment(S.AGREED, row, start, end, consultant, employer, declined_by)[0],
                    consultant,
                    started=S.ACTIVE in path,
                    parties={Party.EMPLOYER: employer_actor, Party.CITIZEN: citizen_actor},
                )

    def mentor_grant(self, placement, consultant: User) -> None:
        grant = MENTOR_GRANTS.get(placement.candidate.name)
        if grant is None:
            return
        kind, name, role, tenths, weeks, payer = grant
        placement.mentor_grants.append(
            MentorGrant(
                mentor_kind=MentorKind(kind),
                mentor_name=name or placement.opening.mentor_name,
                mentor_role=role or placement.opening.mentor_role,
                hours_tenths=tenths,
                start_date=placement.start_date,
                end_date=placement.start_date + timedelta(weeks=weeks, days=-1),
                paid_by=MentorPayer(payer),
                created_at=placement.created_at + timedelta(days=3),
                created_by=consultant,
            )
        )

    def representative(self, placement) -> None:
        if placement.candidate.name not in REPRESENTATIVES:
            return
        named = REPRESENTATIVES[placement.candidate.name]
        if named is None:
            placement.no_staff_representative = True
        else:
            placement.staff_representative, placement.staff_representative_email = named

    def approvals_and_absence(self) -> None:
        """What comes after version 1: the representatives' approvals, the days of absence
        (registered by the company's user, or the consultant where the company has none)."""
        for placement in db.session.scalars(select(Placement)):
            named = REPRESENTATIVES.get(placement.candidate.name)
            if named and placement.agreement is not None:
                version = placement.agreement
                placement.representative_approvals.append(
                    RepresentativeApproval(
                        agreement=version,
                        token_hash=f"demo-{placement.id:058d}",  # no link: already answered
                        name=named[0],
                        email=named[1],
                        sent_at=version.created_at,
                        decision=RepresentativeDecision.APPROVE,
                        answered_at=version.created_at + timedelta(days=1),
                        answered_from="demo",
                    )
                )
            users = placement.opening.employer.users
            for days_ago, reason in ABSENCES.get(placement.candidate.name, ()):
                day = self.day(-days_ago)
                while day.weekday() >= 5:  # a working day: back to the Friday before
                    day -= timedelta(days=1)
                placement.absences.append(
                    AbsenceDay(
                        day=day,
                        reason=AbsenceReason(reason),
                        registered_by=users[0] if users else placement.consultant,
                        registered_at=self.on(day, 9),
                    )
                )

    def check_ins(self) -> None:
        """The citizens' weekly answers on running placements (placements/check_ins.py)."""
        this_week = check_ins.week_of(self.day(0))
        for placement in db.session.scalars(
            select(Placement).where(Placement.status == PlacementStatus.ACTIVE)
        ):
            scores, words = CHECK_INS.get(placement.candidate.name, ((), ""))
            for weeks_ago, score in enumerate(scores):
                week = this_week - timedelta(weeks=weeks_ago)
                placement.check_ins.append(
                    CheckIn(
                        week=week,
                        asked_at=self.on(week, 8),
                        score=score,
                        words=words if weeks_ago == 0 and score else "",
                        answered_at=self.on(week + timedelta(days=1), 17) if score else None,
                    )
                )

    def net_growth(self, placement, declared_at: datetime, by: User) -> None:
        """A wage subsidy's declaration the day before it was agreed: the company's employees
        last month and an average a little below, so the hire is net growth. A wage subsidy
        still waiting to be agreed has none, so the demo shows the company's form."""
        employees = max(placement.opening.employer.employees or 0, 1)
        placement.net_growth = NetGrowthDeclaration(
            month=net_growth.previous_month(declared_at.date()),
            employees_last_month=employees,
            average_tenths=employees * 10 - 4,
            declared_at=declared_at,
            declared_by=by,
        )

    def moment(
        self,
        step: PlacementStatus,
        row: P,
        start: Optional[date],
        end: Optional[date],
        consultant: User,
        employer: tuple[Optional[datetime], User],
        declined_by: tuple[Optional[datetime], User],
    ) -> tuple[Optional[datetime], Optional[User]]:
        """When a demo placement's transition to `step` happened, and who made it. Only the
        moments on the placement's path are asked for: each draws its minute from the seeded
        random numbers, so the data set stays the same from one load to the next."""
        if step is S.ACCEPTED:
            return employer
        if step is S.DECLINED:
            return declined_by
        if step is S.AGREED:
            return self.at(row.ago - 5, 13), consultant
        if step is S.CANCELLED:
            return self.at(row.ago - 8, 13), consultant
        if step is S.ACTIVE:
            assert start is not None, f"an active placement has a start: {row}"
            return self.on(start, 7), consultant
        assert end is not None, f"an ended placement has an end: {row}"
        if step is S.AWAITING_EVALUATION:
            # The system moves a placement on when its end date has passed.
            return self.on(end + timedelta(days=1), 2), None
        if step is S.COMPLETED:
            return self.on(end + timedelta(days=6), 12), consultant
        if step is S.ENDED_EARLY:
            return self.on(end, 14), consultant
        raise ValueError(f"no demo moment for {step}")

    def followups(self, placement, consultant, ended: Optional[date]) -> None:
        """The placement's plan as the policy makes it, with the follow-ups before today
        recorded, except the latest one of every fifth placement: the demo shows what an
        overdue follow-up looks like. After an early end only the outcome check is left."""
        kind_plan = FOLLOW_UP_PLANS[placement.opening.kind]
        start, end = placement.start_date, placement.end_date
        horizon = max(start, self.today) + timedelta(days=365)
        planned = desired_plan(kind_plan, start, end, horizon)
        placement.followups_planned_until = horizon if kind_plan.repeats else date.max
        past = [p for p in planned if p.due_date < self.today]
        leave_open = past[-1].key if past and self.rng.random() < 0.2 else None
        # The next meeting has a time and a place (calendars); no draw from rng, so the rest
        # of the demo stays as it was.
        upcoming = next((p.key for p in planned if p.due_date >= self.today), None)
        for step in planned:
            if ended and step.due_date > ended and step.key not in KEPT_AFTER_END:
                continue
            followup = FollowUp(key=step.key, title=step.title, due_date=step.due_date)
            if step.due_date < self.today and step.key != leave_open:
                note = self.rng.choice(FOLLOW_UP_NOTES)
                followup.done_at = self.on(step.due_date, 11)
                followup.done_by = consultant
                followup.wellbeing, followup.works, followup.does_not_work, followup.next_step = (
                    note
                )
                followup.hours_worked = placement.hours_per_week
                followup.shared_with_citizen = self.rng.random() < 0.6
            if step.key == upcoming:
                followup.meeting_time = DEMO_MEETING_TIME
                followup.place = DEMO_MEETING_PLACE
            placement.followups.append(followup)

    def agreement(self, placement, agreed_at, consultant, started: bool, parties) -> None:
        """Version 1 as it was agreed. A placement that started was confirmed by all three
        (on paper where the party has no login); one still to start waits for the company and
        the citizen, so the demo shows "Bekræft aftalen"."""
        agreement = versions.write_version(placement, versions.content_for(placement), consultant)
        agreement.created_at = agreed_at
        confirmations = [
            AgreementConfirmation(
                party=Party.CONSULTANT, user=consultant, confirmed_at=agreed_at + timedelta(hours=1)
            )
        ]
        if started:
            for days, (party, actor) in enumerate(parties.items(), start=1):
                paper = actor is consultant
                confirmations.append(
                    AgreementConfirmation(
                        party=party,
                        user=actor,
                        confirmed_at=agreed_at + timedelta(days=days),
                        on_paper=paper,
                        note="Underskrevet på papir ved mødet." if paper else "",
                    )
                )
        agreement.confirmations = confirmations

    def goals(self, candidates) -> None:
        for name, title, target, steps in GOALS:
            # Set a few days after the citizen's profile was made; steps come after that.
            goal_age = self.candidate_age[name] - self.rng.randint(3, 10)
            goal = Goal(
                candidate=candidates[name],
                title=title,
                target_date=self.day(target) if target is not None else None,
                created_at=self.at(goal_age, 11),
            )
            goal.steps = [
                GoalStep(
                    title=step,
                    done_at=None if done is None else self.at(min(done, goal_age - 1), 15),
                )
                for step, done in steps
            ]
            db.session.add(goal)

    def contacts(self, employers, staff, candidates) -> None:
        for n, (key, consultant, days, note) in enumerate(CONTACTS):
            days = min(days, self.employer_age[key] - 1)
            # IPS fidelity: some contacts were for citizens of the consultant's own caseload.
            names, preferences = CONTACT_CITIZENS.get(n, ((), False))
            linked = [
                candidates[name]
                for name in names
                if candidates[name].consultant_id == staff[consultant].id
            ]
            db.session.add(
                EmployerContact(
                    employer=employers[key],
                    consultant=staff[consultant],
                    note=note,
                    contact_date=self.day(-days),
                    created_at=self.at(days, 14),
                    candidates=linked,
                    names_preferences=preferences and bool(linked),
                )
            )

    def interests(self, candidates, openings) -> None:
        for name, key, days in INTERESTS:
            days = min(days, self.published_age[key] - 1)
            db.session.add(
                OpeningInterest(
                    candidate=candidates[name], opening=openings[key], created_at=self.at(days, 19)
                )
            )


def _email(name: str) -> str:
    """firstname.lastname@demo.dk in plain ASCII: every demo address is on the demo domain."""
    special = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ł": "l", "ı": "i"})
    plain = unicodedata.normalize("NFKD", name.lower().translate(special))
    plain = "".join(ch for ch in plain if ch.isascii() and (ch.isalnum() or ch in " -"))
    return ".".join(plain.split()) + DEMO_DOMAIN


def logins_text(base_url: str) -> str:
    lines = [f"Open {base_url} and log in with password {DEMO_PASSWORD}:"]
    lines += [f"  {email:<30} {role}" for email, role in DEMO_LOGINS]
    return "\n".join(lines)
