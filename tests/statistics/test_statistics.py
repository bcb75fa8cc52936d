"""Manager statistics on a small hand-made data set whose right answers are written here."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from placement.extensions import db
from placement.models import (
    Adaptation,
    CandidateAdaptation,
    CandidateKind,
    CandidateStatus,
    Employer,
    EmployerContact,
    FollowUp,
    HoursStep,
    Kind,
    OpeningStatus,
    Outcome,
    Placement,
    PlacementEvent,
    PlacementStatus,
    Role,
)
from placement.statistics.aggregates import Filters, PeriodError, dashboard
from tests.conftest import statements_sent
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_user,
    create_workplace,
)

S = PlacementStatus
Q1 = dict(date_from=date(2027, 1, 1), date_to=date(2027, 3, 31))  # 90 days
TODAY = date(2027, 6, 15)
LAGER, CAFE, KOMMUNE = "Lager og logistik", "Hotel og restauration", "Offentlig administration"
INTERNSHIP, WAGE, FLEX, IPS = (
    "Virksomhedspraktik",
    "Løntilskud",
    "Fleksjob",
    "Job med støtte (IPS)",
)


def at(day: str, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=UTC)


def started(proposed: str, active: str) -> list:
    """Proposed, accepted and agreed on the proposal's day, then active."""
    return [
        (S.PROPOSED, proposed),
        (S.ACCEPTED, proposed),
        (S.AGREED, proposed),
        (S.ACTIVE, active),
    ]


def make_placement(candidate, opening, consultant, path, steps=(), followups=(), **fields):
    placement = Placement(
        candidate=candidate, opening=opening, consultant=consultant, status=path[-1][0], **fields
    )
    previous = None
    for status, day in path:
        placement.events.append(
            PlacementEvent(
                from_status=previous, to_status=status, at=at(day) if isinstance(day, str) else day
            )
        )
        previous = status
    placement.hours_plan = [HoursStep(from_week=w, hours_per_week=h) for w, h in steps]
    placement.followups = [
        FollowUp(title=key, key=key, due_date=due, done_at=done, outcome=outcome)
        for key, due, done, outcome in followups
    ]
    db.session.add(placement)
    db.session.commit()
    return placement


def citizen(
    municipality, consultant, registered: str, status=CandidateStatus.LOOKING, kinds=(), needs=()
):
    adaptations = {a.code: a for a in db.session.scalars(select(Adaptation))}
    return create_candidate(
        municipality,
        consultant=consultant,
        created_at=at(registered, 9),
        status=status,
        kinds=[CandidateKind(kind=kind) for kind in kinds],
        needs=[CandidateAdaptation(adaptation=adaptations[code]) for code in needs],
    )


