"""Access matrix: every route, for every role and anonymous, on one's own and on others' objects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from placement.api import tokens as api_tokens
from placement.citizens import goals
from placement.extensions import db
from placement.models import (
    EmailState,
    ErasureRequest,
    MentorGrant,
    MentorKind,
    MentorPayer,
    Notification,
    Placement,
    PlacementStatus,
    Role,
)
from placement.notifications.inbox import notify
from placement.placements import lifecycle
from tests.conftest import csrf_token, log_in
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_user,
)

# The rule the app keeps (placement/common/access.py): an object outside a person's scope answers
# 404, so ids cannot be probed; a page the role may not open at all answers 403; anonymous people
# are sent to the login page. "login" below means a 302 whose Location is /login.
#
# Each row: the answer for (anonymous, citizen, employer, consultant, manager, admin). A single
# answer holds for both objects; "own/other" gives the answer for the person's own object (side
# A: their municipality, company, person) and for the other side's (side B). Companies and
# openings are shared across the municipalities of a deployment (access.employers_for), so a
# consultant's 200 on side B's company or opening is the rule, not a leak.
ROLES = ("anonymous", "citizen", "employer", "consultant", "manager", "admin")

EXPECTED: dict[tuple[str, str], str] = {
    #    anon    citizen employer consult manager admin
    ("/", "GET"): "login   302     302     302     302     302",
    ("/adgangskode", "GET"): "login   200     200     200     200     200",
    ("/arbejdssteder/<int:workplace_id>/ret", "GET"): "login   403     200/404 200     403     200",
    (
        "/arbejdssteder/<int:workplace_id>/ret",
        "POST",
    ): "login   403     200/404 200     403     200",
    ("/arbejdssteder/ny", "GET"): "login   403     200/404 200     403     200",
    ("/arbejdssteder/ny", "POST"): "login   403     200/404 200     403     200",
    ("/adgangskode", "POST"): "login   200     200     200     200     200",
    ("/admin/", "GET"): "login   403     403     403     403     200",
    ("/admin/brugere", "GET"): "login   403     403     403     403     200",
    ("/admin/brugere/<int:user_id>", "GET"): "login   403     403     403     403     200",
    ("/admin/brugere/<int:user_id>", "POST"): "login   403     403     403     403     200",
    (
        "/admin/brugere/<int:user_id>/deaktiver",
        "POST",
    ): "login   403     403     403     403     302",
    ("/admin/brugere/ny", "GET"): "login   403     403     403     403     200",
    ("/admin/brugere/ny", "POST"): "login   403     403     403     403     200",
    # The mails that could not be delivered, and "prøv igen": the admin's.
    ("/admin/ikke-sendt/", "GET"): "login   403     403     403     403     200",
    (
        "/admin/ikke-sendt/<int:mail_id>/proev-igen",
        "POST",
    ): "login   403     403     403     403     302",
    ("/admin/revision", "GET"): "login   403     403     403     403     200",
    # The search, posted: an empty one leads to the whole log.
    ("/admin/revision", "POST"): "login   403     403     403     403     302",
    ("/aftaler/<int:placement_id>/bekraeft", "POST"): "login   302/404 302/404 302/404 403     403",
    # Only the three parties of an agreement read and confirm it; managers and admins do not.
    (
        "/aftaler/<int:placement_id>/version-<int:version>.pdf",
        "GET",
    ): "login   200/404 200/404 200/404 403     403",
    ("/api/v1/openapi.json", "GET"): "200     200     200     200     200     200",
    ("/api/v1/openings", "GET"): "200     200     200     200     200     200",
    # The statistics API wants a token, not a session cookie.
    ("/api/v1/statistics", "GET"): "401     401     401     401     401     401",
    ("/bekraeft-adgangskode", "GET"): "login   200     200     200     200     200",
    ("/bekraeft-adgangskode", "POST"): "login   200     200     200     200     200",
    ("/beskeder/", "GET"): "login   200     200     200     200     200",
    (
        "/beskeder/<int:notification_id>/laest",
        "POST",
    ): "login   302/404 302/404 302/404 302/404 302/404",
    ("/beskeder/alle-laest", "POST"): "login   302     302     302     302     302",
    ("/borgere", "GET"): "login   403     403     200     403     403",
    # The name search, posted: an empty one leads back to the list.
    ("/borgere", "POST"): "login   403     403     302     403     403",
    # Admins see every municipality"s people; managers and consultants only their own.
    ("/borgere/<int:candidate_id>", "GET"): "login   403     403     200/404 200/404 200",
    ("/borgere/<int:candidate_id>/cpr", "POST"): "login   403     403     200/404 403     403",
    ("/borgere/<int:candidate_id>/cpr/vis", "POST"): "login   403     403     200/404 403     403",
    ("/borgere/<int:candidate_id>/data.json", "GET"): "login   403     403     200/404 403     403",
    ("/borgere/<int:candidate_id>/foreslaa", "POST"): "login   403     403     302/404 403     403",
    ("/borgere/<int:candidate_id>/inviter", "POST"): "login   403     403     302/404 403     403",
    ("/borgere/<int:candidate_id>/kode", "GET"): "login   403     403     302/404 403     403",
    ("/borgere/<int:candidate_id>/job", "GET"): "login   403     403     200/404 403     403",
    ("/borgere/<int:candidate_id>/journal", "GET"): "login   403     403     200/404 403     403",
    ("/borgere/<int:candidate_id>/journal", "POST"): "login   403     403     200/404 403     403",
    # What companies may see: the consultant sets it with the citizen (only with them: a post
    # without the box ticked and with changes is refused; an empty post changes nothing).
    ("/borgere/<int:candidate_id>/deling", "GET"): "login   403     403     200/404 403     403",
    ("/borgere/<int:candidate_id>/deling", "POST"): "login   403     403     302/404 403     403",
    ("/borgere/<int:candidate_id>/maal", "GET"): "login   403     403     200/404 403     403",
    ("/borgere/<int:candidate_id>/maal", "POST"): "login   403     403     200/404 403     403",
    (
        "/borgere/<int:candidate_id>/maal/<int:goal_id>/trin",
        "POST",
    ): "login   403     403     200/404 403     403",
    (
        "/borgere/<int:candidate_id>/maal/<int:goal_id>/trin/<int:step_id>/udfoert",
        "POST",
    ): "login   403     403     302/404 403     403",
    ("/borgere/<int:candidate_id>/ret", "GET"): "login   403     403     200/404 403     403",
    ("/borgere/<int:candidate_id>/ret", "POST"): "login   403     403     200/404 403     403",
    ("/borgere/<int:candidate_id>/sletning", "GET"): "login   403     403     200/404 403     403",
    ("/borgere/<int:candidate_id>/sletning", "POST"): "login   403     403     200/404 403     403",
    ("/borgere/aktiver", "GET"): "200     200     200     200     200     200",
    ("/borgere/aktiver", "POST"): "200     200     200     200     200     200",
    ("/borgere/cpr-opslag", "POST"): "login   403     403     200     403     403",
    ("/borgere/ny", "GET"): "login   403     403     200     403     403",
    ("/borgere/ny", "POST"): "login   403     403     200     403     403",
    ("/favicon.ico", "GET"):  # the app's icon, for everyone
    "200     200     200     200     200     200",
    ("/forloeb/<int:placement_id>", "GET"): "login   403     403     200/404 403     200",
    ("/forloeb/<int:placement_id>/<action>", "POST"): "login   403     403     302/404 403     302",
    ("/forloeb/<int:placement_id>/aftale", "POST"): "login   403     403     200/404 403     200",
    (
        "/forloeb/<int:placement_id>/opfoelgning/<int:followup_id>",
        "GET",
    ): "login   403     403     200/404 403     200",
    (
        "/forloeb/<int:placement_id>/opfoelgning/<int:followup_id>",
        "POST",
    ): "login   403     403     200/404 403     200",
    # Absence: the citizen's consultants register it (an admin reads it on the page); the
    # matrix's placement is not running yet, so the form comes back refused (200) and a
    # removal is refused with a message on the placement page (302).
    ("/forloeb/<int:placement_id>/fravaer", "POST"): "login   403     403     200/404 403     403",
    (
        "/forloeb/<int:placement_id>/fravaer/<day>/fjern",
        "POST",
    ): "login   403     403     302/404 403     403",
    ("/forloeb/<int:placement_id>/forlaeng", "GET"): "login   403     403     200/404 403     200",
    ("/forloeb/<int:placement_id>/forlaeng", "POST"): "login   403     403     200/404 403     200",
    ("/forloeb/<int:placement_id>/papir", "POST"): "login   403     403     200/404 403     403",
    # The VITAS export (it holds the CPR number): consultants only. The walk's agreement is not
    # confirmed by all three yet, so the own placement's answer is back to its page.
    ("/forloeb/<int:placement_id>/vitas", "POST"): "login   403     403     302/404 403     403",
    # Mentor support (mentorstøtte): the jobcenter's, as the placement page.
    (
        "/forloeb/<int:placement_id>/mentorstoette",
        "GET",
    ): "login   403     403     200/404 403     200",
    (
        "/forloeb/<int:placement_id>/mentorstoette",
        "POST",
    ): "login   403     403     200/404 403     200",
    (
        "/forloeb/<int:placement_id>/mentorstoette/<int:grant_id>",
        "GET",
    ): "login   403     403     200/404 403     200",
    (
        "/forloeb/<int:placement_id>/mentorstoette/<int:grant_id>",
        "POST",
    ): "login   403     403     200/404 403     200",
    (
        "/forloeb/<int:placement_id>/mentorstoette/<int:grant_id>/fjern",
        "POST",
    ): "login   403     403     302/404 403     302",
    ("/glemt-adgangskode", "GET"): "200     200     200     200     200     200",
    ("/glemt-adgangskode", "POST"): "200     200     200     200     200     200",
    ("/healthz", "GET"): "200     200     200     200     200     200",
    ("/readyz", "GET"): "200     200     200     200     200     200",
    ("/leder", "GET"): "login   403     403     403     200     403",
    ("/leder/sletninger", "GET"): "login   403     403     403     200     403",
    ("/leder/sletninger/<int:request_id>", "GET"): "login   403     403     403     200/404 403",
    ("/leder/sletninger/<int:request_id>", "POST"): "login   403     403     403     200/404 403",
    # The public board and the open API: everyone, signed in or not.
    ("/ledige-pladser/", "GET"): "200     200     200     200     200     200",
    ("/ledige-pladser/<int:opening_id>", "GET"): "200     200     200     200     200     200",
    (
        "/ledige-pladser/<int:opening_id>/interesse",
        "POST",
    ): "login   302     403     403     403     403",
    # No identity provider in the suite's app: the sign-in addresses do not exist
    # (tests/identity/ configures one).
    ("/log-ind/<who>", "GET"): "404     404     404     404     404     404",
    ("/log-ind/<who>/retur", "GET"): "404     404     404     404     404     404",
    ("/login", "GET"): "200     302     302     302     302     302",
    ("/login", "POST"): "200     302     302     302     302     302",
    # Last in the walk: afterwards the person is anonymous.
    ("/logout", "POST"): "login   login   login   login   login   login",
    ("/mig/interesse", "GET"): "login   200     403     403     403     403",
    ("/mig/maal", "GET"): "login   200     403     403     403     403",
    ("/mig/maal", "POST"): "login   200     403     403     403     403",
    ("/mig/maal/<int:goal_id>/trin", "POST"): "login   200/404 403     403     403     403",
    (
        "/mig/maal/<int:goal_id>/trin/<int:step_id>/ikke-udfoert",
        "POST",
    ): "login   302/404 403     403     403     403",
    (
        "/mig/maal/<int:goal_id>/trin/<int:step_id>/udfoert",
        "POST",
    ): "login   302/404 403     403     403     403",
    ("/mig/oensker", "GET"): "login   200     403     403     403     403",
    ("/mig/oensker", "POST"): "login   302     403     403     403     403",
    ("/mine-oplysninger/adgang", "GET"): "login   200     403     403     403     403",
    ("/mine-oplysninger/data.json", "GET"): "login   200     403     403     403     403",
    ("/mine-oplysninger/deling", "GET"): "login   200     403     403     403     403",
    ("/mine-oplysninger/deling", "POST"): "login   302     403     403     403     403",
    ("/mine-tilbud", "GET"): "login   200     403     403     403     403",
    ("/mine-tilbud/<int:placement_id>", "GET"): "login   200/404 403     403     403     403",
    ("/mine-tilbud/<int:placement_id>/svar", "POST"): "login   302/404 403     403     403     403",
    ("/nulstil/<token>", "GET"): "302     302     302     302     302     302",
    ("/nulstil/<token>", "POST"): "302     302     302     302     302     302",
    # The representative has no account: the link's token is the key, for anyone holding it.
    ("/tillidsrepraesentant/<token>", "GET"): "404     404     404     404     404     404",
    ("/tillidsrepraesentant/<token>", "POST"): "404     404     404     404     404     404",
    # The citizen's weekly check-in link: no login, the token is the key (a made-up one: 404).
    ("/hvordan-gaar-det/<token>", "GET"): "404     404     404     404     404     404",
    ("/hvordan-gaar-det/<token>", "POST"): "404     404     404     404     404     404",
    ("/mig/oensker/hvordan-gaar-det", "POST"): "login   302     403     403     403     403",
    # Openings and companies are shared across municipalities: consultants act for any.
    ("/opslag/<int:opening_id>", "GET"): "login   403     200/404 200     403     200",
    ("/opslag/<int:opening_id>/besat", "POST"): "login   403     302/404 302     403     302",
    ("/opslag/<int:opening_id>/borgere", "GET"): "login   403     403     200     403     403",
    ("/opslag/<int:opening_id>/kopier", "POST"): "login   403     302/404 302     403     302",
    ("/opslag/<int:opening_id>/luk", "POST"): "login   403     302/404 302     403     302",
    ("/opslag/<int:opening_id>/ret", "GET"): "login   403     200/404 200     403     200",
    # A post gets the form back with its errors, also for an opening that can no longer be
    # edited (the walk has filled it): what was typed is never thrown away.
    ("/opslag/<int:opening_id>/ret", "POST"): "login   403     200/404 200     403     200",
    ("/opslag/<int:opening_id>/slaa-op", "POST"): "login   403     302/404 302     403     302",
    ("/opslag/ny", "GET"): "login   403     200/404 200     403     200",
    ("/opslag/ny", "POST"): "login   403     200/404 200     403     200",
    ("/profil/api-noegler/", "GET"): "login   403     403     403     200     200",
    ("/profil/api-noegler/", "POST"): "login   403     403     403     200     200",
    (
        "/profil/api-noegler/<int:token_id>/tilbagekald",
        "POST",
    ): "login   403     403     403     302/404 302/404",
    ("/sprog", "POST"): "302     302     302     302     302     302",
    ("/static/<path:filename>", "GET"): "200     200     200     200     200     200",
    # Own municipality in the query: 200; another"s with its consultant: refused (the page
    # shows the error, the CSV is not made and sends back to the page). Admins see all.
    ("/statistik", "GET"): "login   403     403     403     200     200",
    ("/statistik/<table_key>.csv", "GET"): "login   403     403     403     200/302 200",
    # IPS fidelity: the viewer's own municipality whatever the address says (another's
    # consultant is not a valid choice); admins have no team. The reviewer's form posted
    # without its period is a bad request.
    ("/statistik/ips-fidelitet", "GET"): "login   403     403     200     200     403",
    ("/statistik/ips-fidelitet/vurdering", "POST"): "login   403     403     403     400     403",
    ("/virksomhed/", "GET"): "login   403     200     403     403     403",
    (
        "/virksomhed/forslag/<int:placement_id>",
        "GET",
    ): "login   403     200/404 403     403     403",
    (
        "/virksomhed/forslag/<int:placement_id>",
        "POST",
    ): "login   403     200/404 403     403     403",
    (
        "/virksomhed/forslag/<int:placement_id>/opfoelgning/<int:followup_id>",
        "POST",
    ): "login   403     200/404 403     403     403",
    (
        "/virksomhed/forslag/<int:placement_id>/fravaer",
        "POST",
    ): "login   403     200/404 403     403     403",
    (
        "/virksomhed/forslag/<int:placement_id>/fravaer/<day>/fjern",
        "POST",
    ): "login   403     302/404 403     403     403",
    (
        "/virksomhed/forslag/<int:placement_id>/tillidsrepraesentant",
        "POST",
    ): "login   403     200/404 403     403     403",
    (
        "/virksomhed/forslag/<int:placement_id>/merbeskaeftigelse",
        "POST",
    ): "login   403     200/404 403     403     403",
    ("/virksomhed/kollega", "GET"): "login   403     200     403     403     403",
    ("/virksomhed/kollega", "POST"): "login   403     200     403     403     403",
    ("/virksomhed/tilmeld", "GET"): "200     302     302     302     302     302",
    ("/virksomhed/tilmeld", "POST"): "200     302     302     302     302     302",
    # Only after a MitID Erhverv sign-in with a new CVR: anyone else goes to the login page.
    ("/virksomhed/tilmeld/mitid", "GET"): "login   302     302     302     302     302",
    ("/virksomhed/tilmeld/mitid", "POST"): "login   302     302     302     302     302",
    ("/virksomheder/", "GET"): "login   403     403     200     403     200",
    ("/virksomheder/<int:employer_id>", "GET"): "login   403     403     200     403     200",
    (
        "/virksomheder/<int:employer_id>/cvr",
        "POST",
    ): "login   403     403     302     403     302",
    (
        "/virksomheder/<int:employer_id>/godkend",
        "POST",
    ): "login   403     403     302     403     302",
    (
        "/virksomheder/<int:employer_id>/kontakt",
        "POST",
    ): "login   403     403     200     403     200",
    (
        "/virksomheder/<int:employer_id>/suspender",
        "POST",
    ): "login   403     403     302     403     302",
    # CSV import: a municipality's consultants (and its admins; the admin here has none).
    # Posted without a file: the form's own 400, with its message.
    ("/import", "GET"): "login   403     403     200     403     403",
    ("/import/eksempel/<kind>.csv", "GET"): "login   403     403     200     403     403",
    ("/import/forhaandsvisning", "POST"): "login   403     403     400     403     403",
    ("/import/importer", "POST"): "login   403     403     400     403     403",
    # Calendars: the people with follow-ups of their own make and renew their feed link; the
    # feed itself has no login (a calendar app cannot log in), so a wrong link is 404 for all.
    ("/kalender/", "GET"): "login   200     200     200     403     403",
    ("/kalender/forny", "POST"): "login   200     200     200     403     403",
    ("/kalender/stop", "POST"): "login   302     302     302     403     403",
    ("/kalender/<token>.ics", "GET"): "404     404     404     404     404     404",
    # One follow-up as a .ics file, for those whose pages show it.
    (
        "/kalender/opfoelgning/<int:followup_id>.ics",
        "GET",
    ): "login   200/404 200/404 200/404 403     200",
    (
        "/forloeb/<int:placement_id>/opfoelgning/<int:followup_id>/tid-og-sted",
        "POST",
    ): "login   403     403     302/404 403     302",
}


@dataclass
class Side:
    """One municipality and one company with everyone and everything that belongs to them."""

    ids: dict[str, int]
    users: dict[str, object]


def _side(name: str, code: str) -> Side:
    municipality = create_municipality(name, code)
    company = create_employer(name=f"Firma {name} ApS")
    users = {
        "consultant": create_user(Role.CONSULTANT, municipality=municipality),
        "manager": create_user(Role.MANAGER, municipality=municipality),
        "employer": create_user(Role.EMPLOYER, employer=company),
        "admin": create_user(Role.ADMIN),
    }
    candidate = create_candidate(
        municipality, name=f"Borger {name}", consultant=users["consultant"]
    )
    candidate.cpr = "010190-1234"
    users["citizen"] = create_user(Role.CITIZEN, candidate=candidate)
    opening = create_opening(company, seats=3)
    start = date.today() + timedelta(days=14)
    placement = Placement(
        candidate=candidate,
        opening=opening,
        consultant=users["consultant"],
        status=PlacementStatus.ACCEPTED,
        hours_per_week=10,
        start_date=start,
        end_date=start + timedelta(weeks=8, days=-1),
    )
    db.session.add(placement)
    db.session.commit()
    lifecycle.agree(placement, users["consultant"])  # makes version 1 and plans the follow-ups
    grant = MentorGrant(
        placement=placement,
        mentor_name=f"Mentor {name}",
        mentor_kind=MentorKind.INTERNAL,
        hours_tenths=50,
        start_date=placement.start_date,
        end_date=placement.end_date,
        paid_by=MentorPayer.JOBCENTER,
    )
    db.session.add(grant)
    db.session.commit()
    assert placement.followups, "agreeing should plan follow-ups"
    erasure_request = ErasureRequest(
        candidate=candidate,
        requested_by=users["consultant"],
        reason=f"Borgeren {name} har bedt om det",
    )
    db.session.add(erasure_request)
    goal = goals.add_goal(candidate, f"Mål {name}")
    step = goals.add_step(goal, f"Trin {name}")
    tokens = {
        role: api_tokens.create_token(users[role], f"Nøgle {name}")[0]
        for role in ("manager", "admin")
    }
    notes = {
        role: notify(user, f"matrix:{name}:{role}", f"Besked til {role}")
        for role, user in users.items()
    }
    assert all(notes.values())
    db.session.commit()
    notification_ids = {
        role: db.session.scalar(select(Notification.id).where(Notification.user_id == user.id))
        for role, user in users.items()
    }
    # A mail to the consultant that could not be delivered, for the admin's "prøv igen".
    undeliverable = notify(users["consultant"], f"matrix:{name}:undeliverable", "Ikke sendt")
    undeliverable.email_state = EmailState.UNDELIVERABLE
    db.session.commit()
    ids = {
        "placement_id": placement.id,
        "candidate_id": candidate.id,
        "opening_id": opening.id,
        "employer_id": company.id,
        "workplace_id": company.workplaces[0].id,
        "followup_id": placement.followups[0].id,
        "grant_id": grant.id,
        "goal_id": goal.id,
        "step_id": step.id,
        "version": 1,
        "user_id": users["consultant"].id,
        "municipality_id": municipality.id,
        "request_id": erasure_request.id,
        "mail_id": undeliverable.id,
    }
    ids.update({f"token_id:{role}": token.id for role, token in tokens.items()})
    ids.update({f"notification_id:{role}": nid for role, nid in notification_ids.items()})
    return Side(ids=ids, users=users)


# Path parameters that are not ids: the same value on both sides.
_FIXED = {
    "action": "aftal",
    "day": "2026-01-05",
    "table_key": "placements_by_kind",
    "who": "borger",
    "filename": "css/app.css",
    "token": "ikke-et-gyldigt-link",
    "kind": "borgere",
}
# Routes whose object comes in the query string rather than the path.
_QUERY = {
    "/opslag/ny": lambda side: f"?virksomhed={side.ids['employer_id']}",
    "/arbejdssteder/ny": lambda side: f"?virksomhed={side.ids['employer_id']}",
    # A manager's statistics are their municipality's whatever the address says; another
    # municipality's consultant is not a valid choice, so the CSV is not made.
    "/statistik": lambda side: (
        f"?kommune={side.ids['municipality_id']}&konsulent={side.ids['user_id']}"
    ),
    "/statistik/<table_key>.csv": lambda side: (
        f"?kommune={side.ids['municipality_id']}&konsulent={side.ids['user_id']}"
    ),
    "/statistik/ips-fidelitet": lambda side: f"?konsulent={side.ids['user_id']}",
}
_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _fill(rule: str, side: Side, role: str) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name in _FIXED:
            return _FIXED[name]
        if name in ("token_id", "notification_id"):
            # Someone's own token or message; people without one get the manager's.
            owner = role if f"{name}:{role}" in side.ids else "manager"
            return str(side.ids[f"{name}:{owner}"])
        if name not in side.ids:
            pytest.fail(f"{rule}: no value for <{name}>; teach _side() and _fill() about it")
        return str(side.ids[name])

    return _PARAM.sub(value, rule)


def _answer(response) -> str:
    if response.status_code == 302 and response.location.split("?")[0].endswith("/login"):
        return "login"
    return str(response.status_code)


def _routes(app) -> list[tuple[str, str]]:
    pairs = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    # Reads first, then writes; logging out last, so it does not end the walk early.
    return sorted(pairs, key=lambda p: (p[1] != "GET", p[0] == "/logout", p))


def _walk(app, client, role: str) -> dict[tuple[str, str], str]:
    mine, theirs = _side("Viborg", "791"), _side("Skive", "779")
    if role != "anonymous":
        assert log_in(client, mine.users[role].email).status_code == 302
    # One token serves every form of the session, as in a browser: a refusal below is then the
    # access rule's, never a missing token's.
    token = _csrf_token(client)
    seen = {}
    for rule, method in _routes(app):
        answers = []
        # A route without parameters or a query naming an object is asked once: the same
        # address twice would only ask again (and a second logout would find no session).
        sides = (mine, theirs) if _PARAM.search(rule) or rule in _QUERY else (mine,)
        for side in sides:
            data = {"csrf_token": token} if method == "POST" else {}
            if "foreslaa" in rule:
                data["opening_id"] = str(side.ids["opening_id"])
            url = _fill(rule, side, role) + _QUERY.get(rule, lambda side: "")(side)
            response = client.open(url, method=method, data=data)
            answers.append(_answer(response))
        seen[(rule, method)] = "/".join(dict.fromkeys(answers))
    return seen


def _csrf_token(client) -> str:
    for path in ("/login", "/beskeder/", "/glemt-adgangskode"):
        page = client.get(path)
        if page.status_code == 200 and 'name="csrf_token"' in page.get_data(as_text=True):
            return csrf_token(client, path)
    pytest.fail("no page with a form to take a CSRF token from")


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_table_says(app, client, role):
    seen = _walk(app, client, role)
    column = ROLES.index(role)
    missing = sorted(key for key in seen if key not in EXPECTED)
    assert not missing, "routes not in EXPECTED; add a row for each:\n" + "\n".join(
        f"    {key!r}: ..." for key in missing
    )
    wrong = [
        f"{method} {rule}: expected {EXPECTED[(rule, method)].split()[column]}, got {got}"
        for (rule, method), got in seen.items()
        if EXPECTED[(rule, method)].split()[column] != got
    ]
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


def test_the_table_has_no_rows_for_routes_that_are_gone(app):
    gone = sorted(set(EXPECTED) - set(_routes(app)))
    assert not gone, f"EXPECTED has rows for routes the app no longer has: {gone}"


def test_each_row_names_an_answer_for_every_role():
    allowed = re.compile(r"^(200|302|400|401|403|404|login)(/(200|302|400|401|403|404|login))?$")
    for key, row in EXPECTED.items():
        answers = row.split()
        assert len(answers) == len(ROLES), key
        assert all(allowed.match(answer) for answer in answers), (key, row)
