"""Forms for the rooms, organisations and speakers an organizer keeps.

Like the session form, each form offers its own choices and gives what was entered in
the form the catalogue service takes (`entered()`), and shows its refusals (`show()`).
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from .. import limits
from ..i18n import current_language
from ..models import OrganisationKind
from ..programme.services import ProgrammeError
from . import queries
from .fields import none_choice, optional_int


def strip(value):
    return value.strip() if isinstance(value, str) else value


def text_field(label, longest: int, *validators, field_class=StringField):
    """Text trimmed of surrounding spaces, at most `longest` characters."""
    too_long = Length(max=longest, message=_l("At most %(max)d characters."))
    return field_class(label, filters=[strip], validators=[*validators, too_long])


def name_field(longest: int) -> StringField:
    return text_field(_l("Name"), longest, DataRequired(_l("Give it a name.")))


class CatalogueForm(FlaskForm):
    """What the three forms share: their values for the service, a refusal on its field."""

    def entered(self) -> dict:
        """The values entered, by field name, as the catalogue service takes them."""
        return {name: value for name, value in self.data.items() if name != "csrf_token"}

    def show(self, error: ProgrammeError) -> bool:
        """Put the refusal on the field it is about; False when it is about none."""
        field_name = getattr(error, "field", None)
        if not field_name or field_name not in self:
            return False
        self[field_name].errors = [*self[field_name].errors, str(error)]
        return True


class RoomForm(CatalogueForm):
    name = name_field(limits.ROOM_NAME)
    capacity = IntegerField(
        _l("Capacity (places)"),
        validators=[
            InputRequired(_l("Give the number of places, e.g. 120.")),
            NumberRange(min=0, max=limits.CAPACITY, message=_l("Between 0 and 100,000 places.")),
        ],
    )
    notes = text_field(_l("Notes"), limits.NOTES, field_class=TextAreaField)


class OrganisationForm(CatalogueForm):
    """Its name and short name in English (the name is required: imports and exports
    know the organisation by it), French and Dutch; pages show the reader's language and
    fall back to another, marked."""

    name = text_field(
        _l("Name (English)"), limits.ORGANISATION_NAME, DataRequired(_l("Give it a name."))
    )
    name_fr = text_field(_l("Name (French)"), limits.ORGANISATION_NAME)
    name_nl = text_field(_l("Name (Dutch)"), limits.ORGANISATION_NAME)
    short_name = text_field(_l("Short name (English)"), limits.ORGANISATION_SHORT_NAME)
    short_name_fr = text_field(_l("Short name (French)"), limits.ORGANISATION_SHORT_NAME)
    short_name_nl = text_field(_l("Short name (Dutch)"), limits.ORGANISATION_SHORT_NAME)
    kind = SelectField(
        _l("Kind"), choices=OrganisationKind.choices(), default=OrganisationKind.OTHER
    )


class SpeakerForm(CatalogueForm):
    """A speaker of `event`, whose organisation is one of the event's, or none."""

    name = name_field(limits.SPEAKER_NAME)
    function = text_field(_l("Function (English)"), limits.SPEAKER_FUNCTION)
    function_fr = text_field(_l("Function (French)"), limits.SPEAKER_FUNCTION)
    function_nl = text_field(_l("Function (Dutch)"), limits.SPEAKER_FUNCTION)
    organisation_id = SelectField(_l("Organisation"), coerce=optional_int)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        language = current_language()
        self.organisation_id.choices = [none_choice(_("— No organisation —"))] + [
            (organisation.id, organisation.in_language("name", language).marked(language))
            for organisation in queries.organisations_of(event)
        ]
