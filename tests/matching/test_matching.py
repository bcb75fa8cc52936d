"""The pure scorer: order, Danish stemming, the reasons a consultant reads aloud, determinism."""

import random
import threading

from placement.matching.scoring import (
    MUST_HAVE_MISSING_PENALTY,
    CandidateProfile,
    Need,
    OpeningProfile,
    best_candidates,
    best_openings,
    rank_candidates,
    rank_openings,
    score,
    shared_words,
    stem,
)
from placement.models import Kind

QUIET = Need(1, "Stille arbejdsplads")
TOILET = Need(2, "Handicaptoilet", must_have=True)
BREAKS = Need(3, "Ekstra pauser")
MENTOR = Need(4, "Mentor eller makker")


def opening(id=1, kind=Kind.INTERNSHIP, hours=(10, 15), offers=(), **text):
    return OpeningProfile(
        id=id,
        kind=kind,
        hours_min=hours[0],
        hours_max=hours[1],
        adaptation_ids=frozenset(offers),
        **text,
    )


def person(id=1, max_hours=20, kinds=(), needs=(), skills="", interests=""):
    return CandidateProfile(
        id=id,
        max_hours=max_hours,
        kinds=tuple(kinds),
        needs=tuple(needs),
        skills=skills,
        interests=interests,
    )


def test_the_reasons_for_a_small_case_read_as_plain_danish():
    citizen = person(
        max_hours=20,
        kinds=[Kind.INTERNSHIP],
        needs=[QUIET, TOILET, BREAKS, MENTOR],
        skills="Truckcertifikat. Har arbejdet på lager.",
        interests="Dyr",
    )
    match = score(
        citizen,
        opening(
            offers={2, 3, 4}, title="Lagermedhjælper", description="Du kører truck på lageret."
        ),
    )
    assert match.reasons == (
        "Tilbyder 3 af 4 tilpasninger – mangler: stille arbejdsplads",
        "Timer passer: 10–15 t/uge",
        "Ønsket jobtype: Virksomhedspraktik",
        "Ord der matcher: truckcertifikat, lager",
    )


def test_a_missing_must_have_is_named_on_its_own():
    match = score(person(needs=[QUIET, TOILET]), opening(offers={1}))
    assert match.reasons[:2] == (
        "Tilbyder 1 af 2 tilpasninger",
        "Mangler nødvendig tilpasning: handicaptoilet",
    )
    assert match.missing_must_haves == ("handicaptoilet",)
    several = score(person(needs=[TOILET, Need(5, "Adgang uden trin", must_have=True)]), opening())
    assert "Mangler nødvendige tilpasninger: handicaptoilet, adgang uden trin" in several.reasons


def test_an_abbreviation_keeps_its_capitals_in_a_sentence():
    match = score(person(needs=[Need(9, "IT-hjælpemidler")]), opening())
    assert match.reasons[0] == "Tilbyder 0 af 1 tilpasninger – mangler: IT-hjælpemidler"


def test_hours_that_need_a_step_up_are_said_so_and_rank_below_hours_that_fit():
    citizen = person(max_hours=15)
    step_up = score(citizen, opening(id=1, hours=(10, 25)))
    fits = score(citizen, opening(id=2, hours=(10, 15)))
    exact = score(citizen, opening(id=3, hours=(12, 12)))
    assert "Kan starte med 10 t/uge og trappe op til 25" in step_up.reasons
    assert "Timer passer: 10–15 t/uge" in fits.reasons
    assert "Timer passer: 12 t/uge" in exact.reasons
    assert fits.score > step_up.score
    assert (
        "Timer passer: 10–25 t/uge"
        in score(person(max_hours=None), opening(hours=(10, 25))).reasons
    )


def test_a_wished_kind_adds_to_the_score_and_is_named():
    citizen = person(kinds=[Kind.FLEXJOB, Kind.INTERNSHIP])
    wished = score(citizen, opening(kind=Kind.FLEXJOB))
    assert "Ønsket jobtype: Fleksjob" in wished.reasons
    assert wished.score > score(person(), opening(kind=Kind.FLEXJOB)).score


