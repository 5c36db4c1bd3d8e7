"""One log line per request, with its id, and nothing in the log that is a key or says
who someone is: no password, token, feed address, e-mail address or personal detail."""

import logging
import re

import pytest
from aiosmtpd.controller import Controller

from eventapp import request_log
from eventapp.calendar import services as calendar
from eventapp.extensions import db
from eventapp.mail import outbox, queue_mail

from .test_mail import free_port
from .test_registration import PASSWORD, invited, registration_form  # noqa: F401  (fixture)

LINE = re.compile(
    r"request_id=(?P<id>\S+) method=(?P<method>[A-Z]+) path=(?P<path>\S+) "
    r"status=(?P<status>\d{3}) duration_ms=(?P<duration>\d+\.\d)$"
)


def request_lines(caplog) -> list[re.Match]:
    return [
        LINE.match(record.getMessage())
        for record in caplog.records
        if record.name == "eventapp.request"
    ]


@pytest.fixture
def everything_logged(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def test_each_request_writes_one_line_with_id_method_path_status_and_duration(
    client, everything_logged
):
    response = client.get("/no/such/page")
    [line] = request_lines(everything_logged)
    assert line, "the line does not have the expected form"
    assert line["method"] == "GET" and line["path"] == "/no/such/page"
    assert line["status"] == "404"
    assert float(line["duration"]) >= 0
    assert response.headers["X-Request-ID"] == line["id"]
    assert re.fullmatch(r"[0-9a-f]{32}", line["id"])


def test_a_sane_request_id_from_the_proxy_is_kept_and_echoed(client, everything_logged):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-3f2a9c01-77de"})
    assert response.headers["X-Request-ID"] == "lb-3f2a9c01-77de"
    assert request_lines(everything_logged)[0]["id"] == "lb-3f2a9c01-77de"


@pytest.mark.parametrize(
    "offered", ["short", "x" * 65, "id with spaces status=200", "<script>alert(1)</script>"]
)
def test_an_odd_request_id_is_replaced(client, everything_logged, offered):
    response = client.get("/healthz", headers={"X-Request-ID": offered})
    assert response.headers["X-Request-ID"] != offered
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_a_request_refused_before_its_view_is_logged_too(app, client, everything_logged):
    app.config["WTF_CSRF_ENABLED"] = True
    client.post("/logout")
    [line] = request_lines(everything_logged)
    assert line["status"] == "400"


def test_a_path_cannot_forge_a_log_line(client, everything_logged):
    client.get("/x%0Arequest_id=forged method=GET")
    [record] = [r for r in everything_logged.records if r.name == "eventapp.request"]
    assert "\n" not in record.getMessage()
    assert "\\x0a" in record.getMessage()


def test_feed_paths_are_logged_without_their_token(app, client, event, diplomat, everything_logged):
    with app.test_request_context():
        token = calendar.ensure_feed_token(diplomat)
    assert client.get(f"/feeds/{token}.ics").status_code == 200
    [line] = request_lines(everything_logged)
    assert line["path"] == "/feeds/[redacted]"


def go_through_the_secrets(app, client, invited):  # noqa: F811
    """Go through what carries secrets: register with an invitation link, fetch the
    feed, log out, ask for a password reset and use the link, log in, fail to log in.
    Returns every secret and personal detail that went over the wire."""
    email = "zenobia.quarterfield@example.org"
    details = {
        "first_name": "Zenobia",
        "last_name": "Quarterfield",
        "post_city": "Ulaanbaatar",
        "mobile_phone": "+32 470 98 76 54",
        "dietary": "No quinces whatsoever",
    }
    link = invited(email=email)
    assert client.get(link).status_code == 200
    assert client.post(link, data=registration_form(language="en", **details)).status_code == 302
    from .test_registration import user_of

    user = user_of(email)
    with app.test_request_context():
        feed_token = calendar.ensure_feed_token(user)
    assert client.get(f"/feeds/{feed_token}.ics").status_code == 200
    client.post("/logout")
    client.post("/password/forgot", data={"email": email})
    mail = outbox()[-1]
    reset_link = re.search(r"https?://\S+/password/reset/\S+", mail.body).group(0)
    reset_path = reset_link.split("://", 1)[1].split("/", 1)[1]
    new_password = "a brand new passphrase 42"
    response = client.post(
        "/" + reset_path,
        data={"new_password": new_password, "confirm_password": new_password},
    )
    assert response.status_code == 302, "the reset failed"
    client.post("/logout")
    client.post("/login", data={"email": email, "password": new_password})
    client.post("/logout")
    client.post("/login", data={"email": email, "password": "a wrong guess at it"})
    secrets = [
        email,
        PASSWORD,
        new_password,
        "a wrong guess at it",
        link.rsplit("/", 1)[1],
        feed_token,
        reset_path.rsplit("/", 1)[1],
        "+32470987654",
        *details.values(),
    ]
    return secrets


def everything_in(caplog) -> str:
    texts = []
    for record in caplog.records:
        texts.append(record.getMessage())
        if record.exc_info:
            texts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(texts)


def test_the_log_holds_no_password_token_address_or_personal_detail(
    app,
    client,
    event,
    invited,  # noqa: F811
    everything_logged,
):
    secrets = go_through_the_secrets(app, client, invited)
    text = everything_in(everything_logged)
    assert len(request_lines(everything_logged)) >= 10  # the requests were logged
    found = [secret for secret in secrets if secret in text]
    assert not found, f"the log shows {found}"


def test_without_redaction_the_check_would_see_the_feed_token(
    monkeypatch, app, client, event, diplomat, everything_logged
):
    # Both guards off: the line's own redaction and the filter on its logger.
    monkeypatch.setattr(request_log, "redact", lambda text: text)
    monkeypatch.setattr(request_log.log, "filters", [])
    with app.test_request_context():
        token = calendar.ensure_feed_token(diplomat)
    client.get(f"/feeds/{token}.ics")
    assert token in everything_in(everything_logged)


def test_a_refused_recipient_is_logged_without_the_address(app, diplomat, caplog):
    class Refusing:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            return f"550 5.1.1 <{address}>: no such user"

    controller = Controller(Refusing(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
        with app.test_request_context(), caplog.at_level(logging.DEBUG, "eventapp.mail"):
            queue_mail(diplomat.email, "password_reset", "en", user=diplomat, link="x", minutes=60)
            db.session.commit()
    finally:
        controller.stop()
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("eventapp"))
    assert "could not send mail" in ours
    assert "example.org" in ours
    assert diplomat.email not in ours


def test_gunicorns_access_log_leaves_out_query_strings_and_referers(tmp_path):
    import importlib.util
    from datetime import timedelta
    from pathlib import Path
    from types import SimpleNamespace

    from gunicorn.config import Config

    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", Path(__file__).parent.parent / "gunicorn.conf.py"
    )
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("access_log_format", conf.access_log_format)
    config.set("logger_class", conf.logger_class)
    logger = config.logger_class(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/organizer/attendees?q=zenobia%40example.org",
        "PATH_INFO": "/organizer/attendees",
        "QUERY_STRING": "q=zenobia%40example.org",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://contactdays.example/organizer/attendees?q=Quarterfield",
    }
    response = SimpleNamespace(
        status="200 OK", sent=10, headers=[("X-Request-ID", "3f2a9c0177de4b1c")]
    )
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=5))
    for handler in logger.access_log.handlers:
        handler.flush()
    access = (tmp_path / "access.log").read_text()
    assert '"GET /organizer/attendees HTTP/1.1" 200' in access
    assert "3f2a9c0177de4b1c" in access
    assert "zenobia" not in access and "Quarterfield" not in access
