from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _

from clair_portal.languages import STAFF_LANGUAGE_CHOICES


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """Only the notifications addressed to ``user``: the inbox never shows anyone else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def inbox(self, user):
        """``user``'s notifications, unread first, then newest first: one query per page."""
        unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
        return self.for_user(user).order_by(unread.desc(), "-created_at", "-pk")


class Notification(models.Model):
    """One event told to one person, in their language, in the inbox and by e-mail.

    The pair (user, event_key) is unique, so the same event cannot reach the same
    person twice however often it is reported.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event_key = models.CharField(
        _("event key"),
        max_length=200,
        help_text=_(
            "Names the event, e.g. job-42-finished; one notification per person and event."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=STAFF_LANGUAGE_CHOICES,
        help_text=_("The language the subject and text were written in."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    url = models.CharField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("A page of the portal this notification is about."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(
        _("e-mailed"),
        null=True,
        blank=True,
        help_text=_("When the e-mail was handed to the mail server; empty until then."),
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"], name="notification_once_per_user_and_event"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
        ]

    def __str__(self):
        return f"{self.subject} ({self.user})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class SendClaim(models.Model):
    """A message a worker has claimed and the mail server has not yet accepted.

    The row lives from the claim until the server accepts the message (the sent
    record's own column, e.g. ``emailed_at``, is then set and this row deleted) or
    refuses it (the row is deleted: released for the retry). A row older than
    ``SEND_CLAIM_TIMEOUT`` lost its worker; the sweep deletes it and queues its task
    again. Written only by ``clair_portal.notifications.sending``.
    """

    target = models.CharField(
        _("record type"), max_length=100, help_text=_("app_label.model of the record sent.")
    )
    object_id = models.BigIntegerField(_("record id"))
    column = models.CharField(
        _("sent-at field"), max_length=64, help_text=_("Set on the record once the server accepts.")
    )
    task = models.CharField(
        _("task"), max_length=200, help_text=_("The task that sends it again after a stale claim.")
    )
    args = models.JSONField(_("task arguments"), default=list, blank=True)
    claimed_at = models.DateTimeField(_("claimed"))

    class Meta:
        verbose_name = _("send claim")
        verbose_name_plural = _("send claims")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "object_id", "column"], name="send_claim_once_per_record"
            ),
        ]
        indexes = [models.Index(fields=["claimed_at"], name="send_claim_claimed_at")]

    def __str__(self):
        return f"{self.target} {self.object_id} {self.column} ({self.claimed_at:%Y-%m-%d %H:%M})"
