"""The one base of every refusal the core gives a person: a page catches `Refusal` in one way."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

Problems = list[tuple[str | None, str]]  # (the form field it concerns, or None; the message)


class Refusal(ValueError):
    """A refused action; the message is for the person, in their language. `field` is the
    first problem's field, `problems` every problem found (a form shows them at once)."""

    # True for the very thing asked for, done already (a second click, a second tab): nothing
    # is written, and nothing went wrong, so a page says so calmly instead of as an error.
    repeated: ClassVar[bool] = False

    def __init__(self, message: str, field: str | None = None, problems: Problems | None = None):
        super().__init__(message)
        self.field = field
        self.problems = problems or [(field, message)]

    @classmethod
    def every(cls, problems: Problems):
        return cls(" ".join(message for _, message in problems), problems[0][0], problems)


class FieldRefusal(Refusal):
    """A refusal made from {field name or None: message}, as the profile's rules write them;
    `problems` holds them as pairs like every other refusal's."""

    # Keys are field names or None; Mapping's key type is invariant, so a dict[str, str] would
    # not pass as Mapping[str | None, str].
    def __init__(self, problems: Mapping[Any, str] | Iterable[tuple[str | None, str]]):
        pairs = list(problems.items() if isinstance(problems, Mapping) else problems)
        super().__init__(
            " ".join(message for _, message in pairs), pairs[0][0] if pairs else None, pairs
        )

    @classmethod
    def every(cls, problems: Problems):
        return cls(problems)
