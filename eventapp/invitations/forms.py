"""The registration form (from the invitation link, and to change it later).

Built for an event (`RegistrationForm(event=…)`), it offers the event's days, shows a
registration (`fill`), gives what was entered as the service takes it (`details`) and
puts the service's refusals on their fields (`show`).
"""

from datetime import date
from zoneinfo import ZoneInfo

import phonenumbers
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from .. import limits
from ..auth.forms import PASSWORD_RULES
from ..i18n import date_day
from ..models import DiplomatFunction, Language, Sector
from ..organizer.fields import MultiCheckboxField
from .registering import DetailsRejected, RegistrationDetails

# What <input type="datetime-local"> sends ("2026-02-01T18:30"), first so it is also
# what the field shows; the others for hand-typed or scripted values.
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
# Numbers written without a country code are taken as Belgian.
DEFAULT_PHONE_REGION = "BE"


def _local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def phone_number(value: str) -> phonenumbers.PhoneNumber | None:
    """The number typed, or None if it is not a valid phone number."""
    try:
        number = phonenumbers.parse(value, DEFAULT_PHONE_REGION, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def written_internationally(number: phonenumbers.PhoneNumber) -> bool:
    """Whether the number was typed with its country code ("+32 …", "0032 …"), rather
    than the way it is dialled in Belgium ("0478 …")."""
    return number.country_code_source in (
        phonenumbers.CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN,
        phonenumbers.CountryCodeSource.FROM_NUMBER_WITH_IDD,
    )


class RegistrationForm(FlaskForm):
    """The details of a registration; `days` gets its choices from the event."""

    first_name = StringField(
        _l("First name"), validators=[DataRequired(), Length(max=limits.PERSON_NAME)]
    )
    last_name = StringField(
        _l("Last name"), validators=[DataRequired(), Length(max=limits.PERSON_NAME)]
    )
    function = SelectField(_l("Function"), choices=DiplomatFunction.choices())
    post_city = StringField(
        _l("Post (city)"), validators=[DataRequired(), Length(max=limits.POST_PLACE)]
    )
    post_country = StringField(
        _l("Post (country)"), validators=[DataRequired(), Length(max=limits.POST_PLACE)]
    )
    # Checked in validate_days rather than with DataRequired, whose "required" flag
    # would mark every checkbox as required.
    days = MultiCheckboxField(_l("Days you will attend"))
    arrival_at = DateTimeLocalField(
        _l("Arrival in Brussels"),
        format=DATETIME_FORMATS,
        tz=_local_zone,
        validators=[InputRequired(_l("Give the date and time of your arrival."))],
    )
    departure_at = DateTimeLocalField(
        _l("Departure from Brussels"),
        format=DATETIME_FORMATS,
        tz=_local_zone,
        validators=[InputRequired(_l("Give the date and time of your departure."))],
    )
    dietary = TextAreaField(_l("Dietary requirements"), validators=[Length(max=limits.NEEDS)])
    accessibility = TextAreaField(_l("Accessibility needs"), validators=[Length(max=limits.NEEDS)])
    language = SelectField(_l("Preferred language"), choices=Language.choices())
    mobile_phone = StringField(
        _l("Mobile phone"),
        validators=[
            DataRequired(_l("Give a mobile number.")),
            Length(max=limits.MOBILE_PHONE_INPUT),
        ],
    )
    remarks = TextAreaField(_l("Remarks"), validators=[Length(max=limits.REMARKS)])
    accepts_meetings = BooleanField(_l("Partners may ask me for a bilateral meeting"))
    meeting_topics = TextAreaField(
        _l("Topics you would discuss"), validators=[Length(max=limits.MEETING_TOPICS)]
    )
    meeting_sectors = MultiCheckboxField(_l("Sectors"), choices=Sector.choices())

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.days.choices = [(day.isoformat(), date_day(day)) for day in event.days]

    def fill(self, registration) -> None:
        """Show the registration and its diplomat's details."""
        user = registration.user
        self.first_name.data = user.first_name
        self.last_name.data = user.last_name
        self.language.data = user.language
        if user.profile is not None:
            self.function.data = user.profile.function.value
            self.post_city.data = user.profile.post_city
            self.post_country.data = user.profile.post_country
        self.days.data = [day.isoformat() for day in registration.days]
        self.arrival_at.data = registration.arrival_at
        self.departure_at.data = registration.departure_at
        self.dietary.data = registration.dietary
        self.accessibility.data = registration.accessibility
        self.mobile_phone.data = registration.mobile_phone
        self.remarks.data = registration.remarks
        self.accepts_meetings.data = registration.accepts_meetings
        self.meeting_topics.data = registration.meeting_topics
        self.meeting_sectors.data = list(registration.meeting_sectors or [])

    def details(self) -> RegistrationDetails:
        """What was entered, trimmed, as the invitation services take it."""
        return RegistrationDetails(
            first_name=self.first_name.data.strip(),
            last_name=self.last_name.data.strip(),
            function=DiplomatFunction(self.function.data),
            post_city=self.post_city.data.strip(),
            post_country=self.post_country.data.strip(),
            days=[date.fromisoformat(value) for value in self.days.data],
            arrival_at=self.arrival_at.data,
            departure_at=self.departure_at.data,
            dietary=self.dietary.data.strip(),
            accessibility=self.accessibility.data.strip(),
            language=self.language.data,
            mobile_phone=self.mobile_phone.data,
            remarks=self.remarks.data.strip(),
            accepts_meetings=bool(self.accepts_meetings.data),
            meeting_topics=(self.meeting_topics.data or "").strip(),
            meeting_sectors=list(self.meeting_sectors.data or []),
        )

    def show(self, rejected: DetailsRejected) -> None:
        """Put each refused detail's reason on its field."""
        for name, message in rejected.problems.items():
            self[name].errors.append(message)

    def validate_days(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one day."))

    def validate_mobile_phone(self, field):
        number = phone_number(field.data)
        if number is None:
            raise ValidationError(
                _l("Enter a valid phone number, with its country code, e.g. +32 478 12 34 56.")
            )
        if not written_internationally(number):
            # Taken as Belgian: shown back as it would be stored, for the diplomat to
            # check, rather than changed silently.
            field.data = phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
            )
            raise ValidationError(
                _(
                    "We wrote your number in its international form: %(number)s. Check it "
                    "and save again.",
                    number=field.data,
                )
            )
        field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class InvitationRegistrationForm(RegistrationForm):
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

    def validate(self, extra_validators=None) -> bool:
        if super().validate(extra_validators):
            return True
        self._ask_for_the_password_again()
        return False

    def show(self, rejected: DetailsRejected) -> None:
        super().show(rejected)
        self._ask_for_the_password_again()

    def _ask_for_the_password_again(self) -> None:
        # A password is never sent back to the browser: the form shown again has it empty.
        if self.password.data and not self.password.errors:
            self.password.errors.append(
                _("Type your password again, in both fields: we never send it back to the page.")
            )


class ConfirmForm(FlaskForm):
    """An empty form: its CSRF token proves the confirmation came from our page."""
