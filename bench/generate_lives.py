"""The life of each placement in the benchmark data: rounds of proposals over a citizen's time
with the jobcentre, fitted into it, and an opening with a free seat for each one running now."""

from __future__ import annotations

import math
from bisect import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING

from bench import generate_data as D
from bench.generate_data import person_name
from placement.common.policy import FULL_TIME_HOURS, RATIO_KINDS
from placement.models import Kind, Outcome, PlacementStatus
from placement.placements.net_growth import previous_month
from placement.placements.ratio import ratio_limit

if TYPE_CHECKING:
    from bench.generate_world import Citizen, Opening

S = PlacementStatus
K = Kind
OPEN_STATES = (S.PROPOSED, S.ACCEPTED, S.AGREED, S.ACTIVE)
OCCUPYING = (S.AGREED, S.ACTIVE)  # ratio.OCCUPYING: they hold a seat
PLANNED = (S.AGREED, S.ACTIVE)  # followups.PLANNED_STATES: their plan is kept up to date
# A citizen's rounds of proposals run in this order of kinds: a first internship, later
# wage subsidy, and the long ones last, as they are the ones still running: flex and sheltered
# jobs (which end when they end) before an education or apprenticeship of two years or more
# (which would otherwise hardly ever be completed within the three years).
KIND_ORDER = {
    K.INTERNSHIP: 0,
    K.WAGE_SUBSIDY: 1,
    K.SUPPORTED_JOB: 2,
    K.SHELTERED_JOB: 3,
    K.FLEXJOB: 4,
    K.EDUCATION: 5,
    K.APPRENTICESHIP: 6,
}


def stamp(plan_id: int, index: int, day: date) -> datetime:
    """The time of a placement's index-th move: within working hours, later for each move, and
    the same for the answer that made the move (so the two agree to the second)."""
    minutes = 6 * 60 + (plan_id * 7_919) % 240 + index * 37
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class NetGrowthPlan:
    """A wage subsidy's net growth declaration (net_growth_declarations), made between both
    saying yes and the agreement, as lifecycle requires before a wage subsidy is agreed."""

    declared_at: datetime
    month: date  # "last month" as of the day declared: its first day
    employees_last_month: int
    average_tenths: int  # below (employees + 1) × 10: the hire is net growth
    declared_by_id: int
    declared_by_name: str


@dataclass(slots=True)
class Plan:
    """One placement: its whole planned life, of which what lies before --today happened."""

    id: int
    citizen: Citizen
    kind: Kind
    consultant_id: int
    moves: list[tuple[date, S]]  # every transition, past and planned
    start: date | None = None
    end: date | None = None
    outcome: Outcome | None = None
    end_reason: str = ""
    citizen_answer: tuple | None = None  # (day, "yes"/"no", reason)
    employer_answer: tuple | None = None
    opening: Opening = None
    status: S = S.PROPOSED
    hours: int | None = None
    steps: tuple[tuple[int, int], ...] = ()
    adaptations: tuple[int, ...] = ()
    working_times: str = ""
    wage: tuple = (None, "", None)  # wage subsidy: full-time staff, representative, cost
    # Wage subsidy agreed before today: its net growth declaration (NetGrowthPlan).
    net_growth: NetGrowthPlan | None = None

    def happened(self, today: date) -> list[tuple[date, S]]:
        return [move for move in self.moves if move[0] < today]

    def day_of(self, *statuses: S) -> date | None:
        return next((day for day, to in self.moves if to in statuses), None)


