"""Forms of the organizers' partner representatives' pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from .. import limits
from ..fields import EmailAddressField
from ..models import Language, normalise_email
from ..partners.csv_import import PartnerInvitee
from .fields import none_choice


class PartnerInvitationForm(FlaskForm):
    """One partner representative to invite, from an organisation of the catalogue."""

    first_name = StringField(
        _l("First name"), validators=[DataRequired(), Length(max=limits.PERSON_NAME)]
    )
    last_name = StringField(
        _l("Last name"), validators=[DataRequired(), Length(max=limits.PERSON_NAME)]
    )
    email = EmailAddressField()
    language = SelectField(_l("Language of the invitation"), choices=Language.choices())
    organisation = SelectField(
        _l("Organisation"),
        validators=[DataRequired(_l("Choose the organisation."))],
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [none_choice(_l("— Choose —"))] + [
            (str(organisation.id), organisation.name) for organisation in organisations
        ]

    def invitee(self) -> PartnerInvitee:
        return PartnerInvitee(
            first_name=self.first_name.data.strip(),
            last_name=self.last_name.data.strip(),
            email=normalise_email(self.email.data),
            language=self.language.data,
            organisation_id=int(self.organisation.data),
        )
