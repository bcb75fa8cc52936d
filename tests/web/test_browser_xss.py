"""Stored XSS, CSP bypassed: payloads in every free-text field stay plain text, pages and PDF."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from placement.agreements import versions
from placement.extensions import db
from placement.models import (
    ApiToken,
    CandidateKind,
    CandidatePlace,
    CandidateStatus,
    ConsentChange,
    ConsentItem,
    ConsentSource,
    EmployerContact,
    ErasureRequest,
    FollowUp,
    Goal,
    GoalStep,
    JournalEntry,
    Kind,
    Notification,
    OpeningInterest,
    Party,
    PlacementEvent,
    PlacementStatus,
    Role,
)
from placement.models.placements import Answer
from tests.conftest import browser_log_in
from tests.factories import (
    create_agreement,
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)

pytestmark = pytest.mark.browser

# Each would run if it reached the page unescaped: with the CSP bypassed nothing else stops it.
# The closing tags break out of a <textarea> or <title>, the quotes out of attribute values;
# {{7*7}} shows server- or client-side templating.
# Short enough (88 characters) for the 100-character columns, such as a city, with its tag.
PAYLOAD = (
    "</textarea></title><script>window.__xss=1</script>'\"><img src=x onerror=alert(1)>{{7*7}}"
)
EVERYTHING = ",".join(item.value for item in ConsentItem)


def bad(tag: str) -> str:
    """The stored value of one field: a tag naming the field, then the payload."""
    return f"{tag} {PAYLOAD}"


def _world() -> dict:
    """One municipality's people, a company, two candidates, two openings and two placements
    with every free-text field holding a payload."""
    now = datetime.now(UTC)
    today = date.today()
    viborg = create_municipality(name="Viborg")
    consultant = create_user(Role.CONSULTANT, municipality=viborg, name=bad("XCONSULTANT"))
    manager = create_user(Role.MANAGER, municipality=viborg, name=bad("XMANAGER"))
    admin = create_user(Role.ADMIN, name=bad("XADMIN"))
    company = create_employer(
        name=bad("XCOMPANY"),
        address=bad("XADDRESS"),
        city=bad("XCITY"),
        industry=bad("XINDUSTRY"),
        contact_name=bad("XCONTACT"),
        employees=40,
        contact_email="kontakt@example.dk",
        contact_phone="86 12 34 56",
    )
    employer = create_user(Role.EMPLOYER, employer=company, name=bad("XEMPLOYERUSER"))
    candidate = create_candidate(
        viborg,
        name=bad("XCANDNAME"),
        skills=bad("XCANDSKILLS"),
        interests=bad("XCANDINTERESTS"),
        adaptation_note=bad("XCANDNOTE"),
        consultant=consultant,
        share_contact=True,
        share_age=True,
        share_skills=True,
        share_adaptations=True,
        share_goals=True,
        status=CandidateStatus.IN_PLACEMENT,
    )
    citizen = create_user(Role.CITIZEN, candidate=candidate, name=bad("XCITIZENUSER"))
    # A second citizen still looking, so the matching pages list someone.
    seeker = create_candidate(
        viborg,
        name=bad("XSEEKER"),
        skills=bad("XSEEKERSKILLS"),
        consultant=consultant,
        interests="Lager",
        status=CandidateStatus.LOOKING,
    )
    seeker.kinds.append(CandidateKind(kind=Kind.INTERNSHIP))
    seeker.places.append(CandidatePlace(postcode="8800"))

    opening = create_opening(
        company,
        title=bad("XOPENTITLE"),
        description=bad("XOPENDESC"),
        tasks=bad("XOPENTASKS"),
        adaptation_note=bad("XOPENNOTE"),
        mentor_available=True,
        mentor_name=bad("XOPENMENTOR"),
        mentor_role=bad("XOPENMROLE"),
        skills=bad("XOPENSKILLS"),
        seats=3,
    )
    other_opening = create_opening(company, title=bad("XOPEN2"))

    placement = create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=PlacementStatus.ACTIVE,
        start_date=today - timedelta(days=30),
        end_date=today + timedelta(days=30),
        hours_per_week=10,
        citizen_answer=Answer.YES,
        citizen_answered_at=now,
        employer_answer=Answer.YES,
        employer_answered_at=now,
        consent_snapshot=EVERYTHING,  # the company answered with everything shared
        tasks=bad("XPLTASKS"),
        working_times=bad("XPLTIMES"),
        adaptation_note=bad("XPLNOTE"),
        mentor_name=bad("XPLMENTOR"),
        mentor_role=bad("XPLMROLE"),
    )
    placement.events.append(
        PlacementEvent(
            actor=consultant,
            from_status=PlacementStatus.AGREED,
            to_status=PlacementStatus.ACTIVE,
            note=bad("XEVENT"),
        )
    )
    followup = FollowUp(
        placement=placement,
        key="first_week",
        title=bad("XFUTITLE"),
        due_date=today - timedelta(days=20),
        done_at=now,
        done_by=consultant,
        wellbeing=4,
        wellbeing_note=bad("XFUWELL"),
        hours_worked=10,
        works=bad("XFUWORKS"),
        does_not_work=bad("XFUNOTWORKS"),
        adaptations_add=bad("XFUADD"),
        adaptations_drop=bad("XFUDROP"),
        next_step=bad("XFUNEXT"),
        shared_with_citizen=True,
        employer_view=bad("XFUEMPLOYER"),
        employer_view_at=now,
        employer_view_by=employer,
    )
    db.session.add(followup)
    declined = create_placement(
        candidate=candidate,
        opening=other_opening,
        consultant=consultant,
        status=PlacementStatus.DECLINED,
        citizen_answer=Answer.NO,
        citizen_answered_at=now,
        citizen_reason=bad("XCITREASON"),
        employer_answer=Answer.NO,
        employer_answered_at=now,
        employer_reason=bad("XEMPREASON"),
        end_reason=bad("XENDREASON"),
    )

    goal = Goal(candidate=candidate, title=bad("XGOAL"), target_date=today + timedelta(days=90))
    goal.steps.append(GoalStep(title=bad("XSTEP")))
    db.session.add_all(
        [
            goal,
            JournalEntry(candidate=candidate, author=consultant, text=bad("XJOURNAL")),
            EmployerContact(
                employer=company,
                consultant=consultant,
                contact_date=today,
                note=bad("XCONTACTNOTE"),
            ),
            OpeningInterest(candidate=candidate, opening=opening),
            ApiToken(user=manager, name=bad("XTOKEN"), token_hash="0" * 64),
            ErasureRequest(
                candidate=candidate, requested_by=consultant, reason=bad("XERASEREASON")
            ),
        ]
    )
    candidate.consent_changes.append(
        ConsentChange(
            item=ConsentItem.SKILLS,
            shared=True,
            source=ConsentSource.CONSULTANT_WITH_CITIZEN,
            changed_by=consultant,
        )
    )
    for user in (consultant, manager, admin, employer, citizen):
        db.session.add(
            Notification(user=user, key="xss", title=bad("XNOTETITLE"), body=bad("XNOTEBODY"))
        )
    db.session.commit()
    agreement = create_agreement(placement, Party.CONSULTANT)
    erasure_request = db.session.scalar(select(ErasureRequest))
    return dict(
        consultant=consultant,
        manager=manager,
        admin=admin,
        employer=employer,
        citizen=citizen,
        erasure_request=erasure_request,
        candidate=candidate,
        seeker=seeker,
        opening=opening,
        other_opening=other_opening,
        placement=placement,
        declined=declined,
        followup=followup,
        company=company,
        agreement=agreement,
    )


def _pages(w: dict) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Per role: the pages to visit and the fields each must show literally (AGREEMENT: the
    agreement panel must be on the page too)."""
    cand, seeker, pl = w["candidate"].id, w["seeker"].id, w["placement"].id
    op, company = w["opening"].id, w["company"].id
    return {
        "consultant": [
            ("/", ("XCANDNAME", "XSEEKER", "XCONSULTANT")),
            ("/borgere", ("XCANDNAME", "XSEEKER")),
            (
                f"/borgere/{cand}",
                (
                    "XCANDNAME",
                    "XCANDSKILLS",
                    "XCANDINTERESTS",
                    "XCANDNOTE",
                    "XOPENTITLE",
                    "XCOMPANY",
                    "XGOAL",
                    "XCITREASON",
                    "XEMPREASON",
                ),
            ),
            (f"/borgere/{cand}/ret", ("XCANDNAME", "XCANDSKILLS", "XCANDNOTE")),
            (f"/borgere/{cand}/journal", ("XJOURNAL",)),
            (f"/borgere/{cand}/deling", ("XCANDNAME", "XCONSULTANT")),
            (f"/borgere/{cand}/maal", ("XGOAL", "XSTEP")),
            (f"/borgere/{cand}/sletning", ("XCANDNAME",)),
            (f"/borgere/{seeker}/job", ("XSEEKER", "XOPENTITLE", "XCOMPANY")),
            (f"/opslag/{op}/borgere", ("XOPENTITLE", "XSEEKER")),
            (
                f"/opslag/{op}",
                (
                    "XOPENTITLE",
                    "XOPENDESC",
                    "XOPENTASKS",
                    "XOPENNOTE",
                    "XOPENMENTOR",
                    "XOPENMROLE",
                    "XOPENSKILLS",
                ),
            ),
            (f"/opslag/{op}/ret", ("XOPENTITLE", "XOPENDESC", "XOPENSKILLS")),
            (
                f"/forloeb/{pl}",
                (
                    "AGREEMENT",
                    "XCANDNAME",
                    "XOPENTITLE",
                    "XPLTASKS",
                    "XPLTIMES",
                    "XPLNOTE",
                    "XPLMENTOR",
                    "XPLMROLE",
                    "XEVENT",
                    "XFUTITLE",
                ),
            ),
            (f"/forloeb/{w['declined'].id}", ("XCITREASON", "XEMPREASON", "XENDREASON")),
            (
                f"/forloeb/{pl}/opfoelgning/{w['followup'].id}",
                (
                    "XFUWELL",
                    "XFUWORKS",
                    "XFUNOTWORKS",
                    "XFUADD",
                    "XFUDROP",
                    "XFUNEXT",
                    "XFUEMPLOYER",
                    "XEMPLOYERUSER",
                ),
            ),
            ("/virksomheder/", ("XCOMPANY", "XCITY", "XINDUSTRY")),
            (
                f"/virksomheder/{company}",
                (
                    "XCOMPANY",
                    "XADDRESS",
                    "XCITY",
                    "XINDUSTRY",
                    "XCONTACT",
                    "XCONTACTNOTE",
                    "XOPENTITLE",
                ),
            ),
            ("/ledige-pladser/", ("XOPENTITLE", "XOPEN2", "XCOMPANY")),
            (f"/ledige-pladser/{op}", ("XOPENTITLE", "XOPENDESC", "XOPENNOTE")),
            ("/beskeder/", ("XNOTETITLE", "XNOTEBODY")),
        ],
        "manager": [
            ("/leder", ("XMANAGER", "XCONSULTANT", "XCOMPANY")),
            ("/statistik", ("XCONSULTANT", "XINDUSTRY")),
            ("/profil/api-noegler/", ("XTOKEN",)),
            ("/beskeder/", ("XNOTETITLE", "XNOTEBODY")),
            ("/leder/sletninger", ("XCANDNAME", "XERASEREASON")),
            (f"/leder/sletninger/{w['erasure_request'].id}", ("XCANDNAME", "XERASEREASON")),
        ],
        "employer": [
            ("/virksomhed/", ("XCANDNAME", "XOPENTITLE", "XCOMPANY", "XADDRESS")),
            (
                f"/virksomhed/forslag/{pl}",
                (
                    "AGREEMENT",
                    "XCANDNAME",
                    "XCANDSKILLS",
                    "XCANDINTERESTS",
                    "XGOAL",
                    "XOPENTITLE",
                    "XFUEMPLOYER",
                ),
            ),
            (f"/opslag/{op}", ("XOPENTITLE", "XOPENDESC", "XOPENTASKS")),
            (f"/opslag/{op}/ret", ("XOPENTITLE", "XOPENMENTOR")),
            ("/ledige-pladser/", ("XOPENTITLE",)),
            ("/beskeder/", ("XNOTETITLE", "XNOTEBODY")),
        ],
        "citizen": [
            ("/mine-tilbud", ("XOPENTITLE", "XOPEN2", "XCOMPANY", "XCITIZENUSER")),
            (
                f"/mine-tilbud/{pl}",
                (
                    "AGREEMENT",
                    "XOPENTITLE",
                    "XADDRESS",
                    "XPLTIMES",
                    "XPLMENTOR",
                    "XFUWORKS",
                    "XFUNEXT",
                ),
            ),
            ("/mig/maal", ("XGOAL", "XSTEP")),
            ("/mig/interesse", ("XOPENTITLE",)),
            ("/mig/oensker", ()),
            (
                "/mine-oplysninger/deling",
                (
                    "XCANDNAME",
                    "XCANDSKILLS",
                    "XCANDINTERESTS",
                    "XGOAL",
                    "XCOMPANY",
                    "XOPENTITLE",
                    "XCONSULTANT",
                ),
            ),
            # The consultant's visits above are in the citizen's access log by name.
            ("/mine-oplysninger/adgang", ("XCONSULTANT",)),
            ("/ledige-pladser/", ("XOPENTITLE",)),
            (f"/ledige-pladser/{op}", ("XOPENTITLE", "XOPENDESC")),
            ("/beskeder/", ("XNOTETITLE", "XNOTEBODY")),
        ],
        "admin": [
            ("/admin/", ("XADMIN",)),
            ("/admin/brugere", ("XCONSULTANT", "XMANAGER", "XEMPLOYERUSER", "XCITIZENUSER")),
            (f"/admin/brugere/{w['consultant'].id}", ("XCONSULTANT", "XCANDNAME")),
            (f"/forloeb/{pl}", ("AGREEMENT", "XCANDNAME", "XEVENT")),
            ("/profil/api-noegler/", ()),
            ("/admin/revision?bruger=XCONSULTANT", ("XCONSULTANT", "XCANDNAME")),
        ],
    }


