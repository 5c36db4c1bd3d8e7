"""Mail benchmark (issue 19): what the outbox costs a request, and how fast it drains.

    .venv/bin/python -m bench.mail [--database-url URL] [--moves 20] [--mails 1000]

1. A request that mails 130 diplomats against one that mails nobody: an organizer moves
   a published session (POST /organizer/sessions/<id>/move, in-process through Flask's
   test client) that 130 diplomats hold, then one on a day none of them attends. Both
   run the same use case (rules, sequence, change record, audit); the first also renders
   and writes 130 outbox rows, each in the diplomat's language. Median and p90 of
   `--moves` requests each, the session moved back and forth.
2. `eventapp mail send` of `--mails` queued mails to a local aiosmtpd server (in the same
   process: the server's work is in the time too).

SQLite in a temporary directory by default; `--database-url` names an EMPTY database
(PostgreSQL) whose tables the benchmark creates and drops. See bench/README.md.
"""

import argparse
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

from aiosmtpd.controller import Controller
from sqlalchemy import func, select

DIPLOMATS = 130


class Inbox:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def build_app(database_url: str, port: int):
    from eventapp import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "bench-" + "x" * 40,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
            "MAIL_BACKEND": "smtp",
            "MAIL_DELIVERY": "worker",  # as in production: the request only writes rows
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_DIGEST_MINUTES": 0,  # each change mailed at once: the most rows
            "DEMO_NOW": "",
        }
    )


def build_week():
    """An edition, two rooms, 130 diplomats attending Monday to Thursday, and two
    published sessions: Tuesday's (on every agenda) and Friday's (on none)."""
    from eventapp.extensions import db
    from eventapp.models import (
        DiplomatFunction,
        DiplomatProfile,
        Event,
        Region,
        Registration,
        RegistrationDay,
        RegistrationStatus,
        Role,
        Room,
        Session,
        SessionKind,
        SessionStatus,
        User,
        Visibility,
    )
    from eventapp.programme.services import lock_programme

    event = Event(
        slug="dcd-2026",
        name_en="Diplomatic Contact Days 2026",
        venue="Egmont Palace",
        address="Place du Petit Sablon 8, 1000 Brussels",
        first_day=date(2026, 2, 2),
        last_day=date(2026, 2, 6),
    )
    db.session.add(event)
    db.session.flush()
    rooms = [Room(event=event, name=name, capacity=500) for name in ("Glaces", "Arenberg")]
    organizer = User(
        email="organizer@example.org", role=Role.ORGANIZER, first_name="O", last_name="Rg"
    )
    organizer.set_password("bench-password")
    db.session.add_all([*rooms, organizer])
    for number in range(DIPLOMATS):
        user = User(
            email=f"diplomat{number}@example.org",
            role=Role.DIPLOMAT,
            first_name="Diplomat",
            last_name=str(number),
            language=("en", "fr", "nl")[number % 3],
        )
        user.profile = DiplomatProfile(
            function=DiplomatFunction.AMBASSADOR,
            post_city="Nairobi",
            post_country="Kenya",
            region=Region.AFRICA,
        )
        db.session.add(user)
        db.session.flush()
        db.session.add(
            Registration(
                event_id=event.id,
                user_id=user.id,
                status=RegistrationStatus.CONFIRMED,
                day_rows=[RegistrationDay(day=date(2026, 2, day)) for day in (2, 3, 4, 5)],
            )
        )
    sessions = []
    for day in (3, 6):
        start = datetime(2026, 2, day, 9, tzinfo=UTC)
        session = Session(
            event_id=event.id,
            title_en=f"Plenary on the {day}th",
            kind=SessionKind.PLENARY,
            status=SessionStatus.PUBLISHED,
            visibility=Visibility.PUBLIC,
            starts_at=start,
            ends_at=start.replace(hour=10),
            first_published_at=start,
            room=rooms[0],
        )
        db.session.add(session)
        sessions.append(session)
    lock_programme(event.id)
    db.session.commit()
    return [session.id for session in sessions]