@pytest.fixture
def world():
    """Two municipalities, three consultants, three companies, ten citizens, eleven placements.

    The figures each test expects are worked out in comments next to the assertions.
    """
    viborg = create_municipality("Viborg", "791")
    silkeborg = create_municipality("Silkeborg", "740")
    anna = create_user(Role.CONSULTANT, name="Anna Andersen", municipality=viborg)
    bo = create_user(Role.CONSULTANT, name="Bo Berg", municipality=viborg)
    carl = create_user(Role.CONSULTANT, name="Carl Christensen", municipality=silkeborg)
    create_user(Role.MANAGER, name="Lis Leder", municipality=viborg)  # not in the caseload

    lager = create_employer(name="Lager A/S", industry=LAGER, employees=12)  # ratio limit 2
    cafe = create_employer(name="Café Bønne", industry=CAFE, employees=4)  # limit 1
    kommune = create_employer(name="Kommunens Køkken", industry=KOMMUNE, employees=60)  # 11
    create_employer(name="Tom ApS", industry=LAGER)  # nothing happens here: not listed

    lager_int = create_opening(
        lager, kind=Kind.INTERNSHIP, seats=5, adaptation_codes=["quiet_workspace", "mentor"]
    )
    lager_ws = create_opening(lager, kind=Kind.WAGE_SUBSIDY, seats=5, adaptation_codes=["mentor"])
    cafe_int = create_opening(
        cafe, kind=Kind.INTERNSHIP, seats=5, adaptation_codes=["quiet_workspace", "mentor"]
    )
    kommune_flex = create_opening(kommune, kind=Kind.FLEXJOB, seats=5)
    kommune_ips = create_opening(kommune, kind=Kind.SUPPORTED_JOB, seats=5)
    # A draft offers "mentor" too, but is not on the board: not counted as offering it.
    create_opening(
        kommune, kind=Kind.INTERNSHIP, status=OpeningStatus.DRAFT, adaptation_codes=["mentor"]
    )

    quiet = ["quiet_workspace"]
    c1 = citizen(viborg, anna, "2026-12-01", needs=quiet)
    c2 = citizen(viborg, anna, "2027-01-02", needs=quiet)
    c3 = citizen(
        viborg,
        bo,
        "2026-12-21",
        CandidateStatus.IN_PLACEMENT,
        kinds=[Kind.SUPPORTED_JOB],
        needs=quiet,
    )
    c4 = citizen(viborg, bo, "2027-01-26", needs=quiet)
    c5 = citizen(silkeborg, carl, "2027-01-01", kinds=[Kind.SUPPORTED_JOB], needs=quiet)
    c6 = citizen(viborg, anna, "2026-09-01", CandidateStatus.CLOSED, needs=quiet)
    c7 = citizen(viborg, anna, "2026-05-01", CandidateStatus.IN_PLACEMENT, needs=["mentor"])
    c8 = citizen(silkeborg, carl, "2027-03-08", kinds=[Kind.SUPPORTED_JOB], needs=["mentor"])
    citizen(silkeborg, carl, "2027-02-01", kinds=[Kind.SUPPORTED_JOB])  # c9: no proposal yet
    citizen(
        silkeborg,
        carl,
        "2027-01-15",
        CandidateStatus.PAUSED,
        kinds=[Kind.SUPPORTED_JOB],
        needs=["mentor"],
    )  # c10: registered in the period, but paused

    # P1: internship at Lager; through "awaiting evaluation" to completed in March.
    make_placement(
        c1,
        lager_int,
        anna,
        started("2026-12-10", "2027-01-04")
        + [(S.AWAITING_EVALUATION, "2027-02-27"), (S.COMPLETED, "2027-03-05")],
        steps=[(1, 10), (4, 15), (7, 20)],
        start_date=date(2027, 1, 4),
        end_date=date(2027, 2, 26),
        hours_per_week=10,
        outcome=Outcome.ORDINARY_JOB,
        followups=[
            ("first_week", date(2027, 1, 8), at("2027-01-08", 15), None),
            ("midway", date(2027, 2, 1), at("2027-02-03"), None),
            ("outcome_3m", date(2027, 5, 26), at("2027-05-20"), Outcome.ORDINARY_JOB),
        ],
    )
    # P2: internship at Lager, ended early on 8 February; no hours plan.
    make_placement(
        c2,
        lager_int,
        anna,
        started("2027-01-10", "2027-01-18") + [(S.ENDED_EARLY, "2027-02-08")],
        start_date=date(2027, 1, 18),
        end_date=date(2027, 4, 11),
        hours_per_week=12,
        followups=[
            ("first_week", date(2027, 1, 22), at("2027-01-21"), None),
            ("outcome_3m", date(2027, 5, 8), at("2027-05-10"), Outcome.EDUCATION),
        ],
    )
    # P3: wage subsidy at Lager, running.
    make_placement(
        c3,
        lager_ws,
        bo,
        started("2027-01-20", "2027-02-01"),
        start_date=date(2027, 2, 1),
        end_date=date(2027, 7, 31),
        hours_per_week=25,
        followups=[
            ("first_week", date(2027, 2, 5), None, None),
            ("midway", date(2027, 4, 30), None, None),
        ],
    )
    # P4: flex job at the municipality's kitchen, declined.
    make_placement(c4, kommune_flex, bo, [(S.PROPOSED, "2027-02-05"), (S.DECLINED, "2027-02-09")])
    # P5: IPS job, open-ended, completed 31 March; the plan's week 6 was never reached.
    make_placement(
        c5,
        kommune_ips,
        carl,
        [
            (S.PROPOSED, "2027-02-15"),
            (S.ACCEPTED, "2027-02-20"),
            (S.AGREED, "2027-03-01"),
            (S.ACTIVE, "2027-03-01"),
            (S.COMPLETED, "2027-03-31"),
        ],
        steps=[(1, 8), (3, 12), (6, 16)],
        start_date=date(2027, 3, 1),
        hours_per_week=8,
        outcome=Outcome.ORDINARY_JOB,
        followups=[
            ("weekly_1", date(2027, 3, 5), at("2027-03-05"), None),
            ("weekly_2", date(2027, 3, 12), None, None),
            ("outcome_3m", date(2027, 6, 30), None, None),
        ],
    )
    # P6: internship at the café, over before the period.
    make_placement(
        c6,
        cafe_int,
        anna,
        started("2026-10-01", "2026-10-05") + [(S.COMPLETED, "2026-12-20")],
        start_date=date(2026, 10, 5),
        end_date=date(2026, 12, 20),
        hours_per_week=15,
        outcome=Outcome.OTHER,
    )
    # P7a-c: three internships for c7 at the café within 12 months: flagged.
    make_placement(
        c7,
        cafe_int,
        anna,
        started("2026-05-20", "2026-06-01") + [(S.COMPLETED, "2026-07-01")],
        start_date=date(2026, 6, 1),
        end_date=date(2026, 7, 1),
        hours_per_week=15,
    )
    make_placement(
        c7,
        cafe_int,
        anna,
        started("2026-08-20", "2026-09-01") + [(S.COMPLETED, "2026-10-01")],
        start_date=date(2026, 9, 1),
        end_date=date(2026, 10, 1),
        hours_per_week=15,
    )
    make_placement(
        c7,
        cafe_int,
        anna,
        started("2027-02-20", "2027-03-01"),
        start_date=date(2027, 3, 1),
        end_date=date(2027, 4, 30),
        hours_per_week=15,
        followups=[("first_week", date(2027, 3, 5), None, None)],
    )
    # P8: internship at Lager, only proposed.
    make_placement(c8, lager_int, carl, [(S.PROPOSED, "2027-03-10")])

    # Employer contacts: Anna 4 at Lager + 2 at the café in the period (+1 before it);
    # Carl 3 at the kitchen. Bo none.
    contacts = [(anna, lager, d) for d in ("2027-01-05", "2027-01-20", "2027-02-10", "2027-03-30")]
    contacts += [
        (anna, cafe, "2027-02-15"),
        (anna, cafe, "2027-03-15"),
        (anna, lager, "2026-12-30"),
    ]
    contacts += [(carl, kommune, d) for d in ("2027-01-07", "2027-02-07", "2027-03-07")]
    db.session.add_all(
        EmployerContact(
            employer=employer, consultant=who, note="Besøg", contact_date=date.fromisoformat(day)
        )
        for who, employer, day in contacts
    )
    db.session.commit()
    return SimpleNamespace(viborg=viborg, silkeborg=silkeborg, anna=anna, bo=bo, carl=carl)


