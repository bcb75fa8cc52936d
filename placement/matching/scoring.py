"""Pure scoring of one citizen against one opening, with reasons a consultant can read aloud."""

from __future__ import annotations

import bisect
import heapq
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import flask
import flask_babel
import snowballstemmer

from placement.models.kinds import Kind

# --- weights -----------------------------------------------------------------------------------
# Needs come first: an adaptation the citizen needs decides whether the place can work at all,
# so the share of needs offered is the biggest single part of the score.
NEEDS_POINTS = 40
# Each missing must-have costs more than the most any opening can earn
# (NEEDS_POINTS + WORDS_MAX_POINTS + KIND_POINTS + HOURS_POINTS = 90), so an opening with a
# must-have missing always ranks below every opening that has them all.
MUST_HAVE_MISSING_PENALTY = 1000
# Shared words show the work may suit the person; capped so a long text cannot outweigh needs.
WORD_POINTS = 5
WORDS_MAX_POINTS = 30
# Wishes: a kind the citizen asked for, and hours that fit from day one without stepping up.
KIND_POINTS = 10
HOURS_POINTS = 10

# Words shorter than this say little ("og", "i", "på").
MIN_WORD_LENGTH = 3
# Danish compounds put the modifier first ("lagerarbejde"): a word's prefixes of at least this
# length are stemmed too, so "lager" meets "lagerarbejde". Shorter prefixes match too much
# ("lag" in "lagkage").
COMPOUND_PREFIX_MIN = 4
MAX_WORDS_SHOWN = 5

# Danish stop words (from Snowball's list) and words almost every job text or profile has.
STOP_WORDS = frozenset(
    """
    alle anden blev blive bliver dem den denne der deres dette dig din disse dog efter eller end
    for fra han ham hans har havde have hende hendes her hos hun hvad hvis hvor ikke ind jeg jer
    kan kunne man mange med meget men mig min mine mit mod ned noget nogle når også over på sig
    sin sine sit skal skulle som selv sådan thi til ud under var vil ville vor være været
    arbejde job opgave opgaver gerne godt lidt erfaring
""".split()
)


def _(text: str, **variables) -> str:
    """gettext inside the app (so the lead's catalogue applies), plain Danish outside it.
    Named _ so Babel's extraction finds these texts."""
    if flask.has_app_context():
        return flask_babel.gettext(text, **variables)
    return text % variables if variables else text


@dataclass(frozen=True)
class Need:
    adaptation_id: int
    label: str
    must_have: bool = False


# The profiles are named tuples, not frozen dataclasses: matching makes them by the thousand
# (every opening a citizen who takes any job anywhere can have), and a tuple is made in a third
# of the time.
class CandidateProfile(NamedTuple):
    id: int
    max_hours: int | None = None
    kinds: tuple[Kind, ...] = ()
    needs: tuple[Need, ...] = ()
    skills: str = ""
    interests: str = ""


class OpeningProfile(NamedTuple):
    id: int
    kind: Kind
    hours_min: int
    hours_max: int
    adaptation_ids: frozenset[int] = frozenset()
    title: str = ""
    description: str = ""
    tasks: str = ""
    skills: str = ""


@dataclass(frozen=True)
class Match:
    candidate_id: int
    opening_id: int
    score: int
    reasons: tuple[str, ...] = ()
    missing_must_haves: tuple[str, ...] = ()


# --- words -------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
# A Snowball stemmer keeps state between calls: one per thread.
_local = threading.local()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("danish")
    return stemmer.stemWord(word.lower())


_STOP_STEMS = frozenset(stem(word) for word in STOP_WORDS)


@lru_cache(maxsize=50_000)
def _keys(word: str) -> frozenset[str]:
    """The word's stem and the stems of its longer prefixes (the first parts of a compound)."""
    return frozenset({stem(word)} | {stem(word[:i]) for i in range(COMPOUND_PREFIX_MIN, len(word))})


def words(text: str) -> list[str]:
    """The meaningful words of a text, lower case, in order."""
    return [
        w
        for w in _WORD.findall(text.lower())
        if len(w) >= MIN_WORD_LENGTH and w not in STOP_WORDS and stem(w) not in _STOP_STEMS
    ]


def shared_words(person_text: str, opening_text: str) -> list[str]:
    """The person's words (as they wrote them, one per stem, in order) that meet the opening's
    text by stem or as the first part of a compound, in either direction."""
    return _shared(_person_words(person_text), *_opening_stems_and_keys(opening_text))


# shared_words in parts, so that ranking many openings for one person (or many persons for one
# opening) prepares the side that stays the same only once.


def _person_words(person_text: str) -> list[tuple[str, str]]:
    return [(word, stem(word)) for word in words(person_text)]


