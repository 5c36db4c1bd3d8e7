"""French, Dutch and English throughout: complete catalogues, no English left on French or
Dutch pages and mails, dates per locale, the language chosen as the README says."""

import re
import shlex
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po
from flask_babel import get_translations
from sqlalchemy import select
from werkzeug.routing import AnyConverter, IntegerConverter

from eventapp.auth import services as auth_services
from eventapp.extensions import db
from eventapp.invitations import inviting
from eventapp.invitations import services as invitation_services
from eventapp.mail import outbox
from eventapp.messages import queries as message_queries
from eventapp.messages import services as message_services
from eventapp.models import (
    Document,
    Event,
    Invitation,
    Meeting,
    MeetingStatus,
    MeetingWindow,
    Organisation,
    PartnerProfile,
    Registration,
    RegistrationStatus,
    Room,
    Session,
    SessionStatus,
    SignUp,
    SignUpStatus,
    Speaker,
    User,
)
from eventapp.programme import services as programme_services
from eventapp.signups import services as signup_services

from .support import brussels
from .test_agenda import attendee, breakout, move  # noqa: F401  (fixtures)
from .test_demo import seed
from .test_registration import invited, registration_form  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = ("fr", "nl")


@pytest.fixture
def app_overrides():
    # The walk below asks for invitation and reset links far more often than a person
    # would; the limits have their own tests.
    return {"RATELIMIT_ENABLED": False}


# The catalogues


def extraction_keywords() -> dict:
    """Babel's default keywords plus the `-k` ones scripts/translations passes."""
    script = (ROOT / "scripts" / "translations").read_text()
    words = shlex.split(script)
    extra = [words[i + 1] for i, word in enumerate(words[:-1]) if word == "-k"]
    assert extra, "scripts/translations passes no -k keywords any more?"
    return {**DEFAULT_KEYWORDS, **parse_keywords(extra)}


