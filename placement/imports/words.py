"""The words a file may use for a kind of placement or an internship's purpose.

The file's format, not the pages' texts: Danish words as a jobcenter's own lists write them,
and the code names, so a file reads the same whatever language the person importing uses.
"""

from __future__ import annotations

from placement.models import InternshipPurpose, Kind

KIND_WORDS: dict[str, Kind] = {
    **{kind.value: kind for kind in Kind},
    "virksomhedspraktik": Kind.INTERNSHIP,
    "praktik": Kind.INTERNSHIP,
    "løntilskud": Kind.WAGE_SUBSIDY,
    "fleksjob": Kind.FLEXJOB,
    "skånejob": Kind.SHELTERED_JOB,
    "ips": Kind.SUPPORTED_JOB,
    "job med støtte": Kind.SUPPORTED_JOB,
    "ordinære timer med støtte": Kind.SUPPORTED_JOB,
    "elevplads": Kind.APPRENTICESHIP,
    "lærlingeplads": Kind.APPRENTICESHIP,
    "elev- eller lærlingeplads": Kind.APPRENTICESHIP,
    "uddannelse": Kind.EDUCATION,
    "uddannelsesforløb": Kind.EDUCATION,
}

PURPOSE_WORDS: dict[str, InternshipPurpose] = {
    **{purpose.value: purpose for purpose in InternshipPurpose},
    "ordinære timer": InternshipPurpose.ORDINARY_HOURS,
    "timer": InternshipPurpose.ORDINARY_HOURS,
    "færdigheder": InternshipPurpose.SKILLS,
    "jobmål": InternshipPurpose.JOB_GOAL,
}


def kind_of(word: str) -> Kind | None:
    return KIND_WORDS.get(word.strip().lower())


def purpose_of(word: str) -> InternshipPurpose | None:
    return PURPOSE_WORDS.get(word.strip().lower())