def _opening_stems_and_keys(opening_text: str) -> tuple[set[str], set[str]]:
    opening_words = set(words(opening_text))
    opening_stems = {stem(w) for w in opening_words}
    opening_keys = set().union(*(_keys(w) for w in opening_words)) if opening_words else set()
    return opening_stems, opening_keys


def _shared(person_words, opening_stems, opening_keys) -> list[str]:
    found: dict[str, str] = {}
    for word, s in person_words:
        if s not in found and (s in opening_keys or _keys(word) & opening_stems):
            found[s] = word
    return list(found.values())


# --- the score ---------------------------------------------------------------------------------


def score(candidate: CandidateProfile, opening: OpeningProfile) -> Match:
    """Score an opening that already passed the hard limits (kind, hours, place, seats, ratio)."""
    reasons: list[str] = []

    offered = [n for n in candidate.needs if n.adaptation_id in opening.adaptation_ids]
    missing = [n for n in candidate.needs if n.adaptation_id not in opening.adaptation_ids]
    missing_must = [_mid_sentence(n.label) for n in missing if n.must_have]
    if candidate.needs:
        # Missing must-haves get their own sentence below; here only the nice-to-haves.
        nice_missing = [_mid_sentence(n.label) for n in missing if not n.must_have]
        if nice_missing:
            reasons.append(
                _(
                    "Tilbyder %(offered)d af %(total)d tilpasninger – mangler: %(labels)s",
                    offered=len(offered),
                    total=len(candidate.needs),
                    labels=", ".join(nice_missing),
                )
            )
        else:
            reasons.append(
                _(
                    "Tilbyder %(offered)d af %(total)d tilpasninger",
                    offered=len(offered),
                    total=len(candidate.needs),
                )
            )
    if len(missing_must) == 1:
        reasons.append(_("Mangler nødvendig tilpasning: %(label)s", label=missing_must[0]))
    elif missing_must:
        reasons.append(
            _("Mangler nødvendige tilpasninger: %(labels)s", labels=", ".join(missing_must))
        )

    _hours(candidate, opening, reasons)

    if candidate.kinds and opening.kind in candidate.kinds:
        reasons.append(_("Ønsket jobtype: %(kind)s", kind=str(opening.kind.label)))

    shared = shared_words(_person_text(candidate), _opening_text(opening))
    if shared:
        reasons.append(_("Ord der matcher: %(words)s", words=", ".join(shared[:MAX_WORDS_SHOWN])))

    return Match(
        candidate_id=candidate.id,
        opening_id=opening.id,
        score=base_points(candidate, opening) + word_points(len(shared)),
        reasons=tuple(reasons),
        missing_must_haves=tuple(missing_must),
    )


def base_points(candidate: CandidateProfile, opening: OpeningProfile) -> int:
    """The score without the shared words: needs offered, must-haves missing, hours, kind."""
    offered = must_missing = 0
    for need in candidate.needs:
        if need.adaptation_id in opening.adaptation_ids:
            offered += 1
        elif need.must_have:
            must_missing += 1
    # Nothing needed is nothing missing: the whole share.
    points = NEEDS_POINTS * offered // len(candidate.needs) if candidate.needs else NEEDS_POINTS
    points -= MUST_HAVE_MISSING_PENALTY * must_missing
    if _hours_fit(candidate, opening):
        points += HOURS_POINTS
    if candidate.kinds and opening.kind in candidate.kinds:
        points += KIND_POINTS
    return points


def word_points(shared: int) -> int:
    return min(WORD_POINTS * shared, WORDS_MAX_POINTS)


def _person_text(candidate: CandidateProfile) -> str:
    return f"{candidate.skills}\n{candidate.interests}"


def _opening_text(opening: OpeningProfile) -> str:
    return "\n".join((opening.title, opening.description, opening.tasks, opening.skills))


def _mid_sentence(label: str) -> str:
    """A catalogue label inside a sentence: "Stille arbejdsplads" -> "stille arbejdsplads",
    but an abbreviation such as "IT-støtte" keeps its capitals."""
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _hours_fit(candidate: CandidateProfile, opening: OpeningProfile) -> bool:
    """From day one, that is: the hard limit lets through an opening that starts at
    hours_min within the citizen's hours and steps up beyond them."""
    return candidate.max_hours is None or opening.hours_max <= candidate.max_hours


def _hours(candidate: CandidateProfile, opening: OpeningProfile, reasons: list[str]) -> None:
    low, high = opening.hours_min, opening.hours_max
    if not _hours_fit(candidate, opening):
        reasons.append(
            _("Kan starte med %(low)d t/uge og trappe op til %(high)d", low=low, high=high)
        )
    elif low == high:
        reasons.append(_("Timer passer: %(hours)d t/uge", hours=low))
    else:
        reasons.append(_("Timer passer: %(low)d–%(high)d t/uge", low=low, high=high))