def tables(today: date = TODAY, **filters) -> dict:
    return {t.key: t for t in dashboard(Filters(**{**Q1, **filters}), today)}


def rows(table) -> dict:
    """First cell -> the row as {column key: value}."""
    return {row[0]: dict(zip([c.key for c in table.columns], row)) for row in table.rows}


def figures(table, *keys) -> dict:
    """First cell -> tuple of the chosen columns, for rows with something in them."""
    return {label: tuple(row[k] for k in keys) for label, row in rows(table).items()}


def test_tables_come_in_order_with_plain_danish_explanations(world):
    result = dashboard(Filters(**Q1), TODAY)
    assert [t.key for t in result] == [
        "placements_by_kind",
        "placements_by_month",
        "outcomes",
        "speed",
        "length_and_hours",
        "attendance_by_kind",
        "mentor_support",
        "followups_by_consultant",
        "caseload",
        "companies",
        "companies_summary",
        "adaptations",
    ]
    for table in result:
        assert table.title and table.explanation and "\n" not in table.explanation
        for row in table.rows:
            assert len(row) == len(table.columns)
            # Plain Python values on every database (no Decimal from PostgreSQL's AVG), so
            # the API can serialise them and small_numbers can compare them.
            for column, value in zip(table.columns, row):
                # None: nothing to compute over, or not asked in that row.
                expected = {"count": (int, type(None)), "text": str, "number": (int, float)}.get(
                    column.kind, (float, type(None))
                )
                assert isinstance(value, expected), (table.key, column.key, value)


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(PeriodError, match="Perioden slutter før den begynder"):
        dashboard(Filters(date_from=date(2027, 3, 1), date_to=date(2027, 2, 1)), TODAY)


