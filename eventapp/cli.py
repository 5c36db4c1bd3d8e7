"""The `eventapp` console script: Flask's CLI bound to our app factory."""

from flask.cli import FlaskGroup

from . import create_app

main = FlaskGroup(create_app=create_app, help="Run and manage eventapp.")
