"""Forms of the organizers' invitation pages."""

import json

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from .. import limits, regions
from ..fields import EmailAddressField
from ..models import DiplomatFunction, Language, Region
from .fields import none_choice


class InvitationSearchForm(Form):
    """A plain WTForms form: submitted by GET and changing nothing, it needs no CSRF token."""

    q = SearchField(_l("Search"), validators=[Length(max=limits.SEARCH)])


class InvitationForm(FlaskForm):
    """One person to invite. The region may be left to the country of the post
    (`regions.region_of_country`); the page's script proposes it while the country is
    typed, from the names the country field carries."""

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
    region = SelectField(
        _l("Region"),
        choices=[none_choice(_l("— From the country of the post —"))] + Region.choices(),
    )
    language = SelectField(_l("Language of the invitation"), choices=Language.choices())
    # The confirmation step when the edition's deadline or last day has passed: the
    # organizer sends anyway, or goes back to the form with what they typed.
    late_confirmed = BooleanField(widget=HiddenInput())
    back_to_form = SubmitField(_l("No, back to the form"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.post_country.render_kw = {
            "data-regions": json.dumps(regions.names_and_regions(), ensure_ascii=False),
            "data-region-field": self.region.id,
        }

    def validate_region(self, field):
        if field.data or not (self.post_country.data or "").strip():
            return
        region = regions.region_of_country(self.post_country.data or "")
        if region is None:
            raise ValidationError(_l("We cannot tell the region from this country: choose it."))
        field.data = region.value

    def carried_fields(self) -> list:
        """What the organizer typed, for the confirmation step to send again (hidden)."""
        steps = ("csrf_token", "late_confirmed", "back_to_form")
        return [field for field in self if field.name not in steps]


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