def test_a_one_day_period_counts_that_day(world):
    got = figures(
        tables(date_from=date(2027, 3, 1), date_to=date(2027, 3, 1))["placements_by_kind"],
        "started",
    )
    assert got[IPS] == (1,) and got[INTERNSHIP] == (1,)  # P5 and P7c started on 1 March


def test_kind_labels_stay_danish_for_an_english_reader(app, world):
    # Exports and the API must read the same whoever asked: the row labels are Danish.
    with app.test_request_context(), force_locale("en"):
        assert str(Kind.INTERNSHIP.label) == "Internship (work trial)"  # English is on
        labels = [row[0] for row in tables()["placements_by_kind"].rows]
    assert INTERNSHIP in labels and "Internship (work trial)" not in labels


def test_placements_by_kind(world):
    table = tables()["placements_by_kind"]
    assert table.has_total and table.rows[-1][0] == "I alt"
    got = figures(table, "started", "active", "completed", "ended_early", "declined")
    # Internship: started P1 (4 Jan), P2 (18 Jan), P7c (1 Mar). Running on 31 March: six
    # starts before then (P1, P2, P6, P7a-c) less five moves out of "active" (P1 to awaiting
    # evaluation, P2 ended early, P6, P7a, P7b completed) = 1 (P7c). P1's "completed" comes
    # from "awaiting evaluation" and is not subtracted twice. Completed in the period: P1.
    assert got[INTERNSHIP] == (3, 1, 1, 1, 0)
    assert got[WAGE] == (1, 1, 0, 0, 0)  # P3
    assert got[FLEX] == (0, 0, 0, 0, 1)  # P4 declined
    assert got[IPS] == (1, 0, 1, 0, 0)  # P5 started and completed in March
    assert got["Skånejob"] == got["Uddannelsesforløb"] == (0, 0, 0, 0, 0)
    assert got["I alt"] == (5, 2, 2, 1, 1)
    assert len(table.rows) == len(Kind) + 1


def test_placements_by_month_has_every_month_of_the_period(world):
    table = tables()["placements_by_month"]
    got = figures(table, "started", "completed", "ended_early", "declined")
    assert list(got) == ["2027-01", "2027-02", "2027-03", "I alt"]
    assert got["2027-01"] == (2, 0, 0, 0)  # P1, P2 started
    assert got["2027-02"] == (1, 0, 1, 1)  # P3 started, P2 ended early, P4 declined
    assert got["2027-03"] == (2, 2, 0, 0)  # P5, P7c started; P1, P5 completed
    assert got["I alt"] == (5, 2, 1, 1)  # the same totals as per kind


