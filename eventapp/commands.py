"""Command-line tasks: `eventapp seed-demo`, and more as features arrive."""

import click
from flask_babel import gettext as _


def register(app) -> None:
    @app.cli.command("create-organizer")
    @click.argument("email")
    @click.option("--first-name", default="", help="Shown in the audit log and on pages.")
    @click.option("--last-name", default="")
    @click.password_option(help="Asked for (twice) when not given.")
    def create_organizer_command(email, first_name, last_name, password):
        """Create an organizer account (organizers build the programme and invite)."""
        from .auth.services import AccountError, create_organizer

        if len(password) < 10:
            raise click.BadParameter(_("Use between 10 and 200 characters."), param_hint="password")
        try:
            user = create_organizer(email, password, first_name, last_name)
        except AccountError:
            raise click.ClickException(
                _("An account with the e-mail %(email)s already exists.", email=email)
            ) from None
        click.echo(_("Organizer %(email)s created.", email=user.email))

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
