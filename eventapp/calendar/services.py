"""Calendar feeds: what each one holds and in which language, the programme feed's cache,
and the personal feed tokens.

Personal feed tokens. A diplomat's feed link must be shown on every visit of the agenda
page, yet only a hash may be stored. So each diplomat has a random seed (32 bytes from
`secrets`), the token is HMAC-SHA256(SECRET_KEY, seed) (256 bits, URL-safe base64), and
the database keeps the seed and sha256(token) to find the diplomat by. A copy of the
database alone gives no working link; resetting the link makes a new seed, and the old
link answers 404 at once. Rotating SECRET_KEY changes every token: the old links stop
working and the agenda page shows the new ones.

The programme feed is the same for everyone who asks in a language: each worker keeps
the bytes it built, with the event's programme version, and builds again only when
that version has moved (every programme change raises it, see `lock_programme`). The
check reads two columns of the event, and a worker repeats it at most every
PROGRAMME_FEED_RECHECK_SECONDS (`EVENTAPP_PROGRAMME_FEED_RECHECK_SECONDS`, default 2;
0 checks on every request, as the tests do): in between, an unchanged feed is answered
from memory without touching the database. A programme change therefore reaches the
public feed up to that many seconds late, which its `Cache-Control: public,
max-age=300` allows anyway.

Personal feeds differ per diplomat, but are made of the same events: each worker keeps
every session's VEVENT as the builder serialised it, per edition (all its columns,
the programme version among them), language, site address and TENTATIVE or not, and
makes a diplomat's feed from the ids of the sessions on their agenda
(`agenda_session_ids`, one light query), serialising only the sessions it does not
have yet: byte for byte what the builder makes of the same sessions. The event, and so
its version, is read on every request (no delay here), and the ETag is a hash of the
assembled body, so whatever changes the content changes the ETag.
"""

import base64
import gzip
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache, cached_property
from urllib.parse import quote

from flask import current_app, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import joinedload
from werkzeug.http import http_date

from ..extensions import db
from ..i18n import date_range
from ..meetings.on_agenda import meetings_of, other_party
from ..models import (
    LANGUAGES,
    SESSION_DETAILS,
    Event,
    Session,
    SessionKind,
    SessionStatus,
    SpeakerRole,
    User,
    utcnow,
)
from ..programme.agenda import agenda_session_ids
from ..unit_of_work import unit_of_work
from ..visibility import visible_to
from .builder import (
    CalendarTexts,
    assemble,
    build_calendar,
    calendar_head,
    event_ical,
)
from .meeting_events import meeting_ical, meeting_texts

# Programme feeds one worker keeps (one per language and site address); more means
# someone is inventing Host headers, and the cache starts again.
PROGRAMME_CACHE_SIZE = 12
# Sets of serialised events one worker keeps for personal feeds (one per language and
# site address, for the current programme version); more, and the cache starts again.
EVENT_CACHE_SIZE = 12


def clock() -> float:
    """Seconds on a clock that never goes back, for the programme feed's recheck
    interval. Tests replace it."""
    return time.monotonic()


@dataclass(frozen=True)
class Feed:
    """A built calendar and what HTTP caching needs to know about it."""

    body: bytes
    etag: str
    last_modified: datetime

    @cached_property
    def gzipped(self) -> bytes:
        """The body gzip-compressed, once per feed (the programme feed is kept, so once
        per programme version): about a tenth of the size. No file time in the header,
        so every worker sends the same bytes."""
        return gzip.compress(self.body, mtime=0)

    @cached_property
    def http_last_modified(self) -> str:
        return http_date(self.last_modified)


@dataclass(frozen=True)
class SubscriptionLinks:
    """The ways to reach a personal feed, as the agenda page offers them."""

    url: str  # https://…/feeds/<token>.ics: to paste into any client
    webcal: str  # webcal://…: opens the calendar application (Outlook, Apple Calendar)
    google: str  # Google Calendar's "add by URL" page, with the link filled in


# What the feeds hold


