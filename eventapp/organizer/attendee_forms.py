"""Forms of the attendee pages: the list's filters, and confirming or rejecting in bulk."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, SearchField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired

from .. import limits
from ..attendees.queries import AttendeeFilters
from ..i18n import date_day
from ..models import DiplomatFunction, Region, RegistrationStatus
from ..record_ids import parse_ids

BULK_ACTIONS = {
    "confirm": RegistrationStatus.CONFIRMED,
    "reject": RegistrationStatus.REJECTED,
}


class AttendeeFilterForm(Form):
    """The list's filters and search. A plain WTForms form, not a FlaskForm: it is
    submitted by GET and changes nothing, so a CSRF token would only clutter URLs."""

    q = SearchField(_l("Search"), render_kw={"maxlength": limits.SEARCH})
    status = SelectField(_l("Status"))
    function = SelectField(_l("Function"))
    region = SelectField(_l("Region"))
    day = SelectField(_l("Day"))

    def show(self, filters: AttendeeFilters, days) -> "AttendeeFilterForm":
        """Offer the choices, and show what the request kept (bad values are dropped)."""
        self.status.choices = _choices(_("All statuses"), RegistrationStatus.choices())
        self.function.choices = _choices(_("All functions"), DiplomatFunction.choices())
        self.region.choices = _choices(_("All regions"), Region.choices())
        self.day.choices = _choices(
            _("All days"),
            [SelectChoice(day.isoformat(), date_day(day)) for day in days],
        )
        kept = filters.query_args()
        for name in ("q", "status", "function", "region", "day"):
            getattr(self, name).data = kept.get(name, "")
        return self


def _choices(everything_label: str, options: list[SelectChoice]) -> list[SelectChoice]:
    return [SelectChoice("", everything_label), *options]


class RegistrationIdsField(SelectMultipleField):
    """Registration ids ticked in the list; anything that is not a number is dropped,
    so a tampered form selects nobody rather than failing."""

    def pre_validate(self, form):
        pass

    def process_formdata(self, valuelist):
        self.data = parse_ids(valuelist)


class BulkStatusForm(FlaskForm):
    """Confirm or reject the registrations ticked in the list: posted once to the review
    page, which lists who, then again to make the change."""

    registration_ids = RegistrationIdsField(
        _l("Registrations"), validators=[DataRequired(_l("Tick at least one attendee."))]
    )
    action = HiddenField(
        validators=[InputRequired(), AnyOf(list(BULK_ACTIONS), message=_l("Unknown action."))]
    )

    @property
    def new_status(self) -> RegistrationStatus:
        return BULK_ACTIONS[self.action.data]