def test_months_with_nothing_are_zero_and_the_month_is_taken_in_utc(world):
    # A start at 23:30 UTC on 30 April (01:30 on 1 May in Denmark) counts in April (UTC).
    candidate = citizen(world.viborg, world.anna, "2027-04-01")
    opening = create_opening(create_employer(industry=LAGER), kind=Kind.INTERNSHIP)
    make_placement(
        candidate,
        opening,
        world.anna,
        started("2027-04-20", "2027-04-20")[:3] + [(S.ACTIVE, at("2027-04-30", 23, 30))],
        start_date=date(2027, 4, 30),
        hours_per_week=10,
    )
    got = figures(
        tables(date_from=date(2027, 4, 1), date_to=date(2027, 6, 30))["placements_by_month"],
        "started",
        "completed",
        "ended_early",
        "declined",
    )
    assert got == {
        "2027-04": (1, 0, 0, 0),
        "2027-05": (0, 0, 0, 0),
        "2027-06": (0, 0, 0, 0),
        "I alt": (1, 0, 0, 0),
    }


def test_outcomes(world):
    table = tables()["outcomes"]
    got = figures(
        table, "ended", "good_at_end", "share_at_end", "checked_3m", "good_at_3m", "share_at_3m"
    )
    # Ended in the period: P1 (completed, ordinary job; at 3 months ordinary job) and P2
    # (ended early, no outcome at the end; at 3 months in education), both internships;
    # P5 (IPS, ordinary job; its 3-month check is not done yet).
    assert got[INTERNSHIP] == (2, 1, 0.5, 2, 2, 1.0)
    assert got[IPS] == (1, 1, 1.0, 0, 0, None)
    assert got[WAGE] == (0, 0, None, 0, 0, None)
    assert got["I alt"][:2] == (3, 2) and got["I alt"][2] == pytest.approx(2 / 3)
    assert got["I alt"][3:] == (2, 2, 1.0)


def test_speed(world):
    got = figures(tables()["speed"], "citizens", "median_days", "within_30", "share_within_30")
    # First proposal in the period, days from registration: c2 8 (2 Jan -> 10 Jan), c3 30
    # (21 Dec -> 20 Jan), c4 10 (26 Jan -> 5 Feb), c5 45 (1 Jan -> 15 Feb), c8 2 (8 Mar ->
    # 10 Mar). Sorted 2, 8, 10, 30, 45: median 10. (c1, c6, c7 were first proposed before.)
    assert got["Registrering til første forslag"] == (5, 10.0, None, None)
    # First start in the period: c1 34 (1 Dec -> 4 Jan), c2 16, c3 42 (21 Dec -> 1 Feb),
    # c5 59 (1 Jan -> 1 Mar). Sorted 16, 34, 42, 59: median (34 + 42) / 2 = 38.
    assert got["Registrering til første start"] == (4, 38.0, None, None)
    # Want an IPS job and registered in the period: c5 (first proposal after 45 days), c8
    # (after 2 days), c9 (none yet). c10 is paused but registered in the period: counted
    # (registration is what starts the clock). c3 registered before the period.
    citizens, median, within, share = got["IPS: første arbejdsgiverkontakt inden 30 dage"]
    assert (citizens, median, within) == (4, None, 1) and share == pytest.approx(1 / 4)


def test_length_and_hours(world):
    got = figures(tables()["length_and_hours"], "ended", "median_days", "hours_start", "hours_end")
    # P1: 4 Jan -> 26 Feb (planned end) = 53 days; hours 10 at start, 20 from week 7 (week 8
    # reached). P2: 18 Jan -> 8 Feb (the day it ended early) = 21 days; no plan: 12 and 12.
    # Median (53 + 21) / 2 = 37; start (10 + 12) / 2 = 11; end (20 + 12) / 2 = 16.
    assert got[INTERNSHIP] == (2, 37.0, 11.0, 16.0)
    # P5: open-ended, 1 Mar -> completed 31 Mar = 30 days, so week 5 reached: the week-3 step
    # (12 hours) is the last reached, not the week-6 step.
    assert got[IPS] == (1, 30.0, 8.0, 12.0)
    assert got[WAGE] == (0, None, None, None)


