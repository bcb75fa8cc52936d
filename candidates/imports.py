"""The CSV import's pages for a municipality's staff: upload, preview, import, example files.

The file is not kept between the preview and the import: it holds CPR numbers, so it is read
in memory twice and stored nowhere. "Importér" asks for the same file again, and the preview's
hash (sha256 of its bytes) makes sure it is the one that was previewed, without JavaScript.
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template
from flask_babel import gettext as _
from flask_login import current_user

from candidates.import_forms import ImportForm, UploadForm
from placement.accounts.security import roles_required
from placement.extensions import db
from placement.imports import reading
from placement.imports.reading import FileRefused
from placement.imports.run import ImportKind, import_file, may_import, preview
from placement.models import Role

bp = Blueprint("imports", __name__)

STAFF = (Role.CONSULTANT, Role.ADMIN)


def _importer():
    user = current_user._get_current_object()
    if not may_import(user):
        abort(403)
    return user


def _start_page(form: UploadForm, status: int = 200):
    return (
        render_template("candidates/import_start.html", form=form, kinds=list(ImportKind)),
        status,
    )


def _file_of(form: UploadForm) -> bytes | None:
    upload = form.file.data
    if not upload or not getattr(upload, "filename", ""):
        form.file.errors = [_("Vælg en CSV-fil.")]
        return None
    return upload.read(reading.MAX_BYTES + 1)


def _preview_page(kind: ImportKind, data: bytes, notice: str = ""):
    report = preview(kind, data, _importer())
    form = ImportForm(formdata=None, kind=kind.value, digest=report.digest)
    return render_template(
        "candidates/import_preview.html", report=report, form=form, notice=notice
    )


@bp.route("/import")
@roles_required(*STAFF)
def start():
    _importer()
    return _start_page(UploadForm(formdata=None))


@bp.route("/import/forhaandsvisning", methods=["POST"])
@roles_required(*STAFF)
def check():
    _importer()
    form = UploadForm()
    form.validate()
    kind = form.chosen_kind()
    data = _file_of(form)
    if kind is None or data is None:
        return _start_page(form, 400)
    try:
        return _preview_page(kind, data)
    except FileRefused as error:
        form.file.errors = [str(error)]
        return _start_page(form, 400)


@bp.route("/import/importer", methods=["POST"])
@roles_required(*STAFF)
def run():
    importer = _importer()
    form = ImportForm()
    form.validate()
    kind = form.chosen_kind()
    data = _file_of(form)
    if kind is None or data is None:
        return _start_page(form, 400)
    try:
        if reading.digest_of(data) != form.digest.data:
            # Another file (or the same one changed since): show what importing it would do.
            return _preview_page(
                kind,
                data,
                _(
                    "Filen er ikke den samme som den, du så før. Her er forhåndsvisningen af "
                    "den nye fil. Importér den, hvis den ser rigtig ud."
                ),
            )
        report = import_file(kind, data, importer)
    except FileRefused as error:
        db.session.rollback()
        form.file.errors = [str(error)]
        return _start_page(form, 400)
    db.session.commit()
    return render_template("candidates/import_done.html", report=report)


@bp.route("/import/eksempel/<kind>.csv")
@roles_required(*STAFF)
def example(kind: str):
    _importer()
    try:
        chosen = ImportKind(kind)
    except ValueError:
        abort(404)
    module = chosen.module
    response = make_response(reading.example(module.COLUMNS, module.EXAMPLE))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="eksempel-{kind}.csv"'
    return response
