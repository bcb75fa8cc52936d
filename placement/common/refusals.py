"""A refusal from the core that carries every problem it found, so a form shows them at once."""

from __future__ import annotations

Problems = list[tuple[str | None, str]]  # (the form field it concerns, or None; the message)


class Refusal(ValueError):
    """A refused action; the message is for the person, in their language. `field` is the
    first problem's field, `problems` every problem found."""

    def __init__(self, message: str, field: str | None = None, problems: Problems | None = None):
        super().__init__(message)
        self.field = field
        self.problems = problems or [(field, message)]

    @classmethod
    def every(cls, problems: Problems):
        return cls(" ".join(message for _, message in problems), problems[0][0], problems)
