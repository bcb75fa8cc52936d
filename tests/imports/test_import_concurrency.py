"""The same file imported twice at the same moment (two people, two tabs): the unique keys and
the municipality's turn decide, and nothing is created twice."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from placement.extensions import db
from placement.imports.reading import digest_of
from placement.models import AuditAction, AuditEvent, Candidate, Employer, Opening, Role
from tests.conftest import csrf_token, log_in, postgresql_only
from tests.factories import create_employer, create_user
from tests.imports.files import citizens_file, csv_bytes
from tests.posted_at_once import posted_at_once

pytestmark = postgresql_only("concurrent transactions with row locks and unique keys")


def _signed_in(app, user):
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302
    return client


def _post(client, kind: str, data: bytes):
    return {
        "csrf_token": csrf_token(client, "/import"),
        "kind": kind,
        "digest": digest_of(data),
        "file": (io.BytesIO(data), "fil.csv"),
    }


def _count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("kind", ["borgere", "virksomheder", "opslag"])
def test_two_imports_of_one_file_at_once_create_each_row_once(app, viborg, kind):
    one, two = (create_user(Role.CONSULTANT, municipality=viborg) for _ in range(2))
    if kind == "borgere":
        data, model, expected = citizens_file(one.email), Candidate, 2
    elif kind == "virksomheder":
        data = csv_bytes(
            "cvr;navn;p_nummer;postnummer;by;ansatte",
            "12345674;Bageriet Korn ApS;1000000001;8800;Viborg;12",
            "87654338;Viborg Genbrug;;8800;Viborg;40",
        )
        model, expected = Employer, 2
    else:
        employer = create_employer()
        data = csv_bytes(
            "cvr;ref;type;titel;timer_min;timer_max;formål",
            f"{employer.cvr};A-1;praktik;Lager;10;20;jobmål",
            f"{employer.cvr};A-2;løntilskud;Kontor;25;30;",
        )
        model, expected = Opening, 2
    db.session.commit()
    clients = {"one": _signed_in(app, one), "two": _signed_in(app, two)}
    answers = posted_at_once(
        {name: (c, "/import/importer", _post(c, kind, data)) for name, c in clients.items()}
    )
    assert [status for status, _page in answers.values()] == [200, 200], answers
    assert _count(model) == expected
    # Between them the two imports created every row once; the other found each of them
    # (in the plan, or at its unique key or the municipality's turn).
    pages = [page for _status, page in answers.values()]
    created = sum(int(n) for p in pages for n in re.findall(r"(\d+) nye? oprettet", p))
    found = sum(int(n) for p in pages for n in re.findall(r"(\d+) fandtes allerede", p))
    assert (created, found) == (expected, expected), pages
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == AuditAction.IMPORT)
        )
        == 2
    )
