"""Notifications to people about what others did: a proposal's answer, and a placement's news
(a proposal, a new version of its agreement, everyone's confirmation, a start, an end).

Each message carries only what the recipient may see, never a CPR number.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from placement.models import Notification, Placement, PlacementStatus, Role, User
from placement.notifications.inbox import Message, notify, notify_all


def tell_consultant_of_answer(placement: Placement, party: str, yes: bool) -> Notification | None:
    """party is "employer" or "citizen": who answered the proposal. Written in the answer's
    transaction (flushed); the consultant reads it in Beskeder and gets it by mail."""
    consultant = placement.consultant
    if consultant is None:
        return None
    company, citizen = placement.opening.employer.name, placement.candidate.name
    who = company if party == "employer" else citizen
    key = f"placement-answer:{party}:{'yes' if yes else 'no'}:{placement.id}"
    return notify(
        consultant,
        key,
        _l("Svar fra %(who)s", who=who),
        lambda: _answer(party, yes, company, citizen, placement.opening.title),
        placement=placement,
    )


def _answer(party: str, yes: bool, company: str, citizen: str, opening: str) -> str:
    names = {"company": company, "citizen": citizen, "opening": opening}
    if party == "employer":
        return (
            _("%(company)s har sagt ja til forslaget om %(citizen)s til %(opening)s.", **names)
            if yes
            else _(
                "%(company)s har sagt nej tak til forslaget om %(citizen)s til %(opening)s.",
                **names,
            )
        )
    return (
        _("%(citizen)s har sagt ja tak til %(opening)s hos %(company)s.", **names)
        if yes
        else _("%(citizen)s har sagt nej tak til %(opening)s hos %(company)s.", **names)
    )


def tell_of_unexplained_absence(
    placement: Placement, consultant: User, days: int, threshold: int
) -> Notification | None:
    """The consultant hears once per placement (and threshold) that its absence without
    explanation has reached the threshold (placement/placements/absence_alert.py). A count
    and a category, never more: the reason for being away is not written anywhere."""
    names = {
        "name": placement.candidate.name,
        "opening": placement.opening.title,
        "company": placement.opening.employer.name,
    }
    return notify(
        consultant,
        f"absence-unexplained:{placement.id}:{threshold}",
        # Functions, so that each is worked out in the consultant's language (inbox.notify).
        lambda: ngettext(
            "%(name)s har %(num)d dag med fravær uden forklaring",
            "%(name)s har %(num)d dage med fravær uden forklaring",
            days,
            **names,
        ),
        lambda: ngettext(
            "Fraværet uden forklaring i %(opening)s hos %(company)s har nået %(num)d "
            "arbejdsdag. Tal med borgeren og virksomheden om, hvordan det går.",
            "Fraværet uden forklaring i %(opening)s hos %(company)s har nået %(num)d "
            "arbejdsdage. Tal med borgeren og virksomheden om, hvordan det går.",
            days,
            **names,
        ),
        placement=placement,
    )


# --- a placement's news, for everyone it concerns ---------------------------------------------
# Each party hears in words for them: the company and the consultant of the citizen by name,
# the citizen of their own placement. Nobody is told of what they did themselves. The words
# are functions of the placement's names, so that each is worked out in its reader's language.


def _company(placement: Placement) -> list[User]:
    return [user for user in placement.opening.employer.users if user.role == Role.EMPLOYER]


def _citizen(placement: Placement) -> list[User]:
    user = placement.candidate.user
    return [user] if user is not None else []


def _consultant(placement: Placement) -> list[User]:
    return [placement.consultant] if placement.consultant is not None else []


def _tell(
    placement: Placement,
    key: str,
    by: User | None,
    about: list[User],
    about_words,
    own_words,
    body=None,
) -> None:
    """about_words(names) go to those who work with the citizen (company, consultant),
    own_words(names) to the citizen; body(names), if given, to both."""
    names = {
        "name": placement.candidate.name,
        "opening": placement.opening.title,
        "company": placement.opening.employer.name,
        "consultant": placement.consultant.name if placement.consultant else "",
    }
    notify_all(
        [
            Message(user, key, words(names), body(names) if body else "", placement=placement)
            for users, words in ((about, about_words), (_citizen(placement), own_words))
            for user in users
            if by is None or user.id != by.id
        ]
    )


def tell_of_proposal(placement: Placement, by: User) -> None:
    """The company and the citizen each hear of a proposal that waits for their answer."""
    key = f"placement-proposed:{placement.id}"
    _tell(
        placement,
        key,
        by,
        _company(placement),
        lambda n: _l("Nyt forslag: %(name)s til %(opening)s", **n),
        lambda n: _l("Nyt tilbud: %(opening)s hos %(company)s", **n),
        lambda n: _l(
            "%(consultant)s fra jobcentret har foreslået det. Svar ja eller nej i Placement.", **n
        ),
    )


def tell_of_new_version(placement: Placement, agreement, by: User | None) -> None:
    """Each party but its author hears that a version of the agreement waits for their
    confirmation (a new version has none yet)."""
    _tell(
        placement,
        f"agreement-version:{placement.id}:{agreement.version}",
        by,
        _company(placement) + _consultant(placement),
        lambda n: _l("Aftalen om %(name)s i %(opening)s venter på din bekræftelse", **n),
        lambda n: _l("Din aftale om %(opening)s hos %(company)s venter på din bekræftelse", **n),
        lambda n: _l("Læs aftalen, og bekræft den i Placement.", **n),
    )


def tell_of_extension(placement: Placement, agreement, by: User | None) -> None:
    """An extension: its new end date, and the new version of the agreement that waits for
    each party but its author (instead of the plain news of a new version)."""
    end = placement.end_date
    assert end is not None  # an extension gives the placement a new end
    day = f"{end.day}.{end.month}.{end.year}"
    _tell(
        placement,
        f"agreement-version:{placement.id}:{agreement.version}",
        by,
        _company(placement) + _consultant(placement),
        lambda n: _l("Forløbet med %(name)s i %(opening)s er forlænget til %(day)s", day=day, **n),
        lambda n: _l(
            "Dit forløb i %(opening)s hos %(company)s er forlænget til %(day)s", day=day, **n
        ),
        lambda n: _l("Læs den nye aftale, og bekræft den i Placement.", **n),
    )


def tell_all_confirmed(placement: Placement, by: User) -> None:
    assert placement.agreement is not None  # the one all parties have confirmed
    _tell(
        placement,
        f"agreement-confirmed:{placement.id}:{placement.agreement.version}",
        by,
        _company(placement) + _consultant(placement),
        lambda n: _l("Aftalen om %(name)s i %(opening)s er bekræftet af alle", **n),
        lambda n: _l("Din aftale om %(opening)s hos %(company)s er bekræftet af alle", **n),
    )


# Per move: whether the consultant hears of it too, and the words for the company and the
# consultant, and for the citizen. The consultant hears of an answer from the answer itself
# (tell_consultant_of_answer), and of a start or an end on the date from the placements sweep.
_MOVES = {
    PlacementStatus.DECLINED: (
        False,
        lambda n: _l("Forslaget om %(name)s til %(opening)s blev ikke til noget", **n),
        lambda n: _l("Tilbuddet om %(opening)s hos %(company)s blev ikke til noget", **n),
    ),
    PlacementStatus.ACTIVE: (
        False,
        lambda n: _l("%(name)s er startet i %(opening)s", **n),
        lambda n: _l("Dit forløb i %(opening)s hos %(company)s er startet", **n),
    ),
    PlacementStatus.COMPLETED: (
        True,
        lambda n: _l("Forløbet med %(name)s i %(opening)s er afsluttet", **n),
        lambda n: _l("Dit forløb i %(opening)s hos %(company)s er afsluttet", **n),
    ),
    PlacementStatus.ENDED_EARLY: (
        True,
        lambda n: _l("Forløbet med %(name)s i %(opening)s er stoppet før tid", **n),
        lambda n: _l("Dit forløb i %(opening)s hos %(company)s er stoppet før tid", **n),
    ),
    PlacementStatus.CANCELLED: (
        True,
        lambda n: _l("Forløbet med %(name)s i %(opening)s er aflyst", **n),
        lambda n: _l("Dit forløb i %(opening)s hos %(company)s er aflyst", **n),
    ),
}


def tell_of_move(placement: Placement, to: PlacementStatus, by: User | None) -> None:
    """Everyone a move concerns hears of it (those in _MOVES; the rest tell no one)."""
    if to not in _MOVES:
        return
    with_consultant, about, own = _MOVES[to]
    _tell(
        placement,
        f"placement-{to.value}:{placement.id}",
        by,
        _company(placement) + (_consultant(placement) if with_consultant else []),
        about,
        own,
    )
