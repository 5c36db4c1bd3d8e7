from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from ..models import SessionKind
from .queries import ProgrammeFilters


class ProgrammeFilterForm(Form):
    """Filters of the programme page. A plain WTForms form, not a FlaskForm: it is sent by
    GET and changes nothing, so a CSRF token would only clutter bookmarked URLs.

    `organisations`: the event's (id, display name) pairs, as
    `cards.organisation_choices` gives them.
    """

    kind = SelectField(_l("Kind"))
    organisation = SelectField(_l("Organisation"))

    def __init__(self, formdata, *, organisations: list[tuple[int, str]]):
        super().__init__(formdata)
        self.organisations = organisations

    def filters(self) -> ProgrammeFilters:
        """Keep what the request chose among the kinds and the event's organisations, if
        anything; any other value is dropped (and no longer shown as chosen)."""
        if self.kind.data not in {kind.value for kind in SessionKind}:
            self.kind.data = ""
        if self.organisation.data not in {str(id_) for id_, _name in self.organisations}:
            self.organisation.data = ""
        return ProgrammeFilters(
            kind=SessionKind(self.kind.data) if self.kind.data else None,
            organisation_id=int(self.organisation.data) if self.organisation.data else None,
        )

    def offer_choices(self) -> None:
        """Offer every kind and the event's organisations. Only to render the form: the
        page keeps it rendered per programme version, so most requests never ask."""
        self.kind.choices = [SelectChoice("", _("All kinds"))] + [
            SelectChoice(kind.value, kind.label) for kind in SessionKind
        ]
        self.organisation.choices = [SelectChoice("", _("All organisations"))] + [
            SelectChoice(str(organisation_id), name) for organisation_id, name in self.organisations
        ]


class SignUpForm(FlaskForm):
    """Sign up, or confirm giving up a place: nothing to fill in but the CSRF token."""


class SwitchForm(FlaskForm):
    """Confirm a switch: the session whose place the diplomat gives up for this one."""

    current_session_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
