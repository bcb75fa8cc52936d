"""The consultant's caseload: search by name, filter by status and by "needs a proposal"."""

from placement.models import CandidateStatus, PlacementStatus, Role
from tests.factories import create_candidate, create_municipality, create_placement


def test_search_and_filters(client, login):
    viborg = create_municipality()
    create_candidate(viborg, name="Søren Ærø")
    create_candidate(viborg, name="Anna Berg", status=CandidateStatus.PAUSED)
    proposed = create_candidate(viborg, name="Bo Bach")
    create_placement(candidate=proposed, status=PlacementStatus.PROPOSED)
    ended = create_candidate(viborg, name="Dorte Dam")
    create_placement(candidate=ended, status=PlacementStatus.COMPLETED)
    login(Role.CONSULTANT, municipality=viborg)

    def names(query):
        page = client.get(f"/borgere?{query}").get_data(as_text=True)
        return {n for n in ("Søren Ærø", "Anna Berg", "Bo Bach", "Dorte Dam") if n in page}

    assert names("q=søren") == {"Søren Ærø"}
    assert names("q=ærø") == {"Søren Ærø"}
    assert names("status=paused") == {"Anna Berg"}
    # Looking, with nothing proposed or running: the finished placement does not count.
    assert names("mangler_forslag=1") == {"Søren Ærø", "Dorte Dam"}
    assert names("status=nonsense&q=%25") == set()


def test_a_large_caseload_is_shown_a_page_at_a_time_own_citizens_first(client, login):
    viborg = create_municipality()
    consultant = login(Role.CONSULTANT, municipality=viborg)
    own = [
        create_candidate(viborg, name=f"Ølle Egen {n}", consultant=consultant).name
        for n in range(2)
    ]
    others = [create_candidate(viborg, name=f"Anna Anden {n:02d}").name for n in range(51)]

    first = client.get("/borgere").get_data(as_text=True)
    assert "53 borgere" in first and "Side 1 af 2" in first
    assert first.index(own[1]) < first.index(others[0])
    assert all(name in first for name in own + others[:48])
    assert others[48] not in first
    assert 'href="/borgere?side=2" rel="next">Næste side' in first

    second = client.get("/borgere?side=2").get_data(as_text=True)
    assert [name for name in own + others if name in second] == others[48:]
    assert "Side 2 af 2" in second and "Forrige side" in second
    # A page past the end shows the last one; the filters stay on the links.
    assert others[50] in client.get("/borgere?side=9").get_data(as_text=True)
    filtered = client.get("/borgere?q=anden&side=1").get_data(as_text=True)
    assert "51 borgere" in filtered and "q=anden" in filtered and "side=2" in filtered


def test_url_for_keywords_in_the_address_neither_break_nor_steer_the_page_links(client, login):
    # Passed on to url_for, ?_scheme=... made the caseload a 500 and ?_anchor=... went into
    # every page link.
    viborg = create_municipality()
    login(Role.CONSULTANT, municipality=viborg)
    for n in range(51):
        create_candidate(viborg, name=f"Anna Anden {n:02d}")

    response = client.get("/borgere?q=anden&_scheme=javascript&_external=1&_anchor=x&_method=GET")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Side 1 af 2" in page
    assert 'href="/borgere?q=anden&amp;side=2" rel="next">Næste side' in page


def test_the_pages_together_are_the_whole_caseload_in_order(app):
    from placement.citizens.caseload import caseload_page, caseload_query
    from placement.extensions import db
    from placement.models import User
    from tests.factories import create_user

    viborg = create_municipality()
    consultant = create_user(Role.CONSULTANT, municipality=viborg)
    colleague = create_user(Role.CONSULTANT, municipality=viborg)
    for n, owner in enumerate([consultant, colleague, None] * 4):
        create_candidate(
            viborg,
            name=f"Borger {n % 5}",
            consultant=owner,
            status=CandidateStatus.PAUSED if n % 4 == 0 else CandidateStatus.LOOKING,
        )
    create_candidate(create_municipality("Skive", "779"), name="Borger i Skive")
    user = db.session.get(User, consultant.id)
    for filters in ({}, {"status": CandidateStatus.LOOKING}, {"search": "borger 1"}):
        whole = db.session.scalars(caseload_query(user, **filters)).all()
        pages = [caseload_page(user, **filters, number=n, size=5) for n in range(1, 5)]
        assert [c.id for page in pages for c in page.items][: len(whole)] == [c.id for c in whole]
        assert all(page.total == len(whole) for page in pages)
