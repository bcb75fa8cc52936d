"""A paged list's address: the page asked for (?side=N), another page's address, and whether
the list is filtered."""

from __future__ import annotations

from typing import Any

from flask import request, url_for

from placement.web import whole_numbers

PAGE = "side"

# url_for's own keywords. Passed on from the address they would steer the link (an anchor, an
# absolute address) or break the page (a list where url_for wants a word: a 500).
URL_FOR_KEYWORDS = frozenset({"_anchor", "_method", "_scheme", "_external"})


def same_query() -> dict[str, Any]:
    """The address's query, every value of each name, to build a link to the same page with
    it: url_for's own keywords left out."""
    return {name: values for name, values in request.args.lists() if name not in URL_FOR_KEYWORDS}


def asked_page() -> int:
    """The page number in the address; 1 when it is missing or not a page number."""
    return whole_numbers.parse(request.args.get(PAGE)) or 1


def page_url(endpoint: str):
    """The address of page n of this list: the endpoint with the rest of the query kept."""

    def url(number: int) -> str:
        args = same_query()
        args[PAGE] = [str(number)]
        return url_for(endpoint, **args)

    return url


def filtered() -> bool:
    """Something in the address besides the page: a search, not the whole list."""
    return any(value for key, value in request.args.items(multi=True) if key != PAGE)