def time_moves(client, session_id: int, day: str, moves: int) -> list[float]:
    timings = []
    for number in range(moves):
        data = {"day": day, "start_time": ("14:00", "10:00")[number % 2], "room_id": ""}
        started = time.perf_counter()
        response = client.post(f"/organizer/sessions/{session_id}/move", data=data)
        timings.append(time.perf_counter() - started)
        assert response.status_code in (200, 302, 303), response.status_code
    return timings


@contextmanager
def timing_queue_mail():
    """Time every queue_mail call of the programme's services (they import it by name)."""
    from eventapp import mail
    from eventapp.programme import agenda, digests

    timings = []
    original = mail.queue_mail

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timings.append(time.perf_counter() - started)

    modules = [module for module in (agenda, digests) if hasattr(module, "queue_mail")]
    for module in modules:
        module.queue_mail = timed
    try:
        yield timings
    finally:
        for module in modules:
            module.queue_mail = original


def describe(timings: list[float]) -> str:
    ordered = sorted(timings)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms, p90 {p90 * 1000:7.1f} ms"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="an EMPTY database (default: SQLite, temporary)")
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--mails", type=int, default=1000)
    options = parser.parse_args()

    from eventapp.extensions import db
    from eventapp.mail import queue_mail
    from eventapp.models import OutboxMail
    from eventapp.unit_of_work import unit_of_work

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{Path(folder) / 'bench-mail.sqlite'}"
        app = build_app(url, controller.port)
        with app.app_context():
            db.create_all()
            try:
                print(f"database: {db.engine.dialect.name}")
                held, unheld = build_week()
                client = app.test_client()
                response = client.post(
                    "/login",
                    data={"email": "organizer@example.org", "password": "bench-password"},
                )
                assert response.status_code == 302, response.status_code
                time_moves(client, unheld, "2026-02-06", 2)  # warm up: templates, caches
                time_moves(client, held, "2026-02-03", 2)
                before = db.session.scalar(select(func.count()).select_from(OutboxMail))
                none = time_moves(client, unheld, "2026-02-06", options.moves)
                middle = db.session.scalar(select(func.count()).select_from(OutboxMail))
                with timing_queue_mail() as in_queue_mail:
                    many = time_moves(client, held, "2026-02-03", options.moves)
                after = db.session.scalar(select(func.count()).select_from(OutboxMail))
                print(
                    f"move, mails nobody     ({options.moves} requests, "
                    f"{(middle - before) // options.moves} mails each): {describe(none)}"
                )
                print(
                    f"move, mails {DIPLOMATS} diplomats ({options.moves} requests, "
                    f"{(after - middle) // options.moves} mails each): {describe(many)}"
                )
                print(
                    "  of which queue_mail (render in the diplomat's language, add the row): "
                    f"{sum(in_queue_mail) / options.moves * 1000:.1f} ms a request, "
                    f"{statistics.mean(in_queue_mail) * 1000:.2f} ms a mail"
                )
                print(f"ratio of medians: {statistics.median(many) / statistics.median(none):.1f}")

                db.session.execute(OutboxMail.__table__.delete())
                db.session.commit()
                with app.test_request_context(), unit_of_work():
                    for number in range(options.mails):
                        queue_mail(
                            f"diplomat{number}@example.org",
                            "password_reset",
                            ("en", "fr", "nl")[number % 3],
                            user=SimpleNamespace(full_name=f"Diplomat {number}"),
                            link=f"https://example.org/reset/{number}",
                            minutes=60,
                        )
                received = inbox.received
                started = time.perf_counter()
                result = app.test_cli_runner().invoke(args=["mail", "send"])
                elapsed = time.perf_counter() - started
                assert result.exit_code == 0, result.output
                delivered = inbox.received - received
                assert delivered == options.mails, (delivered, result.output)
                print(
                    f"eventapp mail send: {delivered} mails in {elapsed:.1f} s "
                    f"({delivered / elapsed:.0f} mails/s); {result.output.strip()}"
                )
            finally:
                db.session.remove()
                if options.database_url:
                    db.drop_all()
                db.engine.dispose()
    controller.stop()


if __name__ == "__main__":
    main()
