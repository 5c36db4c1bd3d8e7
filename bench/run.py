"""The benchmark: a large week on PostgreSQL and SQLite, gunicorn, wrk, a table, targets.

`python -m bench [--quick] [--databases sqlite,postgresql]`; see bench/README.md.

For each database: build the dataset (bench/dataset.py) in a database of its own, start
gunicorn (2 sync workers, bench.app:app) on a local port, log diplomats in over HTTP (a
session cookie and CSRF token each), then drive every route with wrk for a fixed time at
concurrency 8, and print requests/s, p50, p95 and the ratio to the hello-world route of
the same run. The targets of issue 9 are checked at the end, with the resident memory of
each worker read from /proc after the run.
"""

import argparse
import html
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
CONCURRENCY = 8
WORKERS = 2
WORKER_CLASS = "sync"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
BENCH_DATABASE = "eventapp_bench"
RSS_LIMIT_MB = 150


@dataclass
class Route:
    name: str
    method: str
    # Each request wrk sends, in turn: (path, headers, body).
    requests: list[tuple[str, dict, str]]
    expected: int
    target: float | None = None
    result: dict = field(default_factory=dict)


@dataclass
class Diplomat:
    user_id: int
    cookie: str
    csrf_token: str
    feed_path: str = ""
    feed_etag: str = ""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 s per route, smaller dataset")
    parser.add_argument("--databases", default="postgresql,sqlite")
    parser.add_argument("--duration", type=int, help="seconds per route (10; 3 with --quick)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a server the benchmark may create and drop its own database on",
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk (bench/run does it)", file=sys.stderr)
        return 2
    from . import dataset

    size = dataset.QUICK if args.quick else dataset.FULL
    duration = args.duration or (3 if args.quick else 10)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    all_ok = True
    for database in [name.strip() for name in args.databases.split(",") if name.strip()]:
        report = run_one(database, size, duration, args)
        (RESULTS / f"{stamp}-{database}.txt").write_text(report["text"])
        (RESULTS / f"{stamp}-{database}.json").write_text(json.dumps(report["data"], indent=2))
        all_ok = all_ok and report["ok"]
    print(f"\nResults written to {RESULTS.relative_to(ROOT)}/{stamp}-*")
    return 0 if all_ok else 1


def run_one(database: str, size, duration: int, args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="eventapp-bench-"))
    if database == "sqlite":
        url = f"sqlite:///{workdir / 'bench.sqlite'}"
        drop = None
    elif database == "postgresql":
        url, drop = _postgres_database(args.postgres_url)
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
            # The benchmark logs many diplomats in from one address.
            "EVENTAPP_LOGIN_LIMIT_PER_ACCOUNT": "10000 per minute",
            "EVENTAPP_LOGIN_LIMIT_PER_ADDRESS": "100000 per minute",
            # wrk polls a few feeds from one address far faster than calendar clients;
            # the limiter still runs (and costs what it costs), it just never refuses.
            "EVENTAPP_FEED_LIMIT_PER_TOKEN": "10000000 per minute",
            "EVENTAPP_FEED_LIMIT_PER_ADDRESS": "10000000 per minute",
        }
    )
    server = None
    try:
        print(
            f"\n=== {database}: building {size.sessions} sessions, {size.diplomats} diplomats, "
            f"{size.signups} sign-ups",
            flush=True,
        )
        started = time.perf_counter()
        built, feed_users = _build(url, secret_key, size, workdir)
        print(f"    dataset built in {time.perf_counter() - started:.1f} s", flush=True)
        server = _start_gunicorn(env, args.port, workdir)
        base = (HOST, args.port)
        logins = 40 if size.diplomats <= 300 else 150
        print(f"    logging in {logins} diplomats", flush=True)
        diplomats = _log_in(base, built, feed_users, logins)
        routes = _routes(base, diplomats, built)
        for route in routes:
            route.result = _wrk(base, route, duration, workdir)
            print(f"    {route.name:<32} {route.result['rps']:8.0f} req/s", flush=True)
        made = _signups_made(url, before=built["counts"]["signups"])
        rss = _worker_rss(server.pid)
        return _report(database, size, duration, routes, rss, made)
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