def rank_openings(candidate: CandidateProfile, openings) -> list[Match]:
    """Best first; equal scores by opening id, so the same data always gives the same order."""
    return sorted((score(candidate, o) for o in openings), key=lambda m: (-m.score, m.opening_id))


def rank_candidates(candidates, opening: OpeningProfile) -> list[Match]:
    """Best first; equal scores by candidate id."""
    return sorted((score(c, opening) for c in candidates), key=lambda m: (-m.score, m.candidate_id))


# --- the top of a long list --------------------------------------------------------------------
# A consultant sees the best 20; scoring every opening (or citizen) that passes the hard limits
# compares the words of thousands of texts and writes thousands of reasons to keep 20. These
# give exactly rank_openings(...)[:limit] and rank_candidates(...)[:limit], with less work.


def best_openings(
    candidate: CandidateProfile,
    openings: Iterable[OpeningProfile],
    limit: int,
    keep: Callable[[list[OpeningProfile]], Iterable[int]] | None = None,
) -> list[Match]:
    """rank_openings(candidate, openings)[:limit], of the openings `keep` keeps if given.

    The openings are taken in order of the most they can score (then by id); once that cannot
    beat the limit-th best so far, no later opening can take a place and the rest are left.
    The most is first the base points and WORD_POINTS for each of the person's words, then,
    when an opening comes up, for each word that could be in its text (_could_share), and only
    then are the words compared. keep(openings) answers which ids still count, asked a few at
    a time in the same order: for a check too costly to make for all of them."""
    if limit <= 0:
        return []
    person = _person_words(_person_text(candidate))
    needles = _needles(person)
    all_words = word_points(len({s for _, s in needles}))
    # (-most, id, base points, whether the most has looked at the text, opening)
    heap = []
    for opening in openings:
        base = base_points(candidate, opening)
        heap.append((-(base + all_words), opening.id, base, not needles, opening))
    heapq.heapify(heap)

    top: list[tuple[int, int, OpeningProfile]] = []  # (-score, id, opening), best first

    def out_of_reach(most: int, opening_id: int) -> bool:
        # At best it ties the last place, with a higher id, and so does everything after it.
        return len(top) == limit and (-most, opening_id) > top[-1][:2]

    size = max(2 * limit, 50)
    while heap and not out_of_reach(-heap[0][0], heap[0][1]):
        batch: list[tuple[int, int, OpeningProfile]] = []
        while heap and len(batch) < size and not out_of_reach(-heap[0][0], heap[0][1]):
            minus_most, opening_id, base, looked, opening = heapq.heappop(heap)
            if looked:
                batch.append((-minus_most, base, opening))
            else:
                most = base + word_points(_could_share(needles, _opening_text(opening)))
                heapq.heappush(heap, (-most, opening_id, base, True, opening))
        if not batch:
            break
        size *= 2
        kept = None if keep is None else set(keep([opening for _, _, opening in batch]))
        for most, base, opening in batch:
            if out_of_reach(most, opening.id) or (kept is not None and opening.id not in kept):
                continue
            points = base
            if most > base:
                shared = _shared(person, *_opening_stems_and_keys(_opening_text(opening)))
                points += word_points(len(shared))
            bisect.insort(top, (-points, opening.id, opening))
            del top[limit:]
    return [score(candidate, opening) for _, _, opening in top]


def best_candidates(
    candidates: Iterable[CandidateProfile], opening: OpeningProfile, limit: int
) -> list[Match]:
    """rank_candidates(candidates, opening)[:limit]: the opening's words prepared once, and
    reasons written only for the best."""
    stems, keys = _opening_stems_and_keys(_opening_text(opening))

    def order(candidate: CandidateProfile) -> tuple[int, int]:
        shared = _shared(_person_words(_person_text(candidate)), stems, keys)
        return -(base_points(candidate, opening) + word_points(len(shared))), candidate.id

    return [score(c, opening) for c in heapq.nsmallest(max(limit, 0), candidates, key=order)]


# The Danish Snowball stemmer only takes letters off the end of a word, so every key of a word
# (its stem and the stems of its prefixes) is a beginning of that word. A person's word can
# therefore meet an opening's text only if its shortest key stands somewhere in the text, in
# lower case: shared_words finds the meeting key inside an opening word, or an opening word's
# stem among the person word's keys, and either contains the shortest key.
# (tests/matching/test_matching.py holds the stemmer to this.)


def _needles(person_words) -> tuple[tuple[str, str], ...]:
    """(the shortest key, the stem) of each of the person's words."""
    return tuple({(min(_keys(word), key=len), s) for word, s in person_words})


def _could_share(needles, opening_text: str) -> int:
    """At least as many as len(shared_words(...)) for the person the needles are from."""
    if not needles:
        return 0
    text = opening_text.lower()
    return len({s for needle, s in needles if needle in text})
