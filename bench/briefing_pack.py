"""Briefing pack benchmark (issue 22): a diplomat's ~500 MB pack, streamed.

    .venv/bin/python -m bench.briefing_pack [--documents 25] [--mb 20] [--database-url URL]

Builds an edition with one diplomat attending Monday to Friday and `--documents`
documents of `--mb` MB of random bytes each (a PDF header, so the type check passes;
random so nothing compresses), stored through eventapp/documents/storage.py into a
temporary DOCUMENTS_FOLDER and attached through the documents' services to five
sessions on the diplomat's agenda. Then GET /agenda/briefing-pack.zip through Flask's
test client, every piece written to /dev/null as it arrives, and reports:

- the time to the first piece and to the last, and the throughput;
- the largest piece (each file is read and sent 64 KB at a time);
- the peak of Python's allocations while streaming (tracemalloc, measured in a second
  run: tracing slows the stream) and the process's resident maximum (ru_maxrss)
  before and after the stream.

Target: the stream's memory does not grow with the pack: a peak of a few MB (the
contents page, one 64 KB piece and zipfile's bookkeeping), the resident maximum
unmoved by a 500 MB pack. SQLite in a temporary directory by default; `--database-url`
names an EMPTY database (PostgreSQL) whose tables the benchmark creates and drops.
"""

import argparse
import os
import resource
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

PASSWORD = "bench-password"  # noqa: S105 (a benchmark account)
DIPLOMAT = "diplomat@bench.example.org"
MB = 1024 * 1024


class RandomFile:
    """A file-like upload of `size` bytes: a PDF header, then random bytes, made as they
    are read (the benchmark's own memory stays flat too)."""

    def __init__(self, size: int, label: str):
        self.header = f"%PDF-1.4\n% {label}\n".encode()
        self.left = size

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size < 0 else min(size, self.left)
        piece, self.header = self.header[:size], self.header[size:]
        piece += os.urandom(size - len(piece))
        self.left -= len(piece)
        return piece


def build_app(database_url: str, documents: Path, max_mb: int):
    from eventapp import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "bench-" + "x" * 40,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
            "MAIL_BACKEND": "memory",
            "DEMO_NOW": "",
            "DOCUMENTS_FOLDER": str(documents),
            "DOCUMENT_MAX_MB": max_mb,
        }
    )