def test_followups_by_consultant(world):
    table = tables()["followups_by_consultant"]
    got = figures(table, "on_time", "late", "overdue")
    # Due in the period. Anna: P1 first week (done on the day), P2 first week (a day early)
    # on time; P1 midway done 2 days late; P7c first week not done. Bo: P3 first week not
    # done (its midway is due after the period). Carl: P5 weekly 1 on time, weekly 2 not done.
    assert got == {
        "Anna Andersen": (2, 1, 1),
        "Bo Berg": (0, 0, 1),
        "Carl Christensen": (1, 0, 1),
        "I alt": (3, 1, 3),
    }
    assert table.has_total


def test_followups_not_yet_due_are_not_overdue(world):
    # On 10 March, P5's weekly 2 (due 12 March) is not overdue yet; P7c's (5 March) is.
    got = figures(
        tables(today=date(2027, 3, 10))["followups_by_consultant"], "on_time", "late", "overdue"
    )
    assert got["Carl Christensen"] == (1, 0, 0)
    assert got["Anna Andersen"] == (2, 1, 1)


def test_caseload(world):
    got = figures(tables()["caseload"], "citizens", "over_ips", "contacts_per_week")
    # Looking or in placement now: Anna c1, c2, c7 (c6 closed); Bo c3, c4; Carl c5, c8, c9
    # (c10 paused). Contacts in the 90 days (90/7 weeks): Anna 6 -> 0.47, Carl 3 -> 0.23.
    assert got == {
        "Anna Andersen": (3, "Nej", 0.5),
        "Bo Berg": (2, "Nej", 0.0),
        "Carl Christensen": (3, "Nej", 0.2),
    }


def test_caseload_over_the_ips_guidance(world):
    for _ in range(19):  # Bo: 2 + 19 = 21 citizens, more than 20
        citizen(world.viborg, world.bo, "2027-01-01")
    got = figures(tables()["caseload"], "citizens", "over_ips")
    assert got["Bo Berg"] == (21, "Ja") and got["Anna Andersen"] == (3, "Nej")


def test_companies(world):
    result = tables()
    got = figures(
        result["companies"], "started", "active", "repeated_internships", "ratio_headroom"
    )
    # Lager: P1, P2, P3 started in the period, P3 running; limit 2 (12 employees), 1 in
    # wage subsidy now -> 1 more. Café: P7c started and running; c7 had three internships
    # there in the 12 months to 31 March (June, September, March): flagged; limit 1, 1 in
    # use -> 0. Kitchen: P5 started; 60 employees -> 10 + 1 = 11, flex and IPS jobs do not
    # count. Tom ApS has nothing and is not listed.
    assert got == {
        "Lager A/S": (3, 1, "", 1),
        "Café Bønne": (1, 1, "Ja", 0),
        "Kommunens Køkken": (1, 0, "", 11),
    }
    assert list(got) == ["Lager A/S", "Café Bønne", "Kommunens Køkken"]  # most started first
    assert result["companies_summary"].rows == [["Aktive virksomheder", 3]]


def test_a_company_s_room_is_added_up_over_its_workplaces(world):
    """The ratio rule is counted per workplace; the company's room is the sum of theirs."""
    lager = db.session.scalar(select(Employer).where(Employer.name == "Lager A/S"))
    create_workplace(lager, employees=60)  # 11 more places, none in use
    got = figures(tables()["companies"], "ratio_headroom")
    assert got["Lager A/S"] == (1 + 11,)


def test_repeated_internships_look_back_twelve_months_from_the_period_end(world):
    # Up to 1 June 2027 the window starts 2 June 2026: the 1 June 2026 internship has fallen
    # out, two remain. (Up to 31 March, as above, all three are inside.)
    got = figures(
        tables(date_from=date(2027, 4, 1), date_to=date(2027, 6, 1))["companies"],
        "repeated_internships",
    )
    assert got == {"Café Bønne": ("",), "Lager A/S": ("",)}  # active now: P7c and P3


