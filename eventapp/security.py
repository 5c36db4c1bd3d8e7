"""Security headers on every response, and request values PostgreSQL can store."""

from flask import Request as FlaskRequest
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def register(app) -> None:
    proxies = int(app.config["PROXY_COUNT"])
    if proxies:
        # Only the proxies we run may say who the visitor is: without this the rate
        # limits would count every visitor as the proxy, and with it unconditionally a
        # visitor could claim any address by sending X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["ENV"] == "production":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


# The fields, boundaries and headers sent with an uploaded file.
FORM_AROUND_A_FILE = 64 * 1024


def _without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


class NulFreeMultiDict(ImmutableMultiDict):
    """Query-string and form values with NUL characters taken out.

    PostgreSQL text cannot hold NUL (the driver raises, the user would see a 500), and
    nobody means one in a name or a search, so every form and every query behaves as if
    it had not been typed. Uploaded files are left as they are.
    """

    def __init__(self, mapping=None):
        if mapping is not None:
            mapping = [(_without_nul(k), _without_nul(v)) for k, v in iter_multi_items(mapping)]
        super().__init__(mapping)


class Request(FlaskRequest):
    parameter_storage_class = NulFreeMultiDict

    @property
    def max_content_length(self) -> int | None:
        """MAX_CONTENT_LENGTH, except on the pages that receive a briefing document: the
        document's limit there (DOCUMENT_MAX_MB), with room for the form around it. The
        page is known before the body is read (the CSRF check reads it)."""
        from flask import current_app

        from .documents import UPLOAD_ENDPOINTS

        if self.endpoint in UPLOAD_ENDPOINTS:
            return int(current_app.config["DOCUMENT_MAX_MB"] * 1024 * 1024) + FORM_AROUND_A_FILE
        return super().max_content_length
