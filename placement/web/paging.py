"""A paged list's address: the page asked for (?side=N), another page's address, and whether
the list is filtered."""

from __future__ import annotations

from flask import request, url_for

from placement.web import whole_numbers

PAGE = "side"


def asked_page() -> int:
    """The page number in the address; 1 when it is missing or not a page number."""
    return whole_numbers.parse(request.args.get(PAGE)) or 1


def page_url(endpoint: str):
    """The address of page n of this list: the endpoint with the rest of the query kept."""

    def url(number: int) -> str:
        args = request.args.to_dict(flat=False)
        args[PAGE] = [str(number)]
        return url_for(endpoint, **args)

    return url


def filtered() -> bool:
    """Something in the address besides the page: a search, not the whole list."""
    return any(value for key, value in request.args.items(multi=True) if key != PAGE)