def extracted_messages() -> set[tuple[str | None, str | tuple[str, ...]]]:
    """(context, msgid) of every message in the code and templates, as the script finds them."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    messages = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=extraction_keywords()
    ):
        if isinstance(message, tuple):
            message = tuple(part for part in message if part is not None)
            if len(message) == 1:
                message = message[0]
        if message:
            messages.add((context, message))
    return messages


@cache
def catalogue(language: str):
    path = ROOT / "eventapp" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po_file:
        return read_po(po_file, locale=language)


def test_every_message_in_the_code_has_a_french_and_a_dutch_translation():
    messages = extracted_messages()
    assert len(messages) > 800, "the extraction found too little: is babel.cfg read?"
    for language in TRANSLATED:
        entries = catalogue(language)
        missing = []
        for context, msgid in sorted(messages, key=str):
            key = msgid[0] if isinstance(msgid, tuple) else msgid
            entry = entries.get(key, context=context)
            strings = () if entry is None else entry.string
            strings = strings if isinstance(strings, tuple) else (strings,)
            plural_forms = entries.num_plurals if isinstance(msgid, tuple) else 1
            if (
                entry is None
                or entry.fuzzy
                or len(strings) != plural_forms
                or not all(s and s.strip() for s in strings)
            ):
                missing.append(f"{context + ' | ' if context else ''}{key}")
        assert not missing, f"{len(missing)} messages without a {language} translation: {missing}"


# Pages: no catalogue message left in English


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
SKIPPED_TAGS = {"script", "style", "code", "pre"}
SHOWN_ATTRIBUTES = {"placeholder", "aria-label", "title", "alt", "data-copied"}
BUTTON_TYPES = {"submit", "button", "reset"}


@cache
def english_messages(language: str) -> tuple[frozenset[str], tuple]:
    """The catalogue's English texts that read differently in `language`: literal ones,
    and (longest literal piece, pattern, msgid) for those with placeholders.

    Left out: texts the same in both languages ("Programme"), markup, and English texts
    that are also the translation of another message ("Start" is Dutch for "Home").
    """
    translations = set()
    for entry in catalogue(language):
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        translations.update(" ".join(string.split()) for string in strings if string)
    literal, patterns = set(), []
    for entry in catalogue(language):
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        for msgid in ids:
            text = " ".join(msgid.split()).replace("%%", "%")
            if text in translations or "<" in text:
                continue
            pieces = [piece.strip() for piece in PLACEHOLDER.split(text)[::2]]
            if not PLACEHOLDER.search(text):
                literal.add(text)
            elif max(map(len, pieces)) >= 8:  # "%(name)s: %(reason)s" says too little
                pattern = re.escape(text)
                pattern = re.sub(r"%\\\(\w+\\\)[sd]|%[sd]", "[^\\n]+?", pattern)
                patterns.append((max(pieces, key=len), re.compile(pattern), text))
    return frozenset(literal), tuple(patterns)


class ShownText(HTMLParser):
    """The texts a reader sees or hears, minus what is marked as another language."""

    def __init__(self, page_language: str):
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    def _other_language(self) -> bool:
        return any(marked for _tag, marked in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        marked = bool(lang) and lang != self.page_language and tag != "html"
        if tag == "option" and lang:
            marked = True  # the language switcher names each language in itself
        if not self._other_language() and not marked:
            for name in SHOWN_ATTRIBUTES & attrs.keys():
                self.texts.append(attrs[name] or "")
            if tag == "input" and attrs.get("type") in BUTTON_TYPES:
                self.texts.append(attrs.get("value") or "")
        if tag not in {"input", "br", "img", "meta", "link", "hr", "col", "source"}:
            self.stack.append((tag, marked or tag in SKIPPED_TAGS))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._other_language():
            self.texts.append(data)


def shown_texts(html: str, language: str) -> list[str]:
    parser = ShownText(language)
    parser.feed(html)
    texts = (" ".join(text.split()) for text in parser.texts)
    return [text for text in texts if text]


SEPARATORS = re.compile(r"\s+[·—–|→]\s+|\s*[()]\s*")


def english_left(html: str, language: str, data: frozenset[str] = frozenset()) -> set[str]:
    """The catalogue messages that `html`, a page in `language`, still shows in English.

    `data`: texts that are content, entered in one language (an organisation's name),
    which a page shows as they are even where they read like a message.
    """
    return english_in(shown_texts(html, language), language, data)


def english_in(texts: list[str], language: str, data: frozenset[str] = frozenset()) -> set[str]:
    literal, patterns = english_messages(language)
    literal = literal - data
    segments = set()
    for text in texts:
        for candidate in (text, *SEPARATORS.split(text)):
            segments.add(candidate.strip(" :,.;"))
    segments -= data
    found = {
        text
        for text in segments
        if text in literal or f"{text}:" in literal or f"{text}." in literal
    }
    # Sentences inside a longer text ("Sign-up required · …", a flash with a link).
    whole = "\n".join(text for text in texts if text not in data)
    found.update(text for text in literal if len(text.split()) >= 3 and text in whole)
    for piece, pattern, msgid in patterns:
        if piece not in whole:
            continue
        if any(pattern.fullmatch(segment) for segment in segments) or (
            len(piece.split()) >= 3 and pattern.search(whole)
        ):
            found.add(msgid)
    return found


def urls_for(app, ids: dict[str, list[int]], tokens: dict[str, list[str]]):
    """Concrete URLs for every GET route: ids by argument name, tokens by endpoint."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        choices = {}
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                choices[name] = ids[name]
            elif isinstance(converter, AnyConverter):
                choices[name] = sorted(converter.items)
            else:
                choices[name] = tokens.get(rule.endpoint, ["a-token-nobody-has"])
        names = list(choices)
        combinations = [{}]
        for name in names:
            combinations = [{**c, name: value} for c in combinations for value in choices[name]]
        for values in combinations:
            yield rule.endpoint, rule.build(values, append_unknown=False)[1]


def demo_ids_and_tokens(app) -> tuple[dict, dict]:
    """Ids from the demo week (each kind of page with something on it) and working links."""
    ambassador = db.session.scalar(select(User).where(User.email == "ambassador@example.org"))
    organizer = db.session.scalar(select(User).where(User.email == "organizer@example.org"))
    signed_up = db.session.scalars(
        select(SignUp.session_id).where(
            SignUp.user_id == ambassador.id, SignUp.status == SignUpStatus.CONFIRMED
        )
    ).first()
    cancelled = db.session.scalars(
        select(Session.id).where(Session.status == SessionStatus.CANCELLED)
    ).first()
    draft = db.session.scalars(
        select(Session.id).where(Session.status == SessionStatus.DRAFT)
    ).first()
    registered = db.session.scalars(
        select(Registration.id).where(Registration.status == RegistrationStatus.REGISTERED)
    ).first()
    own = db.session.scalar(select(Registration.id).where(Registration.user_id == ambassador.id))
    unanswered = db.session.scalars(
        select(Invitation)
        .join(Registration, Registration.user_id == Invitation.user_id)
        .where(Registration.status == RegistrationStatus.INVITED)
    ).first()
    ids = {
        "session_id": [i for i in (signed_up, cancelled, draft) if i],
        "registration_id": [registered, own],
        "invitation_id": [unanswered.id],
        "room_id": [db.session.scalars(select(Room.id)).first()],
        "organisation_id": [db.session.scalars(select(Organisation.id)).first()],
        "speaker_id": [db.session.scalars(select(Speaker.id)).first()],
    }
    links = []
    with app.test_request_context():
        inviting.resend(unanswered, organizer, links.append)
        auth_services.request_password_reset(ambassador.email, links.append)
    invitation_token, reset_token = links
    ids["message_id"], ids["mail_id"] = _group_message(app, organizer)
    ids["door_staff_id"] = [
        db.session.scalar(select(User.id).where(User.email == "door@example.org"))
    ]
    ids.update(_demo_meeting_ids(ambassador))
    ids.update(_demo_document_ids())
    # Session pages with documents: the participants-only pre-reading replaced since the
    # demo ambassador looked ("Updated"), and the withdrawn one (marked, for organizers).
    ids["session_id"] += [
        session_id
        for session_id in dict.fromkeys(
            db.session.scalars(
                select(Document.session_id).where(Document.id.in_(ids["document_id"][1:]))
            )
        )
        if session_id not in ids["session_id"]
    ]
    tokens = {
        "invitations.invitation": [invitation_token, "a-token-nobody-has"],
        "invitations.decline": [invitation_token],
        "auth.reset_password_form": [reset_token, "a-token-nobody-has"],
    }
    return ids, tokens


def _demo_document_ids() -> dict[str, list[int]]:
    """Demo documents: one the demo ambassador may read (on a public session), one for the
    participants only (hers: she holds a place; replaced since), and a withdrawn one; and
    the earlier version of the replaced one."""
    documents = db.session.scalars(select(Document).order_by(Document.id)).all()
    public = next(d for d in documents if not d.participants_only and not d.is_withdrawn)
    narrowed = next(d for d in documents if d.participants_only and d.current_number > 1)
    withdrawn = next(d for d in documents if d.is_withdrawn)
    return {
        "document_id": [public.id, narrowed.id, withdrawn.id],
        "version_id": [next(v.id for v in narrowed.versions if v.number == 1)],
    }


def _demo_meeting_ids(ambassador: User) -> dict[str, list[int]]:
    """The demo partner's and the demo ambassador's meetings in each state they have (each
    sees their own, the other gets a refusal), a window, and heads of post to ask: the
    ambassador (the demo partner already meets her) and one they have not asked yet."""
    partner = db.session.scalar(select(User.id).where(User.email == "partner@example.org"))
    meetings = db.session.execute(
        select(Meeting.status, Meeting.id)
        .where((Meeting.partner_id == partner) | (Meeting.diplomat_id == ambassador.id))
        .order_by(Meeting.id)
    ).all()
    firsts = {}
    for status, meeting_id in meetings:
        firsts.setdefault(status, meeting_id)
    asked = select(Meeting.diplomat_id).where(Meeting.partner_id == partner)
    other = db.session.scalar(
        select(Registration.user_id)
        .where(Registration.accepts_meetings, Registration.user_id.not_in(asked))
        .order_by(Registration.id)
    )
    return {
        "meeting_id": [
            firsts[status]
            for status in (
                MeetingStatus.REQUESTED,
                MeetingStatus.PROPOSED,
                MeetingStatus.ACCEPTED,
                MeetingStatus.CANCELLED,
            )
            if status in firsts
        ],
        "window_id": [db.session.scalars(select(MeetingWindow.id)).first()],
        "diplomat_id": [ambassador.id, other],
    }


def _group_message(app, organizer) -> tuple[list[int], list[int]]:
    """A message to the confirmed attendees, so that its pages and its mails have content."""
    event = db.session.scalars(select(Event)).first()
    text = message_services.MessageText(
        subjects={"en": "Bus at 18:30", "fr": "Bus à 18h30", "nl": "Bus om 18.30 uur"},
        bodies={
            "en": "The bus to the Palace leaves at 18:30.",
            "fr": "Le bus pour le Palais part à 18h30.",
            "nl": "De bus naar het Paleis vertrekt om 18.30 uur.",
        },
    )
    people = message_queries.recipients(event, message_queries.Audience("confirmed"))
    audience = {"kind": "confirmed", "description": "Confirmed attendees only"}
    with app.test_request_context():
        message = message_services.send_group_message(event, text, people, audience, by=organizer)
    return [message.id], [message.recipients[0].outbox_mail_id]


VIEWERS = {
    "anonymous": None,
    "diplomat": ("ambassador@example.org", "demo-diplomat"),
    "organizer": ("organizer@example.org", "demo-organizer"),
    "door staff": ("door@example.org", "demo-door"),
    "partner": ("partner@example.org", "demo-partner"),
}


def content_texts() -> frozenset[str]:
    """What organizers typed in one language: names of organisations, rooms, speakers."""
    texts = set()
    for column in (
        Organisation.name,
        Organisation.short_name,
        Room.name,
        Speaker.name,
        Speaker.function,
        PartnerProfile.function,
    ):
        texts.update(
            " ".join(value.split()) for value in db.session.scalars(select(column)) if value
        )
    return frozenset(texts)


def walk(app, language: str, viewer: str, ids, tokens) -> tuple[dict[str, set[str]], set[str]]:
    """Every GET page as `viewer` in `language`: {url: English messages shown}, and the
    endpoints whose page was read (answered 200 with HTML)."""
    client = app.test_client()
    data = content_texts()
    if VIEWERS[viewer]:
        email, password = VIEWERS[viewer]
        # Their saved language, so that even the welcome after logging in is in it.
        db.session.scalar(select(User).where(User.email == email)).language = language
        db.session.commit()
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, f"{viewer} could not log in"
    # The switcher, as a person would use it (for a logged-in user it is saved too).
    assert client.post("/language", data={"language": language}).status_code == 302
    leftovers, read = {}, set()
    for endpoint, url in urls_for(app, ids, tokens):
        if endpoint in {"main.healthz", "main.favicon"} and language != "en":
            continue
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if (
            language == "en"
            or response.mimetype != "text/html"
            or response.status_code in range(300, 400)
        ):
            continue  # rendered all the same: exports and calendars have their own tests
        html = response.get_data(as_text=True)
        assert f'<html lang="{language}"' in html, f"{url} is not in {language}"
        english = english_left(html, language, data)
        if english:
            leftovers[f"{viewer} {url}"] = english
        if response.status_code == 200:
            read.add(endpoint)
    return leftovers, read


@pytest.mark.slow
def test_no_page_shows_a_catalogue_message_in_english_in_french_or_dutch(app, runner):
    seed(runner)
    ids, tokens = demo_ids_and_tokens(app)
    leftovers, read = {}, set()
    for language in ("en", *TRANSLATED):
        for viewer in VIEWERS:
            found, pages = walk(app, language, viewer, ids, tokens)
            leftovers.update({f"{language} {page}": english for page, english in found.items()})
            read |= pages
    assert leftovers == {}
    # The walk did read the pages that matter, not only refusals and redirects.
    assert {
        "main.home",
        "programme.programme",
        "programme.session",
        "programme.agenda",
        "invitations.invitation",
        "invitations.registration",
        "auth.reset_password_form",
        "organizer.grid",
        "organizer.sessions",
        "organizer.edit_session",
        "organizer.attendees",
        "organizer.attendee",
        "organizer.invitations",
        "organizer.import_invitations",
        "organizer.audit_log",
        "organizer.exchange",
    } <= read


def test_the_page_check_finds_a_message_missing_from_the_catalogue(app, client, event, monkeypatch):
    client.post("/language", data={"language": "fr"})
    html = client.get("/").get_data(as_text=True)
    assert english_left(html, "fr") == set()
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        translations = get_translations()
        assert translations.gettext("Log in") != "Log in"
        monkeypatch.delitem(translations._catalog, "Log in")
    html = client.get("/").get_data(as_text=True)
    assert english_left(html, "fr") == {"Log in"}


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<html lang="nl"><p>Nog <a href="/">Log in</a></p>', {"Log in"}),
        ('<html lang="nl"><button aria-label="Copy link">⧉</button>', {"Copy link"}),
        ('<html lang="nl"><input type="submit" value="Log in">', {"Log in"}),
        ('<html lang="nl"><p>Sign-up required · 3 plaatsen</p>', {"Sign-up required"}),
        ('<html lang="nl"><p>Programme of Monday 2 February</p>', {"Programme of %(day)s"}),
        ('<html lang="nl"><p lang="en">Log in</p><p>Agenda</p>', set()),
        ('<html lang="nl"><script>"Log in"</script>', set()),
    ],
)
def test_the_page_check_reads_texts_and_attributes_and_respects_marked_languages(html, found):
    assert english_left(html, "nl") == found


