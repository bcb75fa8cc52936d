"""The benchmark data set planned in memory: municipalities, staff, companies, openings, citizens
and logins (the placements' lives are in generate_lives), and what the rows derive from them."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING

from flask_babel import force_locale

from bench import generate_data as D
from bench.generate_data import HISTORY_DAYS, at, cvr_numbers, person_name, phone, weighted
from bench.generate_lives import KIND_ORDER, PlacementLives, Plan
from placement.common.policy import FULL_TIME_HOURS
from placement.demo.tables import LOCAL_POSTCODES, POSTCODES
from placement.models import InternshipPurpose, Kind, Outcome, PlacementStatus, Role

if TYPE_CHECKING:
    from bench.generate import Scale

S = PlacementStatus
K = Kind
GOOD = (Outcome.ORDINARY_JOB, Outcome.EDUCATION)  # statistics.GOOD_OUTCOMES


@dataclass(slots=True)
class Muni:
    id: int
    code: str
    name: str
    people: int
    places: list[tuple[str, str]]
    consultants: list[int] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)


@dataclass(slots=True)
class Company:
    id: int
    muni: Muni
    name: str
    cvr: str
    postcode: str
    city: str
    employees: int
    status: str
    created: date = None
    users: list[int] = field(default_factory=list)
    row: tuple = ()


@dataclass(slots=True)
class Opening:
    id: int
    company: Company
    kind: Kind
    seats: int
    hours_min: int
    hours_max: int
    tasks: str
    mentor: tuple[str, str]
    adaptations: frozenset[int]
    row: list = None
    first_day: date = None
    last_day: date = None
    occupied: int = 0
    open_now: bool = False


@dataclass(slots=True)
class Citizen:
    id: int
    muni: Muni
    consultant_id: int
    name: str
    created: date
    max_hours: int | None
    job_ready: bool
    share_adaptations: bool
    needs: dict[int, bool]
    kinds: list[Kind]
    places: list[str]
    row: list = None
    user_id: int | None = None
    placements: list[Plan] = field(default_factory=list)


class World(PlacementLives):
    """The generated data set, planned in memory (the small tables and every placement's
    life), then streamed to the database table by table (generate_rows). Made inside the app
    context: the internship purposes are printed in Danish from the app's labels."""

    def __init__(
        self,
        scale: Scale,
        seed: int,
        today: date,
        adaptations: dict[int, tuple],
        password_hash: str,
    ):
        self.scale, self.seed, self.today = scale, seed, today
        self.password_hash = password_hash
        self.rng = random.Random(f"{seed}:plan")
        self.adaptations = adaptations  # id → (code, label_da)
        ids = list(adaptations)
        self.adaptation_ids = ids
        self.adaptation_cum = list(
            accumulate(D.ADAPTATION_WEIGHTS.get(adaptations[i][0], 1) for i in ids)
        )
        self.kinds = list(D.KIND_SHARES)
        self.kind_cum = list(accumulate(D.KIND_SHARES.values()))
        self.users: list[tuple] = []  # staff and company logins, in id order
        self.citizen_users: list[tuple] = []
        self.staff: dict[int, tuple[str, str]] = {}  # user id → (name, e-mail)
        self.demoted = 0
        with force_locale("da"):
            self.purposes = {p.value: str(p.label) for p in InternshipPurpose}

    def rng_for(self, name: str) -> random.Random:
        """Each table its own stream, so one table's rows do not depend on another's."""
        return random.Random(f"{self.seed}:{name}")

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    # --- municipalities, companies, openings --------------------------------------------------

    def plan(self) -> None:
        self.plan_municipalities()
        self.plan_citizens_per_municipality()
        self.plan_staff()
        self.plan_companies()
        self.plan_openings()
        self.plan_citizens()
        self.plan_placements()
        self.assign_openings()
        self.finish_placements()
        self.finish_openings()
        self.finish_citizens()
        self.plan_logins()
        self.plan_net_growth()  # its declarer may be the company's login
        self.staff = {row[0]: (row[2], row[1]) for row in self.users if row[3] == "consultant"}

    def plan_municipalities(self) -> None:
        chosen = [
            m
            for m in D.MUNICIPALITIES
            if self.scale.municipalities is None or m[0] in self.scale.municipalities
        ]
        taken = set(POSTCODES)
        made_up = (str(code) for code in range(1000, 9990, 10) if str(code) not in taken)
        self.munis = []
        for number, (code, name, people) in enumerate(chosen, start=1):
            if code in LOCAL_POSTCODES:
                places = [(postcode, POSTCODES[postcode]) for postcode in LOCAL_POSTCODES[code]]
            else:
                count = min(len(D.DISTRICTS), 2 + people // 40_000)
                places = [(next(made_up), f"{name}{district}") for district in D.DISTRICTS[:count]]
            self.munis.append(Muni(number, code, name, people, places))
        self.muni_cum = list(accumulate(m.people for m in self.munis))

    def place_in(self, muni: Muni) -> tuple[str, str]:
        # The main town (listed first) is where a third of everyone lives.
        return muni.places[0] if self.rng.random() < 0.35 else self.rng.choice(muni.places)

    def plan_citizens_per_municipality(self) -> None:
        self.citizen_munis = weighted(self.rng, self.munis, self.muni_cum, self.scale.citizens)

    def plan_staff(self) -> None:
        rng = self.rng
        counts = {m.id: 0 for m in self.munis}
        for muni in self.citizen_munis:
            counts[muni.id] += 1
        self.add_user(
            "admin@example.dk",
            "Anne Administrator",
            Role.ADMIN,
            None,
            None,
            self.days_ago(1_200, 1_300),
        )
        for muni in self.munis:
            consultants = max(1, round(counts[muni.id] / 40))
            for n in range(1, max(1, round(consultants / 12)) + 1):
                self.add_user(
                    f"leder{n}@k{muni.code}.example.dk",
                    person_name(rng),
                    Role.MANAGER,
                    muni.id,
                    None,
                    self.days_ago(1_100, 1_400),
                )
            for n in range(1, consultants + 1):
                muni.consultants.append(
                    self.add_user(
                        f"konsulent{n}@k{muni.code}.example.dk",
                        person_name(rng),
                        Role.CONSULTANT,
                        muni.id,
                        None,
                        self.days_ago(1_100, 1_400),
                    )
                )

    def add_user(
        self, email, name, role, municipality_id, employer_id, created: date, candidate_id=None
    ) -> int:
        rng = self.rng
        user_id = len(self.users) + len(self.citizen_users) + 1
        last_login = (
            at(self.today - timedelta(days=rng.randint(1, 30)), rng) if rng.random() < 0.7 else None
        )
        row = (
            user_id,
            email,
            name,
            role.value,
            municipality_id,
            employer_id,
            candidate_id,
            True,
            self.password_hash,
            "da",
            f"{rng.getrandbits(256):064x}",
            at(created, rng),
            last_login,
        )
        (self.citizen_users if role == Role.CITIZEN else self.users).append(row)
        return user_id

    def plan_companies(self) -> None:
        rng = self.rng
        munis = weighted(rng, self.munis, self.muni_cum, self.scale.companies)
        self.companies = []
        for number, (muni, cvr) in enumerate(
            zip(munis, cvr_numbers(self.scale.companies, rng)), start=1
        ):
            industry, words, often_public = rng.choice(D.INDUSTRIES)
            public = often_public and rng.random() < 0.4
            postcode, city = self.place_in(muni)
            roll = rng.random()
            employees = (
                rng.randint(1, 9)
                if roll < 0.3
                else rng.randint(10, 49)
                if roll < 0.62
                else rng.randint(50, 199)
                if roll < 0.88
                else rng.randint(200, 1_500)
            )
            if public:
                employees = max(employees, rng.randint(20, 300))
                name = f"{rng.choice(words)} {city}"
            else:
                name = (
                    f"{rng.choice(D.LAST_NAMES)}s {rng.choice(words)} {rng.choice(D.COMPANY_FORMS)}"
                )
            status = rng.choices(("approved", "pending", "suspended"), (94, 4, 2))[0]
            contact = person_name(rng)
            company = Company(number, muni, name.strip(), cvr, postcode, city, employees, status)
            company.row = [
                number,
                company.name,
                cvr,
                f"{1_000_000_000 + number}" if rng.random() < 0.7 else None,
                f"{rng.choice(D.STREETS)} {rng.randint(1, 120)}",
                postcode,
                city,
                industry,
                employees,
                public,
                contact,
                phone(rng),
                f"kontakt@firma{number}.example.dk",
                status,
                None,
            ]
            self.companies.append(company)
            muni.companies.append(company)

    def plan_openings(self) -> None:
        rng = self.rng
        cum = list(accumulate(math.sqrt(c.employees) + 1 for c in self.companies))
        owners = weighted(rng, self.companies, cum, self.scale.openings)
        self.openings = []
        self.by_kind: dict[tuple, list[Opening]] = {}  # (municipality id | None, kind) → approved
        self.suspended: dict[tuple, list[Opening]] = {}
        for number, company in enumerate(owners, start=1):
            # The first seven cover every kind, so each kind has somewhere to be placed.
            kind = (
                self.kinds[number - 1]
                if number <= len(self.kinds)
                else weighted(rng, self.kinds, self.kind_cum, 1)[0]
            )
            hours_min = rng.choice((5, 10, 10, 15, 15, 20, 25, 30))
            hours_max = min(FULL_TIME_HOURS, hours_min + rng.choice((0, 5, 10, 15)))
            tasks = "\n".join(rng.sample(D.TASKS, rng.randint(2, 4)))
            mentor = (
                (person_name(rng), rng.choice(D.MENTOR_ROLES)) if rng.random() < 0.55 else ("", "")
            )
            offered = frozenset(
                weighted(
                    rng,
                    self.adaptation_ids,
                    self.adaptation_cum,
                    rng.choice((0, 1, 2, 2, 3, 3, 4, 5)),
                )
            )
            opening = Opening(
                number,
                company,
                kind,
                rng.choices((1, 2, 3, 4, 5), (60, 25, 10, 3, 2))[0],
                hours_min,
                hours_max,
                tasks,
                mentor,
                offered,
            )
            fixed = D.DURATION_WEEKS.get(kind)
            postcode, city = (
                (company.postcode, company.city)
                if rng.random() < 0.8
                else self.place_in(company.muni)
            )
            opening.row = [
                number,
                company.id,
                kind.value,
                rng.choice(D.TITLES[kind]),
                f"{company.name} søger en ny kollega. Vi giver god tid til oplæring.",
                tasks,
                rng.choice(list(InternshipPurpose)).value if kind == K.INTERNSHIP else None,
                postcode,
                city,
                hours_min,
                hours_max,
                rng.random() < 0.4,
                None,
                rng.randint(*fixed) if fixed and rng.random() < 0.5 else None,
                None,
                opening.seats,
                rng.choice(D.ADAPTATION_NOTES) if rng.random() < 0.2 else "",
                bool(mentor[0]),
                mentor[0],
                mentor[1],
                ", ".join(rng.sample(D.SKILLS, rng.randint(1, 4))),
                None,
                None,
                None,
                None,
                None,
            ]  # status, published, deadline, created, updated
            self.openings.append(opening)
            if company.status != "pending":
                group = self.by_kind if company.status == "approved" else self.suspended
                for key in ((company.muni.id, kind), (None, kind)):
                    group.setdefault(key, []).append(opening)

    # --- citizens -----------------------------------------------------------------------------

    def plan_citizens(self) -> None:
        rng = self.rng
        self.citizens = []
        for number, muni in enumerate(self.citizen_munis, start=1):
            created = self.days_ago(2, HISTORY_DAYS)
            wanted = sorted(
                set(weighted(rng, self.kinds, self.kind_cum, rng.choice((0, 1, 1, 1, 2, 2, 3)))),
                key=KIND_ORDER.get,
            )
            needs = {
                i: rng.random() < 0.3
                for i in weighted(
                    rng, self.adaptation_ids, self.adaptation_cum, rng.choice((0, 1, 1, 2, 2, 3, 4))
                )
            }
            postcode, city = self.place_in(muni)
            places = (
                sorted(
                    {postcode}
                    | {
                        p
                        for p, _ in rng.sample(
                            muni.places, min(len(muni.places), rng.randint(0, 3))
                        )
                    }
                )
                if (rng.random() < 0.85)
                else []
            )
            citizen = Citizen(
                number,
                muni,
                rng.choice(muni.consultants),
                person_name(rng),
                created,
                rng.choice((None, None, 10, 15, 20, 25, 30)),
                rng.random() < 0.2,
                rng.random() < 0.85,
                needs,
                wanted,
                places,
            )
            share_contact = rng.random() < 0.3
            citizen.row = [
                number,
                muni.id,
                citizen.consultant_id,
                citizen.name,
                self.today - timedelta(days=rng.randint(18 * 365 + 10, 64 * 365)),
                None,
                None,
                f"borger{number}@example.dk" if rng.random() < 0.6 else "",
                phone(rng) if rng.random() < 0.8 else "",
                postcode,
                city,
                citizen.max_hours,
                citizen.job_ready,
                ", ".join(rng.sample(D.SKILLS, rng.randint(0, 3))),
                ", ".join(rng.sample(D.INTERESTS, rng.randint(0, 2))),
                rng.choice(D.ADAPTATION_NOTES) if rng.random() < 0.2 else "",
                share_contact,
                rng.random() < 0.5,
                rng.random() < 0.9,
                citizen.share_adaptations,
                rng.random() < 0.3,
                None,
                at(created, rng),
                None,
            ]
            self.citizens.append(citizen)

    def pick_kind(self, citizen: Citizen) -> Kind:
        if citizen.kinds and self.rng.random() < 0.9:
            return self.rng.choice(citizen.kinds)
        return weighted(self.rng, self.kinds, self.kind_cum, 1)[0]

    # --- openings and citizens as they stand today, and the logins ---------------------------

    def finish_openings(self) -> None:
        rng, today = self.rng, self.today
        past = lambda day: min(day, today - timedelta(days=1))  # noqa: E731
        for opening in self.openings:
            company = opening.company
            has_any = opening.first_day is not None
            if company.status == "pending":
                status = "draft"
            elif company.status == "suspended":
                status = "closed" if has_any else "expired"
            elif opening.occupied >= opening.seats:
                status = "filled"
            elif opening.open_now or opening.occupied:
                status = "published"
            elif not has_any:
                status = rng.choices(("draft", "published", "expired", "closed"), (8, 52, 20, 20))[
                    0
                ]
            else:
                status = rng.choices(("published", "closed", "expired"), (30, 45, 25))[0]
            first = opening.first_day or today - timedelta(days=rng.randint(10, HISTORY_DAYS))
            created = first - timedelta(days=rng.randint(5, 60))
            last = max(opening.last_day or created, created)
            deadline = None
            if status == "published":
                deadline = (
                    today + timedelta(days=rng.randint(3, 60)) if rng.random() < 0.75 else None
                )
            elif status == "expired":
                deadline = past(last + timedelta(days=rng.randint(10, 60)))
            elif status in ("closed", "filled") and rng.random() < 0.5:
                deadline = past(last + timedelta(days=rng.randint(5, 40)))
            created_at = at(created, rng)
            opening.row[21:26] = [
                status,
                None if status == "draft" else created_at + timedelta(days=rng.randint(0, 5)),
                deadline,
                created_at,
                max(created_at, at(past(last), rng)),
            ]
            company.created = min(company.created or created, created)
        for company in self.companies:
            company.created = (company.created or today) - timedelta(days=rng.randint(0, 200))
            company.row[-1] = at(company.created, rng)

    def finish_citizens(self) -> None:
        rng, today = self.rng, self.today
        for citizen in self.citizens:
            states = {plan.status for plan in citizen.placements}
            if states & {S.AGREED, S.ACTIVE, S.AWAITING_EVALUATION}:
                status = "in_placement"
            elif states & {S.PROPOSED, S.ACCEPTED}:
                status = "looking"
            elif not citizen.placements:
                status = "paused" if rng.random() < 0.1 else "looking"
            else:
                last = citizen.placements[-1]
                ended = last.moves[-1][0]
                if (
                    last.outcome in GOOD
                    and (today - ended).days > 60
                    and rng.random() < 0.7
                    or rng.random() < 0.08
                ):
                    status = "closed"
                else:
                    status = "paused" if rng.random() < 0.07 else "looking"
            citizen.row[21] = status

    def plan_logins(self) -> None:
        rng, today = self.rng, self.today
        for company in self.companies:
            count = 1 if company.status == "pending" else rng.choices((0, 1, 2), (20, 70, 10))[0]
            for _ in range(count):
                created = min(
                    company.created + timedelta(days=rng.randint(0, 30)), today - timedelta(days=1)
                )
                company.users.append(
                    self.add_user(
                        f"virksomhed{len(self.users) + 1}@example.dk",
                        person_name(rng),
                        Role.EMPLOYER,
                        None,
                        company.id,
                        created,
                    )
                )
        for citizen in self.citizens:
            if rng.random() < 0.25:
                created = min(
                    citizen.created + timedelta(days=rng.randint(1, 60)), today - timedelta(days=1)
                )
                citizen.user_id = self.add_user(
                    f"borger{citizen.id}@example.dk",
                    citizen.name,
                    Role.CITIZEN,
                    citizen.muni.id,
                    None,
                    created,
                    candidate_id=citizen.id,
                )
