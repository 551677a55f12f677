from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _


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
        choices=settings.LANGUAGES,
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
