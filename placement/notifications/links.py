"""Where a notification leads: built when it is shown, from what it is about and who reads it.

Nothing stores a link. A notification refers to its placement, citizen or opening by key;
each role opens these on its own pages (the consultant's placement is the company's
proposal and the citizen's offer), and a role that may not open any of them (a manager) or
a notification about nothing in particular leads to the reader's start page.
"""

from __future__ import annotations

from flask import current_app, has_request_context, url_for

from placement.models import Role
from placement.placements import check_in_links

# Per role, in order of preference: (the notification's column, the endpoint, its argument).
_PAGES: dict[Role, tuple[tuple[str, str, str | None], ...]] = {
    Role.CONSULTANT: (
        ("placement_id", "placements.detail", "placement_id"),
        ("candidate_id", "candidates.profile", "candidate_id"),
        ("opening_id", "openings.detail", "opening_id"),
    ),
    Role.ADMIN: (
        ("placement_id", "placements.detail", "placement_id"),
        ("candidate_id", "candidates.profile", "candidate_id"),
        ("opening_id", "openings.detail", "opening_id"),
    ),
    Role.EMPLOYER: (
        ("placement_id", "employers.proposal", "placement_id"),
        ("opening_id", "openings.detail", "opening_id"),
    ),
    # A citizen's notification about themselves leads to their own page.
    Role.CITIZEN: (
        ("placement_id", "candidates.my_placement", "placement_id"),
        ("candidate_id", "candidates.portal", None),
        ("opening_id", "board.detail", "opening_id"),
    ),
    # Managers see figures, not placements or citizens.
    Role.MANAGER: (),
}
_START_PAGES = {
    Role.CONSULTANT: "candidates.caseload",
    Role.ADMIN: "admin.index",
    Role.EMPLOYER: "employers.home",
    Role.CITIZEN: "candidates.portal",
    Role.MANAGER: "home.manager",
}


def target(notification, role: Role) -> tuple[str, dict]:
    """(endpoint, arguments) of the page the notification leads a reader of this role to.
    `notification` is a Notification or a row with its three reference columns."""
    for column, endpoint, argument in _PAGES[role]:
        value = getattr(notification, column)
        if value is not None:
            return endpoint, ({argument: value} if argument else {})
    return _START_PAGES[role], {}


def path(notification, role: Role) -> str:
    """The link on this site, for a page (or a path of its own outside a request)."""
    if role == Role.CITIZEN:
        # The weekly check-in leads to its question, as the mail's link does.
        signed = check_in_links.path_for_key(getattr(notification, "key", "") or "")
        if signed is not None:
            return signed
    endpoint, arguments = target(notification, role)
    if has_request_context():
        return url_for(endpoint, **arguments)
    return current_app.url_map.bind("localhost").build(endpoint, arguments)


def mail_url(notification, role: Role) -> str:
    """The whole address, for a mail; empty when PUBLIC_URL is not set."""
    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    if not base:
        return ""
    # The weekly check-in's mail carries its signed link, made as the mail is (never stored).
    signed = check_in_links.url_for_key(getattr(notification, "key", "") or "")
    if signed is not None:
        return signed
    endpoint, arguments = target(notification, role)
    return base + current_app.url_map.bind("localhost").build(endpoint, arguments)
