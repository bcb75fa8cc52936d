"""The citizen's data as JSON: every part is there with what was typed, the CPR only masked,
only the citizen's own data, behind a fresh password, and the export is audited."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from placement.agreements import versions
from placement.extensions import db
from placement.models import (
    AbsenceDay,
    AbsenceReason,
    Adaptation,
    AgreementConfirmation,
    AuditAction,
    AuditEvent,
    AuditSubject,
    CandidateAdaptation,
    CandidateKind,
    CandidatePlace,
    CandidateStatus,
    CheckIn,
    ConsentChange,
    ConsentItem,
    ConsentSource,
    FollowUp,
    Goal,
    GoalStep,
    JournalEntry,
    Kind,
    Notification,
    OpeningInterest,
    Outcome,
    Party,
    PlacementEvent,
    PlacementStatus,
    Role,
)
from placement.privacy import audit
from placement.privacy.data_export import export_citizen
from tests.conftest import log_in, post_form
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)

S = PlacementStatus
# Distinctive strings, so a search of the whole database finds them only where they are.
NAME = "Zenobia Quistgaard-Lindholm"
EMAIL = "zenobia.quistgaard@example.dk"
LOGIN_EMAIL = "zenobia.login@example.dk"
PHONE = "+45 71 23 45 67"
CPR, CPR_DIGITS = "150390-1234", "1503901234"
SKILLS = "Truckcertifikat og xylofonspil"
INTERESTS = "Origami og quiltning"
NEED_NOTE = "Behøver en pause hver time, siger Zenobia"
GOAL = "Blive lagerassistent hos Quistgaard"
STEP = "Tage truckkortet i Quistgaard-stil"
JOURNAL = "Samtale om Zenobias helbred og familie"
TASKS = "Zenobia pakker varer og tæller lager"
REASON = "Zenobia ønskede ikke at køre så langt"
SHARED_WORKS = "Zenobia trives med kollegerne"
SHARED_NEXT = "Flere timer fra næste måned"
INTERNAL_NOTE = "Intern bekymring om Zenobias søvn"
EMPLOYER_VIEW = "Zenobia møder altid til tiden"
NOTIFICATION = f"Forløbet med {NAME} er slut og venter på evaluering"
PERSONAL = (
    NAME,
    EMAIL,
    LOGIN_EMAIL,
    PHONE,
    CPR,
    CPR_DIGITS,
    SKILLS,
    INTERESTS,
    NEED_NOTE,
    GOAL,
    STEP,
    JOURNAL,
    TASKS,
    REASON,
    SHARED_WORKS,
    INTERNAL_NOTE,
    EMPLOYER_VIEW,
    "Zenobia",
    "Quistgaard",
)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def adaptation(code: str) -> Adaptation:
    return db.session.scalar(select(Adaptation).where(Adaptation.code == code))


CHECK_IN_WORDS = "Godt, men travlt om morgenen"


def full_citizen(municipality=None, consultant=None, status=CandidateStatus.CLOSED):
    """A citizen with something in every part of the export: profile, needs, wishes, goals,
    journal, a login, an interest, a completed internship (hours plan, events, follow-ups
    shared and not, an agreement confirmed by two parties), a declined proposal, an audit row
    and notifications about them."""
    municipality = municipality or create_municipality("Viborg", "791")
    consultant = consultant or create_user(
        Role.CONSULTANT, municipality=municipality, name="Kirsten Konsulent"
    )
    candidate = create_candidate(
        municipality,
        name=NAME,
        birth_date=date(1990, 3, 15),
        cpr=CPR,
        email=EMAIL,
        phone=PHONE,
        postcode="8800",
        city="Viborg",
        max_hours=25,
        consultant=consultant,
        skills=SKILLS,
        interests=INTERESTS,
        adaptation_note=NEED_NOTE,
        share_contact=True,
        share_age=False,
        share_goals=True,
        status=status,
        created_at=at("2026-11-02", 9),
        kinds=[CandidateKind(kind=Kind.INTERNSHIP), CandidateKind(kind=Kind.SUPPORTED_JOB)],
        places=[CandidatePlace(postcode="8800"), CandidatePlace(postcode="8830")],
        needs=[
            CandidateAdaptation(adaptation=adaptation("quiet_workspace"), must_have=True),
            CandidateAdaptation(adaptation=adaptation("mentor")),
        ],
        goals=[
            Goal(
                title=GOAL,
                target_date=date(2027, 6, 1),
                steps=[GoalStep(title=STEP, done_at=at("2027-01-20"))],
            )
        ],
    )
    db.session.add(
        JournalEntry(
            candidate=candidate, author=consultant, entry_date=date(2027, 1, 5), text=JOURNAL
        )
    )
    user = create_user(Role.CITIZEN, candidate=candidate, email=LOGIN_EMAIL, name=NAME)
    db.session.add_all(
        [
            ConsentChange(
                candidate_id=candidate.id,
                item=ConsentItem.CONTACT,
                shared=True,
                source=ConsentSource.CITIZEN,
                changed_by=user,
                at=at("2026-11-03"),
            ),
            ConsentChange(
                candidate_id=candidate.id,
                item=ConsentItem.GOALS,
                shared=True,
                source=ConsentSource.CONSULTANT_WITH_CITIZEN,
                changed_by=consultant,
                at=at("2026-11-04"),
            ),
            ConsentChange(
                candidate_id=candidate.id,
                item=ConsentItem.AGE,
                shared=False,
                source=ConsentSource.CITIZEN,
                changed_by=user,
                at=at("2026-11-05"),
            ),
        ]
    )

    lager = create_employer(name="Lager Nord A/S", contact_name="Lene Holm")
    cafe = create_employer(name="Café Syd")
    internship = create_opening(lager, kind=Kind.INTERNSHIP, title="Lagermedhjælper", seats=3)
    flex = create_opening(cafe, kind=Kind.FLEXJOB, title="Køkkenhjælp", seats=3)
    db.session.add(OpeningInterest(candidate=candidate, opening=flex))

    done = create_placement(
        candidate,
        internship,
        consultant=consultant,
        status=S.COMPLETED,
        start_date=date(2027, 1, 11),
        end_date=date(2027, 3, 5),
        hours_per_week=15,
        outcome=Outcome.ORDINARY_JOB,
        tasks=TASKS,
        working_times="Mandag til torsdag 9-13",
        adaptation_note=NEED_NOTE,
        mentor_name="Lene Holm",
        mentor_role="Lagerchef",
    )
    path = [
        (None, S.PROPOSED, "2027-01-02"),
        (S.PROPOSED, S.ACCEPTED, "2027-01-04"),
        (S.ACCEPTED, S.AGREED, "2027-01-05"),
        (S.AGREED, S.ACTIVE, "2027-01-11"),
        (S.ACTIVE, S.COMPLETED, "2027-03-05"),
    ]
    done.events = [
        PlacementEvent(
            from_status=a,
            to_status=b,
            at=at(day),
            actor=consultant,
            note=f"Aftalt med {NAME}" if b == S.AGREED else "",
        )
        for a, b, day in path
    ]
    shared = FollowUp(
        key="first_week",
        title="Første uge",
        due_date=date(2027, 1, 15),
        done_at=at("2027-01-15"),
        done_by=consultant,
        wellbeing=4,
        works=SHARED_WORKS,
        next_step=SHARED_NEXT,
        shared_with_citizen=True,
        employer_view=EMPLOYER_VIEW,
    )
    internal = FollowUp(
        key="midway",
        title="Midtvejs",
        due_date=date(2027, 2, 8),
        done_at=at("2027-02-08"),
        done_by=consultant,
        wellbeing=2,
        works=INTERNAL_NOTE,
        does_not_work=INTERNAL_NOTE,
    )
    check = FollowUp(
        key="outcome_3m",
        title="Efter 3 måneder",
        due_date=date(2027, 6, 5),
        done_at=at("2027-06-04"),
        done_by=consultant,
        outcome=Outcome.ORDINARY_JOB,
    )
    done.followups = [shared, internal, check]
    # A day away, in a category only (placement/placements/absence.py).
    done.absences = [
        AbsenceDay(day=date(2027, 1, 20), reason=AbsenceReason.ILLNESS, registered_by=consultant)
    ]
    # The citizen's answer to the weekly "Hvordan går det?" (placement/placements/check_ins.py).
    done.check_ins = [
        CheckIn(week=date(2027, 1, 18), score=4, words=CHECK_IN_WORDS, answered_at=at("2027-01-19"))
    ]
    db.session.flush()
    agreement = versions.write_version(done, versions.content_for(done), consultant)
    agreement.confirmations = [
        AgreementConfirmation(
            party=Party.CONSULTANT, user=consultant, confirmed_at=at("2027-01-05", 11)
        ),
        AgreementConfirmation(
            party=Party.CITIZEN,
            user=user,
            confirmed_at=at("2027-01-05", 12),
            on_paper=True,
            note=f"Underskrevet af {NAME} på papir",
        ),
    ]
    declined = create_placement(
        candidate, flex, consultant=consultant, status=S.DECLINED, citizen_reason=REASON
    )
    declined.events = [
        PlacementEvent(to_status=S.PROPOSED, at=at("2027-03-20")),
        PlacementEvent(
            from_status=S.PROPOSED, to_status=S.DECLINED, at=at("2027-03-22"), note=REASON
        ),
    ]
    audit.record(AuditAction.VIEW, AuditSubject.PROFILE, candidate, actor=consultant)
    manager = create_user(Role.MANAGER, municipality=municipality, name="Lis Leder")
    db.session.add_all(
        [
            Notification(
                user=consultant,
                key=f"placement-ended:{done.id}",
                title=NOTIFICATION,
                placement_id=done.id,
                candidate_id=candidate.id,
            ),
            Notification(
                user=manager,
                key=f"followup-overdue:{internal.id}:2027-02-08",
                title="En opfølgning er overskredet",
                body="Kirsten har en opfølgning.",
                placement_id=done.id,
            ),
            Notification(user=user, key=f"agreement:{done.id}", title=f"Hej {NAME}"),
        ]
    )
    db.session.commit()
    return SimpleNamespace(
        candidate=candidate,
        user=user,
        consultant=consultant,
        manager=manager,
        done=done,
        declined=declined,
        agreement=agreement,
        shared=shared,
        internal=internal,
        municipality=municipality,
    )


@pytest.fixture
def zenobia():
    return full_citizen()


def test_the_export_holds_every_part_with_what_was_typed(zenobia):
    other = create_candidate(zenobia.municipality, name="Olga Andenborger")
    db.session.add(
        Notification(user=zenobia.consultant, key="other", title="Om Olga", candidate_id=other.id)
    )
    db.session.commit()
    data = export_citizen(zenobia.candidate, now=at("2027-07-01", 8))
    assert data["dannet"] == "2027-07-01T08:00:00+00:00"
    assert "CPR-nummeret vises kun delvist" in data["beskrivelse"]
    assert list(data) == [
        "beskrivelse",
        "dannet",
        "profil",
        "ændringer_af_hvad_virksomheder_må_se",
        "mål",
        "interesse_for_pladser",
        "forløb",
        "opfølgninger_delt_med_dig",
        "aftaler",
        "journal",
        "beskeder",
        "hvem_har_set_eller_ændret_dine_oplysninger",
    ]

    profile = data["profil"]
    assert profile | {"oprettet": None} == {
        "navn": NAME,
        "fødselsdato": "1990-03-15",
        "cpr_nummer": "150390-XXXX",
        "e_mail": EMAIL,
        "telefon": PHONE,
        "postnummer": "8800",
        "by": "Viborg",
        "kommune": "Viborg",
        "jobkonsulent": "Kirsten Konsulent",
        "status": "Afsluttet",
        "højst_timer_pr_uge": 25,
        "jobparat": False,
        "kompetencer": SKILLS,
        "interesser": INTERESTS,
        "behov_for_tilpasninger": [
            {"tilpasning": need.label_da, "skal_være_på_plads": must}
            for need, must in sorted(
                [(adaptation("quiet_workspace"), True), (adaptation("mentor"), False)],
                key=lambda n: n[0].id,
            )
        ],
        "note_om_tilpasninger": NEED_NOTE,
        "ønsker_slags_arbejde": ["Virksomhedspraktik", "Job med støtte (IPS)"],
        "kan_nå_postnumre": ["8800", "8830"],
        "ingen_tjek_ind": False,
        # None: not chosen yet (not shared).
        "deles_med_virksomheder": {
            "kontaktoplysninger": True,
            "alder": False,
            "kompetencer_og_interesser": None,
            "behov_for_tilpasninger": None,
            "mål": True,
        },
        "oprettet": None,
        "anonymiseret": None,
    }
    assert profile["oprettet"] == "2026-11-02T09:00:00+00:00"
    assert data["ændringer_af_hvad_virksomheder_må_se"] == [
        {
            "tidspunkt": "2026-11-03T10:00:00+00:00",
            "hvad": "kontaktoplysninger",
            "deles": True,
            "hvordan": "borgeren selv",
            "hvem": NAME,
        },
        {
            "tidspunkt": "2026-11-04T10:00:00+00:00",
            "hvad": "mål",
            "deles": True,
            "hvordan": "jobkonsulent sammen med borgeren",
            "hvem": "Kirsten Konsulent",
        },
        {
            "tidspunkt": "2026-11-05T10:00:00+00:00",
            "hvad": "alder",
            "deles": False,
            "hvordan": "borgeren selv",
            "hvem": NAME,
        },
    ]

    assert data["mål"] == [
        {
            "titel": GOAL,
            "senest": "2027-06-01",
            "oprettet": data["mål"][0]["oprettet"],
            "trin": [{"titel": STEP, "udført": "2027-01-20T10:00:00+00:00"}],
        }
    ]
    assert data["interesse_for_pladser"][0]["opslag"] == "Køkkenhjælp"
    assert data["interesse_for_pladser"][0]["virksomhed"] == "Café Syd"

    done, declined = data["forløb"]
    assert {
        key: done[key]
        for key in (
            "slags",
            "virksomhed",
            "opslag",
            "status",
            "start",
            "slut",
            "timer_pr_uge",
            "resultat",
            "arbejdsopgaver",
        )
    } == {
        "slags": "Virksomhedspraktik",
        "virksomhed": "Lager Nord A/S",
        "opslag": "Lagermedhjælper",
        "status": "Gennemført",
        "start": "2027-01-11",
        "slut": "2027-03-05",
        "timer_pr_uge": 15,
        "resultat": "Ordinært job",
        "arbejdsopgaver": TASKS,
    }
    assert done["fravær"] == [{"dato": "2027-01-20", "årsag": "Sygdom"}]
    assert done["hvordan_går_det"] == [
        {"uge": "2027-01-18", "hvordan_går_det": 4, "ord": CHECK_IN_WORDS}
    ]
    assert (declined["slags"], declined["status"], declined["din_begrundelse"]) == (
        "Fleksjob",
        "Sagt nej tak",
        REASON,
    )

    # Only the follow-up shared with the citizen, and only what their own page shows of it.
    assert data["opfølgninger_delt_med_dig"] == [
        {
            "forløb": zenobia.done.id,
            "titel": "Første uge",
            "frist": "2027-01-15",
            "gennemført": "2027-01-15T10:00:00+00:00",
            "sådan_går_det": "Godt",
            "det_virker": SHARED_WORKS,
            "næste_skridt": SHARED_NEXT,
        }
    ]

    assert data["aftaler"] == [
        {
            "forløb": zenobia.done.id,
            "version": 1,
            "oprettet": zenobia.agreement.created_at.isoformat(),
            "sha256": zenobia.agreement.content_sha256,
            "bekræftelser": [
                {
                    "part": "Jobkonsulent",
                    "bekræftet": "2027-01-05T11:00:00+00:00",
                    "på_papir": False,
                },
                {"part": "Borger", "bekræftet": "2027-01-05T12:00:00+00:00", "på_papir": True},
            ],
        }
    ]
    assert len(data["aftaler"][0]["sha256"]) == 64

    assert data["journal"] == [
        {"dato": "2027-01-05", "skrevet_af": "Kirsten Konsulent", "tekst": JOURNAL}
    ]
    # The notifications about them (found by what they refer to, as erasure finds them) and
    # those to their own login; not another citizen's.
    assert [
        (n["til"], n["titel"], n["tekst"], n["sendt_som_e_mail"]) for n in data["beskeder"]
    ] == [
        ("Jobkonsulent", NOTIFICATION, "", None),
        ("Leder", "En opfølgning er overskredet", "Kirsten har en opfølgning.", None),
        ("Dig", f"Hej {NAME}", "", None),
    ]
    [looked] = data["hvem_har_set_eller_ændret_dine_oplysninger"]
    assert {k: looked[k] for k in ("hvem", "rolle", "handling", "hvad")} == {
        "hvem": "Kirsten Konsulent",
        "rolle": "Jobkonsulent",
        "handling": "så",
        "hvad": "profil",
    }


def test_the_export_never_holds_the_whole_cpr_number_nor_internal_notes(zenobia):
    text = json.dumps(export_citizen(zenobia.candidate), ensure_ascii=False)
    assert CPR not in text and CPR_DIGITS not in text and "150390 1234" not in text
    assert "150390-XXXX" in text
    # Follow-ups not shared, and the company's own view, are not the citizen's copy.
    assert INTERNAL_NOTE not in text and EMPLOYER_VIEW not in text


def _exports(events_before: int) -> list[AuditEvent]:
    rows = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT).order_by(AuditEvent.id)
    ).all()
    return rows[events_before:]


def test_the_consultant_downloads_the_file_and_it_is_audited(client, zenobia):
    log_in(client, zenobia.consultant.email)
    response = client.get(f"/borgere/{zenobia.candidate.id}/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="borger-{zenobia.candidate.id}-data.json"'
    assert "Zenobia" not in disposition and "150390" not in disposition
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["profil"]["navn"] == NAME and data["journal"][0]["tekst"] == JOURNAL

    db.session.expire_all()
    [row] = _exports(0)
    assert (row.actor_id, row.actor_role, row.candidate_id, row.subject) == (
        zenobia.consultant.id,
        "consultant",
        zenobia.candidate.id,
        AuditSubject.EXPORT,
    )


def test_the_profile_links_to_the_download(client, zenobia):
    log_in(client, zenobia.consultant.email)
    page = client.get(f"/borgere/{zenobia.candidate.id}").get_data(as_text=True)
    assert f'href="/borgere/{zenobia.candidate.id}/data.json"' in page
    assert "Hent borgerens data (JSON)" in page


def test_another_municipality_gets_404_and_a_manager_403(app, client, zenobia):
    aarhus = create_municipality("Aarhus", "751")
    stranger = create_user(Role.CONSULTANT, municipality=aarhus)
    log_in(client, stranger.email)
    assert client.get(f"/borgere/{zenobia.candidate.id}/data.json").status_code == 404
    manager = app.test_client()
    log_in(manager, zenobia.manager.email)
    assert manager.get(f"/borgere/{zenobia.candidate.id}/data.json").status_code == 403
    db.session.expire_all()
    assert _exports(0) == []


def test_an_old_password_confirmation_asks_for_the_password_first(client, zenobia):
    log_in(client, zenobia.consultant.email)
    with client.session_transaction() as session:
        session["_password_confirmed"] = time.time() - 3600
    path = f"/borgere/{zenobia.candidate.id}/data.json"
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/bekraeft-adgangskode?next=")
    assert "data.json" in response.headers["Location"]
    db.session.expire_all()
    assert _exports(0) == []
    # Typing it brings the person back to the download.
    back = post_form(client, response.headers["Location"], {"password": "korrekt-hest-batteri"})
    assert back.status_code == 302 and back.headers["Location"] == path
    assert client.get(path).status_code == 200


def test_the_citizen_downloads_only_their_own_data(client, zenobia):
    # Another citizen of the same municipality, with a placement and a journal note.
    other = create_candidate(zenobia.municipality, name="Olga Andenborger", email="olga@example.dk")
    create_placement(other, create_opening(title="Olgas plads"), status=S.PROPOSED)
    db.session.add(JournalEntry(candidate=other, author=zenobia.consultant, text="Om Olga"))
    db.session.commit()

    log_in(client, LOGIN_EMAIL)
    response = client.get("/mine-oplysninger/data.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    data = json.loads(text)
    assert data["profil"]["navn"] == NAME
    assert [p["opslag"] for p in data["forløb"]] == ["Lagermedhjælper", "Køkkenhjælp"]
    assert "Olga" not in text
    db.session.expire_all()
    [row] = _exports(0)
    assert (row.actor_id, row.actor_role, row.candidate_id) == (
        zenobia.user.id,
        "citizen",
        zenobia.candidate.id,
    )


def test_the_citizens_portal_links_to_their_data(client, zenobia):
    log_in(client, LOGIN_EMAIL)
    page = client.get("/mine-tilbud").get_data(as_text=True)
    assert 'href="/mine-oplysninger/data.json"' in page and "Hent dine data" in page


def test_the_citizens_download_needs_a_fresh_password_too(client, zenobia):
    log_in(client, LOGIN_EMAIL)
    with client.session_transaction() as session:
        session["_password_confirmed"] = time.time() - 3600
    response = client.get("/mine-oplysninger/data.json")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/bekraeft-adgangskode")


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CONSULTANT, Role.MANAGER, Role.ADMIN])
def test_only_a_citizen_has_my_data(client, login, role):
    login(role)
    assert client.get("/mine-oplysninger/data.json").status_code == 403


def test_without_login_the_downloads_ask_to_log_in(client, zenobia):
    for path in (f"/borgere/{zenobia.candidate.id}/data.json", "/mine-oplysninger/data.json"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
