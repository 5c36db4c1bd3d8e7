from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..models import (
    AudienceKind,
    DiplomatFunction,
    Region,
    SessionKind,
    SpeakerRole,
    Visibility,
)
from .fields import MultiCheckboxField, optional_int

SPEAKER_ROWS = 6


class SpeakerRoleForm(Form):
    speaker_id = SelectField(_l("Speaker"), coerce=optional_int, validate_choice=True)
    role = SelectField(_l("Role"), choices=SpeakerRole.choices(), default=SpeakerRole.SPEAKER)


class SessionForm(FlaskForm):
    title_en = StringField(_l("Title (English)"), validators=[Length(max=200)])
    title_fr = StringField(_l("Title (French)"), validators=[Length(max=200)])
    title_nl = StringField(_l("Title (Dutch)"), validators=[Length(max=200)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Length(max=5000)])
    description_fr = TextAreaField(_l("Description (French)"), validators=[Length(max=5000)])
    description_nl = TextAreaField(_l("Description (Dutch)"), validators=[Length(max=5000)])
    kind = SelectField(_l("Kind"), choices=SessionKind.choices(), default=SessionKind.PLENARY)
    day = SelectField(_l("Day"), validators=[InputRequired()])
    start_time = TimeField(
        _l("Starts at (Brussels time)"),
        validators=[InputRequired(_l("Give a start time, e.g. 09:30."))],
    )
    duration = IntegerField(
        _l("Duration (minutes)"),
        default=60,
        validators=[
            InputRequired(_l("Give a duration in minutes.")),
            NumberRange(min=5, max=24 * 60, message=_l("Between 5 minutes and 24 hours.")),
        ],
    )
    room_id = SelectField(_l("Room"), coerce=optional_int)
    speakers = FieldList(FormField(SpeakerRoleForm), min_entries=SPEAKER_ROWS)
    organisation_ids = MultiCheckboxField(_l("Partner organisations"), coerce=int)
    visibility = SelectField(
        _l("Visibility"), choices=Visibility.choices(), default=Visibility.PUBLIC
    )
    audience = SelectField(_l("Audience"), choices=AudienceKind.choices(), default=AudienceKind.ALL)
    audience_functions = MultiCheckboxField(
        _l("Functions in the audience"), choices=DiplomatFunction.choices()
    )
    audience_regions = MultiCheckboxField(_l("Regions in the audience"), choices=Region.choices())
    audience_member_ids = SelectMultipleField(_l("Diplomats in the audience"), coerce=int)
    capacity = IntegerField(
        _l("Capacity"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100_000, message=_l("Between 0 and 100,000 places.")),
        ],
    )
    signup_required = BooleanField(_l("Diplomats must sign up (places are limited)"))
    parallel_group = StringField(_l("Parallel group"), validators=[Length(max=80)])


class ConfirmForm(FlaskForm):
    """An empty form: its CSRF token proves the confirmation came from our page."""


class PublishForm(FlaskForm):
    session_ids = FieldList(HiddenField())
