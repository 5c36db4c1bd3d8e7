"""Column types and enumerations shared by the models."""

import enum
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from sqlalchemy import DateTime, Enum, TypeDecorator

from .. import clock


def utcnow() -> datetime:
    """Now, in UTC, on the app's clock: the real time, or the demo clock's
    (EVENTAPP_DEMO_NOW, eventapp/clock.py). Every "now" of the app comes from here."""
    return clock.now()


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database.

    SQLite keeps no offset, so values are converted to UTC on the way in and marked as
    UTC on the way out; a naive datetime is refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give it a timezone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class LabelledEnum(enum.StrEnum):
    """A string enumeration whose members carry a translatable label."""

    @property
    def label(self):
        return self._labels()[self]

    @classmethod
    def _labels(cls):
        raise NotImplementedError

    @classmethod
    def choices(cls):
        from wtforms.fields.choices import SelectChoice

        return [SelectChoice(member.value, member.label) for member in cls]


def enum_type(enum_class: type[enum.Enum], name: str) -> Enum:
    """Stored as VARCHAR with a CHECK constraint: portable, and easy to extend later."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Language(LabelledEnum):
    EN = "en"
    FR = "fr"
    NL = "nl"

    @classmethod
    def _labels(cls):
        return {cls.EN: "English", cls.FR: "Français", cls.NL: "Nederlands"}


class OrganisationKind(LabelledEnum):
    FEDERAL_GOVERNMENT = "federal_government"
    REGIONAL_GOVERNMENT = "regional_government"
    FOREIGN_AFFAIRS = "foreign_affairs"
    DEVELOPMENT_AGENCY = "development_agency"
    DEVELOPMENT_FINANCE = "development_finance"
    FINANCIAL_INSTITUTION = "financial_institution"
    BUSINESS = "business"
    OTHER = "other"

    @classmethod
    def _labels(cls):
        return {
            cls.FEDERAL_GOVERNMENT: _l("Federal government"),
            cls.REGIONAL_GOVERNMENT: _l("Region or community government"),
            cls.FOREIGN_AFFAIRS: _l("FPS Foreign Affairs"),
            cls.DEVELOPMENT_AGENCY: _l("Development agency"),
            cls.DEVELOPMENT_FINANCE: _l("Development finance"),
            cls.FINANCIAL_INSTITUTION: _l("International financial institution"),
            cls.BUSINESS: _l("Business"),
            cls.OTHER: _l("Other"),
        }


class SessionKind(LabelledEnum):
    PLENARY = "plenary"
    ADDRESS = "address"
    PANEL = "panel"
    MEETING = "meeting"
    BILATERAL = "bilateral"
    WORKSHOP = "workshop"
    NETWORKING = "networking"
    MEAL = "meal"
    RECEPTION = "reception"
    PRESS = "press"

    @classmethod
    def _labels(cls):
        return {
            cls.PLENARY: _l("Plenary"),
            cls.ADDRESS: _lp("session kind", "Address"),
            cls.PANEL: _l("Panel"),
            cls.MEETING: _l("Meeting"),
            cls.BILATERAL: _l("Bilateral"),
            cls.WORKSHOP: _l("Workshop"),
            cls.NETWORKING: _l("Networking"),
            cls.MEAL: _l("Meal"),
            cls.RECEPTION: _l("Reception"),
            cls.PRESS: _l("Press"),
        }


class SessionStatus(LabelledEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"

    @classmethod
    def _labels(cls):
        return {
            cls.DRAFT: _l("Draft"),
            cls.PUBLISHED: _l("Published"),
            cls.CANCELLED: _lp("session status", "Cancelled"),
        }


class Visibility(LabelledEnum):
    PUBLIC = "public"
    ATTENDEES = "attendees"
    INVITED_ONLY = "invited_only"

    @classmethod
    def _labels(cls):
        return {
            cls.PUBLIC: _l("Public"),
            cls.ATTENDEES: _l("Attendees"),
            cls.INVITED_ONLY: _l("Invited only"),
        }


class AudienceKind(LabelledEnum):
    ALL = "all"
    FUNCTIONS = "functions"
    REGIONS = "regions"
    NAMED = "named"

    @classmethod
    def _labels(cls):
        return {
            cls.ALL: _l("All heads of post"),
            cls.FUNCTIONS: _l("Selected functions"),
            cls.REGIONS: _l("Selected regions"),
            cls.NAMED: _l("Named diplomats"),
        }


class SpeakerRole(LabelledEnum):
    CHAIR = "chair"
    SPEAKER = "speaker"
    MODERATOR = "moderator"
    GUEST_OF_HONOUR = "guest_of_honour"

    @classmethod
    def _labels(cls):
        return {
            cls.CHAIR: _l("Chair"),
            cls.SPEAKER: _lp("speaker role", "Speaker"),
            cls.MODERATOR: _l("Moderator"),
            cls.GUEST_OF_HONOUR: _l("Guest of honour"),
        }


class Role(LabelledEnum):
    ORGANIZER = "organizer"
    DIPLOMAT = "diplomat"
    # Checks people in at the palace door (eventapp/door): the check-in pages, nothing else.
    DOOR_STAFF = "door_staff"
    # A partner representative (eventapp/meetings): asks heads of post for bilateral meetings.
    PARTNER = "partner"

    @classmethod
    def _labels(cls):
        return {
            cls.ORGANIZER: _l("Organizer"),
            cls.DIPLOMAT: _l("Diplomat"),
            cls.DOOR_STAFF: _l("Door staff"),
            cls.PARTNER: _l("Partner representative"),
        }


class DiplomatFunction(LabelledEnum):
    AMBASSADOR = "ambassador"
    PERMANENT_REPRESENTATIVE = "permanent_representative"
    CONSUL_GENERAL = "consul_general"
    CHARGE_D_AFFAIRES = "charge_d_affaires"
    OTHER = "other"

    @classmethod
    def _labels(cls):
        return {
            cls.AMBASSADOR: _l("Ambassador"),
            cls.PERMANENT_REPRESENTATIVE: _l("Permanent representative"),
            cls.CONSUL_GENERAL: _l("Consul general"),
            cls.CHARGE_D_AFFAIRES: _l("Chargé d'affaires"),
            cls.OTHER: _l("Other"),
        }


class Region(LabelledEnum):
    EUROPE = "europe"
    AFRICA = "africa"
    AMERICAS = "americas"
    ASIA_OCEANIA = "asia_oceania"
    MIDDLE_EAST_NORTH_AFRICA = "middle_east_north_africa"
    MULTILATERAL = "multilateral"

    @classmethod
    def _labels(cls):
        return {
            cls.EUROPE: _l("Europe"),
            cls.AFRICA: _l("Sub-Saharan Africa"),
            cls.AMERICAS: _l("Americas"),
            cls.ASIA_OCEANIA: _l("Asia and Oceania"),
            cls.MIDDLE_EAST_NORTH_AFRICA: _l("Middle East and North Africa"),
            cls.MULTILATERAL: _l("Multilateral posts"),
        }


class RegistrationStatus(LabelledEnum):
    INVITED = "invited"
    REGISTERED = "registered"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    REJECTED = "rejected"

    @classmethod
    def _labels(cls):
        return {
            cls.INVITED: _l("Invited"),
            cls.REGISTERED: _l("Registered"),
            cls.CONFIRMED: _lp("registration status", "Confirmed"),
            cls.DECLINED: _lp("registration status", "Declined"),
            cls.CANCELLED: _lp("registration status", "Cancelled"),
            cls.REJECTED: _l("Rejected"),
        }


class SignUpStatus(LabelledEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"

    @classmethod
    def _labels(cls):
        return {
            cls.CONFIRMED: _lp("sign-up status", "Confirmed"),
            cls.WAITLISTED: _l("Waitlisted"),
            cls.CANCELLED: _lp("sign-up status", "Cancelled"),
        }


class MailStatus(LabelledEnum):
    """Where an outbox mail is: waiting to go (or to be retried), being sent by a
    worker, accepted by the mail server, or given up on."""

    WAITING = "waiting"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"

    @classmethod
    def _labels(cls):
        return {
            cls.WAITING: _lp("mail status", "Waiting"),
            cls.SENDING: _lp("mail status", "Sending"),
            cls.SENT: _lp("mail status", "Sent"),
            cls.FAILED: _lp("mail status", "Failed"),
        }


class FileLanguage(LabelledEnum):
    """The language a briefing document is written in (a tag, BCP 47)."""

    EN = "en"
    FR = "fr"
    NL = "nl"
    DE = "de"
    MULTIPLE = "mul"

    @classmethod
    def _labels(cls):
        # Each language by its own name, as the choice of the site's language shows them.
        return {
            cls.EN: "English",
            cls.FR: "Français",
            cls.NL: "Nederlands",
            cls.DE: "Deutsch",
            cls.MULTIPLE: _l("Several languages"),
        }


class WindowStatus(LabelledEnum):
    """A meeting window: prepared, open for requests, or closed to new requests."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"

    @classmethod
    def _labels(cls):
        return {cls.DRAFT: _l("Draft"), cls.OPEN: _l("Open for requests"), cls.CLOSED: _l("Closed")}


