"""The form that uploads a programme file to import."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired


class ImportForm(FlaskForm):
    # The size is limited by MAX_CONTENT_LENGTH before the form ever sees the file.
    file = FileField(
        _l("Programme file (.json)"),
        validators=[
            FileRequired(_l("Choose the file to import.")),
            FileAllowed(["json"], _l("Choose a .json file, as exported from this page.")),
        ],
    )
