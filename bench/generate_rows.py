"""The benchmark data set's rows, table by table, streamed from the plan (generate_world)."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from bench import generate_data as D
from bench.generate_data import HISTORY_DAYS, at
from bench.generate_lives import PLANNED, NetGrowthPlan, Plan, stamp
from bench.generate_world import GOOD, Opening, World
from placement.agreements.content import AgreementContent, NetGrowth
from placement.common.policy import (
    AGREEMENT_TERMS_PAID,
    AGREEMENT_TERMS_UNPAID,
    FOLLOW_UP_HORIZON_MONTHS,
    FOLLOW_UP_PLANS,
    UNPAID_KINDS,
    FollowUpPlan,
)
from placement.followups.plans import desired_plan, horizon_for, planned_until
from placement.models import Kind, Outcome, Party, PlacementStatus
from placement.models.placements import END_DATE_PASSED, STARTED_ON_START_DATE
from placement.placements import net_growth

S = PlacementStatus
K = Kind


# --- what a placement's plan gives the rows ----------------------------------------------------


def plan_reach(w: World, plan: Plan):
    """(the kind's plan, its horizon, followups_planned_until) for a placement that was
    agreed before today, else None. A plan is extended while the placement is agreed or
    running; afterwards it stays as it was when it left those states."""
    today = w.today
    agreed = plan.day_of(S.AGREED)
    if agreed is None or agreed >= today or plan.start is None:
        return None
    if plan.status in PLANNED:
        left = today
    else:
        happened = plan.happened(today)
        last_planned = max(i for i, (_, to) in enumerate(happened) if to in PLANNED)
        left = happened[last_planned + 1][0]
    kind_plan = FOLLOW_UP_PLANS.get(plan.kind, FollowUpPlan())
    horizon = horizon_for(plan.start, left)
    return kind_plan, horizon, planned_until(kind_plan, horizon)


def event_actor(plan: Plan, to: S, rng: random.Random) -> tuple[int | None, str]:
    """Who made the move, and the note: the answer that decided it comes from the company's or
    the citizen's login when there is one; the scheduler starts and ends on the dates."""
    users = plan.opening.company.users
    company_user = users[0] if users else None
    citizen_user, consultant = plan.citizen.user_id, plan.consultant_id
    if to == S.ACCEPTED:
        citizen_last = plan.citizen_answer[0] >= plan.employer_answer[0]
        return (citizen_user if citizen_last else company_user) or consultant, ""
    if to == S.DECLINED:
        if plan.citizen_answer and plan.citizen_answer[1] == "no":
            return citizen_user or consultant, plan.citizen_answer[2]
        return company_user or consultant, plan.employer_answer[2]
    if to == S.ACTIVE:
        return (None, STARTED_ON_START_DATE) if rng.random() < 0.7 else (consultant, "")
    if to == S.AWAITING_EVALUATION:
        return None, END_DATE_PASSED
    if to in (S.ENDED_EARLY, S.CANCELLED):
        return consultant, plan.end_reason
    return consultant, ""


def agreement_content(w: World, plan: Plan) -> AgreementContent:
    """Version 1 of the agreement as agreement_versions.content_for would write it."""
    opening, company, citizen = plan.opening, plan.opening.company, plan.citizen
    row = company.row
    contact_name, contact_phone, contact_email = row[10], row[11], row[12]
    name, email = w.staff[plan.consultant_id]
    absence = (opening.mentor[0] or contact_name or "virksomhedens kontaktperson") + (
        f" på tlf. {contact_phone}" if contact_phone else ""
    )
    fill = {"absence_contact": absence, "consultant": name}
    terms = AGREEMENT_TERMS_UNPAID if plan.kind in UNPAID_KINDS else AGREEMENT_TERMS_PAID
    kind_plan = FOLLOW_UP_PLANS.get(plan.kind, FollowUpPlan())
    first_year = plan.start + relativedelta(months=FOLLOW_UP_HORIZON_MONTHS)
    dates = tuple(
        sorted(
            f.due_date
            for f in desired_plan(
                kind_plan, plan.start, plan.end, horizon_for(plan.start, plan.day_of(S.AGREED))
            )
            if f.due_date <= first_year
        )
    )
    purpose = opening.row[6]
    wage = plan.kind == K.WAGE_SUBSIDY
    return AgreementContent(
        kind=plan.kind.value,
        purpose=w.purposes[purpose] if plan.kind == K.INTERNSHIP and purpose else "",
        citizen_name=citizen.name,
        citizen_birth_date=citizen.row[4],
        company_name=company.name,
        company_cvr=company.cvr,
        company_p_number=row[3] or "",
        company_address=", ".join(p for p in (row[4], f"{row[5]} {row[6]}") if p),
        company_contact=", ".join(
            p
            for p in (contact_name, f"tlf. {contact_phone}" if contact_phone else "", contact_email)
            if p
        ),
        jobcenter=f"Jobcenter {citizen.muni.name}",
        consultant=f"{name}, {email}",
        start_date=plan.start,
        end_date=plan.end,
        hours_per_week=plan.hours,
        working_times=plan.working_times,
        hours_plan=plan.steps,
        tasks=tuple(opening.tasks.splitlines()),
        adaptations=tuple(w.adaptations[i][1] for i in plan.adaptations),
        mentor_name=opening.mentor[0],
        mentor_role=opening.mentor[1],
        full_time_employees=plan.wage[0] if wage else None,
        staff_representative=plan.wage[1] if wage else "",
        monthly_wage_cost=plan.wage[2] if wage else None,
        followup_dates=dates,
        net_growth=_net_growth_content(plan.net_growth),
        terms=tuple((heading, text.format(**fill)) for heading, text in terms),
    )


def _net_growth_content(declared: NetGrowthPlan | None) -> NetGrowth | None:
    """The declaration as net_growth.content prints it in the agreement."""
    if declared is None:
        return None
    return NetGrowth(
        month=declared.month,
        employees_last_month=declared.employees_last_month,
        average_12_months=str(net_growth.rounded(Decimal(declared.average_tenths) / 10)),
        declared_by=declared.declared_by_name,
        declared_at=declared.declared_at,
    )


# --- the rows ----------------------------------------------------------------------------------


def placement_rows(w: World):
    today = w.today
    for plan in w.plans:
        answers = []
        for answer in (plan.citizen_answer, plan.employer_answer):
            if answer and answer[0] < today:
                answers.append((answer[1], stamp(plan.id, 1, answer[0]), answer[2]))
            else:
                answers.append((None, None, ""))
        ended = plan.status in (S.COMPLETED, S.ENDED_EARLY)
        reach = plan_reach(w, plan)
        opening = plan.opening
        yield (
            plan.id,
            plan.citizen.id,
            opening.id,
            plan.consultant_id,
            plan.status.value,
            answers[0][0],
            answers[0][1],
            answers[1][0],
            answers[1][1],
            answers[0][2],
            answers[1][2],
            plan.start,
            plan.end,
            plan.hours,
            plan.outcome.value if ended and plan.outcome else None,
            plan.end_reason if plan.status in (S.ENDED_EARLY, S.CANCELLED) else "",
            stamp(plan.id, 0, plan.moves[0][0]),
            opening.tasks,
            plan.working_times,
            "",
            opening.mentor[0],
            opening.mentor[1],
            plan.wage[0],
            plan.wage[1],
            plan.wage[2],
            reach[2] if reach else None,
            *_representative(plan),
        )


PLACEMENT_COLUMNS = (
    "id",
    "candidate_id",
    "opening_id",
    "consultant_id",
    "status",
    "citizen_answer",
    "citizen_answered_at",
    "employer_answer",
    "employer_answered_at",
    "citizen_reason",
    "employer_reason",
    "start_date",
    "end_date",
    "hours_per_week",
    "outcome",
    "end_reason",
    "created_at",
    "tasks",
    "working_times",
    "adaptation_note",
    "mentor_name",
    "mentor_role",
    "full_time_employees",
    "staff_representative",
    "monthly_wage_cost",
    "followups_planned_until",
    "staff_representative_email",
    "no_staff_representative",
)


def _representative(plan: Plan) -> tuple[str, bool]:
    """(the staff representative's e-mail, the company said it has none) for a wage subsidy
    both said yes to, as the company states it before the start (lifecycle refuses to start
    one without either); nothing for the rest."""
    if plan.kind != K.WAGE_SUBSIDY or plan.day_of(S.ACCEPTED) is None:
        return "", False
    if plan.wage[1]:
        return representative_email(plan), False
    return "", True


def representative_email(plan: Plan) -> str:
    return f"tillidsrepraesentant{plan.id}@example.dk"


def net_growth_rows(w: World):
    """Each wage subsidy's declaration, for those agreed before today (the rest have none)."""
    number = 0
    for plan in w.plans:
        declared = plan.net_growth
        if declared is None:
            continue
        number += 1
        yield (
            number,
            plan.id,
            declared.month,
            declared.employees_last_month,
            declared.average_tenths,
            declared.declared_at,
            declared.declared_by_id,
        )


NET_GROWTH_COLUMNS = (
    "id",
    "placement_id",
    "month",
    "employees_last_month",
    "average_tenths",
    "declared_at",
    "declared_by_id",
)


def event_rows(w: World):
    rng, today, number = w.rng_for("events"), w.today, 0
    for plan in w.plans:
        previous = None
        for index, (day, to) in enumerate(plan.moves):
            if day >= today:
                break
            number += 1
            actor, note = event_actor(plan, to, rng)
            yield (
                number,
                plan.id,
                stamp(plan.id, index, day),
                actor,
                previous.value if previous else None,
                to.value,
                note[:500],
            )
            previous = to


# Days from due date to done: most on the day, some early, a tail late.
DONE_LAGS = (-3, -2, -1, 0, 1, 2, 3, 5, 8, 13, 21)
DONE_LAG_WEIGHTS = (4, 5, 6, 30, 10, 8, 6, 5, 4, 3, 2)
KEPT_AFTER_END = "outcome_3m"  # followups.KEPT_AFTER_END


def followup_rows(w: World):
    """Each agreed placement's plan as followups.plan makes it, the past ones mostly done;
    what close_plan drops after the end is left out."""
    rng, today, number = w.rng_for("followups"), w.today, 0
    recent = today - timedelta(days=14)
    for plan in w.plans:
        reach = plan_reach(w, plan)
        if reach is None:
            continue
        kind_plan, horizon, _until = reach
        happened = plan.happened(today)
        closed = plan.status in (S.COMPLETED, S.ENDED_EARLY, S.CANCELLED)
        closed_on = happened[-1][0] if closed else None
        active_from = plan.day_of(S.ACTIVE)
        users = plan.opening.company.users
        for planned in desired_plan(kind_plan, plan.start, plan.end, horizon):
            due, outcome_check = planned.due_date, planned.key == KEPT_AFTER_END
            done = None
            if active_from is not None and active_from < today and due < today:
                day = max(
                    due + timedelta(days=rng.choices(DONE_LAGS, DONE_LAG_WEIGHTS)[0]), active_from
                )
                limit = (
                    today
                    if outcome_check or not closed
                    else min(today, closed_on + timedelta(days=1))
                )
                if day < limit and rng.random() < (0.9 if due < recent else 0.6):
                    done = day
            if done is None and closed and (not outcome_check or plan.status == S.CANCELLED):
                continue  # close_plan removed it
            number += 1
            if done is None:
                yield (
                    number,
                    plan.id,
                    planned.key,
                    planned.title,
                    due,
                    None,
                    None,
                    None,
                    "",
                    None,
                    "",
                    "",
                    "",
                    "",
                    "",
                    None,
                    False,
                    "",
                    None,
                    None,
                )
                continue
            done_at = at(done, rng)
            outcome = None
            if planned.key == "end_evaluation" and plan.status in (S.COMPLETED, S.ENDED_EARLY):
                outcome = plan.outcome
            elif outcome_check:
                outcome = (
                    plan.outcome
                    if plan.outcome in GOOD and rng.random() < 0.8
                    else rng.choice(list(Outcome))
                )
            view_day = done + timedelta(days=rng.randint(1, 4))
            view = users and view_day < today and rng.random() < 0.25
            yield (
                number,
                plan.id,
                planned.key,
                planned.title,
                due,
                done_at,
                plan.consultant_id,
                rng.choices((1, 2, 3, 4, 5), (3, 7, 20, 40, 30))[0],
                "",
                max(0, min(80, (plan.hours or 10) + rng.randint(-5, 2))),
                rng.choice(D.FOLLOWUP_WORKS),
                rng.choice(D.FOLLOWUP_DOES_NOT_WORK),
                "",
                "",
                rng.choice(D.FOLLOWUP_NEXT),
                outcome.value if outcome else None,
                rng.random() < 0.4,
                rng.choice(D.EMPLOYER_VIEWS) if view else "",
                at(view_day, rng) if view else None,
                users[0] if view else None,
            )


FOLLOWUP_COLUMNS = (
    "id",
    "placement_id",
    "key",
    "title",
    "due_date",
    "done_at",
    "done_by_id",
    "wellbeing",
    "wellbeing_note",
    "hours_worked",
    "works",
    "does_not_work",
    "adaptations_add",
    "adaptations_drop",
    "next_step",
    "outcome",
    "shared_with_citizen",
    "employer_view",
    "employer_view_at",
    "employer_view_by_id",
)


def agreement_rows(w: World, confirmations: list, approvals: list):
    """Version 1 for each placement agreed or running now; its confirmations go to the list
    (all three for a running one: it could not have started without them), and a wage
    subsidy's staff representative's answer to the other (approved, for a running one)."""
    rng, today, number = w.rng_for("agreements"), w.today, 0
    for plan in w.plans:
        if plan.status not in PLANNED:
            continue
        number += 1
        text = agreement_content(w, plan).to_json()
        agreed = plan.day_of(S.AGREED)
        created = stamp(plan.id, [to for _, to in plan.moves].index(S.AGREED), agreed)
        # AgreementContent.sha256 is this hash; it would make the JSON a second time.
        yield (
            number,
            plan.id,
            1,
            text,
            hashlib.sha256(text.encode("utf-8")).hexdigest(),
            created,
            plan.consultant_id,
        )
        # Confirmed before the start day (a running one could not have started without).
        last_day = max(agreed, min(plan.start - timedelta(days=1), today - timedelta(days=1)))
        if _representative(plan)[0]:
            approvals.append(representative_row(plan, number, created, last_day, rng))
        users = plan.opening.company.users
        for party, user in (
            (Party.CONSULTANT, plan.consultant_id),
            (Party.EMPLOYER, users[0] if users else None),
            (Party.CITIZEN, plan.citizen.user_id),
        ):
            if plan.status == S.AGREED and rng.random() < 0.4:
                continue
            confirmed = created + timedelta(
                days=rng.randint(0, max(0, (last_day - agreed).days)), minutes=rng.randint(5, 300)
            )
            paper = user is None
            confirmations.append(
                (
                    len(confirmations) + 1,
                    number,
                    party.value,
                    plan.consultant_id if paper else user,
                    confirmed,
                    paper,
                    "Underskrevet på papir." if paper else "",
                )
            )


def representative_row(plan: Plan, agreement: int, agreed: datetime, last_day, rng) -> tuple:
    """The link mailed when the agreement was made, answered "approve" before the start (a
    running one could not have started without); an agreed one's answer may still be due."""
    sent = agreed + timedelta(minutes=10)
    answered = None
    if plan.status == S.ACTIVE or rng.random() < 0.6:
        answered = sent + timedelta(
            days=rng.randint(0, max(0, (last_day - sent.date()).days)), minutes=rng.randint(5, 300)
        )
    return (
        agreement,  # one approval per agreement: its id is the agreement's
        plan.id,
        agreement,
        hashlib.sha256(f"bench-representative:{plan.id}".encode()).hexdigest(),
        plan.wage[1],
        representative_email(plan),
        sent,
        "approve" if answered else None,
        "",
        answered,
        "",
    )


REPRESENTATIVE_COLUMNS = (
    "id",
    "placement_id",
    "agreement_id",
    "token_hash",
    "name",
    "email",
    "sent_at",
    "decision",
    "reason",
    "answered_at",
    "answered_from",
)


def contact_rows(w: World):
    rng, number = w.rng_for("contacts"), 0
    for muni in w.munis:
        companies = muni.companies or w.companies
        for consultant in muni.consultants:
            for _ in range(rng.randint(30, 90)):
                day = w.today - timedelta(days=rng.randint(1, HISTORY_DAYS))
                number += 1
                yield (
                    number,
                    rng.choice(companies).id,
                    consultant,
                    day,
                    rng.choice(D.CONTACT_NOTES),
                    at(day, rng),
                )


def journal_rows(w: World):
    rng, number = w.rng_for("journal"), 0
    for citizen in w.citizens:
        days = (w.today - citizen.created).days - 1
        for _ in range(rng.randint(0, 5)):
            day = citizen.created + timedelta(days=rng.randint(0, max(0, days)))
            number += 1
            yield (
                number,
                citizen.id,
                citizen.consultant_id,
                day,
                rng.choice(D.JOURNAL_TEXTS),
                at(day, rng),
            )


def goal_rows(w: World, steps: list):
    rng, today, number = w.rng_for("goals"), w.today, 0
    for citizen in w.citizens:
        for _ in range(rng.choices((0, 1, 2), (60, 30, 10))[0]):
            title, step_titles = rng.choice(D.GOALS)
            created = min(
                citizen.created + timedelta(days=rng.randint(0, 30)), today - timedelta(days=1)
            )
            number += 1
            yield (
                number,
                citizen.id,
                title,
                created + timedelta(days=rng.randint(180, 540)),
                at(created, rng),
            )
            for step in step_titles[: rng.randint(2, 3)]:
                done = created + timedelta(days=rng.randint(1, 120))
                steps.append(
                    (
                        len(steps) + 1,
                        number,
                        step,
                        at(done, rng) if done < today and rng.random() < 0.5 else None,
                    )
                )


def interest_rows(w: World):
    rng, today, number = w.rng_for("interests"), w.today, 0
    board: dict[int, list[Opening]] = {}
    for opening in w.openings:
        status, deadline = opening.row[21], opening.row[23]
        if (
            status == "published"
            and opening.company.status == "approved"
            and (deadline is None or deadline >= today)
        ):
            board.setdefault(opening.company.muni.id, []).append(opening)
    for citizen in w.citizens:
        shown = board.get(citizen.muni.id, ())
        if citizen.user_id is None or not shown:
            continue
        for opening in rng.sample(shown, min(len(shown), rng.choice((0, 0, 1, 2, 3)))):
            number += 1
            yield (
                number,
                citizen.id,
                opening.id,
                at(today - timedelta(days=rng.randint(1, 30)), rng),
            )


USER_COLUMNS = (
    "id",
    "email",
    "name",
    "role",
    "municipality_id",
    "employer_id",
    "candidate_id",
    "active",
    "password_hash",
    "language",
    "session_token",
    "created_at",
    "last_login_at",
)
# A company's row as planned keeps its P-number at [3]; the table has it on the workplace.
PLANNED_EMPLOYER_COLUMNS = (
    "id",
    "name",
    "cvr",
    "p_number",
    "address",
    "postcode",
    "city",
    "industry",
    "employees",
    "public_sector",
    "contact_name",
    "contact_phone",
    "contact_email",
    "status",
    "created_at",
)
EMPLOYER_COLUMNS = tuple(c for c in PLANNED_EMPLOYER_COLUMNS if c != "p_number")
WORKPLACE_COLUMNS = (
    "id",
    "employer_id",
    "p_number",
    "name",
    "address",
    "postcode",
    "city",
    "employees",
    "created_at",
)


def _employer_row(row) -> tuple:
    return tuple(row[:3]) + tuple(row[4:])


def _workplace_row(row) -> tuple:
    """The company's one workplace, with the company's id: its P-number, address, employees."""
    planned = dict(zip(PLANNED_EMPLOYER_COLUMNS, row, strict=True))
    return (row[0], row[0]) + tuple(planned[c] for c in WORKPLACE_COLUMNS[2:])


PLANNED_OPENING_COLUMNS = (
    "id",
    "employer_id",
    "kind",
    "title",
    "description",
    "tasks",
    "purpose",
    "postcode",
    "city",
    "hours_min",
    "hours_max",
    "flexible_schedule",
    "start_date",
    "duration_weeks",
    "end_date",
    "seats",
    "adaptation_note",
    "mentor_available",
    "mentor_name",
    "mentor_role",
    "skills",
    "status",
    "published_at",
    "deadline",
    "created_at",
    "updated_at",
)
# Each opening is at its company's one workplace, which has the company's id.
OPENING_COLUMNS = PLANNED_OPENING_COLUMNS + ("workplace_id",)
CANDIDATE_COLUMNS = (
    "id",
    "municipality_id",
    "consultant_id",
    "name",
    "birth_date",
    "cpr_encrypted",
    "cpr_hash",
    "email",
    "phone",
    "postcode",
    "city",
    "max_hours",
    "job_ready",
    "skills",
    "interests",
    "adaptation_note",
    "share_contact",
    "share_age",
    "share_skills",
    "share_adaptations",
    "share_goals",
    "status",
    "created_at",
    "anonymised_at",
)


def write_all(w: World, out) -> None:
    """Every table, parents before children, through out (generate.Writer)."""
    out.write("municipalities", ("id", "name", "code"), ((m.id, m.name, m.code) for m in w.munis))
    out.write("employers", EMPLOYER_COLUMNS, (_employer_row(c.row) for c in w.companies))
    out.write("workplaces", WORKPLACE_COLUMNS, (_workplace_row(c.row) for c in w.companies))
    out.write("users", USER_COLUMNS, w.users)
    out.write("openings", OPENING_COLUMNS, (tuple(o.row) + (o.row[1],) for o in w.openings))
    out.write(
        "opening_adaptations",
        ("opening_id", "adaptation_id"),
        ((o.id, a) for o in w.openings for a in sorted(o.adaptations)),
    )
    out.write("candidates", CANDIDATE_COLUMNS, (c.row for c in w.citizens))
    out.write(
        "candidate_adaptations",
        ("candidate_id", "adaptation_id", "must_have"),
        ((c.id, a, must) for c in w.citizens for a, must in sorted(c.needs.items())),
    )
    out.write(
        "candidate_kinds",
        ("candidate_id", "kind"),
        ((c.id, kind.value) for c in w.citizens for kind in c.kinds),
    )
    out.write(
        "candidate_places",
        ("candidate_id", "postcode"),
        ((c.id, postcode) for c in w.citizens for postcode in c.places),
    )
    out.write("users", USER_COLUMNS, w.citizen_users, label="users (citizens' logins)")
    out.write("placements", PLACEMENT_COLUMNS, placement_rows(w))
    out.write("net_growth_declarations", NET_GROWTH_COLUMNS, net_growth_rows(w))
    out.write(
        "placement_events",
        ("id", "placement_id", "at", "actor_id", "from_status", "to_status", "note"),
        event_rows(w),
    )
    out.write(
        "hours_steps",
        ("id", "placement_id", "from_week", "hours_per_week"),
        ((0, p.id, week, hours) for p in w.plans for week, hours in p.steps),
        number_from=1,
    )
    out.write(
        "placement_adaptations",
        ("placement_id", "adaptation_id"),
        ((p.id, a) for p in w.plans for a in p.adaptations),
    )
    out.write("followups", FOLLOWUP_COLUMNS, followup_rows(w))
    confirmations: list[tuple] = []
    approvals: list[tuple] = []
    out.write(
        "agreements",
        (
            "id",
            "placement_id",
            "version",
            "content_json",
            "content_sha256",
            "created_at",
            "created_by_id",
        ),
        agreement_rows(w, confirmations, approvals),
    )
    out.write(
        "agreement_confirmations",
        ("id", "agreement_id", "party", "user_id", "confirmed_at", "on_paper", "note"),
        confirmations,
    )
    out.write("representative_approvals", REPRESENTATIVE_COLUMNS, approvals)
    out.write(
        "employer_contacts",
        ("id", "employer_id", "consultant_id", "contact_date", "note", "created_at"),
        contact_rows(w),
    )
    out.write(
        "journal_entries",
        ("id", "candidate_id", "author_id", "entry_date", "text", "created_at"),
        journal_rows(w),
    )
    steps: list[tuple] = []
    out.write(
        "goals", ("id", "candidate_id", "title", "target_date", "created_at"), goal_rows(w, steps)
    )
    out.write("goal_steps", ("id", "goal_id", "title", "done_at"), steps)
    out.write(
        "opening_interests", ("id", "candidate_id", "opening_id", "created_at"), interest_rows(w)
    )
