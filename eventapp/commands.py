"""Command-line tasks: `eventapp seed-demo`, and more as features arrive."""

import click
from flask_babel import gettext as _


def register(app) -> None:
    @app.cli.command("seed-demo")
    def seed_demo_command():
        """Load the 2026 Diplomatic Contact Days demo week (safe to run again)."""
        from .demo import seed_demo

        created = seed_demo()
        if any(created.values()):
            summary = ", ".join(f"{name}: {count}" for name, count in created.items() if count)
            click.echo(_("Demo week loaded: %(summary)s.", summary=summary))
        else:
            click.echo(_("Demo week already loaded; nothing changed."))