class PlacementLives:
    """Mixed into World (bench/generate_world.py): every placement's life, planned."""

    # --- placements: each citizen's rounds of proposals over time ---------------------------

    def plan_placements(self) -> None:
        rng, today = self.rng, self.today
        cum = list(accumulate((today - c.created).days for c in self.citizens))
        counts = [0] * len(self.citizens)
        total = cum[-1]
        for _ in range(self.scale.placements):
            counts[bisect(cum, rng.random() * total)] += 1
        self.plans: list[Plan] = []
        for citizen, count in zip(self.citizens, counts):
            if count:
                self.plan_citizen(citizen, count)

    def plan_citizen(self, citizen: Citizen, count: int) -> None:
        """Rounds of proposals: several at about the same time, of which at most one runs."""
        rng, today = self.rng, self.today
        first = min(citizen.created + timedelta(days=rng.randint(3, 45)), today - timedelta(days=1))
        room = (today - first).days - 1
        rounds = max(1, min(count, 1 + int(room / 250 * rng.uniform(0.5, 1.5))))
        sizes = [1] * rounds
        for _ in range(count - rounds):
            sizes[rng.randrange(rounds)] += 1
        drafts = sorted(
            (self.draft_round(citizen, size) for size in sizes), key=lambda d: KIND_ORDER[d["kind"]]
        )
        need = sum(d["span"] for d in drafts[:-1])
        if need > room:
            factor = room * rng.uniform(0.85, 1.0) / need
            for d in drafts[:-1]:
                self.squeeze(d, int(d["span"] * factor))
            spare = 0
        else:
            spare = int((room - need) * rng.random())
        day = first + timedelta(days=spare // rounds)
        for d in drafts:
            latest = today - timedelta(days=1)
            day = min(day, latest - timedelta(days=rng.randint(0, 3)))
            day = max(day, first) if first <= latest else latest
            ends = [self.realise_winner(citizen, d, day)] if d["winner"] else []
            ends += [self.realise_loser(citizen, d["kind"], day) for _ in range(d["losers"])]
            day = max(ends) + timedelta(days=d["gap"] + spare // rounds)

    def draft_round(self, citizen: Citizen, size: int) -> dict:
        rng = self.rng
        kind = self.pick_kind(citizen)
        d = {
            "kind": kind,
            "winner": rng.random() < 0.8,
            "gap": rng.randint(7, 90),
            "c_lag": rng.randint(1, 10),
            "e_lag": rng.randint(1, 14),
            "agree": rng.randint(1, 21),
            "lead": rng.randint(3, 30),
            "cancel": rng.random() < 0.05,
            "tail": 0,
        }
        d["losers"] = size - 1 if d["winner"] else size
        weeks = D.DURATION_WEEKS.get(kind)
        if weeks:
            low, high = weeks
            if kind == K.INTERNSHIP and citizen.job_ready:
                low, high = 2, 4  # LAB § 61: job-ready citizens at most four weeks
            d["low"], d["weeks"] = low, rng.randint(low, high)
            d["fate"] = "ended_early" if rng.random() < 0.2 else "completed"
            d["run"] = (
                d["weeks"] * 7 * rng.uniform(0.1, 0.9)
                if d["fate"] == "ended_early"
                else d["weeks"] * 7
            )
            d["direct"] = rng.random() < 0.4  # completed by the consultant, not evaluated later
            d["tail"] = 0 if d["direct"] or d["fate"] == "ended_early" else rng.randint(3, 41)
        else:
            d["weeks"] = None
            d["run"] = int(rng.expovariate(1 / D.OPEN_ENDED_MEAN_DAYS[kind])) + 30
            d["fate"] = "completed" if rng.random() < 0.6 else "ended_early"
        d["run"] = int(d["run"])
        d["span"] = self.span(d)
        return d

    @staticmethod
    def span(d: dict) -> int:
        if not d["winner"]:
            return 20 + d["gap"]
        before = max(d["c_lag"], d["e_lag"]) + d["agree"] + d["lead"]
        if d["cancel"]:
            return before + d["gap"]
        return before + d["run"] + d["tail"] + d["gap"]

    def squeeze(self, d: dict, budget: int) -> None:
        """Shorten a round to fit a citizen's history: fewer days between rounds first, then a
        shorter placement (one that cannot be short enough ends early)."""
        over = d["span"] - budget
        if over <= 0 or not d["winner"] or d["cancel"]:
            return
        cut = min(over, d["gap"] - 3)
        d["gap"] -= cut
        over -= cut
        if over > 0 and d["weeks"]:
            weeks = max(d["low"], d["weeks"] - math.ceil(over / 7))
            if d["fate"] == "completed":
                over -= (d["weeks"] - weeks) * 7
                d["weeks"], d["run"] = weeks, weeks * 7
            if over > 0:
                d["fate"], d["tail"] = "ended_early", 0
                d["run"] = max(5, min(d["run"], weeks * 7 - 1) - over)
            d["weeks"] = weeks
        elif over > 0:
            d["run"] = max(14, d["run"] - over)
        d["span"] = self.span(d)

    def new_plan(self, citizen: Citizen, kind: Kind, moves) -> Plan:
        muni = citizen.muni
        consultant = (
            citizen.consultant_id if self.rng.random() < 0.9 else self.rng.choice(muni.consultants)
        )
        plan = Plan(len(self.plans) + 1, citizen, kind, consultant, moves)
        self.plans.append(plan)
        citizen.placements.append(plan)
        return plan

    def realise_winner(self, citizen: Citizen, d: dict, day: date) -> date:
        rng = self.rng
        day_ = lambda n: day + timedelta(days=n)  # noqa: E731
        accepted = day_(max(d["c_lag"], d["e_lag"]))
        agreed = accepted + timedelta(days=d["agree"])
        start = agreed + timedelta(days=d["lead"])
        moves = [(day, S.PROPOSED), (accepted, S.ACCEPTED), (agreed, S.AGREED)]
        plan = self.new_plan(citizen, d["kind"], moves)
        plan.citizen_answer = (day_(d["c_lag"]), "yes", "")
        plan.employer_answer = (day_(d["e_lag"]), "yes", "")
        plan.start = start
        plan.end = start + timedelta(days=7 * d["weeks"] - 1) if d["weeks"] else None
        if d["cancel"]:
            moves.append((agreed + timedelta(days=rng.randint(1, d["lead"])), S.CANCELLED))
            plan.end_reason = rng.choice(D.CANCEL_REASONS)
            return moves[-1][0]
        moves.append((start, S.ACTIVE))
        if d["fate"] == "ended_early":
            moves.append((start + timedelta(days=max(1, d["run"])), S.ENDED_EARLY))
            plan.end_reason = rng.choice(D.END_REASONS)
            plan.outcome = rng.choices((None, Outcome.OTHER, Outcome.ORDINARY_JOB), (40, 50, 10))[0]
        else:
            if plan.end is None:
                moves.append((start + timedelta(days=d["run"]), S.COMPLETED))
            elif d["direct"]:
                moves.append(
                    (
                        max(
                            start + timedelta(days=1), plan.end - timedelta(days=rng.randint(0, 3))
                        ),
                        S.COMPLETED,
                    )
                )
            else:
                moves.append((plan.end + timedelta(days=1), S.AWAITING_EVALUATION))
                moves.append((plan.end + timedelta(days=1 + d["tail"]), S.COMPLETED))
            plan.outcome = rng.choices(
                (None, Outcome.OTHER, Outcome.ORDINARY_JOB, Outcome.EDUCATION), (23, 35, 30, 12)
            )[0]
        return moves[-1][0]

    def realise_loser(self, citizen: Citizen, kind: Kind, day: date) -> date:
        """A proposal that came to nothing: declined by one side, or called off."""
        rng = self.rng
        if rng.random() > 0.7:
            kind = self.pick_kind(citizen)
        proposed = min(day + timedelta(days=rng.randint(0, 10)), self.today - timedelta(days=1))
        moves = [(proposed, S.PROPOSED)]
        plan = self.new_plan(citizen, kind, moves)
        after = lambda low, high: proposed + timedelta(days=rng.randint(low, high))  # noqa: E731
        if rng.random() < 0.8:
            no_day = after(1, 14)
            yes_day = after(1, 14)
            if rng.random() < 0.55:
                plan.employer_answer = (no_day, "no", rng.choice(D.DECLINE_REASONS_EMPLOYER))
                plan.citizen_answer = (yes_day, "yes", "") if yes_day < no_day else None
            else:
                plan.citizen_answer = (no_day, "no", rng.choice(D.DECLINE_REASONS_CITIZEN))
                plan.employer_answer = (yes_day, "yes", "") if yes_day < no_day else None
            moves.append((no_day, S.DECLINED))
        else:
            if rng.random() < 0.4:
                plan.citizen_answer = (after(1, 7), "yes", "")
                plan.employer_answer = (after(1, 10), "yes", "")
                accepted = max(plan.citizen_answer[0], plan.employer_answer[0])
                moves.append((accepted, S.ACCEPTED))
                moves.append((accepted + timedelta(days=rng.randint(1, 10)), S.CANCELLED))
            else:
                moves.append((after(2, 20), S.CANCELLED))
            plan.end_reason = rng.choice(D.CANCEL_REASONS)
        return moves[-1][0]

    # --- openings for the placements, and what follows from them -----------------------------

    def assign_openings(self) -> None:
        rng, today = self.rng, self.today
        seats = {o.id: o.seats for o in self.openings}
        room = {c.id: ratio_limit(c.employees) for c in self.companies}
        for plan in self.plans:
            happened = plan.happened(today)
            plan.status = happened[-1][1]
            key = (plan.citizen.muni.id, plan.kind)
            approved = self.by_kind.get(key) or self.by_kind[(None, plan.kind)]
            if plan.status in OCCUPYING:
                opening = self.free_opening(approved, seats, room) or self.free_opening(
                    self.by_kind[(None, plan.kind)], seats, room
                )
                if opening is None:
                    self.demote(plan)
                else:
                    seats[opening.id] -= 1
                    opening.occupied += 1
                    if plan.kind in RATIO_KINDS:
                        room[opening.company.id] -= 1
            else:
                opening = None
            if opening is None:
                closed = self.suspended.get(key, ()) if plan.status not in OPEN_STATES else ()
                pick = rng.randrange(len(approved) + len(closed))
                opening = approved[pick] if pick < len(approved) else closed[pick - len(approved)]
                opening.open_now |= plan.status in (S.PROPOSED, S.ACCEPTED)
            plan.opening = opening
            first = plan.moves[0][0]
            opening.first_day = min(opening.first_day or first, first)
            opening.last_day = max(opening.last_day or first, first)

    def finish_placements(self) -> None:
        """Hours, a step-up plan for some, and the adaptations agreed (needed and offered)."""
        rng = self.rng
        for plan in self.plans:
            opening, citizen = plan.opening, plan.citizen
            cap = min(FULL_TIME_HOURS, citizen.max_hours or FULL_TIME_HOURS)
            hours = max(1, min(cap, rng.randint(opening.hours_min, opening.hours_max)))
            plan.hours = hours
            weeks = (plan.end - plan.start).days // 7 + 1 if plan.end and plan.start else None
            if (
                plan.day_of(S.AGREED)
                and hours <= 25
                and rng.random() < 0.15
                and (weeks is None or weeks >= 6)
            ):
                steps = [(1, hours)]
                for week, more in ((3, 5), (6, 10)):
                    if hours + more <= cap and (weeks is None or week <= weeks):
                        steps.append((week, hours + more))
                plan.steps = tuple(steps) if len(steps) > 1 else ()
            if citizen.share_adaptations:
                plan.adaptations = tuple(sorted(opening.adaptations.intersection(citizen.needs)))
            if plan.citizen_answer or plan.employer_answer:
                plan.working_times = rng.choice(D.WORKING_TIMES)
            if plan.kind == K.WAGE_SUBSIDY:
                plan.wage = (
                    opening.company.employees,
                    person_name(rng) if rng.random() < 0.5 else "",
                    rng.randint(18_000, 34_000),
                )

    def plan_net_growth(self) -> None:
        """The declaration of each wage subsidy agreed before today, between both saying yes
        and the agreement (lifecycle refuses to agree one without): the company's employees
        last month and an average at most three below, so the hire is net growth. Declared by
        the company's login, or by the consultant where the company has none. Its own random
        stream, so the rest of the data is the same with or without it."""
        rng, today = self.rng_for("net_growth"), self.today
        names = {row[0]: row[2] for row in self.users}
        for plan in self.plans:
            agreed = plan.day_of(S.AGREED)
            if plan.kind != K.WAGE_SUBSIDY or agreed is None or agreed >= today:
                continue
            index = [to for _, to in plan.moves].index(S.AGREED)
            accepted = plan.day_of(S.ACCEPTED) or agreed
            day = accepted + timedelta(days=rng.randint(0, (agreed - accepted).days))
            # On the agreement's day: a little before it (after the last yes, 37 minutes back).
            declared_at = (
                stamp(plan.id, index, day) - timedelta(minutes=20)
                if day == agreed
                else stamp(plan.id, index, day)
            )
            employees = max(plan.opening.company.employees or 0, 1)
            users = plan.opening.company.users
            by = users[0] if users else plan.consultant_id
            plan.net_growth = NetGrowthPlan(
                declared_at=declared_at,
                month=previous_month(day),
                employees_last_month=employees,
                average_tenths=max(employees * 10 - rng.randint(0, 30), 0),
                declared_by_id=by,
                declared_by_name=names[by],
            )

    def free_opening(self, candidates: list[Opening], seats, room) -> Opening | None:
        for _ in range(12):
            opening = self.rng.choice(candidates)
            if seats[opening.id] > 0 and (
                opening.kind not in RATIO_KINDS or room[opening.company.id] > 0
            ):
                return opening
        return None

    def demote(self, plan: Plan) -> None:
        """No seat free anywhere for a running placement: it ended yesterday instead."""
        self.demoted += 1
        happened = plan.happened(self.today)
        to = S.ENDED_EARLY if plan.status == S.ACTIVE else S.CANCELLED
        plan.moves = happened + [(self.today - timedelta(days=1), to)]
        plan.end_reason = self.rng.choice(
            D.END_REASONS if to == S.ENDED_EARLY else D.CANCEL_REASONS
        )
        plan.outcome = None
        plan.status = to