def programme_feed(event: Event, language: str) -> Feed:
    """The public programme (published and cancelled public sessions) as iCalendar.

    Built once per programme version, language and site address in each worker.
    """
    site = site_url()
    cache = current_app.extensions.setdefault("calendar_programme_feeds", {})
    key = (event.id, language, site)
    cached = cache.get(key)
    if cached is not None and cached[0] == event.programme_version:
        return cached[1]
    sessions = db.session.scalars(
        _with_details(select(Session).where(Session.event_id == event.id, visible_to(None)))
    ).all()
    texts = calendar_texts(event, language, "programme")
    body = _build(sessions, texts)
    feed = Feed(body, _etag(body), event.programme_changed_at or event.created_at)
    if len(cache) >= PROGRAMME_CACHE_SIZE:
        cache.clear()
    cache[key] = (event.programme_version, feed)
    return feed


def cached_programme_feed(language: str) -> Feed | None:
    """The programme feed this worker built, if the programme has not changed since;
    else None (call `programme_feed`).

    Calendar clients poll this URL all week: checking reads two columns of the event
    instead of loading it, which makes an unchanged feed about as cheap as any request.
    """
    cache = current_app.extensions.get("calendar_programme_feeds")
    if not cache:
        return None
    checked = _programme_version()
    if checked is None:
        return None
    event_id, version = checked
    cached = cache.get((event_id, language, site_url()))
    if cached is None or cached[0] != version:
        return None
    return cached[1]


def _programme_version() -> tuple[int, int] | None:
    """(id, programme version) of the edition EVENT_SLUG names, or None if there is none.

    As this worker last read them, if that was less than PROGRAMME_FEED_RECHECK_SECONDS
    ago: then nothing touches the database (not even a pool checkout). Else read again.
    """
    interval = float(current_app.config["PROGRAMME_FEED_RECHECK_SECONDS"])
    last = current_app.extensions.get("calendar_programme_checked")
    now = clock()
    if last is not None and interval > 0 and 0 <= now - last[0] < interval:
        return last[1]
    row = db.session.execute(
        select(Event.id, Event.programme_version).where(
            Event.slug == current_app.config["EVENT_SLUG"]
        )
    ).first()
    if row is None:
        return None
    # The time taken before reading: the interval never outlasts what was read.
    current_app.extensions["calendar_programme_checked"] = (now, (row.id, row.programme_version))
    return row.id, row.programme_version


def session_feed(session: Session, language: str) -> Feed:
    """One session as iCalendar, to download and add to a calendar."""
    event = session.event
    texts = calendar_texts(event, language, "programme")
    body = _build([session], texts)
    # A room or speaker renamed changes the download too: any programme change counts.
    changed = max(filter(None, [session.updated_at, event.programme_changed_at]))
    return Feed(body, _etag(body), changed)


def personal_feed(user: User, event: Event) -> Feed:
    """The diplomat's agenda, exactly what /agenda shows, in their language, with their
    bilateral meetings; a partner representative's meetings (/partner/agenda).

    Waitlisted places are TENTATIVE. Made of the events this worker already serialised
    (see the module's docstring): byte for byte what the builder gives for the same
    sessions. Last-Modified is when this content was first served: it changes with
    anything that changes the feed (the programme, sign-ups, registration days, the
    diplomat's language), with no rule to keep in step. Commits when the content changed
    since the last request.
    """
    language = user.language if user.language in LANGUAGES else feed_language(None)
    # Their bilateral meetings (accepted and cancelled): one statement, after the sessions.
    meetings = _meeting_events(user, event, language)
    if user.is_partner:
        # Partners have no sessions on an agenda: their meetings are their calendar.
        body = assemble(calendar_head(calendar_texts(event, language, "partner")), meetings)
    else:
        body = _assembled(event, language, agenda_session_ids(user, event), meetings)
    etag = _etag(body)
    if user.feed_etag != etag or user.feed_modified_at is None:
        # HTTP dates count whole seconds: a change never shares the previous one's.
        changed_at = utcnow()
        if user.feed_modified_at is not None:
            changed_at = max(changed_at, user.feed_modified_at + timedelta(seconds=1))
        with unit_of_work():
            user.feed_etag, user.feed_modified_at = etag, changed_at
    return Feed(body, etag, user.feed_modified_at)


def visible_session(session_id: int, viewer) -> Session | None:
    """The session if `viewer` may see its page and it is not a draft; else None."""
    return db.session.scalar(
        _with_details(
            select(Session).where(
                Session.id == session_id,
                Session.status != SessionStatus.DRAFT,
                visible_to(viewer),
            )
        )
    )