# Mails: each one, in French and in Dutch


def english_in_mail(mail, language: str) -> set[str]:
    lines = [" ".join(line.split()) for line in f"{mail.subject}\n{mail.body}".splitlines()]
    return english_in([line for line in lines if line], language)


def the_mail_to(user_or_email) -> object:
    email = getattr(user_or_email, "email", user_or_email)
    mails = [mail for mail in outbox() if mail.to == email]
    assert len(mails) == 1, f"expected one mail to {email}, got {len(mails)}"
    return mails[0]


@pytest.fixture(params=TRANSLATED)
def language(request):
    return request.param


def assert_in_language(mail, language: str, *expected: str):
    assert english_in_mail(mail, language) == set(), mail
    for text in expected:
        assert text in f"{mail.subject}\n{mail.body}", f"{text!r} not in {mail}"


WEEKDAY = {"fr": "lundi 2 février 2026", "nl": "maandag 2 februari 2026"}
VENUE = {"fr": "Palais d’Egmont", "nl": "Egmontpaleis"}


def test_invitation_mail_is_in_the_invitees_language(app, event, invited, organizer, language):  # noqa: F811
    event.venue_fr, event.venue_nl = "Palais d’Egmont", "Egmontpaleis"
    db.session.commit()
    invited(email="head@example.org", language=language)
    # `invited` empties the outbox after the invitation; send it again to read it.
    invitation = db.session.scalar(select(Invitation))
    with app.test_request_context():
        inviting.resend(invitation, organizer, str)
    assert_in_language(the_mail_to("head@example.org"), language, VENUE[language])


