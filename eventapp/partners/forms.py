"""Partner representatives' forms: their details (registration and later changes) and
the directory's filters."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Form,
    PasswordField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length

from .. import limits
from ..auth.forms import PASSWORD_RULES
from ..models import Language, Region, Sector
from ..organizer.fields import MultiCheckboxField, none_choice
from .accounts import PartnerDetails, partner_countries


class PartnerForm(FlaskForm):
    """A partner's details; the countries offered are those of the heads of post's
    posts (`partner_countries`)."""

    first_name = StringField(
        _l("First name"), validators=[DataRequired(), Length(max=limits.PERSON_NAME)]
    )
    last_name = StringField(
        _l("Last name"), validators=[DataRequired(), Length(max=limits.PERSON_NAME)]
    )
    function = StringField(
        _l("Function"), validators=[DataRequired(), Length(max=limits.PARTNER_FUNCTION)]
    )
    mobile_phone = StringField(
        _l("Mobile phone"),
        validators=[
            DataRequired(_l("Give a mobile number.")),
            Length(max=limits.MOBILE_PHONE_INPUT),
        ],
    )
    language = SelectField(_l("Preferred language"), choices=Language.choices())
    sectors = MultiCheckboxField(_l("Sectors you are interested in"), choices=Sector.choices())
    countries = SelectMultipleField(_l("Countries you are interested in"))

    def validate_mobile_phone(self, field):
        """The heads of post's rule: a valid number, written with its country code."""
        # Imported here: the invitations' forms import the organizer area, which imports
        # this package.
        from ..invitations.forms import RegistrationForm

        RegistrationForm.validate_mobile_phone(self, field)

    def __init__(self, *args, event, chosen_countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.countries.choices = [
            (country, country) for country in partner_countries(event, list(chosen_countries))
        ]

    def fill(self, user) -> None:
        profile = user.partner_profile
        self.first_name.data = user.first_name
        self.last_name.data = user.last_name
        self.language.data = user.language
        self.function.data = profile.function
        self.mobile_phone.data = profile.mobile_phone
        self.sectors.data = list(profile.sectors or [])
        self.countries.data = list(profile.countries or [])

    def details(self) -> PartnerDetails:
        return PartnerDetails(
            first_name=self.first_name.data.strip(),
            last_name=self.last_name.data.strip(),
            function=self.function.data.strip(),
            mobile_phone=self.mobile_phone.data,
            language=self.language.data,
            sectors=list(self.sectors.data or []),
            countries=list(self.countries.data or []),
        )


class PartnerRegistrationForm(PartnerForm):
    """The first registration, from the invitation link: also a password and consent."""

    password = PasswordField(_l("Choose a password"), validators=PASSWORD_RULES)
    confirm_password = PasswordField(
        _l("The password again"),
        validators=[DataRequired(), EqualTo("password", _l("The two passwords differ."))],
    )
    consent = BooleanField(
        _l("I agree to the processing of my personal data as described above."),
        validators=[
            DataRequired(_l("Without your agreement we cannot register you. Tick the box."))
        ],
    )


class DirectoryFilterForm(Form):
    """The directory's filters: read from the query string (GET, changes nothing, so no
    CSRF token)."""

    q = SearchField(_l("Search"), validators=[Length(max=limits.SEARCH)])
    region = SelectField(_l("Region"))
    country = SelectField(_l("Country"))
    sector = SelectField(_l("Sector"))

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = [none_choice(_l("All regions"))] + Region.choices()
        self.country.choices = [none_choice(_l("All countries"))] + [
            (country, country) for country in countries
        ]
        self.sector.choices = [none_choice(_l("All sectors"))] + Sector.choices()

    def chosen(self, name: str) -> str:
        """The filter's value if it is one of its choices, else "" (all)."""
        value = self[name].data or ""
        values = {
            str(choice.value if hasattr(choice, "value") else choice[0])
            for choice in self[name].choices
        }
        return value if value in values else ""
