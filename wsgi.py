"""Production entry point: `gunicorn wsgi:app`."""

from eventapp import create_app

app = create_app()
