"""What a course application and a seminar application from abroad both record once someone
has applied: CLAIR's decision within the places (or the waiting list), then attendance and the
certificate. Abstract: each application adds who applied, who endorsed it and its states."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Selection(models.Model):
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("CLAIR's comment"), blank=True)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)

    # Attendance (HQ, after the course) and the certificate the batch job makes.
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attendance recorded by"),
    )
    certificate = models.FileField(
        _("certificate"), upload_to="training/certificates/%Y/", blank=True
    )
    certificate_made_at = models.DateTimeField(_("certificate made"), null=True, blank=True)

    class Meta:
        abstract = True