# Setting up


def _postgres_database(server_url: str):
    """A fresh database for the run on the server; returns its URL and how to drop it."""
    from eventapp.config import normalise_database_url

    server = make_url(normalise_database_url(server_url))
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{BENCH_DATABASE}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)'))
        admin.dispose()

    url = server.set(database=BENCH_DATABASE).render_as_string(hide_password=False)
    return url, drop


def _build(url: str, secret_key: str, size, workdir: Path):
    """Schema and dataset; feed tokens for the diplomats whose feeds are polled."""
    from eventapp import create_app
    from eventapp.calendar.services import ensure_feed_token
    from eventapp.extensions import db
    from eventapp.models import SignUp, User

    from . import dataset

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": secret_key,
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        db.create_all()
        built = dataset.build(size)
        # The diplomats with the longest agendas first: the feeds and agendas polled.
        busiest = db.session.execute(
            select(SignUp.user_id, func.count())
            .group_by(SignUp.user_id)
            .order_by(func.count().desc(), SignUp.user_id)
        ).all()
        order = [user_id for user_id, _count in busiest if user_id in built.open_signups]
        order += [each for each in built.open_signups if each not in set(order)]
        feed_users = {}
        for user_id in order[:50]:
            feed_users[user_id] = ensure_feed_token(db.session.get(User, user_id))
        info = {
            "order": order,
            "open_signups": built.open_signups,
            "emails": dict(
                db.session.execute(select(User.id, User.email).where(User.id.in_(order))).all()
            ),
            "counts": built.counts,
        }
        db.session.remove()
        db.engine.dispose()
    return info, feed_users


