"""In Chromium: every form that edits a record, saved as it was shown, leaves the database alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from placement.agreements import versions
from placement.citizens import profiles
from placement.citizens.profiles import ProfileData
from placement.extensions import db
from placement.followups import plans
from placement.followups.plans import Record
from placement.models import (
    AuditAction,
    CandidateStatus,
    ConsentItem,
    FidelityReview,
    InternshipPurpose,
    Kind,
    MentorKind,
    MentorPayer,
    OpeningStatus,
    Outcome,
    Party,
    PlacementStatus,
    Role,
)
from placement.placements import hires, hours_plan, lifecycle, mentor_grants
from placement.placements.mentor_grants import GrantDraft
from placement.privacy import consent
from tests.conftest import _empty_tables, browser_log_in
from tests.factories import (
    adaptations,
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
    create_workplace,
    declare_net_growth,
)
from tests.suite_day import SUITE_DAY

TODAY = SUITE_DAY


@dataclass(frozen=True)
class Case:
    """One edit form: who opens it, on which page, and what they are told after saving it.

    `page` and `action` are filled in with the data set's ids; action None means the form posts
    to the page it is on (it has no action attribute)."""

    role: Role
    name: str
    page: str
    said: str
    action: str | None = None

    @property
    def id(self) -> str:
        return f"{self.role.value}-{self.name}"

    def posts_to(self, ids: dict) -> str:
        return (self.action or self.page).format_map(ids)


SAVED = "Ændringerne er gemt."
AGREEMENT_SAVED, FOLLOW_UP_SAVED = "Aftalen er gemt.", "Opfølgningen er gemt."
VIEW_SAVED = "Tak. Jeres vurdering er gemt, og jobkonsulenten kan læse den."
NOTHING_TO_SAVE = "Der var ingen ændringer at gemme."

A, C, E, CI = Role.ADMIN, Role.CONSULTANT, Role.EMPLOYER, Role.CITIZEN
CASES = [
    # The admin's user form, for a user of each role (and an inactive one in English). None of
    # them logs in below, so a case that breaks its user does not break the cases after it.
    *(
        Case(A, f"user-{who}", f"/admin/brugere/{{user_{who}}}", SAVED)
        for who in ("admin", "manager", "consultant", "consultant_away", "employer", "citizen")
    ),
    Case(A, "opening", "/opslag/{opening_full}/ret", SAVED),
    Case(
        A, "placement-agreement", "/forloeb/{running}", AGREEMENT_SAVED, "/forloeb/{running}/aftale"
    ),
    # Recorded by the consultant: the admin's unchanged save must not make it theirs.
    Case(
        A,
        "follow-up",
        "/forloeb/{running}/opfoelgning/{first_week}",
        FOLLOW_UP_SAVED,
        "/forloeb/{running}/opfoelgning/{first_week}",
    ),
    Case(C, "profile-full", "/borgere/{asta}/ret", "Profilen er gemt.", "/borgere/{asta}/ret"),
    Case(C, "profile-sparse", "/borgere/{bo}/ret", "Profilen er gemt.", "/borgere/{bo}/ret"),
    Case(C, "consent", "/borgere/{asta}/deling", NOTHING_TO_SAVE),
    Case(C, "consent-not-chosen", "/borgere/{bo}/deling", NOTHING_TO_SAVE),
    Case(C, "opening-full", "/opslag/{opening_full}/ret", SAVED),
    Case(C, "opening-draft", "/opslag/{opening_draft}/ret", SAVED),
    # Period, step-up plan and terms, in one form (the running one has a plan, the wage
    # subsidy none).
    Case(
        C, "placement-agreement", "/forloeb/{running}", AGREEMENT_SAVED, "/forloeb/{running}/aftale"
    ),
    Case(C, "wage-agreement", "/forloeb/{wage}", AGREEMENT_SAVED, "/forloeb/{wage}/aftale"),
    # Mentor support: a grant with half an hour in its hours ("7,5" shown, 75 tenths kept).
    Case(
        C,
        "mentor-grant",
        "/forloeb/{running}/mentorstoette/{grant}",
        NOTHING_TO_SAVE,
        "/forloeb/{running}/mentorstoette/{grant}",
    ),
    Case(
        C,
        "follow-up",
        "/forloeb/{running}/opfoelgning/{first_week}",
        FOLLOW_UP_SAVED,
        "/forloeb/{running}/opfoelgning/{first_week}",
    ),
    Case(
        C,
        "follow-up-outcome",
        "/forloeb/{ended}/opfoelgning/{end_evaluation}",
        FOLLOW_UP_SAVED,
        "/forloeb/{ended}/opfoelgning/{end_evaluation}",
    ),
    # Not recorded yet: saving it empty is refused, and nothing is written.
    Case(
        C,
        "follow-up-empty",
        "/forloeb/{running}/opfoelgning/{midway}",
        "Vælg hvordan det går, fra 1 til 5.",
        "/forloeb/{running}/opfoelgning/{midway}",
    ),
    # The meeting's time and place (calendars), a form of its own on the follow-up's page.
    Case(
        C,
        "follow-up-meeting",
        "/forloeb/{running}/opfoelgning/{midway}",
        NOTHING_TO_SAVE,
        "/forloeb/{running}/opfoelgning/{midway}/tid-og-sted",
    ),
    # A workplace with all its fields, and one with no P-number and no address.
    Case(C, "workplace-full", "/arbejdssteder/{workplace_first}/ret", "Arbejdsstedet er gemt."),
    Case(E, "workplace-sparse", "/arbejdssteder/{workplace_second}/ret", "Arbejdsstedet er gemt."),
    Case(E, "opening-full", "/opslag/{opening_full}/ret", SAVED),
    Case(E, "opening-draft", "/opslag/{opening_draft}/ret", SAVED),
    Case(
        E,
        "follow-up-view",
        "/virksomhed/forslag/{running}",
        VIEW_SAVED,
        "/virksomhed/forslag/{running}/opfoelgning/{first_week}",
    ),
    Case(
        E,
        "follow-up-view-empty",
        "/virksomhed/forslag/{ended}",
        "Skriv jeres vurdering, før I gemmer.",
        "/virksomhed/forslag/{ended}/opfoelgning/{ended_first_week}",
    ),
    # The wage subsidy's employee representative, as the company gave them.
    Case(
        E,
        "staff-representative",
        "/virksomhed/forslag/{wage}",
        NOTHING_TO_SAVE,
        "/virksomhed/forslag/{wage}/tillidsrepraesentant",
    ),
    # The wage subsidy's net growth declaration, as the company stated it.
    Case(
        E,
        "net-growth",
        "/virksomhed/forslag/{wage}",
        NOTHING_TO_SAVE,
        "/virksomhed/forslag/{wage}/merbeskaeftigelse",
    ),
    Case(CI, "preferences", "/mig/oensker", "Dine ønsker er gemt."),
    Case(CI, "consent", "/mine-oplysninger/deling", NOTHING_TO_SAVE),
    # The reviewer's scores of the team's IPS fidelity items (one scored, with a two-line note).
    Case(
        Role.MANAGER,
        "fidelity-reviews",
        "/statistik/ips-fidelitet?fra=2026-01-01&til=2026-03-31",
        NOTHING_TO_SAVE,
        "/statistik/ips-fidelitet/vurdering",
    ),
    # The citizen's weekly "Hvordan går det?" mail, on as shown.
    Case(
        CI,
        "check-in-choice",
        "/mig/oensker",
        "Du får en mail hver uge med spørgsmålet »Hvordan går det?«.",
        "/mig/oensker/hvordan-gaar-det",
    ),
]

# The endpoints the cases above open, and every other endpoint that takes a post with the
# reason it is no edit form. A new post route must land in one of the two (the test below).
EDIT_FORMS = {
    "admin.edit_user",
    "openings.edit",
    "workplaces.edit",
    "profiles.edit",
    "placements.save_agreement",
    "mentor_support.edit",
    "followups.detail",
    "employers.followup_view",
    "employers.staff_representative",
    "employers.net_growth_declaration_view",
    "citizen.preferences",
    "consent.mine",
    "consent.for_consultant",
    "followups.meeting",
    "fidelity.save_reviews",
    "citizen.check_in_choice",
}
NOT_EDIT_FORMS = {
    # Creating something new: their forms start empty.
    "admin.create_user",
    "openings.create",
    "workplaces.create",
    "profiles.create",
    "sign_up.register",
    "sign_up.register_proven",
    "employers.invite",
    "profiles.add_goal",
    "profiles.add_step",
    "citizen.add_goal",
    "citizen.add_step",
    "profiles.journal",
    "companies.add_contact",
    "tokens.index",
    "privacy.request_erasure",
    "placements.record_paper",
    "profiles.set_cpr",
    "placements.extend",  # an extension: a new end date and its reason, both empty at first
    # Absence: a period and a reason, empty at first; its remove buttons do one thing each.
    "placements.register_absence",
    "employers.register_absence",
    "placements.remove_absence",
    "employers.remove_absence",
    "mentor_support.grants",  # a new grant (each is changed on its own page)
    # The representative's answer to one version: given once, its reason empty at first.
    "representative.answer",
    # A button that does one thing (its form holds only the CSRF token or a version number).
    "admin.deactivate_user",
    "agreements.confirm",
    "openings.publish",
    "openings.close",
    "openings.fill",
    "openings.copy",
    "companies.approve",
    "companies.suspend",
    "companies.refresh_from_register",
    "board.interest",
    "candidates.propose",
    "profiles.invite",
    "profiles.tick_step",
    "citizen.tick",
    "citizen.untick",
    "notifications.mark_read",
    "notifications.mark_all_read",
    "tokens.revoke",
    "mentor_support.remove",
    "profiles.show_cpr",
    "placements.vitas",  # a download: its form holds the token and the button's format
    "language.switch",
    "auth.logout",
    "outbox.retry",
    # A decision or an answer, made with one of its buttons (a manager's erasure decision).
    "placements.act",
    "employers.proposal",
    "candidates.answer_offer",
    "privacy.decide",
    # Passwords and lookups: nothing shown to keep.
    "auth.login",
    "auth.change_password",
    "auth.confirm_password",
    "auth.forgot_password",
    "auth.reset_password",
    "profiles.activate",
    "candidates.find_by_cpr",
    "candidates.search_caseload",
    "audit.search_posted",
    # CSV import: a file chosen each time (the preview writes nothing; the import creates
    # only what the file has new, found again by its keys).
    "imports.check",
    "imports.run",
    # Calendars: a new feed link (shown once), and deleting it; one button each.
    "calendars.renew",
    "calendars.stop",
    # The citizen's weekly check-in: an answer made with one of its five buttons.
    "check_in.answer",
}


class _AnyIds(dict):
    """Ids for matching a case's address to its route: any whole number will do."""

    def __missing__(self, name: str) -> int:
        return 1