TAGS_RE = r"X[A-Z0-9]{3,}(?= )"
PROBE = """() => ({
  xss: window.__xss === undefined ? null : window.__xss,
  injected: document.querySelectorAll('img[src=x], svg[onload], [onerror]').length,
  scripts: [...document.scripts].filter(s => s.text.includes('__xss')).length,
  links: [...document.querySelectorAll('a[href]')]
           .filter(a => a.href.trim().toLowerCase().startsWith('javascript:')).length,
})"""


def _visit(page, path: str, expected: tuple[str, ...], dialogs: list) -> None:
    response = page.goto(path)
    status = response.status if response else None
    assert status == 200, f"{path}: status {status}"
    probe = page.evaluate(PROBE)
    assert probe == {"xss": None, "injected": 0, "scripts": 0, "links": 0}, f"{path}: {probe}"
    assert not dialogs, f"{path}: a dialog opened: {dialogs}"
    # What a person reads: the page's text and what its form fields hold.
    values = page.locator("input:not([type=hidden]), textarea").evaluate_all(
        "fields => fields.map(field => field.value)"
    )
    text = "\n".join([page.title(), page.locator("body").inner_text(), *values])
    if "AGREEMENT" in expected:
        assert page.locator("section[aria-labelledby=agreement-heading]").count() == 1, (
            f"{path}: no agreement panel"
        )
    for tag in (tag for tag in expected if tag != "AGREEMENT"):
        assert bad(tag) in text, f"{path}: {tag} not shown literally"
    # Wherever a field shows, it shows inert and whole (or cut short with "..." by a preview):
    # never ending at the markup, never "49".
    for match in re.finditer(TAGS_RE, text):
        full = bad(match.group())
        shown = text[match.start() : match.start() + len(full)]
        cut = text.find("...", match.start(), match.start() + len(full))
        previewed = cut != -1 and full.startswith(text[match.start() : cut].rstrip())
        assert shown == full or previewed, f"{path}: {match.group()} shown as {shown!r}"


