from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxQuerySet(models.QuerySet):
    def claimable(self, stale_before):
        """Rows no drain holds (or whose drain died before ``stale_before``), not failed."""
        return self.filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale_before), error="")


class OutboxMessage(models.Model):
    """A task the broker could not take when it was enqueued, waiting to be sent.

    ``clair_portal.outbox.services.drain`` sends it once the broker answers
    again and deletes it; a row that stays is either held by a running drain
    (``claimed_at``) or names a task this release no longer has (``error``).
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    created_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    claimed_at = models.DateTimeField(
        _("claimed at"),
        null=True,
        blank=True,
        help_text=_("When a drain took the row to send it; empty while it waits."),
    )
    claim = models.UUIDField(_("claim"), null=True, blank=True, editable=False)
    error = models.TextField(
        _("error"), blank=True, help_text=_("Why the row could not be sent, if it cannot.")
    )

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.task}{tuple(self.args)!r}"
