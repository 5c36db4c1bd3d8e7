"""Door benchmark (issue 20): the check-in POST and the name search in the morning rush.

    .venv/bin/python -m bench.door [--databases postgresql,sqlite] [--duration 10]
                                   [--diplomats 1200] [--postgres-url URL]

The morning rush of a 5,000-person conference is about 3 check-ins a second. On the
benchmark's large dataset (bench/dataset.py: 1,200 diplomats, 500 sessions, 10,000
sign-ups; `--diplomats 5000` for a conference that size), served as bench/run.py serves
it (gunicorn, 2 sync workers, `bench.app:app`), wrk at concurrency 8 (one thread)
measures, next to `/bench/hello`:

- `POST /door/check-in` as the page's script sends it (Accept: application/json, the CSRF
  token in X-CSRFToken, a badge code): wrk rotates through the badge codes of everyone
  expected on the day, so the first pass is one new check-in per request ("welcome":
  the look-up by code hash, the days, the earlier check-in, the insert and commit) and
  any later pass answers "already" (the same reads, no write). Both answer 200; the
  report says how many check-ins were recorded.
- `GET /door/search?q=...`: a last name's first four letters, rotating over the names
  (each search reads every attending name and folds it in Python, then loads the 20
  shown).

The app's clock is set to the Tuesday of the edition (EVENTAPP_DEMO_NOW), so "today" is
a day of the week. The door's rate limit is raised (the limiter still runs, it never
refuses). Results: a table on stdout and JSON in bench/results/door-<database>.json.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, func, select

from . import run
from .run import HOST, RESULTS, Route

DOOR_EMAIL = "door@bench.example.org"
DOOR_PASSWORD = "bench-door-password"  # noqa: S105 (a benchmark account)
TODAY = "2026-02-03T08:30"  # Tuesday of the edition, Brussels time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--diplomats", type=int, default=None)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", run.DEFAULT_POSTGRES)
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk (bench/run installs it)")
    from . import dataset

    size = dataset.FULL
    if args.diplomats:
        size = replace(size, diplomats=args.diplomats)
    RESULTS.mkdir(parents=True, exist_ok=True)
    for database in args.databases.split(","):
        report = run_one(database.strip(), size, args)
        (RESULTS / f"door-{database.strip()}.json").write_text(json.dumps(report, indent=2))
    return 0


def run_one(database: str, size, args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="eventapp-bench-door-"))
    if database == "sqlite":
        url, drop = f"sqlite:///{workdir / 'bench.sqlite'}", None
    elif database == "postgresql":
        url, drop = run._postgres_database(args.postgres_url)
    else:
        raise SystemExit(f"unknown database {database!r}: sqlite or postgresql")
    secret_key = secrets.token_hex(32)
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": secret_key,
            "EVENTAPP_INSTANCE_PATH": str(workdir),
            "EVENTAPP_MAIL_BACKEND": "log",
            "EVENTAPP_DEMO_NOW": TODAY,
            "EVENTAPP_DOOR_LIMIT": "10000000 per minute",
        }
    )
    server = None
    try:
        print(f"\n=== {database}: {size.diplomats} diplomats, {size.sessions} sessions", flush=True)
        started = time.perf_counter()
        codes, names = _build(url, secret_key, size)
        print(
            f"    dataset built in {time.perf_counter() - started:.1f} s; "
            f"{len(codes)} badges for the day",
            flush=True,
        )
        server = run._start_gunicorn(env, args.port, workdir)
        base = (HOST, args.port)
        cookie, token = _log_in(base)
        before = _check_ins(url)
        routes = _routes(cookie, token, codes, names)
        # wrk's per-thread status counts do not reach its `done` hook: check each route
        # answers as expected once before timing it (the check-in with the last badge).
        for route in routes:
            path, headers, body = route.requests[-1]
            status = run._http(base, route.method, path, headers, body or None)[0]
            if status != route.expected:
                raise SystemExit(f"{route.name} answered {status}, not {route.expected}")
        load = os.getloadavg()[0]
        print(f"    load average before timing: {load:.1f}", flush=True)
        for route in routes:
            route.result = run._wrk(base, route, args.duration, workdir)
            result = route.result
            print(
                f"    {route.name:<34} {result['rps']:7.0f} req/s  p50 {result['p50_ms']:6.1f} ms"
                f"  p95 {result['p95_ms']:6.1f} ms  statuses {result['statuses']}",
                flush=True,
            )
        recorded = _check_ins(url) - before
        hello = routes[0].result["rps"]
        report = {
            "database": database,
            "diplomats": size.diplomats,
            "badges_for_the_day": len(codes),
            "check_ins_recorded": recorded,
            "duration_s": args.duration,
            "load_average_before": load,
            "routes": {
                route.name: {**route.result, "ratio_to_hello": route.result["rps"] / hello}
                for route in routes
            },
        }
        print(f"    check-ins recorded: {recorded}", flush=True)
        return report
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        if drop is not None:
            drop()
        shutil.rmtree(workdir, ignore_errors=True)


def _build(url: str, secret_key: str, size) -> tuple[list[str], list[str]]:
    """Schema, dataset, a door-staff account; the badge codes of everyone expected on the
    Tuesday and search texts (the first four letters of their last names)."""
    from datetime import date

    from eventapp import create_app
    from eventapp.door.badges import ensure_badge_codes
    from eventapp.extensions import db
    from eventapp.models import Registration, RegistrationDay, RegistrationStatus, Role, User

    from . import dataset

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret_key})
    with app.app_context():
        db.create_all()
        dataset.build(size)
        staff = User(email=DOOR_EMAIL, role=Role.DOOR_STAFF, first_name="Door", last_name="Bench")
        staff.set_password(DOOR_PASSWORD)
        db.session.add(staff)
        db.session.commit()
        expected = db.session.scalars(
            select(Registration)
            .join(RegistrationDay)
            .where(
                RegistrationDay.day == date(2026, 2, 3),
                Registration.status.in_(
                    [RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED]
                ),
            )
            .order_by(Registration.id)
        ).all()
        codes = list(ensure_badge_codes(expected).values())
        names = sorted({registration.user.last_name[:4] for registration in expected})
        db.session.remove()
        db.engine.dispose()
    return codes, names


def _log_in(base) -> tuple[str, str]:
    status, headers, body = run._http(base, "GET", "/login")
    cookie = run._cookie(headers)
    form = {"email": DOOR_EMAIL, "password": DOOR_PASSWORD, "csrf_token": run._csrf(body)}
    status, headers, _body = run._http(
        base,
        "POST",
        "/login",
        {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        urlencode(form),
    )
    if status != 302:
        raise SystemExit(f"door staff login failed: {status}")
    cookie = run._cookie(headers, cookie)
    status, headers, body = run._http(base, "GET", "/door", {"Cookie": cookie})
    if status != 200:
        raise SystemExit(f"/door answered {status}")
    return run._cookie(headers, cookie), run._csrf(body)


def _routes(cookie: str, token: str, codes: list[str], names: list[str]) -> list[Route]:
    json_post = {
        "Cookie": cookie,
        "Accept": "application/json",
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return [
        Route("hello-world", "GET", [("/bench/hello", {}, "")], 200),
        Route(
            "POST /door/check-in (JSON)",
            "POST",
            [("/door/check-in", json_post, urlencode({"code": code})) for code in codes],
            200,
        ),
        Route(
            "GET /door/search?q=<4 letters>",
            "GET",
            [(f"/door/search?{urlencode({'q': name})}", {"Cookie": cookie}, "") for name in names],
            200,
        ),
    ]


def _check_ins(url: str) -> int:
    from eventapp.config import normalise_database_url
    from eventapp.models import CheckIn

    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(CheckIn.__table__))
    finally:
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
