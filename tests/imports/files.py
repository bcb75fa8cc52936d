"""CSV files for the import tests, written as Danish Excel writes them."""

from __future__ import annotations

import io

from placement.imports.reading import digest_of
from tests.conftest import csrf_token

CITIZEN_HEADER = "navn;cpr;email;telefon;postnummer;by;konsulent_email;ønsker;postnumre;timer"


def csv_bytes(header: str, *lines: str, bom: bool = True, separator: str = ";") -> bytes:
    text = "\r\n".join([header, *lines]) + "\r\n"
    if separator != ";":
        text = text.replace(";", separator)
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def citizens_file(consultant_email: str, *extra: str, **kwargs) -> bytes:
    return csv_bytes(
        CITIZEN_HEADER,
        f"Mette Jensen;010490-1234;mette@example.dk;;8800;Viborg;{consultant_email};"
        "virksomhedspraktik;8800, 8830;15",
        f"Ali Hassan;1705854321;;;8600;Silkeborg;{consultant_email};fleksjob;8600;20",
        *extra,
        **kwargs,
    )


def preview(client, kind: str, data: bytes, name: str = "fil.csv"):
    return client.post(
        "/import/forhaandsvisning",
        data={
            "csrf_token": csrf_token(client, "/import"),
            "kind": kind,
            "file": (io.BytesIO(data), name),
        },
        content_type="multipart/form-data",
    )


def digest_in(page: str) -> str:
    marker = 'name="digest" type="hidden" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def do_import(client, kind: str, data: bytes, digest: str | None = None):
    if digest is None:
        # What the preview's form carries (the preview shows no form when nothing is new).
        digest = digest_of(data)
    return client.post(
        "/import/importer",
        data={
            "csrf_token": csrf_token(client, "/import"),
            "kind": kind,
            "digest": digest,
            "file": (io.BytesIO(data), "fil.csv"),
        },
        content_type="multipart/form-data",
    )
