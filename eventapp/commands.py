"""Command-line tasks: accounts, the demo week, data safety (export, import, purge), the
briefing documents' files (check), mail."""

import click
from flask_babel import gettext as _
from flask_babel import ngettext

from . import limits


def register(app) -> None:
    @app.cli.command("create-organizer")
    @click.argument("email")
    @click.option("--first-name", default="", help="Shown in the audit log and on pages.")
    @click.option("--last-name", default="")
    @click.password_option(help="Asked for (twice) when not given.")
    def create_organizer_command(email, first_name, last_name, password):
        """Create an organizer account (organizers build the programme and invite)."""
        from .auth.services import AccountError, create_organizer

        if not limits.PASSWORD_MIN <= len(password) <= limits.PASSWORD:
            raise click.BadParameter(_("Use between 10 and 200 characters."), param_hint="password")
        try:
            user = create_organizer(email, password, first_name, last_name)
        except AccountError:
            raise click.ClickException(
                _("An account with the e-mail %(email)s already exists.", email=email)
            ) from None
        click.echo(_("Organizer %(email)s created.", email=user.email))

    @app.cli.command("create-door-staff")
    @click.argument("email")
    @click.option("--first-name", default="", help="Shown to organizers and in the audit log.")
    @click.option("--last-name", default="")
    @click.option(
        "--language",
        type=click.Choice(["en", "fr", "nl"]),
        default="en",
        show_default=True,
        help="The language of their pages.",
    )
    def create_door_staff_command(email, first_name, last_name, language):
        """Create a door-staff account (the check-in pages, nothing else) and print a
        one-time link for the person to choose a password; no mail is sent."""
        _create_door_staff(email, first_name, last_name, language)

    @app.cli.command("seed-demo")
    @click.option(
        "--reset",
        is_flag=True,
        help="First delete every row of every table (accounts, registrations, sign-ups, "
        "programme changes, the audit log), then load the demo: the demo as it was.",
    )
    @click.option("--yes", is_flag=True, help="With --reset: do not ask for confirmation.")
    @click.option(
        "--force", is_flag=True, help="With --reset: allow it when EVENTAPP_ENV=production."
    )
    def seed_demo_command(reset, yes, force):
        """Load the 2026 Diplomatic Contact Days demo week (safe to run again).

        With --reset, put the demo back as it was first loaded: everything in the
        database goes, in one transaction with the new load.
        """
        from .demo import seed_demo

        if reset:
            _reset_demo(yes=yes, force=force)
            return
        created = seed_demo()
        if any(created.values()):
            summary = ", ".join(f"{name}: {count}" for name, count in created.items() if count)
            click.echo(_("Demo week loaded: %(summary)s.", summary=summary))
        else:
            click.echo(_("Demo week already loaded; nothing changed."))

    @app.cli.command("export-data")
    @click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
    def export_data_command(path):
        """Write the whole database to one JSON archive (PATH, or - for standard output).

        The archive holds diplomats' personal data: keep it as safe as the database.
        """
        from flask import current_app

        from .datasafety import dumps, export_data

        archive = export_data()
        content = dumps(archive)
        if path == "-":
            click.echo(content, nl=False)
            return
        _write_private(path, content)
        click.echo(
            _(
                "%(rows)d rows of %(tables)d tables written to %(path)s (schema revision "
                "%(revision)s).",
                rows=sum(archive["row_counts"].values()),
                tables=len(archive["row_counts"]),
                path=path,
                revision=archive["alembic_revision"],
            )
        )
        if archive["document_files"]:
            click.echo(
                ngettext(
                    "The archive lists %(num)d file of the briefing documents (name and "
                    "SHA-256) but does not hold it: copy the documents folder too (%(folder)s).",
                    "The archive lists %(num)d files of the briefing documents (names and "
                    "SHA-256) but does not hold them: copy the documents folder too "
                    "(%(folder)s).",
                    len({file["sha256"] for file in archive["document_files"]}),
                    folder=current_app.config["DOCUMENTS_FOLDER"],
                )
            )

    @app.cli.command("import-data")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
    def import_data_command(path):
        """Restore an archive of export-data into an empty database (all or nothing)."""
        import json

        from .datasafety import DataSafetyError, import_data

        try:
            with click.open_file(path, encoding="utf-8") as source:
                archive = json.load(source)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise click.ClickException(_("This file is not an eventapp data archive.")) from None
        try:
            inserted = import_data(archive)
        except DataSafetyError as error:
            raise click.ClickException(str(error)) from None
        click.echo(
            _(
                "%(rows)d rows of %(tables)d tables restored.",
                rows=sum(inserted.values()),
                tables=len(inserted),
            )
        )

    @app.cli.command("purge-personal-data")
    @click.option("--dry-run", is_flag=True, help="Show what would be anonymised; change nothing.")
    @click.option(
        "--before",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help="Purge the editions that ended before this day (default: today).",
    )
    @click.option("--force", is_flag=True, help="Purge even an edition that is not over.")
    def purge_personal_data_command(dry_run, before, force):
        """Anonymise diplomats' personal data once the event is over (GDPR).

        Names, e-mail addresses, passwords, posts, phones, needs, remarks, travel times,
        calendar and invitation links go; the figures (registrations per status and
        day, per function and region, sign-ups per session) stay the same.
        """
        from .datasafety import DataSafetyError, purge_personal_data

        try:
            report = purge_personal_data(
                before=before.date() if before else None, dry_run=dry_run, force=force
            )
        except DataSafetyError as error:
            raise click.ClickException(str(error)) from None
        editions = ", ".join(event.slug for event in report.events) or "—"
        if dry_run:
            click.echo(_("Dry run for %(editions)s: nothing was changed.", editions=editions))
            click.echo(_("Would anonymise:"))
        else:
            click.echo(_("Personal data purged for %(editions)s.", editions=editions))
            click.echo(_("Anonymised:"))
        labels = {
            "diplomat accounts": _("diplomat accounts"),
            "diplomat profiles": _("diplomat profiles (post)"),
            "registrations": _("registrations (phone, needs, remarks, travel)"),
            "invitations": _("invitation links"),
            "audit log entries": _("audit log entries"),
            "session changes": _("session change records"),
            "mails": _("mails (address and body)"),
            "arrival counts": _("arrival counts kept (per day, function and region)"),
            "check-ins": _("check-ins at the palace door"),
            "session check-ins": _("check-ins at sessions' doors"),
            "badge codes": _("badge codes"),
            "document downloads": _("document downloads (who downloaded; the counts stay)"),
            "document visits": _("document visits (when each diplomat last looked)"),
        }
        for kind, count in report.changed.items():
            click.echo(f"  {labels.get(kind, kind)}: {count}")

    @app.cli.group("documents")
    def documents_group():
        """Briefing documents' files, kept in DOCUMENTS_FOLDER."""

    @documents_group.command("check")
    @click.option(
        "--remove-unused",
        is_flag=True,
        help="Also delete the files no version uses that are more than an hour old "
        "(after listing them).",
    )
    def documents_check_command(remove_unused):
        """Check that every version's file is in the documents folder and intact (its
        SHA-256 matches), and list the files no version uses. Exits with code 1 when a
        file is missing or damaged: restore the folder from the backup made with the
        database."""
        from .documents import check

        report = check.check_files()
        _echo_document_check(report)
        if remove_unused:
            removed = check.remove_unused(report)
            for unused in removed:
                click.echo(_("Removed: %(name)s", name=unused.name))
            kept = len([u for u in report.unused if not u.removable])
            if kept:
                click.echo(
                    ngettext(
                        "%(num)d unused file is less than an hour old (an upload may be "
                        "saving it): kept.",
                        "%(num)d unused files are less than an hour old (an upload may be "
                        "saving them): kept.",
                        kept,
                    )
                )
        if not report.ok:
            raise SystemExit(1)

    @app.cli.group("mail")
    def mail_group():
        """Deliver the outbox: the mails the app has queued (eventapp/mail_delivery.py)."""

    @mail_group.command("send")
    def mail_send_command():
        """Deliver every mail that is due, then exit."""
        from .mail_delivery import deliver_all

        _echo_delivery(deliver_all())

    @mail_group.command("work")
    def mail_work_command():
        """Keep delivering mail as it falls due, until stopped (SIGTERM, Ctrl-C)."""
        import signal

        from flask import current_app

        from .mail_delivery import Worker

        worker = Worker(current_app._get_current_object())
        signal.signal(signal.SIGTERM, worker.stop)
        signal.signal(signal.SIGINT, worker.stop)
        click.echo(_("Delivering mail; stop with Ctrl-C or SIGTERM."))
        _echo_delivery(worker.run())


