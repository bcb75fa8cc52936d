"""Pure scoring of one citizen against one opening, with reasons a consultant can read aloud."""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import flask
import flask_babel
import snowballstemmer

from .models.kinds import Kind

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
STOP_WORDS = frozenset("""
    alle anden blev blive bliver dem den denne der deres dette dig din disse dog efter eller end
    for fra han ham hans har havde have hende hendes her hos hun hvad hvis hvor ikke ind jeg jer
    kan kunne man mange med meget men mig min mine mit mod ned noget nogle når også over på sig
    sin sine sit skal skulle som selv sådan thi til ud under var vil ville vor være været
    arbejde job opgave opgaver gerne godt lidt erfaring
""".split())


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


@dataclass(frozen=True)
class CandidateProfile:
    id: int
    max_hours: int | None = None
    kinds: tuple[Kind, ...] = ()
    needs: tuple[Need, ...] = ()
    skills: str = ""
    interests: str = ""


@dataclass(frozen=True)
class OpeningProfile:
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
    return [w for w in _WORD.findall(text.lower())
            if len(w) >= MIN_WORD_LENGTH and w not in STOP_WORDS and stem(w) not in _STOP_STEMS]


def shared_words(person_text: str, opening_text: str) -> list[str]:
    """The person's words (as they wrote them, one per stem, in order) that meet the opening's
    text by stem or as the first part of a compound, in either direction."""
    opening_words = set(words(opening_text))
    opening_stems = {stem(w) for w in opening_words}
    opening_keys = set().union(*(_keys(w) for w in opening_words)) if opening_words else set()
    found: dict[str, str] = {}
    for word in words(person_text):
        s = stem(word)
        if s not in found and (s in opening_keys or _keys(word) & opening_stems):
            found[s] = word
    return list(found.values())


# --- the score ---------------------------------------------------------------------------------

def score(candidate: CandidateProfile, opening: OpeningProfile) -> Match:
    """Score an opening that already passed the hard limits (kind, hours, place, seats, ratio)."""
    points = 0
    reasons: list[str] = []

    offered = [n for n in candidate.needs if n.adaptation_id in opening.adaptation_ids]
    missing = [n for n in candidate.needs if n.adaptation_id not in opening.adaptation_ids]
    missing_must = [_mid_sentence(n.label) for n in missing if n.must_have]
    if candidate.needs:
        points += NEEDS_POINTS * len(offered) // len(candidate.needs)
        # Missing must-haves get their own sentence below; here only the nice-to-haves.
        nice_missing = [_mid_sentence(n.label) for n in missing if not n.must_have]
        if nice_missing:
            reasons.append(_("Tilbyder %(offered)d af %(total)d tilpasninger – mangler: "
                             "%(labels)s", offered=len(offered), total=len(candidate.needs),
                             labels=", ".join(nice_missing)))
        else:
            reasons.append(_("Tilbyder %(offered)d af %(total)d tilpasninger",
                             offered=len(offered), total=len(candidate.needs)))
    else:
        points += NEEDS_POINTS  # nothing needed, nothing missing
    points -= MUST_HAVE_MISSING_PENALTY * len(missing_must)
    if len(missing_must) == 1:
        reasons.append(_("Mangler nødvendig tilpasning: %(label)s", label=missing_must[0]))
    elif missing_must:
        reasons.append(_("Mangler nødvendige tilpasninger: %(labels)s",
                         labels=", ".join(missing_must)))

    points += _hours(candidate, opening, reasons)

    if candidate.kinds and opening.kind in candidate.kinds:
        points += KIND_POINTS
        reasons.append(_("Ønsket jobtype: %(kind)s", kind=str(opening.kind.label)))

    person_text = f"{candidate.skills}\n{candidate.interests}"
    opening_text = "\n".join((opening.title, opening.description, opening.tasks, opening.skills))
    shared = shared_words(person_text, opening_text)
    points += min(WORD_POINTS * len(shared), WORDS_MAX_POINTS)
    if shared:
        reasons.append(_("Ord der matcher: %(words)s",
                         words=", ".join(shared[:MAX_WORDS_SHOWN])))

    return Match(candidate_id=candidate.id, opening_id=opening.id, score=points,
                 reasons=tuple(reasons), missing_must_haves=tuple(missing_must))


def _mid_sentence(label: str) -> str:
    """A catalogue label inside a sentence: "Stille arbejdsplads" -> "stille arbejdsplads",
    but an abbreviation such as "IT-støtte" keeps its capitals."""
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _hours(candidate: CandidateProfile, opening: OpeningProfile, reasons: list[str]) -> int:
    low, high = opening.hours_min, opening.hours_max
    if candidate.max_hours is not None and high > candidate.max_hours:
        # The hard limit let it through because it can start at hours_min and step up.
        reasons.append(_("Kan starte med %(low)d t/uge og trappe op til %(high)d",
                         low=low, high=high))
        return 0
    if low == high:
        reasons.append(_("Timer passer: %(hours)d t/uge", hours=low))
    else:
        reasons.append(_("Timer passer: %(low)d–%(high)d t/uge", low=low, high=high))
    return HOURS_POINTS


def rank_openings(candidate: CandidateProfile, openings) -> list[Match]:
    """Best first; equal scores by opening id, so the same data always gives the same order."""
    return sorted((score(candidate, o) for o in openings), key=lambda m: (-m.score, m.opening_id))


def rank_candidates(candidates, opening: OpeningProfile) -> list[Match]:
    """Best first; equal scores by candidate id."""
    return sorted((score(c, opening) for c in candidates),
                  key=lambda m: (-m.score, m.candidate_id))
