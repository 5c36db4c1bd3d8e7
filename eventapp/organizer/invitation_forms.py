"""Forms of the organizers' invitation pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import Form, HiddenField, SearchField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from .. import limits
from ..fields import EmailAddressField
from ..models import DiplomatFunction, Language, Region


class InvitationSearchForm(Form):
    """A plain WTForms form: submitted by GET and changing nothing, it needs no CSRF token."""

    q = SearchField(_l("Search"), validators=[Length(max=limits.SEARCH)])


class InvitationForm(FlaskForm):
    first_name = StringField(
        _l("First name"), validators=[DataRequired(), Length(max=limits.PERSON_NAME)]
    )
    last_name = StringField(
        _l("Last name"), validators=[DataRequired(), Length(max=limits.PERSON_NAME)]
    )
    email = EmailAddressField()
    function = SelectField(_l("Function"), choices=DiplomatFunction.choices())
    post_city = StringField(
        _l("Post (city)"), validators=[DataRequired(), Length(max=limits.POST_PLACE)]
    )
    post_country = StringField(
        _l("Post (country)"), validators=[DataRequired(), Length(max=limits.POST_PLACE)]
    )
    region = SelectField(_l("Region"), choices=Region.choices())
    language = SelectField(_l("Language of the invitation"), choices=Language.choices())


class ImportForm(FlaskForm):
    # The size is limited by MAX_CONTENT_LENGTH before the form ever sees the file.
    file = FileField(
        _l("CSV file"),
        validators=[
            FileRequired(_l("Choose the file to import.")),
            FileAllowed(["csv", "txt"], _l("Choose a .csv file.")),
        ],
    )


class ImportConfirmForm(FlaskForm):
    """Carries the preview's valid rows, signed, from the preview to the confirmation."""

    rows = HiddenField(validators=[DataRequired()])


class InvitationActionForm(FlaskForm):
    """An empty form for resend and revoke: its CSRF token proves it came from our page."""
