"""Reading an uploaded CSV file as Danish Excel writes it: UTF-8 with or without BOM, `;` or `,`."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass

from flask_babel import gettext as _

from placement.common.refusals import Refusal

# A caseload of a few thousand rows is well below this; a bigger file is not a caseload.
MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000


class FileRefused(Refusal):
    """The file as a whole cannot be read: nothing of it is shown or imported."""


@dataclass
class Sheet:
    """The rows of a file, each a dict by (lower-cased) column name, numbered as Excel shows
    them: the header is row 1, the first data row is row 2."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    digest: str  # sha256 of the bytes: the import must be of the file that was previewed


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(data: bytes, expected: tuple[str, ...], required: tuple[str, ...]) -> Sheet:
    """The file's rows; refuses a file too big, not text, or without the kind's columns."""
    if not data:
        raise FileRefused(_("Filen er tom. Vælg en CSV-fil med en overskriftsrække."), "file")
    if len(data) > MAX_BYTES:
        raise FileRefused(
            _("Filen er for stor. Den må højst fylde %(mb)d MB.", mb=MAX_BYTES // (1024 * 1024)),
            "file",
        )
    try:
        # utf-8-sig drops the BOM Excel puts first ("CSV UTF-8"), and reads a file without it.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "Filen kan ikke læses som tekst. Gem den i Excel som "
                "»CSV UTF-8 (kommasepareret)« og prøv igen."
            ),
            "file",
        ) from None
    if "\x00" in text:
        raise FileRefused(_("Filen er ikke en CSV-fil. Gem den som CSV og prøv igen."), "file")
    lines = text.splitlines()
    header = lines[0] if lines else ""
    # Danish Excel writes `;` (the comma is the decimal sign); others write `,`.
    delimiter = ";" if header.count(";") >= header.count(",") and ";" in header else ","
    # A quoted cell may hold a line break (Excel writes one for Alt+Enter).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = list(reader)
    except csv.Error:
        raise FileRefused(_("Filen er ikke en gyldig CSV-fil."), "file") from None
    if not table:
        raise FileRefused(_("Filen er tom. Vælg en CSV-fil med en overskriftsrække."), "file")
    columns = [name.strip().lower() for name in table[0]]
    missing = [name for name in required if name not in columns]
    if missing:
        raise FileRefused(
            _(
                "Filen mangler kolonnerne: %(missing)s. Brug eksempelfilen, "
                "og behold overskriftsrækken.",
                missing=", ".join(missing),
            ),
            "file",
        )
    unknown = [name for name in columns if name and name not in expected]
    if unknown:
        raise FileRefused(
            _(
                "Filen har kolonner, der ikke kendes: %(unknown)s. Brug kolonnenavnene fra "
                "eksempelfilen.",
                unknown=", ".join(unknown[:10]),
            ),
            "file",
        )
    if len(table) - 1 > MAX_ROWS:
        raise FileRefused(
            _("Filen har for mange rækker. Del den op i filer med højst %(n)d.", n=MAX_ROWS),
            "file",
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # Excel leaves empty rows at the end
        values = {
            name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(columns)
        }
        rows.append((number, values))
    if not rows:
        raise FileRefused(_("Filen har ingen rækker under overskriften."), "file")
    return Sheet(columns, rows, digest_of(data))


def example(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    """An example file as Danish Excel opens it: BOM, `;`."""
    lines = [";".join(columns)] + [";".join(row) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
