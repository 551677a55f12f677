"""Something one person asks for and another decides: who decided, when, and why not.

Account requests, corrections to affiliations and revisions of partner-seeking
requests are each accepted (or approved) or declined by HQ or a moderator, and
the person who asked reads the reason. The three record the decision the same
way, through ``Decided``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Decided(models.Model):
    """Abstract: the decision on what was asked, kept with its author and reason.

    A model deriving from it has a ``state`` field; its services call
    ``decide`` under the row's lock and save the row.
    """

    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    # Written by ``decide`` only: read-only in the admin (clair_portal.workflow).
    DECISION_FIELDS = ("decided_at", "decided_by", "decline_reason")

    class Meta:
        abstract = True

    def decide(self, by, state: str, *, reason: str = "") -> None:
        """Record ``state`` as decided by ``by`` now, with the reason for declining (not saved)."""
        self.state = state
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decline_reason = reason.strip()
