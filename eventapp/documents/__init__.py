"""Briefing documents on sessions (issue 22): the models are in
eventapp/models/documents.py; organizers attach and manage them in the organizer area
(eventapp/organizer/document_views.py); readers download them here, one at a time or as
their briefing pack."""

from flask import Blueprint

bp = Blueprint("documents", __name__)

# The pages that receive a document's file: their requests may be as large as
# DOCUMENT_MAX_MB (plus the form around the file) instead of MAX_CONTENT_LENGTH.
UPLOAD_ENDPOINTS = {"organizer.new_document", "organizer.new_document_version"}

from . import views  # noqa: E402, F401
