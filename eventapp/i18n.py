"""Languages and local time: which language a request gets, and Jinja filters for dates."""

import re
import unicodedata
from datetime import date, datetime

from babel import support
from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, format_time, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.i18n import messages_path


def select_locale() -> str:
    """The user's saved preference, then the switcher's choice, then the browser, then English."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or "en"


# How dates are written: the same few ways on every page and in every mail of a
# language (issue 18), each a CLDR pattern that Babel fills with the language's names of
# days and months. Nothing else passes a pattern to Babel: tests/test_wayfinding.py
# checks the code and the templates, and the dates on every page in every language.
DATE_FORMATS = {
    # "Monday 2 February 2026": a date on its own (a deadline, a link's expiry, a day's title).
    "date_long": "EEEE d MMMM y",
    # "Monday 2 February": a day of the edition's week, where the year goes without saying.
    "date_day": "EEEE d MMMM",
    # "Mon 2 Feb": where room is short (tables, tabs, lists of clashes, records).
    "date_short": "EEE d MMM",
}
TIME_FORMAT = "HH:mm"
TIME_WITH_SECONDS = "HH:mm:ss"  # the audit log, where the order of events matters


def _written(value: date | datetime | None, pattern: str, time: bool, seconds: bool) -> str:
    if isinstance(value, datetime) and (time or seconds):
        clock = TIME_WITH_SECONDS if seconds else TIME_FORMAT
        return format_datetime(value, f"{pattern}, {clock}")
    if isinstance(value, date):  # a datetime too: Flask-Babel turns it to Brussels time
        return format_date(value, pattern)
    return ""


def date_long(value, time: bool = False, seconds: bool = False) -> str:
    """'Monday 2 February 2026' ('…, 09:30' with `time`); '' for None."""
    return _written(value, DATE_FORMATS["date_long"], time, seconds)


def date_day(value, time: bool = False, seconds: bool = False) -> str:
    """'Monday 2 February' ('…, 09:30' with `time`); '' for None."""
    return _written(value, DATE_FORMATS["date_day"], time, seconds)


def date_short(value, time: bool = False, seconds: bool = False) -> str:
    """'Mon 2 Feb' ('…, 09:30' with `time`, '…, 09:30:15' with `seconds`); '' for None."""
    return _written(value, DATE_FORMATS["date_short"], time, seconds)


def date_short_parts(value: date) -> tuple[str, str]:
    """date_short in its two pieces, ("Mon", "2 Feb"), for tabs that stack them."""
    weekday, rest = DATE_FORMATS["date_short"].split(" ", 1)
    return format_date(value, weekday), format_date(value, rest)


def date_range(first: date, last: date) -> str:
    """'2 February – 6 February 2026', '2 février – 6 février 2026': the days of an
    edition, month in full, year once (both years if they differ)."""
    start = "d MMMM" if first.year == last.year else "d MMMM y"
    return f"{format_date(first, start)} – {format_date(last, 'd MMMM y')}"


def filesize(size: int | None) -> str:
    """A file's size as people read it, in the page's language: '340 KB', '1.4 MB'
    ('340 Ko', '1,4 Mo' in French). Under a kilobyte counts as one."""
    if size is None:
        return ""
    if size < 1024 * 1024:
        return _("%(size)s KB", size=format_decimal(max(1, round(size / 1024)), "#,##0"))
    return _("%(size)s MB", size=format_decimal(size / (1024 * 1024), "#,##0.#"))


def current_language() -> str:
    return str(get_locale() or "en")


class WTFormsTranslations:
    """WTForms' own messages ("This field is required.") in the request's language.

    Flask-WTF reads WTForms' catalogue from disk again for every request that builds a
    form, and parsing it cost more than the rest of a small page. Here each language's
    catalogue is read once per process, and handed to Flask-WTF where it looks for the
    request's copy (`request.wtforms_translations`); it still follows the request's
    language, as Flask-WTF's would.
    """

    _catalogues: dict[str, support.NullTranslations] = {}

    def _catalogue(self) -> support.NullTranslations:
        locale = get_locale()
        catalogue = self._catalogues.get(str(locale))
        if catalogue is None:
            catalogue = support.Translations.load(messages_path(), [locale], domain="wtforms")
            self._catalogues[str(locale)] = catalogue
        return catalogue

    def ugettext(self, string: str) -> str:
        return self._catalogue().ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalogue().ungettext(singular, plural, n)


WTFORMS_TRANSLATIONS = WTFormsTranslations()


def register(app) -> None:
    @app.before_request
    def share_wtforms_translations():
        request.wtforms_translations = WTFORMS_TRANSLATIONS

    # `day|date_day`, `session.starts_at|date_long(time=True)`: see DATE_FORMATS.
    for write in (date_long, date_day, date_short, date_short_parts):
        app.jinja_env.filters[write.__name__] = write
    app.jinja_env.filters["local_time"] = lambda value: (
        format_time(value, TIME_FORMAT) if isinstance(value, datetime) else ""
    )
    app.jinja_env.filters["date_range"] = date_range
    app.jinja_env.filters["filesize"] = filesize
    # The filters that took any pattern, until templates written meanwhile move to the
    # named ones (tests/test_wayfinding.py names any template still using them).
    app.jinja_env.filters["local_datetime"] = lambda value, fmt="EEEE d MMMM y, HH:mm": (
        format_datetime(value, fmt) if isinstance(value, datetime) else ""
    )
    app.jinja_env.filters["local_date"] = lambda value, fmt="EEEE d MMMM y": (
        format_date(value, fmt) if isinstance(value, date | datetime) else ""
    )

    @app.context_processor
    def language_context():
        return {"current_language": current_language(), "languages": app.config["LANGUAGES"]}


def folded(text: str) -> str:
    """Text as searches and sorts compare it: case and accents ignored ("Élodie" ~ "elodie").

    Done in Python rather than SQL: SQLite's lower() and LIKE fold ASCII letters only, so
    a SQL search would find "Émile" on PostgreSQL and miss him on SQLite.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# A leading article a name may start with, in the three languages ("The Prime Minister").
ARTICLES = frozenset({"the", "le", "la", "les", "l", "de", "het"})


def says(text: str, part: str) -> bool:
    """Whether `text` already says `part`: its words, together and in order, with case,
    accents and a leading article of `part` ignored ("Chairman of the Board of the FPS"
    says "The Chairman of the Board"). Used so that a speaker's name, function and
    organisation are never written twice (`Speaker.described`)."""
    words = re.findall(r"\w+", folded(part))
    if words[:1] and words[0] in ARTICLES and len(words) > 1:
        words = words[1:]
    if not words:
        return False
    within = re.findall(r"\w+", folded(text))
    size = len(words)
    return any(within[start : start + size] == words for start in range(len(within) - size + 1))
