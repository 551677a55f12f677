"""Reappointment: whether a participant stays another year (both sides must agree)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jet.models.placements import Placement

# --- Reappointment ------------------------------------------------------------------


class ReappointmentQuerySet(models.QuerySet):
    def of_organisation(self, organisation):
        """Reappointments of ``organisation``'s published placements (its officers' to answer)."""
        return self.filter(
            placement__organisation__organisation=organisation,
            placement__state=Placement.State.PUBLISHED,
        )

    def awaiting_organisation(self):
        """Still waiting for the organisation's answer, and still answerable (deadline not past)."""
        return self.filter(
            organisation_decision=Reappointment.Decision.PENDING,
            deadline__gte=timezone.localdate(),
        )

    def with_related(self):
        return self.select_related(
            "placement__participant", "placement__organisation", "organisation_decided_by"
        )


class Reappointment(models.Model):
    """Whether a participant stays another year: both they and their organisation must agree.

    Opened by ``services.open_reappointment``; answered through
    ``services.decide_reappointment`` (the participant) and, for the organisation,
    ``services.answer_for_organisation`` (its officer, on the portal) or
    ``services.record_organisation_decision`` (HQ, entering an answer given on
    paper); ``organisation_decision_source`` and ``organisation_decided_by`` say
    which and who. When
    both consent, the next year's draft placement is made for HQ to complete
    (``next_placement``); when either declines, the participant's current year
    is their last (``Participant.last_jet_year``) and no draft is made.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", _("not yet answered")
        CONSENTED = "consented", _("consented")
        DECLINED = "declined", _("declined")

    class Source(models.TextChoices):
        ORGANISATION = "organisation", _("answered by the organisation on the portal")
        HQ = "hq", _("entered by HQ on the organisation's behalf")

    placement = models.OneToOneField(
        Placement,
        on_delete=models.CASCADE,
        related_name="reappointment",
        verbose_name=_("current placement"),
    )
    deadline = models.DateField(_("deadline"))
    participant_decision = models.CharField(
        _("participant's decision"),
        max_length=10,
        choices=Decision.choices,
        default=Decision.PENDING,
    )
    participant_decided_at = models.DateTimeField(_("participant decided"), null=True, blank=True)
    organisation_decision = models.CharField(
        _("contracting organisation's decision"),
        max_length=10,
        choices=Decision.choices,
        default=Decision.PENDING,
    )
    organisation_decided_at = models.DateTimeField(
        _("contracting organisation decided"), null=True, blank=True
    )
    organisation_decision_source = models.CharField(
        _("organisation's answer given"),
        max_length=12,
        choices=Source.choices,
        blank=True,
        help_text=_("By the organisation's officer on the portal, or entered by HQ from paper."),
    )
    organisation_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation's answer recorded by"),
        help_text=_("The officer who answered, or the HQ staff member who entered the answer."),
    )
    next_placement = models.OneToOneField(
        Placement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reappointed_from",
        verbose_name=_("next year's placement"),
        help_text=_("The draft made when both sides consented, for HQ to complete and publish."),
    )

    objects = ReappointmentQuerySet.as_manager()
    history = HistoricalRecords()

    WORKFLOW_FIELDS = (
        "participant_decision",
        "participant_decided_at",
        "organisation_decision",
        "organisation_decided_at",
        "organisation_decision_source",
        "organisation_decided_by",
        "next_placement",
    )

    class Meta:
        verbose_name = _("reappointment")
        verbose_name_plural = _("reappointments")

    def __str__(self):
        return f"{self.placement} → {self.placement.jet_year + 1}"

    @property
    def is_open(self) -> bool:
        return timezone.localdate() <= self.deadline

    @property
    def agreed(self) -> bool:
        return (
            self.participant_decision == self.Decision.CONSENTED
            and self.organisation_decision == self.Decision.CONSENTED
        )

    @property
    def declined(self) -> bool:
        return self.Decision.DECLINED in (self.participant_decision, self.organisation_decision)
