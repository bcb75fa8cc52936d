"""The company's word on its employee representative: name and e-mail, or that it has none."""

from __future__ import annotations

from flask_babel import gettext as _

from placement.agreements import representative, versions
from placement.agreements.representative import RepresentativeRefused
from placement.common.refusals import Problems
from placement.extensions import db
from placement.models import Placement, User
from placement.placements.locks import lock_placement


def set_representative(placement: Placement, name: str, email: str, none: bool, by: User) -> bool:
    """Returns whether anything changed. The name is printed in the agreement, so a changed
    name makes a new version (and the representative a new link); a new address alone sends
    the current version's link there instead."""
    placement = lock_placement(placement, agreements=True)
    if not representative.applies(placement):
        raise RepresentativeRefused(
            _("Denne slags forløb skal ikke godkendes af en tillidsrepræsentant.")
        )
    if placement.status not in versions.TERMS_STATES:
        raise RepresentativeRefused(
            _(
                "Forløbet er %(status)s, og aftalen kan ikke ændres.",
                status=placement.status.label.lower(),
            )
        )
    name, email = (name or "").strip(), (email or "").strip()
    if none:
        name, email = "", ""
    else:
        problems: Problems = []
        if not name:
            problems.append(("name", _("Skriv tillidsrepræsentantens navn.")))
        if not email:
            problems.append(("email", _("Skriv tillidsrepræsentantens e-mail.")))
        if problems:
            raise RepresentativeRefused.every(problems)
    wanted = (name, email, none)
    if (
        placement.staff_representative,
        placement.staff_representative_email,
        placement.no_staff_representative,
    ) == wanted:
        return False
    (
        placement.staff_representative,
        placement.staff_representative_email,
        placement.no_staff_representative,
    ) = wanted
    db.session.flush()
    versions.refresh(placement, by)  # a new version, when the printed name changed
    representative.ask(placement)
    return True
