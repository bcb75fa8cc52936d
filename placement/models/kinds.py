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


KIND_LABELS = {
    Kind.INTERNSHIP: _l("Virksomhedspraktik"),
    Kind.WAGE_SUBSIDY: _l("Løntilskud"),
    Kind.FLEXJOB: _l("Fleksjob"),
    Kind.SHELTERED_JOB: _l("Skånejob"),
    Kind.SUPPORTED_JOB: _l("Job med støtte (IPS)"),
    Kind.APPRENTICESHIP: _l("Elev- eller lærlingeplads"),
    Kind.EDUCATION: _l("Uddannelsesforløb"),
}