def test_all_must_haves_met_beats_a_better_word_match_with_one_missing():
    citizen = person(needs=[TOILET, QUIET], skills="lager truck pakning kunder kasse butik")
    words_only = opening(
        id=1, offers={1}, title="Lager og butik", description="Truck, pakning, kunder og kasse."
    )
    must_haves_met = opening(id=2, offers={2}, title="Køkkenhjælp")
    ranked = rank_openings(citizen, [words_only, must_haves_met])
    assert [m.opening_id for m in ranked] == [2, 1]
    assert ranked[1].score < 0 < ranked[0].score


def test_the_penalty_outweighs_everything_an_opening_can_earn():
    citizen = person(
        kinds=[Kind.INTERNSHIP],
        needs=[TOILET, QUIET],
        skills=" ".join(f"ord{chr(97 + i)}ting" for i in range(20)),
    )
    best_but_missing = opening(offers={1}, title=citizen.skills)
    assert score(citizen, best_but_missing).score + MUST_HAVE_MISSING_PENALTY > 0
    assert score(citizen, best_but_missing).score < score(citizen, opening(offers={2})).score


def test_more_needs_offered_ranks_higher():
    citizen = person(needs=[QUIET, BREAKS, MENTOR])
    ranked = rank_openings(
        citizen,
        [opening(id=1, offers={1}), opening(id=2, offers={1, 3, 4}), opening(id=3, offers={1, 3})],
    )
    assert [m.opening_id for m in ranked] == [2, 3, 1]


def test_danish_stemming_meets_inflections_and_compounds():
    assert shared_words("lager", "Arbejde på lageret") == ["lager"]
    assert shared_words("lager", "Lagerarbejde i Viborg") == ["lager"]
    assert shared_words("lagerarbejde", "Vi har et lager") == ["lagerarbejde"]
    assert shared_words("rengøring", "Rengøringsassistent søges") == ["rengøring"]
    assert shared_words("Kunder, kunde og kunderne", "Service for kunden") == ["kunder"]


def test_short_words_stop_words_and_loose_prefixes_do_not_match():
    assert (
        shared_words("Jeg vil gerne arbejde med IT og at være på", "Jeg vil arbejde med IT") == []
    )
    assert shared_words("lager", "Bager søges til lagkage") == []


def test_more_shared_words_score_higher_but_are_capped():
    citizen = person(skills="lager truck")
    one = score(citizen, opening(id=1, title="Lager"))
    two = score(citizen, opening(id=2, title="Lager med truck"))
    assert two.score > one.score > score(citizen, opening(id=3, title="Køkken")).score
    many = " ".join(f"ting{chr(97 + i)}{chr(97 + j)}" for i in range(5) for j in range(5))
    huge = score(person(skills=many), opening(title=many))
    some = score(person(skills=many), opening(title=" ".join(many.split()[:6])))
    assert huge.score == some.score
    assert huge.reasons[-1].count(",") == 4  # five words shown, not twenty-five


def test_ties_are_broken_by_id_and_the_order_is_the_same_every_time():
    citizen = person(skills="lager")
    openings = [opening(id=i, title="Lager") for i in (9, 2, 5)]
    first = rank_openings(citizen, openings)
    assert [m.opening_id for m in first] == [2, 5, 9]
    assert rank_openings(citizen, list(reversed(openings))) == first
    people = [person(id=i, skills="lager") for i in (7, 3, 4)]
    assert [m.candidate_id for m in rank_candidates(people, opening(title="Lager"))] == [3, 4, 7]


def test_candidates_are_ranked_by_the_same_score():
    target = opening(offers={1}, title="Lager")
    people = [
        person(id=1, needs=[TOILET]),
        person(id=2, needs=[QUIET], skills="lager"),
        person(id=3, needs=[QUIET]),
    ]
    assert [m.candidate_id for m in rank_candidates(people, target)] == [2, 3, 1]


