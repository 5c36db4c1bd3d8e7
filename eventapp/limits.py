"""How long and how large things may be: one place for the models' column sizes, the
forms' validators and the programme import's checks, so they cannot drift apart.

A column's size here is the database's limit; a form or the import refuses a longer
value with a message instead of letting the database refuse it with an error.
"""

# People
EMAIL = 254  # RFC 5321: the longest address a mail server accepts
PASSWORD_MIN = 10
PASSWORD = 200
PERSON_NAME = 100  # first name, last name
POST_PLACE = 120  # a post's city, a post's country
MOBILE_PHONE_INPUT = 40  # as typed, spaces and all
MOBILE_PHONE = 32  # as stored, in its international form
NEEDS = 1000  # dietary and accessibility needs
REMARKS = 2000

# The event and its programme
EVENT_NAME = 200
VENUE = 200
ADDRESS = 300
ROOM_NAME = 120
ORGANISATION_NAME = 200
ORGANISATION_SHORT_NAME = 40
SPEAKER_NAME = 200
SPEAKER_FUNCTION = 300
SESSION_TITLE = 200
SESSION_DESCRIPTION = 5000
NOTES = 5000
PARALLEL_GROUP = 80
CAPACITY = 100_000  # places in a room or a session
SEQUENCE = 1_000_000  # a calendar SEQUENCE in an imported programme

# Mail (the outbox, eventapp/models/outbox.py)
MAIL_KIND = 40  # the template's name: "invitation", "session_changed", ...
MAIL_SUBJECT = 300
MAIL_MESSAGE_ID = 255
MAIL_DIGEST_KEY = 80

# What a visitor types into a search box; longer input is cut, not refused.
SEARCH = 200

# Messages organizers write to a group (eventapp/messages/)
GROUP_MESSAGE_BODY = 10_000

# The door (eventapp/door)
BADGE_CODE_INPUT = 64  # the longest code typed or scanned that is looked at at all
CHECK_IN_CLIENT_KEY = 64  # the key a phone makes for an offline scan
DOOR_SEARCH = 100  # a name typed at the door

# Bilateral meetings (eventapp/meetings)
PARTNER_FUNCTION = 200
MEETING_SUBJECT = 200
MEETING_NOTE = 2000
MEETING_TOPICS = 1000

# Briefing documents (eventapp/documents)
DOCUMENT_TITLE = 200
DOCUMENT_NOTE = 2000
DOCUMENT_FILENAME = 150  # a file's name as uploaded, extension included
DOCUMENT_CONTENT_TYPE = 100
