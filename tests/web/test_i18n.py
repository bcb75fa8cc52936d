"""Danish first, English second: the English catalogue covers every text, and the switch works."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.conftest import post_form

ROOT = Path(__file__).resolve().parent.parent.parent
CATALOGUE = ROOT / "placement" / "translations" / "en" / "LC_MESSAGES" / "messages"


def _source_messages() -> set[str]:
    """Every text marked for translation in the code and templates, as of now."""
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def test_the_english_catalogue_has_no_missing_or_fuzzy_entry():
    with open(CATALOGUE.with_suffix(".po"), "rb") as po:
        catalogue = read_po(po)
    missing = sorted(m for m in _source_messages() if m not in catalogue)
    assert not missing, f"texts not in the English catalogue (run make i18n-update): {missing[:10]}"
    untranslated = [m.id for m in catalogue if m.id and not _translated(m)]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


def test_the_compiled_catalogue_is_current():
    mo_path = CATALOGUE.with_suffix(".mo")
    if not mo_path.exists():
        pytest.fail("messages.mo is missing: run `make translations` (make test does it)")
    with open(mo_path, "rb") as mo:
        compiled = read_mo(mo)
    source = _source_messages()
    not_compiled = sorted(m for m in source if not compiled.get(m) or not _translated(compiled[m]))
    assert not not_compiled, f"compiled catalogue is stale (make translations): {not_compiled[:5]}"


def visible_text(page: str) -> str:
    """What a person reads: the page without its tags (and so without URLs or field names)."""
    return re.sub(r"<[^>]+>", " ", page)


def test_switching_to_english_leaves_no_danish_on_the_login_page(client):
    response = post_form(
        client,
        "/sprog",
        {"language": "en", "next": "/login"},
        form_page="/login",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert '<html lang="en">' in page
    text = visible_text(page)
    assert "Log in" in text and "Password" in text
    for danish in ("Adgangskode", "Log ind", "Gå til indholdet", "glemt", "jobcenter"):
        assert danish not in text


def test_switching_back_to_danish_leaves_no_english(client):
    post_form(client, "/sprog", {"language": "en", "next": "/login"}, form_page="/login")
    page = post_form(
        client,
        "/sprog",
        {"language": "da", "next": "/login"},
        form_page="/login",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert '<html lang="da">' in page
    text = visible_text(page)
    assert "Adgangskode" in text
    for english in ("Password", "Log in", "Skip to", "forgotten"):
        assert not re.search(rf"\b{english}\b", text), english


def test_the_language_switch_does_not_redirect_elsewhere(client):
    response = post_form(
        client, "/sprog", {"language": "en", "next": "https://evil.example/"}, form_page="/login"
    )
    assert response.headers["Location"] == "/"


def test_no_text_is_marked_for_translation_inside_an_f_string():
    """The extractor reads an f-string as one token: a _() inside it is never collected, and
    the text then stays Danish on English pages (the outbox's "Se mere i Placement:" did)."""
    inside = re.compile(r"""\bf(["']).*?\{\s*_l?\(.*?\1""")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("placement", "employers", "candidates")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if inside.search(line)
    ]
    assert not found, found