def _create_door_staff(email: str, first_name: str, last_name: str, language: str) -> None:
    from email_validator import EmailNotValidError, validate_email
    from flask import current_app, url_for

    from .auth.services import password_link_minutes
    from .door.staff import AddressTaken, NewDoorStaff, create_door_staff

    email = email.strip()
    try:  # the organizers' form's rule (eventapp/fields.py)
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise click.BadParameter(
            _("Enter an e-mail address, e.g. name@example.org."), param_hint="EMAIL"
        ) from None
    if len(email) > limits.EMAIL:
        raise click.BadParameter(
            _("Enter an e-mail address, e.g. name@example.org."), param_hint="EMAIL"
        )
    person = NewDoorStaff(first_name, last_name, email, language)
    # The link is read far from any request: it is built on BASE_URL.
    base_url = current_app.config.get("BASE_URL") or "http://localhost:5000"
    with current_app.test_request_context(base_url=base_url):
        try:
            user, link = create_door_staff(
                person,
                None,
                lambda token: url_for("auth.reset_password_form", token=token, _external=True),
                mail=False,
            )
        except AddressTaken:
            raise click.ClickException(
                _("An account with the e-mail %(email)s already exists.", email=email)
            ) from None
    click.echo(_("Door staff %(email)s created.", email=user.email))
    click.echo(
        _(
            "Give them this link to choose a password; it works once, within %(minutes)d "
            "minutes (then: “Forgotten your password?” on the login page):",
            minutes=password_link_minutes(),
        )
    )
    click.echo(link)


