"""Forms for the rooms, organisations and speakers an organizer keeps."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ..models import OrganisationKind
from .fields import optional_int


def strip(value):
    return value.strip() if isinstance(value, str) else value


def text_field(label, longest: int, *validators, field_class=StringField):
    """Text trimmed of surrounding spaces, at most `longest` characters."""
    too_long = Length(max=longest, message=_l("At most %(max)d characters."))
    return field_class(label, filters=[strip], validators=[*validators, too_long])


def name_field(longest: int) -> StringField:
    return text_field(_l("Name"), longest, DataRequired(_l("Give it a name.")))


class RoomForm(FlaskForm):
    name = name_field(120)
    capacity = IntegerField(
        _l("Capacity (places)"),
        validators=[
            InputRequired(_l("Give the number of places, e.g. 120.")),
            NumberRange(min=0, max=100_000, message=_l("Between 0 and 100,000 places.")),
        ],
    )
    notes = text_field(_l("Notes"), 2000, field_class=TextAreaField)


class OrganisationForm(FlaskForm):
    name = name_field(200)
    short_name = text_field(_l("Short name"), 40)
    kind = SelectField(
        _l("Kind"), choices=OrganisationKind.choices(), default=OrganisationKind.OTHER
    )


class SpeakerForm(FlaskForm):
    name = name_field(200)
    function = text_field(_l("Function"), 300)
    # Choices (the event's organisations, or none) are set by the view.
    organisation_id = SelectField(_l("Organisation"), coerce=optional_int)
