"""The app as production serves it, plus a hello-world route for the benchmark only.

`gunicorn bench.app:app`. `/bench/hello` is the ceiling of any Flask route here: it
goes through the same app, request hooks and response headers, with no database and no
template. The production entry point (wsgi.py) does not have it.
"""

from eventapp import create_app

app = create_app()


def hello():
    return "Hello, world!"


app.add_url_rule("/bench/hello", "bench_hello", hello)
