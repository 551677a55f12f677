"""Telling people what happened: one inbox entry and one e-mail per person and event."""

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise

from clair_portal.notifications.models import Notification

logger = logging.getLogger(__name__)

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

            transaction.on_commit(lambda: send_notification_email.delay(notification.pk))
    return notification


def _one_line(text: str) -> str:
    # A line break in a subject would let the text add mail headers.
    return " ".join(text.split())


def absolute_url(path: str) -> str:
    """The portal address for an e-mail link; a relative path when PORTAL_URL is not set."""
    base = getattr(settings, "PORTAL_URL", "")
    return urljoin(base, path) if base and path else path


def send_email(notification_id: int) -> bool:
    """Send the e-mail of one notification, at most once; returns whether it was sent now.

    The notification is claimed with a conditional UPDATE (``emailed_at`` still
    empty), so a task run twice, or by two workers at once, sends one e-mail. If
    the mail server refuses, the claim is released and the error re-raised for
    the caller to retry. A worker killed between the claim and the hand-over loses
    that one e-mail rather than risking sending it twice; the inbox entry stays.
    """
    claimed_at = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=claimed_at
    )
    if not claimed:
        logger.info("notification %s: e-mail already sent or claimed", notification_id)
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    with translation.override(notification.language):
        text = render_to_string(
            "notifications/email/notification.txt",
            {
                "notification": notification,
                "link": absolute_url(notification.url),
                "inbox": absolute_url(reverse("notifications:inbox")),
            },
        )
    message = EmailMessage(subject=notification.subject, body=text, to=[notification.user.email])
    try:
        message.send()
    except Exception:
        Notification.objects.filter(pk=notification_id, emailed_at=claimed_at).update(
            emailed_at=None
        )
        raise
    return True


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
