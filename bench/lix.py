"""LIX readability of the body text of every page a role reaches on the demo data.

    python -m bench.lix [--pages] [--roles borger virksomhed konsulent leder]

LIX (Björnsson) = words / sentences + 100 × long words / words, a long word having more than
six letters. Below 25 is children's books, 25–35 easy, 35–45 ordinary prose, above 45 hard:
the DOMAIN's "plain Danish, short sentences" is read here as 35 or less.

What counts as text: the `<main>` element's visible text, in Danish. Left out: the site's header,
navigation and footer (they are not inside `<main>`), whatever is hidden from everyone, form
fields' values (an input's value, a textarea's text, a select's options: they are the person's
own data or a list of choices, not sentences the page says), and numbers, dates and the names of
people, companies, towns and municipalities (no one can write those more plainly).

Sentences: ". ! ? :" end one, as in Björnsson's count; so does the end of a block (a heading,
a paragraph, a list item, a table cell, a label, a button, a link on its own), because a heading
or a button is read as a unit and has no full stop.

A role's figure is the LIX of all its pages' text pooled (words, sentences and long words summed
over every page it reaches, then the formula once): long pages weigh by their length, as they
do for the reader. The script also prints the figure with Björnsson's sentence rule taken
literally (only punctuation ends one), which tools reading a page's text as one string report.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from flask.testing import FlaskClient

LONG_WORD = 6  # letters; a word longer than this is "long" (Björnsson)
LIMIT = 35  # the most a citizen's or an employer's pages may score
DEMO_PASSWORD = "demo1234"
ROLES = {
    "borger": "borger@demo.dk",
    "virksomhed": "virksomhed@demo.dk",
    "konsulent": "konsulent@demo.dk",
    "leder": "leder@demo.dk",
}

# A word: letters, perhaps joined by a hyphen or an apostrophe ("CPR-nummer", "P-nummer").
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# A token holding a digit is a number, a date, a time or an identifier: not a word.
_TOKEN = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")
# Abbreviations whose full stop ends no sentence ("1. feb. 2027", "fx. lager", "kl. 8").
_ABBREVIATIONS = {
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "dec",
    "nr",
    "kl",
    "ca",
    "fx",
    "bl.a",
    "f.eks",
    "evt",
    "mv",
    "osv",
    "tlf",
    "jf",
}

_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "button",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "label",
    "legend",
    "li",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "br",
}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Not read as text: scripts and styles, and form fields' contents (the person's own data).
_SKIPPED = {"script", "style", "template", "textarea", "select", "noscript", "svg"}


@dataclass(frozen=True)
class Counts:
    words: int = 0
    sentences: int = 0
    long_words: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.words + other.words,
            self.sentences + other.sentences,
            self.long_words + other.long_words,
        )

    @property
    def lix(self) -> float:
        if not self.words:
            return 0.0
        return self.words / max(self.sentences, 1) + 100 * self.long_words / self.words


def count(blocks: Iterable[str]) -> Counts:
    """Words, sentences and long words of text given as blocks (each ends a sentence)."""
    total = Counts()
    for block in blocks:
        words = long_words = sentences = 0
        open_sentence = False
        for token in _TOKEN.findall(block):
            if any(ch.isdigit() for ch in token):
                continue  # a number, a date, a time: neither a word nor a sentence's end
            for word in _WORD.findall(token):
                words += 1
                open_sentence = True
                if sum(ch.isalpha() for ch in word) > LONG_WORD:
                    long_words += 1
            if token.rstrip(".").lower() in _ABBREVIATIONS:
                continue
            if _SENTENCE_END.search(token) and open_sentence:
                sentences += 1
                open_sentence = False
        sentences += open_sentence
        total += Counts(words, sentences, long_words)
    return total


def lix(text: str) -> float:
    """The LIX of a plain text (one block)."""
    return count([text]).lix


class _MainText(HTMLParser):
    """The text blocks inside <main>, as a reader sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._main_depth = 0
        self._skip: list[str] = []  # the open elements whose contents are left out

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self._main_depth += 1
        if tag in _VOID:
            if tag in _BLOCKS:
                self._end_block()
            return
        hidden = "hidden" in attrs or attrs.get("aria-hidden") == "true"
        if self._skip or tag in _SKIPPED or hidden:
            self._skip.append(tag)
            return
        if tag in _BLOCKS:
            self._end_block()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if self._skip:
            if tag in self._skip:
                while self._skip and self._skip.pop() != tag:
                    pass
            return
        if tag in _BLOCKS:
            self._end_block()
        if tag == "main":
            self._end_block()
            self._main_depth = max(self._main_depth - 1, 0)

    def handle_data(self, data):
        if self._main_depth and not self._skip:
            self._current.append(data)

    def _end_block(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []


def body_blocks(html: str, names: Iterable[str] = ()) -> list[str]:
    """The visible text blocks of a page's <main>, with these names (people, companies) taken
    out: longest first, so "Hald Lager & Logistik ApS" goes before "Hald"."""
    parser = _MainText()
    parser.feed(html)
    parser.close()
    pattern = _names_pattern(names)
    if pattern is None:
        return parser.blocks
    return [pattern.sub(" ", block) for block in parser.blocks]


def _names_pattern(names: Iterable[str]) -> re.Pattern | None:
    unique = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, unique)) + r")(?!\w)")


