"""The organizers' document forms: a new document (its file and details), a document's
details, and a new version's file. Each turns itself into the services' input
(eventapp/documents/services.py)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from .. import limits
from ..documents.services import DocumentDetails, Upload
from ..models import Document, FileLanguage

TITLE_FIELDS = ("title_en", "title_fr", "title_nl")


def _file_field():
    # The size is limited before the form sees the file (DOCUMENT_MAX_MB), the type and
    # the name by eventapp/documents/storage.py, which reads the content.
    return FileField(_l("File"), validators=[FileRequired(_l("Choose the file to attach."))])


class DocumentDetailsForm(FlaskForm):
    """A document's titles, language, note and who may read it."""

    title_en = StringField(_l("Title (English)"), validators=[Length(max=limits.DOCUMENT_TITLE)])
    title_fr = StringField(_l("Title (French)"), validators=[Length(max=limits.DOCUMENT_TITLE)])
    title_nl = StringField(_l("Title (Dutch)"), validators=[Length(max=limits.DOCUMENT_TITLE)])
    language = SelectField(
        _l("Language of the file"), choices=FileLanguage.choices(), default=FileLanguage.EN.value
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=limits.DOCUMENT_NOTE)])
    participants_only = BooleanField(_l("Only the session's registered participants may read it"))

    # A document always has a title; the new-document form may leave them all empty
    # (the file's name is the title then).
    titles_required = True

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.titles_required and not any(self._text(name) for name in TITLE_FIELDS):
            self.title_en.errors = [
                *self.title_en.errors,
                _l("Give the document a title in at least one language."),
            ]
            return False
        return valid

    def fill(self, document: Document) -> None:
        for name in (*TITLE_FIELDS, "note", "participants_only"):
            getattr(self, name).data = getattr(document, name)
        self.language.data = document.language.value

    def details(self) -> DocumentDetails:
        return DocumentDetails(
            title_en=self._text("title_en"),
            title_fr=self._text("title_fr"),
            title_nl=self._text("title_nl"),
            language=FileLanguage(self.language.data),
            note=self._text("note"),
            participants_only=bool(self.participants_only.data),
        )

    def _text(self, name: str) -> str | None:
        return (getattr(self, name).data or "").strip() or None


class NewDocumentForm(DocumentDetailsForm):
    file = _file_field()
    titles_required = False

    def upload(self) -> Upload:
        return Upload(self.file.data.stream, self.file.data.filename)


class NewVersionForm(FlaskForm):
    file = _file_field()

    def upload(self) -> Upload:
        return Upload(self.file.data.stream, self.file.data.filename)
