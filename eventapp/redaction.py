"""Secret links kept out of logs.

Some addresses are keys: a diplomat's calendar feed (/feeds/<token>.ics), an invitation
(/invitation/<token>) and a password reset link (/password/reset/<token>). Whoever
reads a log line holding one could use it. `redact` blanks the token in any text, and
`RedactSecrets` does it to every record of a logger: the app's own (Flask logs the path
of a request that failed) and gunicorn's access and error logs (gunicorn.conf.py).
"""

import logging
import re

SECRET_PATHS = re.compile(r"(/feeds/|/invitation/|/password/reset/)[^/?#\s\"']+")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """The text with the token of every secret link replaced by [redacted]."""
    return SECRET_PATHS.sub(rf"\g<1>{REDACTED}", text)


class RedactSecrets(logging.Filter):
    """Rewrite each record's message with secret links redacted (the arguments are
    merged in first, so a token passed as an argument is caught too)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001  (a malformed record is logged as it is)
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def install(logger: logging.Logger) -> None:
    """Add the filter to `logger`, once."""
    if not any(isinstance(existing, RedactSecrets) for existing in logger.filters):
        logger.addFilter(RedactSecrets())


def register(app) -> None:
    """Redact the app's log (Flask writes the path of a request that failed into it) and
    the development server's request log."""
    install(app.logger)
    install(logging.getLogger("werkzeug"))
