"""Consultants see ranked openings for a citizen (and citizens for an opening) and propose."""

from sqlalchemy import select

from placement.extensions import db
from placement.models import (
    CandidateKind,
    CandidatePlace,
    Kind,
    Placement,
    PlacementStatus,
    Role,
)
from tests.conftest import post_form
from tests.factories import create_candidate, create_municipality, create_opening


def _looking_citizen(municipality, **fields):
    candidate = create_candidate(municipality, skills="lager og truck", max_hours=20, **fields)
    candidate.kinds = [CandidateKind(kind=Kind.INTERNSHIP)]
    candidate.places = [CandidatePlace(postcode="8800")]
    db.session.commit()
    return candidate


def test_consultant_sees_ranked_openings_with_reasons_and_proposes(client, login):
    viborg = create_municipality()
    consultant = login(Role.CONSULTANT, municipality=viborg)
    citizen = _looking_citizen(viborg, name="Lise Lager")
    best = create_opening(
        title="Lagerpraktik", skills="lageret, pakning", hours_min=10, hours_max=15
    )
    create_opening(title="Kontorpraktik", skills="regneark", hours_min=10, hours_max=15)
    create_opening(title="Fleksjob", kind=Kind.FLEXJOB)  # not wanted: left out

    page = client.get(f"/borgere/{citizen.id}/job").get_data(as_text=True)
    assert page.index("Lagerpraktik") < page.index("Kontorpraktik")
    assert "Fleksjob" not in page
    assert "Timer passer: 10–15 t/uge" in page and "Ord der matcher: lager" in page

    response = post_form(
        client,
        f"/borgere/{citizen.id}/foreslaa",
        {"opening_id": str(best.id)},
        form_page=f"/borgere/{citizen.id}/job",
        follow_redirects=True,
    )
    assert "Lise Lager er foreslået til Lagerpraktik" in response.get_data(as_text=True)
    placement = db.session.scalar(select(Placement).where(Placement.candidate_id == citizen.id))
    assert placement.status == PlacementStatus.PROPOSED
    assert placement.consultant_id == consultant.id
    # Proposed now: the same opening is no longer offered for this citizen.
    assert "Lagerpraktik" not in client.get(f"/borgere/{citizen.id}/job").get_data(as_text=True)


def test_consultant_sees_ranked_citizens_for_an_opening(client, login):
    viborg = create_municipality()
    login(Role.CONSULTANT, municipality=viborg)
    _looking_citizen(viborg, name="Lise Lager")
    _looking_citizen(create_municipality("Silkeborg", "740"), name="Sune Silkeborg")
    opening = create_opening(title="Lagerpraktik", skills="lager")
    page = client.get(f"/opslag/{opening.id}/borgere").get_data(as_text=True)
    assert "Lise Lager" in page
    assert "Sune Silkeborg" not in page  # another municipality's citizen


def test_another_municipality_cannot_propose_or_see_matches(client, login):
    citizen = _looking_citizen(create_municipality())
    login(Role.CONSULTANT, municipality=create_municipality("Silkeborg", "740"))
    opening = create_opening()
    assert client.get(f"/borgere/{citizen.id}/job").status_code == 404
    response = post_form(
        client,
        f"/borgere/{citizen.id}/foreslaa",
        {"opening_id": str(opening.id)},
        form_page="/borgere",
    )
    assert response.status_code == 404
    assert db.session.scalar(select(Placement.id)) is None


def test_the_profile_shows_what_the_citizen_marked_with_interest(client, login):
    from placement.models import OpeningInterest

    viborg = create_municipality()
    login(Role.CONSULTANT, municipality=viborg)
    citizen = _looking_citizen(viborg)
    db.session.add(
        OpeningInterest(
            candidate_id=citizen.id, opening_id=create_opening(title="Gartnerpraktik").id
        )
    )
    db.session.commit()
    page = client.get(f"/borgere/{citizen.id}").get_data(as_text=True)
    assert "Pladser borgeren har vist interesse for" in page and "Gartnerpraktik" in page