def _start_gunicorn(env: dict, port: int, workdir: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [
        str(gunicorn),
        "--workers",
        str(WORKERS),
        "--worker-class",
        WORKER_CLASS,
        "--bind",
        f"{HOST}:{port}",
        "--error-logfile",
        str(RESULTS / "gunicorn-error.log"),
        "bench.app:app",
    ]
    # From the checkout's top level, so gunicorn reads gunicorn.conf.py as in production.
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if _http((HOST, port), "GET", "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn did not start: see bench/results/gunicorn-error.log")
        time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def _http(base, method, path, headers=None, body=None):
    connection = http.client.HTTPConnection(*base, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _cookie(headers, current: str = "") -> str:
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith("session="):
            return value.split(";", 1)[0]
    return current


def _csrf(body: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', body
    )
    if not found:
        raise SystemExit("no CSRF token on the page")
    return html.unescape(found.group(1))


def _log_in_one(base, email: str, password: str) -> tuple[str, str]:
    """Log in through the login form; returns the session cookie and a CSRF token."""
    status, headers, body = _http(base, "GET", "/login")
    cookie = _cookie(headers)
    form = {"email": email, "password": password, "csrf_token": _csrf(body), "next": ""}
    from urllib.parse import urlencode

    status, headers, body = _http(
        base,
        "POST",
        "/login",
        {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        urlencode(form),
    )
    if status != 302:
        raise SystemExit(f"login of {email} failed: {status}")
    cookie = _cookie(headers, cookie)
    # The first agenda visit: consumes the welcome message, and is a first visit.
    status, headers, body = _http(base, "GET", "/agenda", {"Cookie": cookie})
    if status != 200:
        raise SystemExit(f"/agenda for {email} answered {status}")
    cookie = _cookie(headers, cookie)
    return cookie, _csrf(body)


def _log_in(base, built, feed_users, count) -> list[Diplomat]:
    from . import dataset

    user_ids = built["order"][:count]

    def one(user_id):
        cookie, token = _log_in_one(base, built["emails"][user_id], dataset.PASSWORD)
        diplomat = Diplomat(user_id, cookie, token)
        if user_id in feed_users:
            diplomat.feed_path = f"/feeds/{feed_users[user_id]}.ics"
        return diplomat

    with ThreadPoolExecutor(max_workers=4) as pool:
        diplomats = list(pool.map(one, user_ids))
    for diplomat in diplomats:
        if diplomat.feed_path:
            status, headers, _body = _http(base, "GET", diplomat.feed_path)
            assert status == 200, (diplomat.feed_path, status)
            diplomat.feed_etag = headers["ETag"]
    return diplomats


def _routes(base, diplomats: list[Diplomat], built) -> list[Route]:
    # Calendar clients (Outlook, Google, Apple, Thunderbird) all ask for gzip.
    gzip_ok = {"Accept-Encoding": "gzip"}
    status, headers, _body = _http(base, "GET", "/programme.ics", gzip_ok)
    programme_etag = headers["ETag"]
    feeds = [each for each in diplomats if each.feed_path]
    sign_ups = []
    # Round robin over the diplomats, each through the sessions still open to them (one
    # per free slot, so every sign-up is a real one: a place or a waitlist position).
    longest = max(len(built["open_signups"][each.user_id]) for each in diplomats)
    for turn in range(longest):
        for each in diplomats:
            open_sessions = built["open_signups"][each.user_id]
            if turn < len(open_sessions):
                sign_ups.append(
                    (
                        f"/sessions/{open_sessions[turn]}/sign-up",
                        {
                            "Cookie": each.cookie,
                            "Content-Type": "application/x-www-form-urlencoded",
                        },
                        f"csrf_token={each.csrf_token}",
                    )
                )
    return [
        Route("hello world", "GET", [("/bench/hello", {}, "")], 200),
        Route("/healthz", "GET", [("/healthz", {}, "")], 200),
        Route("/programme (anonymous)", "GET", [("/programme", {}, "")], 200, 0.3),
        Route(
            "/programme (diplomat)",
            "GET",
            [("/programme", {"Cookie": each.cookie}, "") for each in diplomats],
            200,
            0.3,
        ),
        Route(
            "/agenda",
            "GET",
            [("/agenda", {"Cookie": each.cookie}, "") for each in diplomats],
            200,
            0.3,
        ),
        Route("/programme.ics 200", "GET", [("/programme.ics", gzip_ok, "")], 200, 0.5),
        Route("/programme.ics 200 (no gzip)", "GET", [("/programme.ics", {}, "")], 200),
        Route(
            "/programme.ics 304",
            "GET",
            [("/programme.ics", {**gzip_ok, "If-None-Match": programme_etag}, "")],
            304,
            0.8,
        ),
        Route("personal feed 200", "GET", [(each.feed_path, gzip_ok, "") for each in feeds], 200),
        Route(
            "personal feed 304",
            "GET",
            [(each.feed_path, {**gzip_ok, "If-None-Match": each.feed_etag}, "") for each in feeds],
            304,
            0.8,
        ),
        Route("sign-up POST", "POST", sign_ups, 302, 0.2),
    ]


# Measuring

LUA = """
local requests = {%(requests)s}
local i = 0
request = function()
  i = i %% #requests + 1
  local r = requests[i]
  return wrk.format(r[1], r[2], r[3], r[4])
end
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  local codes = {}
  for status, count in pairs(statuses) do
    table.insert(codes, string.format('"%%d": %%d', status, count))
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, '
    .. '"errors": %%d, "statuses": {%%s}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, table.concat(codes, ", ")))
end
"""


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid Lua string for this content


def _wrk(base, route: Route, duration: int, workdir: Path) -> dict:
    entries = []
    for path, headers, body in route.requests:
        header_table = ", ".join(
            f"[{_lua_string(name)}] = {_lua_string(value)}" for name, value in headers.items()
        )
        entries.append(
            f"{{{_lua_string(route.method)}, {_lua_string(path)}, {{{header_table}}}, "
            f"{_lua_string(body) if body else 'nil'}}}"
        )
    script = workdir / "route.lua"
    script.write_text(LUA % {"requests": ",\n".join(entries)})
    # One wrk thread: the load generator shares the two cores with the server.
    output = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{CONCURRENCY}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://{base[0]}:{base[1]}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(each for each in output.splitlines() if each.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = data["duration_us"] / 1e6
    statuses = {int(code): count for code, count in data["statuses"].items()}
    unexpected = sum(count for code, count in statuses.items() if code != route.expected)
    return {
        "requests": data["requests"],
        "rps": data["requests"] / seconds,
        "p50_ms": data["p50_us"] / 1000,
        "p95_ms": data["p95_us"] / 1000,
        "statuses": statuses,
        "unexpected": unexpected + data["errors"],
        "distinct_requests": len(route.requests),
    }


def _signups_made(url: str, before: int) -> int:
    """Sign-ups the run added (the dataset had `before`; the run only adds)."""
    from eventapp.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as connection:
            total = connection.execute(text("SELECT count(*) FROM signups")).scalar_one()
    finally:
        engine.dispose()
    return total - before


def _worker_rss(master_pid: int) -> dict[int, float]:
    """Resident memory (MB) of each gunicorn worker: the master's children."""
    rss = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid):
            rss[int(entry.name)] = int(fields["VmRSS"].split()[0]) / 1024
    return rss


# Reporting


def _shown(ratio: float) -> float:
    """The ratio to two decimals, rounded down: 0.796 shows as 0.79, not as a 0.80 that
    misses a 0.8 target."""
    return math.floor(ratio * 100) / 100


def _report(database, size, duration, routes, rss, signups_made) -> dict:
    hello = routes[0].result["rps"]
    lines = [
        f"Database: {database}; dataset: {size.sessions} sessions, {size.diplomats} diplomats, "
        f"{size.signups} sign-ups; gunicorn {WORKERS} {WORKER_CLASS} workers; wrk 1 thread, "
        f"{CONCURRENCY} connections, {duration} s per route; {os.cpu_count()} CPUs; "
        f"load average before the table: {os.getloadavg()[0]:.2f}",
        "",
        f"| {'route':<30} | {'status':>6} | {'req/s':>7} | {'p50 ms':>7} | {'p95 ms':>7} "
        f"| {'× hello':>7} | {'target':>6} | result |",
        "|"
        + "|".join(["-" * 32, "-" * 7 + ":", *["-" * 8 + ":"] * 4, "-" * 7 + ":", "-" * 8])
        + "|",
    ]
    ok = True
    data = {"database": database, "size": size.__dict__, "duration": duration, "routes": []}
    for route in routes:
        result = route.result
        ratio = result["rps"] / hello if hello else 0
        verdict = ""
        if route.target is not None:
            passed = ratio >= route.target and result["unexpected"] == 0
            verdict = "PASS" if passed else "MISS"
            ok = ok and passed
        elif result["unexpected"]:
            verdict = "ERRORS"
        if result["unexpected"]:
            verdict += f" ({result['unexpected']} not {route.expected}: {result['statuses']})"
        lines.append(
            f"| {route.name:<30} | {route.expected:>6} | {result['rps']:7.0f} | "
            f"{result['p50_ms']:7.2f} | {result['p95_ms']:7.2f} | {_shown(ratio):7.2f} | "
            f"{'≥ ' + str(route.target) if route.target else '':>6} | {verdict} |"
        )
        data["routes"].append({"name": route.name, "ratio": ratio, **result})
    lines.append("")
    for pid, megabytes in sorted(rss.items()):
        passed = megabytes < RSS_LIMIT_MB
        ok = ok and passed
        lines.append(
            f"worker {pid}: {megabytes:.0f} MB resident after the run "
            f"(target < {RSS_LIMIT_MB} MB): {'PASS' if passed else 'MISS'}"
        )
    if len(rss) != WORKERS:
        lines.append(f"expected {WORKERS} workers, found {len(rss)}: MISS")
        ok = False
    signup_route = routes[-1]
    lines.append(
        f"sign-ups made during the run: {signups_made} (places or waitlist positions), "
        f"from {signup_route.result['distinct_requests']} prepared (diplomat, session) pairs"
    )
    lines.append(f"all targets: {'PASS' if ok else 'MISS'}")
    data["rss_mb"] = rss
    data["signups_made"] = signups_made
    report = "\n".join(lines) + "\n"
    print("\n" + report, flush=True)
    return {"text": report, "data": data, "ok": ok}