def calendar_texts(event: Event, language: str, feed: str) -> CalendarTexts:
    """The fixed texts of a calendar in `language`: of the public programme (`feed` is
    "programme", also for one-session downloads) or of a diplomat's "agenda"."""
    with force_locale(language):
        event_name = event.text_in("name", language)
        if feed == "partner":
            name = _("%(event)s: my meetings", event=event_name)
            description = _(
                "Your bilateral meetings at the %(event)s. This link is personal: anyone "
                "who has it can read your meetings.",
                event=event_name,
            )
        elif feed == "agenda":
            name = _("%(event)s: my agenda", event=event_name)
            description = _(
                "Your agenda for the %(event)s: the sessions meant for you and those you "
                "signed up for. This link is personal: anyone who has it can read your "
                "agenda.",
                event=event_name,
            )
        else:
            name = _("%(event)s: programme", event=event_name)
            description = _(
                "The public programme of the %(event)s, %(dates)s, %(venue)s. Times are "
                "Brussels time; the calendar follows every change.",
                event=event_name,
                dates=date_range(event.first_day, event.last_day),
                venue=event.text_in("venue", language),
            )
        return CalendarTexts(
            language=language,
            name=name,
            description=description,
            venue=f"{event.text_in('venue', language)}, {event.address}",
            cancelled=_("Cancelled: %(title)s"),
            speakers=_("Speakers"),
            organisations=_("Partner organisations"),
            waitlisted=_(
                "You are on the waitlist for this session. You will get an e-mail if a "
                "place becomes free for you."
            ),
            kinds={kind.value: str(kind.label) for kind in SessionKind},
            roles={role.value: str(role.label) for role in SpeakerRole},
        )


def feed_language(requested: str | None) -> str:
    """The language a public feed asked for with ?lang=, else the site's default."""
    if requested in LANGUAGES:
        return requested
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _build(sessions, texts: CalendarTexts, tentative=frozenset()) -> bytes:
    return build_calendar(
        [session for session in sessions if session.status != SessionStatus.DRAFT],
        texts,
        site_url=site_url(),
        uid_domain=current_app.config["CALENDAR_DOMAIN"],
        tentative=tentative,
    )


def _assembled(event: Event, language: str, entries, meetings=()) -> bytes:
    """A diplomat's calendar of these agenda entries (`agenda_session_ids`, in order),
    from this worker's serialised events; serialises, with one query for their details,
    only the sessions it lacks. `meetings`: VEVENTs put after the sessions."""
    parts = _event_parts(event, language)
    wanted = [(entry.id, entry.waitlisted) for entry in entries]
    missing = {key[0] for key in wanted if key not in parts}
    if missing:
        needed = set(wanted)
        texts, site, domain = parts["texts"], site_url(), current_app.config["CALENDAR_DOMAIN"]
        sessions = db.session.scalars(_with_details(select(Session).where(Session.id.in_(missing))))
        for session in sessions:
            if session.status == SessionStatus.DRAFT:
                continue
            for waitlisted in (False, True):
                if (session.id, waitlisted) in needed:
                    parts[(session.id, waitlisted)] = event_ical(
                        session, texts, site_url=site, uid_domain=domain, tentative=waitlisted
                    )
    # A session deleted since the ids were read is left out, as the builder leaves drafts.
    sessions = [parts[key] for key in wanted if key in parts]
    return assemble(parts["head"], [*sessions, *meetings])


def _meeting_events(user: User, event: Event, language: str) -> list[bytes]:
    """The VEVENTs of the user's bilateral meetings (eventapp/meetings/on_agenda.py),
    in their language. They change with each meeting's updated_at and sequence, which
    DTSTAMP and SEQUENCE carry: the feed's ETag, a hash of the body, follows them."""
    texts = meeting_texts(event, language)
    domain = current_app.config["CALENDAR_DOMAIN"]
    return [
        meeting_ical(meeting, other_party(meeting, user, language), texts, uid_domain=domain)
        for meeting in meetings_of(user, event)
    ]


