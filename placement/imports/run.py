"""A file's dry run (the preview) and its import: the same plan for every row, written only
by the import, all its valid rows in the request's one transaction.

Why one transaction: an import is one decision by one person ("Importér" on the preview they
read); it is saved whole or not at all, so a fault halfway leaves no half-imported file to
find and repair. Each row is written in its own savepoint: a row that another import (or a
colleague) has created since the preview meets the unique key (CVR; company and ref) or,
for citizens, waits for the municipality's lock, and is then found and counted as existing,
without undoing the other rows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import ModuleType

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from placement.common.refusals import Refusal
from placement.common.row_locks import locked
from placement.extensions import db
from placement.imports import citizens, companies, openings, reading
from placement.imports.reading import FileRefused
from placement.imports.rows import Outcome, Row
from placement.models import Municipality, Role, User
from placement.privacy.audit import AuditAction, AuditSubject, record


class ImportKind(str, enum.Enum):
    CITIZENS = "borgere"
    COMPANIES = "virksomheder"
    OPENINGS = "opslag"

    @property
    def label(self):
        return {
            ImportKind.CITIZENS: _l("Borgere (sagsstamme)"),
            ImportKind.COMPANIES: _l("Virksomheder"),
            ImportKind.OPENINGS: _l("Opslag"),
        }[self]

    @property
    def module(self) -> ModuleType:
        return {
            ImportKind.CITIZENS: citizens,
            ImportKind.COMPANIES: companies,
            ImportKind.OPENINGS: openings,
        }[self]

    @property
    def subject(self) -> AuditSubject:
        return {
            ImportKind.CITIZENS: AuditSubject.CITIZEN_IMPORT,
            ImportKind.COMPANIES: AuditSubject.COMPANY_IMPORT,
            ImportKind.OPENINGS: AuditSubject.OPENING_IMPORT,
        }[self]


def may_import(user: User) -> bool:
    """A municipality's consultants and administrators import into their own municipality."""
    return user.role in (Role.CONSULTANT, Role.ADMIN) and user.municipality_id is not None


@dataclass
class Report:
    kind: ImportKind
    digest: str
    rows: list[Row]
    written: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome is outcome)

    @property
    def new(self) -> int:
        return self.count(Outcome.NEW)

    @property
    def existing(self) -> int:
        return self.count(Outcome.EXISTS)

    @property
    def refused(self) -> int:
        return self.count(Outcome.REFUSED)


def _plan(kind: ImportKind, data: bytes, importer: User) -> Report:
    if not may_import(importer):
        raise FileRefused(_("Du skal høre til en kommune for at importere."))
    module = kind.module
    sheet = reading.read(data, module.COLUMNS, module.REQUIRED)
    seen: dict[str, int] = {}
    planned = []
    for number, values in sheet.rows:
        row = module.plan(number, values, importer)
        if row.key and row.key in seen and row.outcome is not Outcome.REFUSED:
            row.refuse(
                module.KEY_COLUMN,
                _("Samme nøgle står også i række %(row)d.", row=seen[row.key]),
            )
        elif row.key:
            seen.setdefault(row.key, number)
        planned.append(row)
    return Report(kind, sheet.digest, planned)


def preview(kind: ImportKind, data: bytes, importer: User) -> Report:
    """What importing the file would do, row by row; nothing is written."""
    return _plan(kind, data, importer)


def import_file(kind: ImportKind, data: bytes, importer: User) -> Report:
    """Write the file's valid rows (flush, no commit: the view commits once) and record who
    imported what. Run twice, the second finds every row and writes nothing new."""
    if may_import(importer) and kind is ImportKind.CITIZENS:
        # Citizens have no unique key in the database (one may have been entered twice by
        # hand before): imports into one municipality take turns on its row instead.
        locked(Municipality, importer.municipality_id)
    report = _plan(kind, data, importer)
    for row in report.rows:
        if row.write is not None:
            _write(row)
    event = record(AuditAction.IMPORT, kind.subject, None, actor=importer)
    event.detail = f"ny {report.new}, fandtes {report.existing}, afvist {report.refused}"[:40]
    report.written = True
    return report


def _write(row: Row) -> None:
    write = row.write
    assert write is not None
    try:
        with db.session.begin_nested():
            write()
    except IntegrityError:
        # Created meanwhile by another import: its unique key found it. Nothing of the row is
        # kept; it is the existing one now.
        row.outcome = Outcome.EXISTS
    except Refusal as error:
        for field, message in error.problems:
            row.refuse(field or "", message)
    row.write = None
