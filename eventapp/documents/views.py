"""Reading briefing documents: one document's file, to whoever may read it (404 to
anyone else, as if it did not exist), and a diplomat's briefing pack."""

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..events import current_event
from ..i18n import current_language
from ..models import DocumentVersion
from . import access, bp, pack, services, storage


@bp.get("/documents/<int:document_id>/download")
def download(document_id):
    """The document's current version, as an attachment; the download is recorded."""
    document = access.readable_document(document_id, current_user)
    if document is None:
        abort(404)
    version = document.current
    path = file_or_404(version)
    if request.method != "HEAD":  # the headers only: nothing downloaded (as the pack)
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
    return _kept_private(response)


def _kept_private(response):
    """A file's headers: no copy kept by caches, no sniffing, and a policy that runs
    nothing should a browser open it anyway."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; frame-ancestors 'none'; sandbox"
    )
    return response


@bp.get("/agenda/briefing-pack.zip")
@login_required
def briefing_pack():
    """Every document the diplomat may read for the sessions on their agenda, as one zip
    streamed while it is written (eventapp/documents/pack.py); the downloads are recorded
    once, before the first byte leaves. Nothing to read: back to the agenda, saying so."""
    if not current_user.is_diplomat:
        abort(403)  # organizers read every document from the session's page
    event = current_event()
    if event is None:
        abort(404)
    contents = pack.build(current_user, event, current_language())
    if not contents.entries:
        flash(_("There are no documents for the sessions on your agenda yet."), "info")
        return redirect(url_for("programme.agenda"))
    body = pack.stream(contents, pack.contents_pdf(contents))
    filename = pack.download_name(event, contents.language)
    if request.method != "HEAD":  # a HEAD gets the headers, no file: nothing downloaded
        services.record_downloads(contents.versions, current_user, in_pack=True)
    response = Response(stream_with_context(body), mimetype="application/zip")
    response.headers["Content-Disposition"] = pack.content_disposition(filename)
    return _kept_private(response)