def test_every_post_route_is_an_edit_form_here_or_said_not_to_be(app):
    posting = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert posting - EDIT_FORMS - NOT_EDIT_FORMS == set()
    assert (EDIT_FORMS | NOT_EDIT_FORMS) - posting == set()
    routes = app.url_map.bind("")
    assert {routes.match(case.posts_to(_AnyIds()), method="POST")[0] for case in CASES} == (
        EDIT_FORMS
    )


# --- the data set: one for the whole module, each case checks it leaves it as it found it ----


@pytest.fixture(autouse=True)
def app_context(app):
    """Conftest's, but the tables keep the module's data set from case to case."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture(scope="module")
def world(app) -> dict:
    with app.app_context():
        ids = _build()
        db.session.remove()
    yield ids
    with app.app_context():
        _empty_tables()
        db.session.remove()


def _build() -> dict:
    """A municipality's people, a company with openings, a citizen with a full profile and one
    with a sparse one, and placements that are running, agreed and ended, with follow-ups."""
    viborg = create_municipality()
    silkeborg = create_municipality("Silkeborg", "740")
    admin = create_user(Role.ADMIN, email="admin@viborg.dk", name="Anna Admin")
    other_admin = create_user(Role.ADMIN, name="Arne Admin")
    manager = create_user(Role.MANAGER, municipality=viborg, name="Lis Leder")
    consultant = create_user(
        Role.CONSULTANT, municipality=viborg, email="mette@viborg.dk", name="Mette Konsulent"
    )
    colleague = create_user(Role.CONSULTANT, municipality=viborg, name="Karl Konsulent")
    away = create_user(
        Role.CONSULTANT, municipality=silkeborg, name="Sune Konsulent", language="en", active=False
    )
    company = create_employer(
        name="Hald Lager ApS",
        employees=40,
        p_number="1012345678",
        contact_name="Erik Lagerchef",
        contact_phone="86 62 10 10",
        contact_email="erik@hald.dk",
    )
    employer = create_user(
        Role.EMPLOYER, employer=company, email="erik@hald.dk", name="Erik Lagerchef"
    )
    employer_colleague = create_user(Role.EMPLOYER, employer=company, name="Lene Holm")
    # A second workplace: the opening forms choose between two, and the draft is at this one.
    second_workplace = create_workplace(
        company, name="Hald Lager Bjerringbro", address="", postcode="", city="", employees=9
    )

    asta = create_candidate(
        viborg, name="Asta Andersen", birth_date=date(1990, 1, 1), consultant=consultant
    )
    profiles.update_candidate(
        asta,
        ProfileData(
            name="Asta Andersen",
            birth_date=date(1990, 1, 1),
            email="asta@example.dk",
            phone="20 30 40 50",
            postcode="8800",
            city="Viborg",
            places="8800, 8830",
            max_hours=20,
            job_ready=False,
            kinds=[Kind.INTERNSHIP, Kind.WAGE_SUBSIDY],
            skills="Truckkort, ordenssans",
            interests="Lager og logistik",
            status=CandidateStatus.IN_PLACEMENT,
            needs={_adaptation("extra_breaks"): True, _adaptation("written_instructions"): False},
            adaptation_note="Har brug for ro om morgenen",
        ),
        by=consultant,
    )
    profiles.set_cpr(asta, "010190-1234")
    citizen = create_user(
        Role.CITIZEN, candidate=asta, email="asta@example.dk", name="Asta Andersen"
    )
    # Asta has chosen all but one; Bo has chosen nothing yet.
    consent.set_choices(
        asta,
        {
            ConsentItem.CONTACT: True,
            ConsentItem.AGE: False,
            ConsentItem.SKILLS: True,
            ConsentItem.ADAPTATIONS: False,
        },
        citizen,
    )
    bo = create_candidate(
        viborg,
        name="Bo Bak",
        consultant=consultant,
        job_ready=True,
        max_hours=None,
        postcode="",
        city="",
    )
    bo_user = create_user(Role.CITIZEN, candidate=bo, name="Bo Bak")

    full = create_opening(
        company,
        kind=Kind.INTERNSHIP,
        title="Lagerpraktik",
        purpose=InternshipPurpose.SKILLS,
        description="Et travlt lager.",
        tasks="Plukke varer\nPakke kasser",
        skills="lager, truck",
        flexible_schedule=True,
        start_date=TODAY + timedelta(days=30),
        duration_weeks=None,
        end_date=TODAY + timedelta(days=30, weeks=8),
        seats=3,
        adaptation_note="Fast makker",
        mentor_available=True,
        mentor_name="Jens Mentor",
        mentor_role="Lagerformand",
        deadline=TODAY + timedelta(days=7),
        adaptation_codes=("extra_breaks", "mentor", "written_instructions"),
    )
    filled = create_opening(
        company,
        title="Pakkeripraktik",
        purpose=InternshipPurpose.JOB_GOAL,
        status=OpeningStatus.FILLED,
    )
    wage_opening = create_opening(
        company, kind=Kind.WAGE_SUBSIDY, title="Lagermedarbejder", duration_weeks=26
    )
    draft = create_opening(
        company,
        kind=Kind.FLEXJOB,
        title="Kantinehjælp",
        description="",
        tasks="",
        start_date=None,
        duration_weeks=None,
        hours_min=10,
        hours_max=15,
        status=OpeningStatus.DRAFT,
        workplace=second_workplace,
    )

    # Asta's internship: three weeks in, with a plan of hours, terms, and a recorded check-in
    # that the company has written its view on.
    start = TODAY - timedelta(weeks=3)
    running = create_placement(
        candidate=asta,
        opening=full,
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=start,
        end_date=start + timedelta(weeks=8),
        hours_per_week=10,
        tasks="Plukke varer\nPakke kasser",
        working_times="Man–tors kl. 9–13",
        adaptation_note="Pause hver time",
        mentor_name="Jens Mentor",
        mentor_role="Lagerformand",
        adaptations=adaptations("extra_breaks", "mentor"),
    )
    hours_plan.set_hours_plan(running, [(1, 10), (3, 15)], consultant)
    grant = mentor_grants.add(
        running,
        GrantDraft(
            mentor_name="Jens Mentor",
            mentor_role="Lagerformand",
            mentor_kind=MentorKind.INTERNAL,
            hours=Decimal("7.5"),
            start_date=start,
            end_date=start + timedelta(weeks=4),
            paid_by=MentorPayer.JOBCENTER,
        ),
        consultant,
    )
    _agree_and_start(running, consultant, employer, citizen, start)
    first_week = _followup(running, "first_week")
    plans.record(
        first_week,
        Record(
            wellbeing=4,
            wellbeing_note="Glad for kollegerne",
            hours_worked=12,
            works="Faste opgaver",
            next_step="15 timer fra uge 3",
            shared_with_citizen=True,
        ),
        consultant,
    )
    plans.add_employer_view(first_week, "Asta er god til at pakke.", employer)
    # The next meeting has a time and a place (calendars): "09:05" must come back as 09:05.
    midway = _followup(running, "midway")
    midway.meeting_time, midway.place = time(9, 5), "Kantinen"

    # Bo's internship ended two weeks ago; its evaluation says where he went. He is job-ready,
    # so it lasted the 4 weeks the law allows him (LAB § 61).
    start = TODAY - timedelta(weeks=6)
    ended = create_placement(
        candidate=bo,
        opening=filled,
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=start,
        end_date=start + timedelta(weeks=4, days=-1),
        hours_per_week=20,
    )
    _agree_and_start(ended, consultant, employer, None, start)
    lifecycle.end_for_evaluation(ended, consultant, today=TODAY)
    end_evaluation = _followup(ended, "end_evaluation")
    plans.record(
        end_evaluation, Record(wellbeing=5, works="Alt", outcome=Outcome.ORDINARY_JOB), consultant
    )
    # And who hired him (placement/placements/hires.py): the form shows it chosen, sent as is.
    hires.record(
        ended,
        Outcome.ORDINARY_JOB,
        hires.Hire(hires.HireWhere.ELSEWHERE, None, "Bageriet på hjørnet", TODAY),
    )

    # Asta's wage-subsidy job after the internship: agreed, only the consultant has confirmed.
    start = running.end_date + timedelta(days=1)
    wage = create_placement(
        candidate=asta,
        opening=wage_opening,
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=start,
        end_date=start + timedelta(weeks=26, days=-1),  # the 26 weeks the law allows (LAB kap. 12)
        hours_per_week=20,
        tasks="Lagerarbejde",
        full_time_employees=40,
        staff_representative="Kim Tillid",
        staff_representative_email="kim.tillid@example.dk",
        monthly_wage_cost=32500,
    )
    declare_net_growth(wage, employees=40, average="38.5", by=employer)
    lifecycle.agree(wage, consultant, today=TODAY)
    versions.confirm(wage, consultant, wage.agreement.version)
    db.session.commit()
    db.session.add(
        FidelityReview(
            municipality=viborg,
            date_from=date(2026, 1, 1),
            date_to=date(2026, 3, 31),
            item_key="disclosure",
            score=4,
            note="Borgerne vælger selv.\nVi taler om fordele og ulemper.",
            edited_by=manager,
        )
    )
    db.session.commit()
    return {
        "user_admin": other_admin.id,
        "user_manager": manager.id,
        "user_consultant": colleague.id,
        "user_consultant_away": away.id,
        "user_employer": employer_colleague.id,
        "user_citizen": bo_user.id,
        "asta": asta.id,
        "bo": bo.id,
        "opening_full": full.id,
        "opening_draft": draft.id,
        "workplace_first": company.workplaces[0].id,
        "workplace_second": second_workplace.id,
        "running": running.id,
        "grant": grant.id,
        "ended": ended.id,
        "wage": wage.id,
        "first_week": first_week.id,
        "midway": _followup(running, "midway").id,
        "end_evaluation": end_evaluation.id,
        "ended_first_week": _followup(ended, "first_week").id,
        "emails": {
            Role.ADMIN: admin.email,
            Role.CONSULTANT: consultant.email,
            Role.EMPLOYER: employer.email,
            Role.CITIZEN: citizen.email,
            Role.MANAGER: manager.email,
        },
    }


def _adaptation(code: str) -> int:
    return adaptations(code)[0].id


def _followup(placement, key: str):
    return next(f for f in placement.followups if f.key == key)


def _agree_and_start(placement, consultant, employer, citizen, start: date) -> None:
    lifecycle.agree(placement, consultant, today=start)
    version = placement.agreement.version
    versions.confirm(placement, consultant, version)
    versions.confirm(placement, employer, version)
    if citizen is not None:
        versions.confirm(placement, citizen, version)
    else:  # a citizen without a login signs on paper
        versions.record_paper_confirmation(
            placement, Party.CITIZEN, consultant, version, "Underskrevet på mødet"
        )
    lifecycle.start(placement, consultant, today=start)
    db.session.commit()


# --- the browser: one logged-in page per role, shared by the cases --------------------------


@pytest.fixture(scope="module")
def pages(chromium, live_server, world):
    opened = {}

    def page_of(role: Role):
        if role not in opened:
            context = chromium.new_context(base_url=live_server, locale="da-DK")
            # A form that is missing or a save that goes nowhere fails the case in seconds.
            context.set_default_timeout(10_000)
            opened[role] = context.new_page()
            browser_log_in(opened[role], world["emails"][role])
        return opened[role]

    yield page_of
    for page in opened.values():
        page.context.close()


def _rows() -> dict[str, list[tuple]]:
    """Every row of every table, all columns, ordered by primary key."""
    tables = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = connection.execute(select(table).order_by(*order)).all()
            # The one thing a visit may write: the audit log's row that the person looked at
            # the citizen's data (opening an edit form shows it all). Rows of any other kind,
            # a "change" above all, must not appear.
            if table.name == "audit_events":
                rows = [row for row in rows if row.action != AuditAction.VIEW]
            tables[table.name] = [tuple(row) for row in rows]
    return tables


def _differences(before: dict, after: dict) -> list[str]:
    found = []
    for name, rows in before.items():
        gone = [row for row in rows if row not in after[name]]
        new = [row for row in after[name] if row not in rows]
        found += [f"{name}: - {row}" for row in gone] + [f"{name}: + {row}" for row in new]
    return found


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_saving_a_form_unchanged_changes_nothing(pages, world, case):
    page = pages(case.role)
    page.goto(case.page.format_map(world))
    assert page.url.endswith(case.page.format_map(world)), f"{case.id}: the form did not open"
    form = page.locator(
        'form[method="post"]:not([action])'
        if case.action is None
        else f'form[action="{case.posts_to(world)}"]'
    )
    before = _rows()

    with page.expect_navigation(), page.expect_request(lambda r: r.method == "POST"):
        # The first: the one Enter presses (the agreement's form also holds the actions).
        form.locator('button[type="submit"]').first.click()

    assert case.said in page.locator("main").inner_text()
    changes = _differences(before, _rows())
    assert not changes, f"{case.id} changed the database:\n" + "\n".join(changes)
