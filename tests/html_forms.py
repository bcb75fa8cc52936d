"""What a browser would send for a form on a page left as it was shown (for tests without one)."""

from __future__ import annotations

from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict

# Inputs a browser sends with their value attribute as shown; checkboxes and radios only when
# checked, and submit buttons only the one pressed (none here: the form is sent with Enter).
_TEXT_TYPES = {"text", "hidden", "email", "tel", "date", "number", "search", "url", "password"}


class _Form:
    def __init__(self, action: str):
        self.action = action
        self.fields: list[tuple[str, str]] = []


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self._form: _Form | None = None
        self._select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self._option: list | None = None
        self._textarea: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = _Form(attrs.get("action") or "")
            self.forms.append(self._form)
        if self._form is None or ("disabled" in attrs and tag != "option"):
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in _TEXT_TYPES:
                self._form.fields.append((name, attrs.get("value") or ""))
            elif kind in ("checkbox", "radio") and "checked" in attrs:
                self._form.fields.append((name, attrs.get("value") or "on"))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [])
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, ""]
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value, selected, text = self._option
            self._select[2].append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            chosen = [value for value, selected in options if selected]
            if not multiple:
                # A single select always sends one option: the last one marked selected, or
                # else the first. This is how an unmarked current value is lost.
                chosen = chosen[-1:] or [value for value, _selected in options[:1]]
            self._form.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # As HTML reads and sends it: line breaks read as "\n", the one right after
            # <textarea> dropped, and each sent as "\r\n".
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            text = text[1:] if text.startswith("\n") else text
            self._form.fields.append((name, text.replace("\n", "\r\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def shown_forms(html: str) -> list[_Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def shown_form(html: str, action: str | None = None) -> list[tuple[str, str]]:
    """The fields of the one form posting to `action` (or the page's only form with an empty
    action), as (name, value) pairs in the order a browser sends them."""
    found = [form for form in shown_forms(html) if form.action == (action or "")]
    assert len(found) == 1, f"{len(found)} forms with action {action!r}"
    return found[0].fields


def typed(fields: list[tuple[str, str]], **changes) -> MultiDict:
    """The form's fields with some typed over (a list: every value of a multiple choice)."""
    kept = [(name, value) for name, value in fields if name not in changes]
    for name, value in changes.items():
        kept += [(name, v) for v in (value if isinstance(value, list) else [value])]
    return MultiDict(kept)
