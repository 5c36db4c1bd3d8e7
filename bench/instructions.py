"""Instructions per request, counted by callgrind: a measure a busy host cannot move.

`python -m bench.instructions [--routes agenda,programme-diplomat] [--requests 3,13]`

wrk's requests per second on a shared virtual machine moved by a factor of two between
two evenings with the same code, and by 10-15 % between runs of the same evening: too
much to judge a change worth 10 %. This counts the CPU instructions one request takes
in-process (Flask's test client, SQLite, the benchmark's full dataset): valgrind's
callgrind counts instructions, not time, so whatever else the machine does does not move
them. Each route runs in two child processes under callgrind, with the same set-up and N1
or N2 requests; the difference divided by N2 - N1 is one request, set-up excluded. Each
child starts from a copy of the same database file, with a fixed hash seed. What varies
left is the set-up's own, a few million instructions: ±0.5 M per request with the default
3 and 13 requests; larger counts narrow it.

Not a target: the targets of issue 9 are wrk's ratios (`python -m bench`). What it leaves
out (gunicorn, the network, PostgreSQL's own work) is the same for every route or shows
only there. Needs valgrind (Debian's package); a child takes one to three minutes, and
they run one per core.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUTES = (
    "hello",
    "healthz",
    "programme-anonymous",
    "programme-diplomat",
    "agenda",
    "programme-feed-304",
    "personal-feed-304",
    "sign-up",
)
WARM_UP = 3
COLLECTED = re.compile(r"Collected : (\d+)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__)
    parser.add_argument("--routes", default=",".join(ROUTES))
    parser.add_argument("--requests", default="3,13", help="N1,N2: requests per child")
    parser.add_argument("--child", nargs=2, metavar=("ROUTE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is missing: apt-get install -y valgrind", file=sys.stderr)
        return 2
    routes = [name.strip() for name in args.routes.split(",") if name.strip()]
    unknown = set(routes) - set(ROUTES)
    if unknown:
        parser.error(f"unknown routes {sorted(unknown)}; known: {', '.join(ROUTES)}")
    first, second = (int(each) for each in args.requests.split(","))
    if not 0 <= first < second:
        parser.error("--requests N1,N2 with 0 <= N1 < N2")
    workdir = Path(tempfile.mkdtemp(prefix="eventapp-instructions-"))
    try:
        env = _environment(workdir)
        print("building the dataset (500 sessions, 1,200 diplomats, 10,000 sign-ups)", flush=True)
        _build(env, workdir)
        jobs = [(route, n) for route in routes for n in (first, second)]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            found = pool.map(lambda job: _count(job, env, workdir), jobs)
            counts = dict(zip(jobs, found, strict=True))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    per_request = {
        route: (counts[route, second] - counts[route, first]) / (second - first) / 1e6
        for route in routes
    }
    hello = per_request.get("hello")
    print(f"\n| {'route':<22} | M instructions / request | × hello |")
    print(f"|{'-' * 24}|{'-' * 25}:|{'-' * 8}:|")
    for route, millions in per_request.items():
        ratio = f"{millions / hello:7.1f}" if hello else "       "
        print(f"| {route:<22} | {millions:24.2f} | {ratio} |")
    return 0


def _environment(workdir: Path) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite'}",
            "SECRET_KEY": secrets.token_hex(32),
            "EVENTAPP_INSTANCE_PATH": str(workdir),
            "EVENTAPP_MAIL_BACKEND": "log",
            "EVENTAPP_FEED_LIMIT_PER_TOKEN": "10000000 per minute",
            "EVENTAPP_FEED_LIMIT_PER_ADDRESS": "10000000 per minute",
            "PYTHONHASHSEED": "0",
        }
    )
    return env


def _build(env: dict, workdir: Path) -> None:
    from . import dataset
    from .run import _build as build_dataset

    info, feed_users = build_dataset(env["DATABASE_URL"], env["SECRET_KEY"], dataset.FULL, workdir)
    user_id = info["order"][0]
    (workdir / "info.json").write_text(
        json.dumps(
            {
                "user_id": user_id,
                "feed_token": feed_users[user_id],
                # Every sign-up of a child is a real one: sessions still open to these.
                "sign_ups": [
                    [each, session_id]
                    for each in info["order"][:20]
                    for session_id in info["open_signups"][each]
                ],
            }
        )
    )


def _count(job, env: dict, workdir: Path) -> int:
    """Instructions of one child: its route, `n` requests after the set-up."""
    route, n = job
    database = workdir / f"{route}-{n}.sqlite"
    shutil.copyfile(workdir / "bench.sqlite", database)
    child_env = {**env, "DATABASE_URL": f"sqlite:///{database}", "BENCH_INFO": str(workdir)}
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-m",
            "bench.instructions",
            "--child",
            route,
            str(n),
        ],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
    )
    found = COLLECTED.search(result.stderr)
    if result.returncode != 0 or not found:
        raise SystemExit(f"{route} ({n} requests) failed:\n{result.stderr[-3000:]}")
    return int(found.group(1))


def _child(route: str, n: int) -> None:
    """Set up as the benchmark does, then send `n` requests of `route` (after a warm-up)."""
    import logging

    logging.disable(logging.INFO)  # the request log would be counted with the route
    from .app import app

    info = json.loads((Path(os.environ["BENCH_INFO"]) / "info.json").read_text())
    diplomats = {}

    def client_of(user_id):
        if user_id not in diplomats:
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = str(user_id)
                session["_fresh"] = True
            page = client.get("/agenda").get_data(as_text=True)
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
            diplomats[user_id] = (client, token.group(1))
        return diplomats[user_id]

    diplomat, _token = client_of(info["user_id"])
    visitor = app.test_client()
    gzip = {"Accept-Encoding": "gzip"}
    feed = f"/feeds/{info['feed_token']}.ics"
    feed_etag = visitor.get(feed, headers=gzip).headers["ETag"]
    programme_etag = visitor.get("/programme.ics", headers=gzip).headers["ETag"]
    sign_ups = iter(info["sign_ups"])

    def sign_up():
        user_id, session_id = next(sign_ups)
        client, token = client_of(user_id)
        return client.post(f"/sessions/{session_id}/sign-up", data={"csrf_token": token})

    send, expected = {
        "hello": (lambda: visitor.get("/bench/hello"), 200),
        "healthz": (lambda: visitor.get("/healthz"), 200),
        # A new visitor each time, as wrk's requests without a cookie.
        "programme-anonymous": (lambda: app.test_client().get("/programme"), 200),
        "programme-diplomat": (lambda: diplomat.get("/programme"), 200),
        "agenda": (lambda: diplomat.get("/agenda"), 200),
        "programme-feed-304": (
            lambda: visitor.get(
                "/programme.ics", headers={**gzip, "If-None-Match": programme_etag}
            ),
            304,
        ),
        "personal-feed-304": (
            lambda: visitor.get(feed, headers={**gzip, "If-None-Match": feed_etag}),
            304,
        ),
        "sign-up": (sign_up, 302),
    }[route]
    if route == "sign-up":
        # Every diplomat who may sign up gets their client first, whatever `n`: the
        # difference between two children is then sign-ups only.
        for user_id, _session_id in info["sign_ups"]:
            client_of(user_id)
    for _ in range(WARM_UP + n):
        status = send().status_code
        if status != expected:
            raise SystemExit(f"{route} answered {status}, not {expected}")


if __name__ == "__main__":
    sys.exit(main())
