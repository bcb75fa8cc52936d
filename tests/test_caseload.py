"""The consultant's caseload: search by name, filter by status and by "needs a proposal"."""
from placement.models import CandidateStatus, PlacementStatus, Role

from .factories import create_candidate, create_municipality, create_placement


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