class MeetingStatus(LabelledEnum):
    """Where a partner's request for a bilateral meeting stands."""

    REQUESTED = "requested"
    PROPOSED = "proposed"  # the head of post proposed another window
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"

    @classmethod
    def _labels(cls):
        return {
            cls.REQUESTED: _l("Requested"),
            cls.PROPOSED: _l("Other time proposed"),
            cls.ACCEPTED: _l("Accepted"),
            cls.DECLINED: _l("Declined"),
            cls.WITHDRAWN: _l("Withdrawn"),
            cls.CANCELLED: _l("Cancelled"),
        }


class Sector(LabelledEnum):
    """Economic sectors partners and heads of post name for bilateral meetings."""

    AGRIFOOD = "agrifood"
    CHEMICALS_PHARMA = "chemicals_pharma"
    CONSTRUCTION = "construction"
    DIGITAL = "digital"
    ENERGY = "energy"
    FINANCE = "finance"
    HEALTH = "health"
    LOGISTICS = "logistics"
    MARITIME = "maritime"
    DEFENCE_SPACE = "defence_space"
    EDUCATION_RESEARCH = "education_research"
    DEVELOPMENT = "development"

    @classmethod
    def _labels(cls):
        return {
            cls.AGRIFOOD: _l("Agriculture and food"),
            cls.CHEMICALS_PHARMA: _l("Chemicals and pharmaceuticals"),
            cls.CONSTRUCTION: _l("Construction and infrastructure"),
            cls.DIGITAL: _l("Digital and telecoms"),
            cls.ENERGY: _l("Energy and climate"),
            cls.FINANCE: _l("Finance and insurance"),
            cls.HEALTH: _l("Health and life sciences"),
            cls.LOGISTICS: _l("Transport and logistics"),
            cls.MARITIME: _l("Ports and maritime"),
            cls.DEFENCE_SPACE: _l("Defence, security and space"),
            cls.EDUCATION_RESEARCH: _l("Education and research"),
            cls.DEVELOPMENT: _l("Development cooperation"),
        }