def _event_parts(event: Event, language: str) -> dict:
    """This worker's serialised agenda events for the event as it is now, this language
    and this site address: {"texts": the calendar's texts, "head": the calendar's head,
    (session id, tentative): VEVENT}.

    The key holds every input but the sessions' own data: the event's columns (among them
    its programme version, which every programme change raises, so the sessions' data is
    covered too), the language (with the catalogues, fixed while the process runs), the
    site address and the UID domain.
    """
    site, domain = site_url(), current_app.config["CALENDAR_DOMAIN"]
    key = (language, site, domain, *(getattr(event, name) for name in _event_columns()))
    store = current_app.extensions.setdefault("calendar_event_parts", {})
    parts = store.get(key)
    if parts is None:
        # Older programme versions are never asked for again.
        version = event.programme_version
        for old in list(store):
            if old[3] == event.id and old[4] < version:
                store.pop(old, None)
        if len(store) >= EVENT_CACHE_SIZE:
            store.clear()
        texts = calendar_texts(event, language, "agenda")
        parts = store[key] = {"texts": texts, "head": calendar_head(texts)}
    return parts


@cache
def _event_columns() -> tuple[str, ...]:
    """The event's column attributes: id and programme_version first (see `_event_parts`)."""
    names = [attribute.key for attribute in sa_inspect(Event).column_attrs]
    return ("id", "programme_version", *(n for n in names if n not in ("id", "programme_version")))


def _with_details(statement):
    """Load what a calendar shows of each session, in a fixed number of queries."""
    return statement.options(*SESSION_DETAILS)


def _etag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


# Absolute links: feeds are read far from the site, by calendar clients


def site_url() -> str:
    """The site's address without a trailing slash: BASE_URL, else the request's host.

    Built from the scheme and host rather than `request.host_url`, which decodes an
    internationalised host name into Unicode: a calendar wants the ASCII form, and the
    decoding was a third of what answering an unchanged programme feed cost."""
    base = current_app.config.get("BASE_URL") or f"{request.scheme}://{request.host}"
    return base.rstrip("/") + request.script_root


def external_url(endpoint: str, **values) -> str:
    base = current_app.config.get("BASE_URL") or request.host_url
    return base.rstrip("/") + url_for(endpoint, **values)


def webcal(url: str) -> str:
    """The webcal:// form of a feed's address: it opens the calendar application."""
    return "webcal://" + url.split("://", 1)[1]


# Personal feed tokens


def subscription_links(user: User) -> SubscriptionLinks:
    """The diplomat's feed link in its three forms; makes the token on first use."""
    url = external_url("calendar.personal_feed", token=ensure_feed_token(user))
    google = "https://calendar.google.com/calendar/render?cid=" + quote(webcal(url), safe="")
    return SubscriptionLinks(url=url, webcal=webcal(url), google=google)


def ensure_feed_token(user: User) -> str:
    """The diplomat's feed token. Makes a seed the first time, and stores the token's
    hash again when SECRET_KEY has changed; commits only then."""
    if user.feed_seed is None:
        return reset_feed_token(user)
    token = _token_from(user.feed_seed)
    if user.feed_token_hash != _hash(token):
        with unit_of_work():
            user.feed_token_hash = _hash(token)
    return token


def reset_feed_token(user: User) -> str:
    """Give the diplomat a new feed token; the old link answers 404 from now on.

    Returns the new token. Commits.
    """
    with unit_of_work():
        user.feed_seed = secrets.token_hex(32)
        token = _token_from(user.feed_seed)
        user.feed_token_hash = _hash(token)
    return token


# Built once: every poll of a personal feed asks. The profile decides which
# invited-only sessions are on the agenda.
USER_BY_FEED_TOKEN = (
    select(User)
    .where(User.feed_token_hash == bindparam("token_hash"))
    .options(joinedload(User.profile))
)


def user_for_feed_token(token: str) -> User | None:
    """The active diplomat or partner representative whose feed this token opens, or
    None."""
    if not 20 <= len(token) <= 100:
        return None
    user = db.session.scalar(USER_BY_FEED_TOKEN, {"token_hash": _hash(token)})
    if user is None or user.feed_seed is None or not user.active:
        return None
    if not (user.is_diplomat or user.is_partner):
        return None
    # The hash matched; the token must also come from the current SECRET_KEY.
    if not hmac.compare_digest(_token_from(user.feed_seed), token):
        return None
    return user


def _token_from(seed: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"calendar-feed:" + bytes.fromhex(seed), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