def test_reasons_are_danish_also_outside_the_app():
    results = []
    # A new thread has no Flask app context: the plain Danish path.
    thread = threading.Thread(
        target=lambda: results.append(score(person(needs=[QUIET]), opening(offers={1})).reasons)
    )
    thread.start()
    thread.join()
    assert results == [("Tilbyder 1 af 1 tilpasninger", "Timer passer: 10–15 t/uge")]


# --- the top of a long list: the same 20 a full ranking gives, with less work ------------------

WORDS = (
    "lager lageret lagerarbejde truck truckcertifikat rengøring rengøringsassistent køkken "
    "køkkenhjælp pakning pakke pakker kunder kundeservice have havearbejde gartner dyr "
    "dyrepasser excel regnskab orden holde musik tysk engelsk maskiner bil biler kørekort "
    "butik butiksassistent opvask kantine tøj varer reoler hækkene bede spisesalen "
    "Ærø Øresund Åbenrå"
).split()
NEEDS = (QUIET, TOILET, BREAKS, MENTOR)


def _random_text(rng: random.Random, most: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, most)))


def _random_world(seed: int):
    rng = random.Random(seed)
    kinds = list(Kind)
    openings = []
    for i in range(1, 301):
        low = rng.choice((5, 10, 15, 20, 25))
        openings.append(
            opening(
                id=rng.randint(1, 10_000) * 1000 + i,
                kind=rng.choice(kinds),
                hours=(low, low + rng.choice((0, 5, 10))),
                offers=set(rng.sample(range(1, 5), rng.randint(0, 3))),
                title=_random_text(rng, 3),
                description=_random_text(rng, 12),
                tasks=_random_text(rng, 4),
                skills=_random_text(rng, 3),
            )
        )
    people = [
        person(
            id=rng.randint(1, 10_000) * 1000 + i,
            max_hours=rng.choice((None, 10, 15, 20, 30)),
            kinds=rng.sample(kinds, rng.randint(0, 2)),
            needs=rng.sample(NEEDS, rng.randint(0, 3)),
            skills=_random_text(rng, 4),
            interests=_random_text(rng, 3),
        )
        for i in range(1, 101)
    ]
    return openings, people


def test_the_best_openings_are_the_top_of_the_whole_ranking():
    for seed in range(2):
        openings, people = _random_world(seed)
        for citizen in people[:20]:
            ranked = rank_openings(citizen, openings)
            for limit in (1, 5, 20):
                assert best_openings(citizen, openings, limit) == ranked[:limit]


def test_openings_the_check_drops_are_left_out_of_the_best():
    openings, people = _random_world(7)
    asked = []

    def keep(batch):
        asked.append(len(batch))
        return [o.id for o in batch if o.id % 3]

    for citizen in people[:30]:
        kept = [o for o in openings if o.id % 3]
        assert best_openings(citizen, openings, 20, keep=keep) == rank_openings(citizen, kept)[:20]
    # Asked a batch at a time, and not about all 300 for every citizen.
    assert sum(asked) < 30 * len(openings)


def test_the_best_candidates_are_the_top_of_the_whole_ranking():
    openings, people = _random_world(11)
    for target in openings[:30]:
        ranked = rank_candidates(people, target)
        for limit in (1, 20):
            assert best_candidates(people, target, limit) == ranked[:limit]


def test_a_stem_is_always_the_start_of_its_word():
    # best_openings leaves out texts without the start of a person's word; that is only right
    # while the stemmer takes letters off the end of a word and never changes the rest.
    rng = random.Random(3)
    endings = [
        "",
        "e",
        "en",
        "er",
        "et",
        "ene",
        "erne",
        "ernes",
        "heden",
        "erede",
        "s",
        "st",
        "ig",
        "lig",
        "elig",
        "els",
        "løst",
        "gd",
        "dt",
        "gt",
        "kt",
        "igst",
        "nn",
        "ss",
    ]
    words = [w.lower() for w in WORDS]
    words += [
        "".join(rng.choice("abdefgiklmnoprstuvæøå") for _ in range(rng.randint(3, 9)))
        + rng.choice(endings)
        for _ in range(3000)
    ]
    assert [w for w in words if not w.startswith(stem(w))] == []