def _echo_delivery(report) -> None:
    click.echo(
        _(
            "Mails sent: %(sent)d; to be retried: %(retried)d; failed: %(failed)d.",
            sent=report.sent,
            retried=report.retried,
            failed=report.failed,
        )
    )


def _echo_document_check(report) -> None:
    click.echo(
        ngettext(
            "%(num)d file checked for %(versions)d document versions in %(folder)s.",
            "%(num)d files checked for %(versions)d document versions in %(folder)s.",
            report.files,
            versions=report.versions,
            folder=report.folder,
        )
    )
    problems = (
        (report.missing, _("Missing (not in the folder):")),
        (report.damaged, _("Damaged (the content no longer matches its SHA-256):")),
    )
    for files, heading in problems:
        if not files:
            continue
        click.echo(heading)
        for sha256, uses in files.items():
            click.echo(f"  {sha256}")
            for use in uses:
                click.echo(
                    "    "
                    + _(
                        "document %(id)d “%(title)s”, version %(number)d (%(filename)s)",
                        id=use.document_id,
                        title=use.title,
                        number=use.number,
                        filename=use.filename,
                    )
                )
    if report.unused:
        click.echo(_("Not used by any version (nothing is wrong; --remove-unused deletes them):"))
        for unused in report.unused:
            click.echo(
                "  "
                + _(
                    "%(name)s (%(size)d bytes, %(hours).1f hours old)",
                    name=unused.name,
                    size=unused.size,
                    hours=unused.age / 3600,
                )
            )
    if report.ok:
        click.echo(_("Every version's file is there and intact."))
    else:
        click.echo(
            _(
                "Readers get a “not found” page for a missing file and a wrong file for a "
                "damaged one. Copy these files back from the backup of the documents folder "
                "made with the database, then check again."
            )
        )


def _reset_demo(yes: bool, force: bool) -> None:
    from flask import current_app

    from .demo import reset_demo
    from .extensions import db

    if current_app.config["ENV"] == "production" and not force:
        raise click.ClickException(
            _(
                "EVENTAPP_ENV=production: --reset would delete the real data. Add --force "
                "only if this really is a demonstration server."
            )
        )
    if not yes:
        click.confirm(
            _(
                "This deletes every row of every table in %(database)s (accounts, "
                "registrations, sign-ups, programme changes, the audit log), then loads the "
                "demo week. Continue?",
                database=db.engine.url.render_as_string(hide_password=True),
            ),
            abort=True,
        )
    deleted, created = reset_demo()
    click.echo(
        ngettext(
            "Database emptied (%(num)d row deleted); demo week loaded: %(summary)s.",
            "Database emptied (%(num)d rows deleted); demo week loaded: %(summary)s.",
            sum(deleted.values()),
            summary=", ".join(f"{name}: {count}" for name, count in created.items() if count),
        )
    )


def _write_private(path: str, content: str) -> None:
    """Write `content` readable by its owner only, replacing `path` only once complete."""
    import os

    temporary = f"{path}.partial"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as target:
        target.write(content)
    os.replace(temporary, path)
