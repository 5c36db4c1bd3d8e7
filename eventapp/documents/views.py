"""Reading briefing documents: one document's file, to whoever may read it (404 to
anyone else, as if it did not exist)."""

from flask import abort, current_app, send_file
from flask_login import current_user

from ..models import DocumentVersion
from . import access, bp, services, storage


@bp.get("/documents/<int:document_id>/download")
def download(document_id):
    """The document's current version, as an attachment; the download is recorded."""
    document = access.readable_document(document_id, current_user)
    if document is None:
        abort(404)
    version = document.current
    path = file_or_404(version)
    services.record_downloads([version], current_user)
    return send_version(version, path)


def file_or_404(version: DocumentVersion):
    """The version's file; a file missing from the folder (a restore without it) is
    logged for the administrators and answered 404."""
    path = storage.path_of(version.sha256)
    if not path.is_file():
        current_app.logger.error(
            "document file missing: version %s of document %s, sha256 %s",
            version.number,
            version.document_id,
            version.sha256,
        )
        abort(404)
    return path


def send_version(version: DocumentVersion, path):
    """The file as a download, never shown inline: a safe name (accents kept through
    RFC 6266 `filename*`), its real type, no sniffing, no copy kept by caches, and a
    policy that runs nothing should a browser open it anyway."""
    response = send_file(
        path,
        mimetype=version.content_type,
        as_attachment=True,
        download_name=version.filename,
        conditional=False,
        etag=False,
        max_age=None,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; frame-ancestors 'none'; sandbox"
    )
    return response