def build_week(app, documents: int, size: int) -> int:
    """The edition, an organizer, the diplomat and their sessions with the documents;
    the pack's size in bytes."""
    from eventapp.documents import services
    from eventapp.extensions import db
    from eventapp.models import (
        DiplomatFunction,
        DiplomatProfile,
        Event,
        FileLanguage,
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
    room = Room(event=event, name="Salle des Glaces", capacity=500)
    organizer = User(email="organizer@bench.example.org", role=Role.ORGANIZER, first_name="O")
    diplomat = User(email=DIPLOMAT, role=Role.DIPLOMAT, first_name="Head", last_name="Of Post")
    diplomat.set_password(PASSWORD)
    diplomat.profile = DiplomatProfile(
        function=DiplomatFunction.AMBASSADOR,
        post_city="Nairobi",
        post_country="Kenya",
        region=Region.AFRICA,
    )
    db.session.add_all([event, room, organizer, diplomat])
    db.session.flush()
    days = [date(2026, 2, day) for day in range(2, 7)]
    db.session.add(
        Registration(
            event_id=event.id,
            user_id=diplomat.id,
            status=RegistrationStatus.CONFIRMED,
            day_rows=[RegistrationDay(day=day) for day in days],
        )
    )
    sessions = []
    for day in days:
        start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
        sessions.append(
            Session(
                event_id=event.id,
                title_en=f"Plenary of {day:%A}",
                kind=SessionKind.PLENARY,
                status=SessionStatus.PUBLISHED,
                visibility=Visibility.PUBLIC,
                starts_at=start,
                ends_at=start.replace(hour=9),
                first_published_at=start,
                room=room,
            )
        )
    db.session.add_all(sessions)
    lock_programme(event.id)
    db.session.commit()
    with app.test_request_context():
        for number in range(documents):
            services.attach(
                sessions[number % len(sessions)],
                services.Upload(RandomFile(size, str(number)), f"Briefing {number + 1}.pdf"),
                services.DocumentDetails(
                    title_en=f"Briefing {number + 1}",
                    title_fr=None,
                    title_nl=None,
                    language=FileLanguage.EN,
                    note=None,
                    participants_only=False,
                ),
                organizer,
            )
    return documents * size


def warm_up(app) -> None:
    """What any first pack of a worker loads once (ReportLab, the fonts, the templates
    of the pages around): an empty contents page made, so that the resident maximum
    measured after it says what the stream itself takes."""
    from eventapp.documents import pack
    from eventapp.extensions import db
    from eventapp.models import Event, utcnow

    with app.test_request_context():
        event = db.session.scalars(db.select(Event)).first()
        pack.contents_pdf(pack.Pack(event, "en", [], utcnow(), "00 Contents.pdf"))


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def stream_pack(client, traced: bool) -> dict:
    """GET the pack, every piece to /dev/null; what it took."""
    started = time.perf_counter()
    response = client.get("/agenda/briefing-pack.zip")
    assert response.status_code == 200, response.status_code
    if traced:
        tracemalloc.start()
    first = None
    total = largest = pieces = 0
    with open(os.devnull, "wb") as sink:
        for piece in response.response:
            if first is None:
                first = time.perf_counter() - started
            sink.write(piece)
            total += len(piece)
            largest = max(largest, len(piece))
            pieces += 1
    peak = tracemalloc.get_traced_memory()[1] if traced else None
    if traced:
        tracemalloc.stop()
    response.close()
    return {
        "seconds": time.perf_counter() - started,
        "first": first,
        "bytes": total,
        "largest": largest,
        "pieces": pieces,
        "peak": peak,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=25)
    parser.add_argument("--mb", type=int, default=20)
    parser.add_argument("--database-url", help="an EMPTY database (default: SQLite, temporary)")
    options = parser.parse_args(argv)

    from eventapp.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        url = options.database_url or f"sqlite:///{Path(folder) / 'bench-pack.sqlite'}"
        app = build_app(url, Path(folder) / "documents", options.mb + 1)
        with app.app_context():
            db.create_all()
            try:
                print(f"database: {db.engine.dialect.name}")
                started = time.perf_counter()
                size = build_week(app, options.documents, options.mb * MB)
                print(
                    f"built: {options.documents} documents of {options.mb} MB "
                    f"({size / MB:.0f} MB) in {time.perf_counter() - started:.1f} s"
                )
                client = app.test_client()
                response = client.post("/login", data={"email": DIPLOMAT, "password": PASSWORD})
                assert response.status_code == 302, response.status_code
                warm_up(app)
                rss_before = max_rss_mb()
                plain = stream_pack(client, traced=False)
                rss_after = max_rss_mb()
                traced = stream_pack(client, traced=True)
            finally:
                db.session.remove()
                db.drop_all()
                db.engine.dispose()
    print(
        f"pack: {plain['bytes'] / MB:.1f} MB in {plain['pieces']} pieces, "
        f"the largest {plain['largest'] / 1024:.1f} KB"
    )
    print(
        f"time: first piece after {plain['first'] * 1000:.0f} ms, all in "
        f"{plain['seconds']:.2f} s ({plain['bytes'] / MB / plain['seconds']:.0f} MB/s)"
    )
    print(f"peak of Python allocations while streaming (tracemalloc): {traced['peak'] / MB:.2f} MB")
    print(
        f"resident maximum (ru_maxrss): {rss_before:.0f} MB before the stream, "
        f"{rss_after:.0f} MB after ({rss_after - rss_before:+.0f} MB)"
    )
    met = traced["peak"] < 8 * MB and rss_after - rss_before < 16
    print(
        "target (peak a few MB, resident maximum unmoved by the pack's size): "
        + ("met" if met else "MISSED")
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
