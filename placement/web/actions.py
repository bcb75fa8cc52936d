"""A page's action on the core, committed whole or rolled back with the refusal told.

Most pages that change something do the same few steps: call the core, write the audit row,
commit, say what happened, redirect; or, when the core refuses, roll back and say why (a
flashed error, or the form again with the problems by its fields). `attempt` does the
commit, the rollback and the telling, so a view holds only what is its own:

    with attempt() as outcome:
        lifecycle.start(placement, current_user)
        record(AuditAction.CHANGE, AuditSubject.PLACEMENT, placement.candidate_id, placement.id)
        outcome.done(_("Forløbet er i gang."))
    return redirect(url_for("placements.detail", placement_id=placement.id))

With a form, a refusal's problems go next to the fields they name and the view shows the
form again:

    with attempt(form) as outcome:
        goal = goals.add_goal(candidate, form.title.data, form.target_date.data)
        outcome.done(_("Målet er gemt."))
    if not outcome.refused:
        return redirect(url_for("profiles.goals", candidate_id=candidate.id))
    return render_template(..., form=form)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import flash

from placement.common.refusals import Refusal
from placement.extensions import db
from placement.web.forms import attach_error, attach_problems


@dataclass
class Outcome:
    """What came of an attempt. `refusal` is the core's, if it refused; `refused` is True for
    a refusal the person must act on, False when done and for a repeat (a second click)."""

    refusal: Refusal | None = None
    message: str | None = None

    def done(self, message: str) -> None:
        """Say `message` ("success") once the action is committed, not before."""
        self.message = message

    @property
    def refused(self) -> bool:
        return self.refusal is not None and not self.refusal.repeated


@contextmanager
def attempt(form=None, field: str | None = None) -> Iterator[Outcome]:
    """Run the block as one transaction of the request.

    Done: commit, then flash what was given to `outcome.done`, if anything.
    A refusal (placement.common.refusals.Refusal): roll back all the block did, and tell why:
    next to the fields of `form` that its problems name (all at `field`, when given), or as
    a flashed error when there is no form. A repeat (`refusal.repeated`, such as a second
    click) is rolled back too and flashed as information: nothing went wrong.
    Anything else passes through untouched: it is a fault, not a refusal.
    """
    outcome = Outcome()
    try:
        yield outcome
    except Refusal as refusal:
        db.session.rollback()
        outcome.refusal = refusal
        if refusal.repeated:
            flash(str(refusal), "info")
        elif form is None:
            flash(str(refusal), "error")
        elif field is not None:
            attach_error(form, field, str(refusal))
        else:
            attach_problems(form, refusal.problems)
        return
    db.session.commit()
    if outcome.message is not None:
        flash(outcome.message, "success")
