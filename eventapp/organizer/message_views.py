"""The Messages pages: every mail in the outbox with its status, one mail with its body
(audited), a failed mail sent again, and messages to a group written, previewed, sent
and kept."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..extensions import db
from ..messages import queries as messages
from ..messages import services
from ..models import GroupMessage, OutboxMail
from . import bp
from .forms import ConfirmForm
from .loading import event_or_404
from .message_forms import LANGUAGE_NAMES, GroupMessageForm, MailFilterForm


@bp.get("/messages")
def messages_page():
    """Every mail, newest first, 50 a page, filtered by ?status=, ?kind= and ?q=."""
    form = MailFilterForm(request.args).show(messages.mail_kinds())
    page = min(max(request.args.get("page", 1, type=int), 1), messages.LAST_PAGE)
    mails = messages.mails(form.filters(), page)
    return render_template(
        "organizer/messages/list.html",
        form=form,
        mails=mails,
        names=messages.recipient_names(mails.items),
        counts=messages.status_counts(),
        filters={name: request.args.get(name) or None for name in ("status", "kind", "q")},
    )


@bp.get("/messages/<int:mail_id>")
def mail_detail(mail_id):
    """One mail with its body; opening it is written in the audit log."""
    mail = db.get_or_404(OutboxMail, mail_id)
    services.open_mail(mail, by=current_user)
    return render_template(
        "organizer/messages/mail.html",
        mail=mail,
        group_message=messages.group_message_of(mail),
        form=ConfirmForm(),
    )


@bp.route("/messages/<int:mail_id>/resend", methods=["GET", "POST"])
def resend_mail(mail_id):
    """Confirm (GET), then put the failed mail back in the queue (POST)."""
    mail = db.get_or_404(OutboxMail, mail_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("organizer/messages/resend.html", mail=mail, form=form)
    try:
        services.resend_mail(mail, by=current_user)
    except services.NotFailed:
        flash(
            _(
                "Only a failed mail can be sent again: this one is %(status)s.",
                status=mail.status.label,
            ),
            "error",
        )
    else:
        flash(_("The mail is queued again and will be sent in a moment."), "success")
    return redirect(url_for("organizer.mail_detail", mail_id=mail.id))


@bp.get("/messages/groups")
def group_messages():
    """The messages sent to groups, newest first."""
    return render_template(
        "organizer/messages/groups.html", group_messages=messages.group_messages(event_or_404())
    )


@bp.route("/messages/new", methods=["GET", "POST"])
def new_message():
    """Write (GET), preview with the count and the list (POST), send (POST with ?send)."""
    event = event_or_404()
    form = GroupMessageForm(event=event)
    if not form.validate_on_submit() or "edit" in request.form:
        return render_template("organizer/messages/new.html", form=form, names=LANGUAGE_NAMES)
    people = messages.recipients(event, form.audience_choice())
    if not people:
        form.audience.errors = [_("Nobody is in this group: choose other recipients.")]
        return render_template("organizer/messages/new.html", form=form, names=LANGUAGE_NAMES)
    if "send" not in request.form:
        return render_template(
            "organizer/messages/preview.html", form=form, recipients=people, names=LANGUAGE_NAMES
        )
    message = services.send_group_message(
        event, form.text(), people, form.description(), by=current_user
    )
    count = message.recipient_count
    flash(
        ngettext("Message queued for %(num)d person.", "Message queued for %(num)d people.", count),
        "success",
    )
    return redirect(url_for("organizer.group_message", message_id=message.id))


@bp.get("/messages/groups/<int:message_id>")
def group_message(message_id):
    """One message to a group: its text, who sent it, its recipients and their mails."""
    message = db.get_or_404(GroupMessage, message_id)
    if message.event_id != event_or_404().id:
        abort(404)
    return render_template(
        "organizer/messages/group.html",
        message=message,
        recipients=messages.message_recipients(message),
        names=LANGUAGE_NAMES,
    )


@bp.app_template_filter("audience_text")
def audience_text(audience: dict) -> str:
    """Who a group message was for, its kind in the reader's language (the detail after
    the kind, a day or functions, as it was written when the message was sent)."""
    from .message_forms import AUDIENCE_LABELS

    stored = audience.get("description", "")
    label = AUDIENCE_LABELS.get(audience.get("kind", ""))
    if label is None:
        return stored
    _kind, colon, detail = stored.partition(": ")
    return f"{label}{colon}{detail}"