def test_adaptations(world):
    got = figures(tables()["adaptations"], "citizens", "openings", "rarely_offered")
    # Quiet workspace: c1-c5 need it (c6 is closed) = 5; offered by Lager's and the café's
    # internships = 2, fewer than 5 / 2: flagged. Mentor: c7, c8 (c10 paused) = 2; offered
    # by 3 published openings (the draft does not count).
    assert got["Stille arbejdsplads"] == (5, 2, "Ja")
    assert got["Mentor eller makker"] == (2, 3, "")
    assert got["Færre timer"] == (0, 0, "")
    assert list(got)[:2] == ["Stille arbejdsplads", "Mentor eller makker"]  # most needed first


# --- each filter changes the figures -------------------------------------------------------------


def test_period_filter(world):
    result = tables(date_from=date(2027, 2, 1), date_to=date(2027, 2, 28))
    got = figures(
        result["placements_by_kind"], "started", "active", "completed", "ended_early", "declined"
    )
    # February: P3 started; P2 ended early; P4 declined. On 28 Feb P1 awaits evaluation
    # (not running) and P2 has ended: no internship running.
    assert got[INTERNSHIP] == (0, 0, 0, 1, 0)
    assert got["I alt"] == (1, 1, 0, 1, 1)
    assert [r[0] for r in result["placements_by_month"].rows] == ["2027-02", "I alt"]
    # Follow-ups due in February: P1 midway (late), P3 first week (overdue).
    assert figures(result["followups_by_consultant"], "on_time", "late", "overdue") == {
        "Anna Andersen": (0, 1, 0),
        "Bo Berg": (0, 0, 1),
        "I alt": (0, 1, 1),
    }
    # 2 contacts by Anna in 4 weeks.
    assert figures(result["caseload"], "contacts_per_week")["Anna Andersen"] == (0.5,)


def test_municipality_filter(world):
    result = tables(municipality_id=world.silkeborg.id)
    got = figures(
        result["placements_by_kind"], "started", "active", "completed", "ended_early", "declined"
    )
    assert got[IPS] == (1, 0, 1, 0, 0) and got["I alt"] == (1, 0, 1, 0, 0)  # P5 only
    assert list(rows(result["caseload"])) == ["Carl Christensen"]
    assert figures(result["companies"], "started", "active") == {"Kommunens Køkken": (1, 0)}
    assert figures(result["adaptations"], "citizens")["Stille arbejdsplads"] == (1,)  # c5
    assert figures(result["speed"], "citizens")["Registrering til første forslag"] == (2,)


def test_kind_filter(world):
    result = tables(kind=Kind.INTERNSHIP)
    got = figures(result["placements_by_kind"], "started", "active")
    assert got == {INTERNSHIP: (3, 1), "I alt": (3, 1)}
    assert figures(result["placements_by_month"], "started")["I alt"] == (3,)
    # Anna's internships only; Carl's IPS follow-ups drop out, Bo's wage subsidy too.
    assert figures(result["followups_by_consultant"], "on_time", "late", "overdue") == {
        "Anna Andersen": (2, 1, 1),
        "I alt": (2, 1, 1),
    }
    # First internship proposal in the period: c2 (8 days), c8 (2 days): median 5.
    assert figures(result["speed"], "citizens", "median_days")[
        "Registrering til første forslag"
    ] == (2, 5.0)
    # Quiet workspace is offered by 2 internships; mentor by 2 (the wage subsidy drops out).
    assert figures(result["adaptations"], "openings")["Mentor eller makker"] == (2,)


