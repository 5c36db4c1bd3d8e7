"""Forms of the organizers' door-staff pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from .. import limits
from ..door.staff import NewDoorStaff
from ..fields import EmailAddressField
from ..models import Language


class DoorStaffForm(FlaskForm):
    """A person who will check people in at the door."""

    first_name = StringField(
        _l("First name"), validators=[DataRequired(), Length(max=limits.PERSON_NAME)]
    )
    last_name = StringField(
        _l("Last name"), validators=[DataRequired(), Length(max=limits.PERSON_NAME)]
    )
    email = EmailAddressField()
    language = SelectField(_l("Language of the pages and the e-mail"), choices=Language.choices())

    def new_door_staff(self) -> NewDoorStaff:
        return NewDoorStaff(
            first_name=self.first_name.data.strip(),
            last_name=self.last_name.data.strip(),
            email=self.email.data,
            language=self.language.data,
        )


class DoorStaffActionForm(FlaskForm):
    """An empty form for deactivate and reactivate: its CSRF token proves it came from
    our page."""
