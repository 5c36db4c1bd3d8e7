"""Languages and local time: which language a request gets, and Jinja filters for dates."""

import unicodedata
from datetime import date, datetime

from babel import support
from babel.dates import format_skeleton
from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_time, get_locale
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


def date_range(first: date, last: date) -> str:
    """'February 2 – February 6, 2026', '2 février – 6 février 2026': month in full, year once."""
    locale = get_locale()
    if first.year == last.year:
        start = format_skeleton("MMMMd", first, locale=locale)
    else:
        start = format_date(first, "long")
    return f"{start} – {format_date(last, 'long')}"


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

    app.jinja_env.filters["local_datetime"] = lambda value, fmt="EEEE d MMMM y, HH:mm": (
        format_datetime(value, fmt) if isinstance(value, datetime) else ""
    )
    app.jinja_env.filters["local_time"] = lambda value, fmt="HH:mm": (
        format_time(value, fmt) if isinstance(value, datetime) else ""
    )
    app.jinja_env.filters["local_date"] = lambda value, fmt="full": (
        format_date(value, fmt) if isinstance(value, date | datetime) else ""
    )

    app.jinja_env.filters["date_range"] = date_range

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
