"""Every form in the app follows the two rules that keep its messages right: it is an AppForm
(WTForms' own messages in the person's language), and every text field has a MaxLength (a
maxlength on the page, a message for text sent past it)."""

import importlib
import pkgutil

import wtforms
from flask_wtf import FlaskForm
from wtforms.fields.core import UnboundField

from placement.web.form_messages import AppForm
from placement.web.forms import MaxLength

AREAS = ("placement", "employers", "candidates")


def _all_forms() -> list[type]:
    for area in AREAS:
        package = importlib.import_module(area)
        for module in pkgutil.walk_packages(package.__path__, f"{area}."):
            importlib.import_module(module.name)
    found, todo = [], [FlaskForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in AREAS:
                found.append(sub)
    return found


def test_every_form_is_an_app_form():
    forms = _all_forms()
    assert len(forms) > 25
    assert [f"{f.__module__}.{f.__name__}" for f in forms if not issubclass(f, AppForm)] == []


def test_every_text_field_has_a_limit():
    """Postcodes are exactly 4 digits (a Regexp says so) and get maxlength in render_kw."""
    unlimited = []
    for form in _all_forms():
        for name in dir(form):
            field = getattr(form, name, None)
            if not (
                isinstance(field, UnboundField)
                and issubclass(field.field_class, wtforms.StringField)
                and not issubclass(field.field_class, wtforms.HiddenField)
            ):
                continue
            validators = field.kwargs.get("validators") or []
            render_kw = field.kwargs.get("render_kw") or {}
            if (
                not any(isinstance(v, MaxLength) for v in validators)
                and "maxlength" not in render_kw
            ):
                unlimited.append(f"{form.__module__}.{form.__name__}.{name}")
    assert unlimited == []
