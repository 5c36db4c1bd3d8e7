"""One log line per request: request id, method, path, status and duration.

The request id is the caller's `X-Request-ID` when it looks like one (a proxy or load
balancer that sets it lets its lines and ours be matched), a new random one otherwise,
and it is sent back in the response's `X-Request-ID`. The line holds no query string
(searches hold names and addresses), no form data and no user; secret links are
redacted (eventapp/redaction.py), so it tells what happened without telling about whom.
"""

import logging
import re
import time
import uuid

from flask import g, request

from .redaction import install, redact

log = logging.getLogger("eventapp.request")
# Letters, digits and a few separators: what proxies generate (UUIDs, hex, base64url).
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def request_id() -> str:
    """This request's id (made on first use)."""
    if "request_id" not in g:
        offered = request.headers.get("X-Request-ID", "")
        g.request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
    return g.request_id


def printable(text: str) -> str:
    """`text` with control characters escaped, so a path cannot forge a log line."""
    return CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def register(app) -> None:
    # Every request's line is written whatever the root logger's level says.
    log.setLevel(logging.INFO)
    install(log)

    def start_clock():
        g.request_started = time.perf_counter()
        request_id()

    # First of all: a request refused by an earlier hook (CSRF) is timed and logged too.
    app.before_request_funcs.setdefault(None, []).insert(0, start_clock)

    @app.after_request
    def log_request(response):
        started = g.get("request_started")
        duration = (time.perf_counter() - started) * 1000 if started else 0.0
        response.headers["X-Request-ID"] = request_id()
        log.info(
            "request_id=%s method=%s path=%s status=%d duration_ms=%.1f",
            request_id(),
            request.method,
            printable(redact(request.path)),
            response.status_code,
            duration,
        )
        return response
