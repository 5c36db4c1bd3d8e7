"""gunicorn settings, read from the checkout's top level (`gunicorn wsgi:app`).

Secret links (calendar feeds, invitations, password resets) are redacted from gunicorn's
access and error logs: their token is a key (eventapp/redaction.py). Everything else
comes from the command line or GUNICORN_CMD_ARGS, e.g. `--access-logfile -`.

The app's own lines (its request log; with MAIL_BACKEND=log in development, each mail
with its links, unredacted: eventapp/mail.py) reach gunicorn's error log through the
request's `wsgi.errors`.
"""

from gunicorn.glogging import Logger

from eventapp import redaction


class RedactingLogger(Logger):
    """gunicorn's logger with secret links blanked in every line it writes."""

    def setup(self, cfg):
        super().setup(cfg)
        redaction.install(self.error_log)
        redaction.install(self.access_log)


logger_class = RedactingLogger
# When an access log is asked for (--access-logfile): the path without its query string
# (searches hold names and addresses) and without the Referer (it carries the previous
# page's query), the status, the size, the duration in ms and the app's request id.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'