def test_the_mail_check_finds_english(create_user):
    user = create_user(language="en")
    auth_services.request_password_reset(user.email, lambda token: f"/password/reset/{token}")
    assert english_in_mail(the_mail_to(user), "fr")


def test_registration_mails_are_in_their_language(app, client, invited, organizer, language):  # noqa: F811
    response = client.post(invited(language=language), data=registration_form(language=language))
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert_in_language(the_mail_to(registration.user), language)
    outbox().clear()
    for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.REJECTED):
        with app.test_request_context():
            invitation_services.change_status(registration, status, organizer)
        assert_in_language(the_mail_to(registration.user), language)
        outbox().clear()


def test_password_reset_mail_is_in_the_users_language(app, create_user, language):
    user = create_user(language=language)
    with app.test_request_context():
        auth_services.request_password_reset(user.email, lambda token: f"/password/reset/{token}")
    assert_in_language(the_mail_to(user), language)


def test_waitlist_promotion_mail_is_in_the_diplomats_language(app, breakout, attendee, language):  # noqa: F811
    session = breakout(
        title="Round table", title_fr="Table ronde", title_nl="Rondetafel", capacity=1
    )
    first, second = attendee(), attendee(language=language)
    with app.test_request_context():
        signup_services.sign_up(session, first)
        signup_services.sign_up(session, second)
        signup_services.cancel(session, first)
    assert_in_language(the_mail_to(second), language, WEEKDAY[language])


