"""Telling people what happened: one inbox entry and one e-mail per person and event."""

from itertools import groupby
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.shortcuts import get_object_or_404
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise

from clair_portal.notifications import sending
from clair_portal.notifications.models import Notification
from clair_portal.notifications.sending import absolute_url
from clair_portal.outbox.services import enqueue

SUBJECT_MAX_LENGTH = Notification._meta.get_field("subject").max_length

Text = str | Promise


def notify(
    user, *, event_key: str, subject: Text, body: Text, url: Text | None = None
) -> Notification:
    """Tell ``user`` about an event, in their inbox and by e-mail, in their language.

    Preconditions and guarantees:

    - ``subject``, ``body`` and ``url`` are plain strings or lazy ones
      (``gettext_lazy``, ``format_lazy(...)`` for values, ``reverse_lazy`` for a
      page). They are turned into text inside ``translation.override(user.language)``,
      so lazy ones come out in the recipient's language and a reversed URL carries
      the recipient's language prefix. A string already translated in another
      language stays as it is.
    - ``event_key`` names the event (e.g. ``job-42-finished``). A second call with
      the same user and key changes nothing and sends nothing: the first
      notification is returned. The unique constraint makes this hold between
      concurrent callers too.
    - May be called inside a transaction: the inbox entry is part of it (gone if it
      rolls back) and the e-mail is queued only once it commits.
    - A user without an e-mail address, or an inactive one, gets the inbox entry only.
    """
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        rendered = {
            "language": language,
            "subject": _one_line(str(subject))[:SUBJECT_MAX_LENGTH],
            "body": str(body),
            "url": str(url or ""),
        }
    with transaction.atomic():
        # get_or_create retries the SELECT when a concurrent caller's INSERT wins
        # the unique constraint, so both callers get the same row.
        notification, created = Notification.objects.get_or_create(
            user=user, event_key=event_key, defaults=rendered
        )
        if created and user.is_active and user.email:
            from clair_portal.notifications.tasks import send_notification_email

            enqueue(send_notification_email, notification.pk)
    return notification


class Message(NamedTuple):
    """One event for one person, as ``notify()`` takes it."""

    user: object
    event_key: str
    subject: Text
    body: Text
    url: Text | None = None


def notify_many(messages) -> list[int]:
    """``notify()`` for many people at once: the same guarantees, a few queries in all.

    Each message is rendered in its recipient's language (one
    ``translation.override`` per language), all inbox entries are written with
    one INSERT, and a message whose (user, event key) already has a
    notification changes nothing and sends nothing, between concurrent callers
    too (``ON CONFLICT DO NOTHING`` on the unique constraint). The e-mails of the
    entries created now are sent after commit by one task, over one connection.
    Returns the ids of the notifications created now.
    """
    messages = sorted(messages, key=_language_of)
    if not messages:
        return []
    columns = {"user_id": [], "event_key": [], "language": [], "subject": [], "body": [], "url": []}
    for language, group in groupby(messages, key=_language_of):
        with translation.override(language):
            for message in group:
                columns["user_id"].append(message.user.pk)
                columns["event_key"].append(message.event_key)
                columns["language"].append(language)
                columns["subject"].append(_one_line(str(message.subject))[:SUBJECT_MAX_LENGTH])
                columns["body"].append(str(message.body))
                columns["url"].append(str(message.url or ""))
    table = Notification._meta.db_table
    sql = (
        f"INSERT INTO {table} (user_id, event_key, language, subject, body, url, created_at) "
        "SELECT *, now() FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], "
        "%s::text[], %s::text[]) ON CONFLICT (user_id, event_key) DO NOTHING RETURNING id, user_id"
    )
    users = {m.user.pk: m.user for m in messages}
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, list(columns.values()))
            created = cursor.fetchall()
        emails = [
            pk for pk, user_id in created if users[user_id].is_active and users[user_id].email
        ]
        if emails:
            from clair_portal.notifications.tasks import send_notification_emails

            enqueue(send_notification_emails, emails)
    return [pk for pk, _user_id in created]


def _language_of(message: Message) -> str:
    return message.user.language or settings.LANGUAGE_CODE


def _one_line(text: str) -> str:
    # A line break in a subject would let the text add mail headers.
    return " ".join(text.split())


def send_email(notification_id: int) -> bool:
    """Send the e-mail of one notification, at most once; returns whether it was sent now."""
    return send_emails([notification_id]) == 1


def send_emails(notification_ids) -> int:
    """Send the e-mails of these notifications over one connection, each at most once.

    Through ``sending.send_once`` on ``emailed_at``: a task run twice, or by two
    workers at once, sends each e-mail once; ``emailed_at`` is set only once the
    mail server accepted the e-mail; a refusal releases the e-mails not yet handed
    over and re-raises for the task to retry; a worker killed before the server
    answered leaves a claim the sweep releases and sends again. The inbox entries
    stay whatever happens. Returns how many were sent now.
    """
    template = get_template("notifications/email/notification.txt")
    inbox = {}  # the inbox's address in each language, reversed once per call

    def compose(notification: Notification) -> EmailMessage:
        with translation.override(notification.language):
            if notification.language not in inbox:
                inbox[notification.language] = absolute_url(reverse("notifications:inbox"))
            text = template.render(
                {
                    "notification": notification,
                    "link": absolute_url(notification.url),
                    "inbox": inbox[notification.language],
                }
            )
        return EmailMessage(subject=notification.subject, body=text, to=[notification.user.email])

    return sending.send_once(
        Notification.objects.filter(pk__in=list(notification_ids)).select_related("user"),
        "emailed_at",
        compose,
        task="clair_portal.notifications.tasks.send_notification_email",
    )


def mark_read(user, notification_id: int) -> Notification:
    """Mark one of ``user``'s notifications read; someone else's answers 404 like a missing one."""
    notification = get_notification_for_user(user, notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user) -> int:
    """Mark every unread notification of ``user`` read; returns how many changed."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def get_notification_for_user(user, notification_id: int) -> Notification:
    """The notification if it is addressed to ``user``, else 404."""
    return get_object_or_404(Notification.objects.for_user(user), pk=notification_id)