# --- Crawling -------------------------------------------------------------------------------

_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"'#]+)""", re.IGNORECASE)
# Not pages: files, feeds for machines, and what would end or change the session.
_NOT_PAGES = re.compile(r"(\.(pdf|json|csv|css|js|png|svg|ico)$)|^/(static|api|logout)\b")


def crawl(client, start: str = "/", limit: int = 2000) -> dict[str, str]:
    """Every HTML page reachable by following links from start with GET, as this client
    (logged in as someone) sees them: {path: html}. Query strings count as other pages (a
    second page of a list, a filter), fragments do not."""
    pages: dict[str, str] = {}
    queue, seen, shown = deque([start]), {start}, set()
    while queue and len(pages) < limit:
        path = queue.popleft()
        response = client.get(path, follow_redirects=True)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        html = response.get_data(as_text=True)
        # "/" (a redirect to one's home page) and a list's "?side=1" show a text already read
        # under another address: a reader reads it once, so it counts once.
        text = "\n".join(body_blocks(html))
        if text in shown:
            continue
        shown.add(text)
        pages[path] = html
        for href in _HREF.findall(html):
            link = urlsplit(urljoin(path, href.replace("&amp;", "&")))
            if link.netloc and link.netloc not in {"localhost", ""}:
                continue
            target = link.path + (f"?{link.query}" if link.query else "")
            if target not in seen and not _NOT_PAGES.search(link.path):
                seen.add(target)
                queue.append(target)
    return pages


def people_and_company_names() -> list[str]:
    """The names in the database that the text of a page may hold: people (whole names and
    each first name, as greetings use it), companies, towns, municipalities, mentors."""
    from sqlalchemy import select

    from placement.extensions import db
    from placement.models import Candidate, Employer, Municipality, Opening, Placement, User

    people = [
        *db.session.scalars(select(User.name)),
        *db.session.scalars(select(Candidate.name)),
        *db.session.scalars(select(Employer.contact_name)),
        *db.session.scalars(select(Opening.mentor_name)),
        *db.session.scalars(select(Placement.mentor_name)),
    ]
    names = [*people, *(part for person in people for part in person.split())]
    names += [
        *db.session.scalars(select(Employer.name)),
        *db.session.scalars(select(Employer.city)),
        *db.session.scalars(select(Opening.city)),
        *db.session.scalars(select(Municipality.name)),
    ]
    return names


def log_in(client, email: str, password: str = DEMO_PASSWORD) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"csrf_token": token, "email": email, "password": password}
    )
    if response.status_code != 302:
        raise RuntimeError(f"could not log in as {email} (answer {response.status_code})")


class _OwnContextClient(FlaskClient):
    """Each request in its own app context, as in production (a token cached in `g` by one
    request must not leak into the next)."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def page_texts(app, email: str) -> dict[str, list[str]]:
    """The text blocks of every page the person with this e-mail reaches: {path: blocks}."""
    client = _OwnContextClient(app, app.response_class, use_cookies=True)
    log_in(client, email)
    pages = crawl(client)
    names = people_and_company_names()
    return {path: body_blocks(html, names) for path, html in pages.items()}


def measure(app, email: str) -> dict[str, Counts]:
    """Counts per page for the person with this e-mail: log in, crawl, count."""
    return {path: count(blocks) for path, blocks in page_texts(app, email).items()}


def punctuation_only(blocks: list[str]) -> Counts:
    """Björnsson's count taken literally: only ". ! ? :" end a sentence, so a heading, a label
    or a table cell runs on into the next. For comparison with tools that count this way."""
    return count([" ".join(blocks)])


def pooled(per_page: dict[str, Counts]) -> Counts:
    return sum(per_page.values(), Counts())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", action="store_true", help="also print each page's LIX")
    parser.add_argument(
        "--roles", nargs="*", default=list(ROLES), help=f"which demo logins, of {', '.join(ROLES)}"
    )
    args = parser.parse_args(argv)

    from flask_migrate import upgrade

    from bench._setup import app_for
    from placement.demo import loader
    from placement.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        app = app_for(f"sqlite:///{Path(folder) / 'lix.sqlite'}", instance_path=folder)
        with app.app_context():
            upgrade()
            loader.load()
            db.session.commit()
            for role in args.roles:
                texts = page_texts(app, ROLES[role])
                per_page = {path: count(blocks) for path, blocks in texts.items()}
                total = pooled(per_page)
                literal = sum((punctuation_only(b) for b in texts.values()), Counts())
                print(
                    f"{role:<11} LIX {total.lix:5.1f}  ({len(per_page)} pages, "
                    f"{total.words} words, {total.sentences} sentences, "
                    f"{total.long_words} long words; punctuation-only sentences: "
                    f"{literal.lix:.1f})"
                )
                if args.pages:
                    for path, counts in sorted(per_page.items(), key=lambda p: -p[1].lix):
                        print(f"    {counts.lix:5.1f} {counts.words:6} words  {path}")


if __name__ == "__main__":
    main()