def test_consultant_filter(world):
    result = tables(consultant_id=world.bo.id)
    got = figures(result["placements_by_kind"], "started", "active", "declined")
    assert got[WAGE] == (1, 1, 0) and got[FLEX] == (0, 0, 1) and got["I alt"] == (1, 1, 1)
    assert list(rows(result["followups_by_consultant"])) == ["Bo Berg", "I alt"]
    assert list(rows(result["caseload"])) == ["Bo Berg"]
    assert figures(result["companies"], "started", "active") == {"Lager A/S": (1, 1)}


def test_industry_filter(world):
    result = tables(industry=CAFE)
    got = figures(result["placements_by_kind"], "started", "active")
    assert got[INTERNSHIP] == (1, 1) and got["I alt"] == (1, 1)  # P7c
    assert list(rows(result["companies"])) == ["Café Bønne"]
    # Only the café's contacts count: Anna 2 in 90 days.
    assert figures(result["caseload"], "contacts_per_week")["Anna Andersen"] == (0.2,)
    assert figures(result["adaptations"], "openings")["Stille arbejdsplads"] == (1,)


def test_empty_database_gives_zeros_not_errors():
    result = tables()
    assert figures(result["placements_by_kind"], "started")["I alt"] == (0,)
    assert result["followups_by_consultant"].rows == [["I alt", 0, 0, 0]]
    assert result["speed"].rows[0][1:3] == [0, None]
    assert result["companies"].rows == [] and result["companies_summary"].rows[0][1] == 0


# --- the number of statements does not grow with the data ----------------------------------------


def _many_placements(n: int) -> None:
    municipality = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=municipality)
    opening = create_opening(create_employer(), kind=Kind.INTERNSHIP, seats=100)
    for i in range(n):
        day = f"2027-01-{1 + i % 28:02d}"
        make_placement(
            citizen(
                municipality, consultant, "2026-12-01", kinds=[Kind.SUPPORTED_JOB], needs=["mentor"]
            ),
            opening,
            consultant,
            started(day, day) + [(S.COMPLETED, "2027-03-01")],
            steps=[(1, 10), (2, 12)],
            start_date=date.fromisoformat(day),
            end_date=date(2027, 2, 28),
            hours_per_week=10,
            outcome=Outcome.ORDINARY_JOB,
            followups=[
                ("first_week", date(2027, 2, 1), at("2027-02-01"), None),
                ("outcome_3m", date(2027, 6, 1), at("2027-06-01"), Outcome.EDUCATION),
            ],
        )


def _statements_for_dashboard() -> tuple[int, dict]:
    with statements_sent() as statements:
        result = tables()
    return len(statements), result


def test_statement_count_does_not_depend_on_the_number_of_placements():
    _many_placements(5)
    few, result = _statements_for_dashboard()
    assert figures(result["placements_by_kind"], "started")["I alt"] == (5,)
    _many_placements(25)
    many, result = _statements_for_dashboard()
    assert figures(result["placements_by_kind"], "started")["I alt"] == (30,)
    assert few == many
    print(f"dashboard statements: {few}")


def test_hours_at_the_end_are_those_of_the_last_step_an_early_end_reached():
    viborg = create_municipality("Viborg", "791")
    anna = create_user(Role.CONSULTANT, name="Anna Andersen", municipality=viborg)
    lager = create_employer(name="Lager A/S", industry=LAGER, employees=12)
    opening = create_opening(lager, kind=Kind.INTERNSHIP, seats=5)
    # Planned 4 January to 28 March, 10 hours a week and 20 from week 5; ended early on
    # 18 January, in week 3: the 20 hours were never reached.
    make_placement(
        citizen(viborg, anna, "2026-12-01"),
        opening,
        anna,
        started("2026-12-10", "2027-01-04") + [(S.ENDED_EARLY, "2027-01-18")],
        steps=[(1, 10), (5, 20)],
        start_date=date(2027, 1, 4),
        end_date=date(2027, 3, 28),
        hours_per_week=10,
    )
    got = figures(tables()["length_and_hours"], "ended", "median_days", "hours_start", "hours_end")
    assert got[INTERNSHIP] == (1, 14.0, 10.0, 10.0)
