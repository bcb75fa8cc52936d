"""The kinds of placement the system handles, shared by openings, candidates and placements."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Kind(str, enum.Enum):
    INTERNSHIP = "internship"
    WAGE_SUBSIDY = "wage_subsidy"
    FLEXJOB = "flexjob"
    SHELTERED_JOB = "sheltered_job"
    SUPPORTED_JOB = "supported_job"
    APPRENTICESHIP = "apprenticeship"
    EDUCATION = "education"

    @property
    def label(self):
        return KIND_LABELS[self]

    @property
    def meaning(self):
        """The legal term said in plain words, for the citizen who meets it on a page."""
        return KIND_MEANINGS[self]


KIND_LABELS = {
    Kind.INTERNSHIP: _l("Virksomhedspraktik"),
    Kind.WAGE_SUBSIDY: _l("Løntilskud"),
    Kind.FLEXJOB: _l("Fleksjob"),
    Kind.SHELTERED_JOB: _l("Skånejob"),
    Kind.SUPPORTED_JOB: _l("Job med støtte (IPS)"),
    Kind.APPRENTICESHIP: _l("Elev- eller lærlingeplads"),
    Kind.EDUCATION: _l("Uddannelsesforløb"),
}

# The law's names stay (they are on the agreement and in letters from the jobcenter); these
# explain them once where a citizen reads them, in short sentences and everyday words.
KIND_MEANINGS = {
    Kind.INTERNSHIP: _l(
        "Du prøver et job af i en periode. Du får ikke løn af firmaet. "
        "Du beholder den ydelse, du får nu."
    ),
    Kind.WAGE_SUBSIDY: _l("Et job med løn. Jobcentret betaler en del af lønnen i en periode."),
    Kind.FLEXJOB: _l(
        "Et job for dig, der varigt ikke kan arbejde på fuld tid. Du får løn for "
        "det, du arbejder. Kommunen giver dig et tilskud oveni."
    ),
    Kind.SHELTERED_JOB: _l("Et job på særlige vilkår for dig, der får førtidspension."),
    Kind.SUPPORTED_JOB: _l(
        "Et almindeligt job med løn. Din jobkonsulent støtter dig og "
        "firmaet, så længe der er brug for det."
    ),
    Kind.APPRENTICESHIP: _l(
        "Du lærer et fag. Du er skiftevis på arbejde og i skole, og du får løn som elev."
    ),
    Kind.EDUCATION: _l("Et kursus eller en uddannelse, der gør dig klar til et job."),
}