def test_session_change_mails_are_in_their_language(attendee, create_session, organizer, language):  # noqa: F811
    session = create_session(
        title="Opening plenary", title_fr="Séance d'ouverture", title_nl="Openingszitting"
    )
    user = attendee(language=language)
    move(session, organizer, starts_at=brussels(2, 10), ends_at=brussels(2, 11, 30))
    assert_in_language(the_mail_to(user), language)
    outbox().clear()
    programme_services.cancel_session(session, organizer)
    assert_in_language(the_mail_to(user), language, WEEKDAY[language])


# Dates, and the venue, in the page's language


@pytest.mark.parametrize(
    ("language", "day", "venue"),
    [
        ("fr", "lundi 2 février 2026", "Palais d’Egmont"),
        ("nl", "maandag 2 februari 2026", "Egmontpaleis"),
        ("en", "Monday 2 February 2026", "Egmont Palace"),
    ],
)
def test_programme_shows_dates_and_venue_in_the_chosen_language(
    client, event, create_session, language, day, venue
):
    event.venue_fr, event.venue_nl = "Palais d’Egmont", "Egmontpaleis"
    db.session.commit()
    create_session()
    client.post("/language", data={"language": language})
    page = client.get("/programme?day=2026-02-02").get_data(as_text=True)
    assert day in page and venue in page
    session_page = client.get(f"/sessions/{db.session.scalar(select(Session.id))}").get_data(
        as_text=True
    )
    assert f"{day}, 09:30" in session_page