def test_no_stored_payload_runs_on_any_page(chromium, live_server):
    w = _world()
    for role, pages in _pages(w).items():
        # Only the escaping stands between a payload and the page: the CSP is switched off.
        context = chromium.new_context(base_url=live_server, locale="da-DK", bypass_csp=True)
        try:
            page = context.new_page()
            dialogs: list[str] = []
            page.on(
                "dialog",
                lambda dialog, dialogs=dialogs: (dialogs.append(dialog.message), dialog.dismiss()),
            )
            browser_log_in(page, w[role].email)
            assert "/login" not in page.url, f"{role} could not log in"
            for path, expected in pages:
                _visit(page, path, expected, dialogs)
        finally:
            context.close()


def test_agreement_pdf_prints_payloads_literally():
    w = _world()
    placement = w["placement"]
    # Valid ReportLab markup would not raise but turn bold or become "&" and so vanish.
    bold = "XBOLD <b>fed</b> &amp; <i>skrå"
    placement.mentor_role = bold
    agreement = versions.write_version(placement, versions.content_for(placement), w["consultant"])
    db.session.commit()
    # ReportLab paragraphs read their text as markup: an unescaped "<script>" would raise.
    pdf = versions.render_pdf(agreement, placement)
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    for tag in ("XCANDNAME", "XCOMPANY", "XPLTASKS", "XPLTIMES", "XPLNOTE", "XPLMENTOR"):
        assert " ".join(bad(tag).split()) in flat, f"{tag} not printed literally"
    assert bold in flat
