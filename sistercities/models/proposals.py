"""Corrections a local government proposes to its own affiliations, for HQ to accept."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from clair_portal.decisions import Decided
from clair_portal.organisations.models import Organisation
from reference.models import LocalGovernment
from sistercities.models.affiliations import Affiliation, Field


class AffiliationProposalQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "organisation", "local_government", "affiliation__partner", "proposed_by"
        )

    def pending(self):
        return self.filter(state=AffiliationProposal.State.PENDING)


class AffiliationProposal(Decided):
    """A change to an affiliation (its status, end, fields, activities), or a new one.

    Proposed by an officer of the Japanese local government on its home page;
    nothing changes until HQ accepts it on the moderation list
    (``sistercities.proposals``), which writes the affiliation with its history.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for HQ")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="affiliation_proposals",
        verbose_name=_("organisation"),
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Japanese local government"),
    )
    affiliation = models.ForeignKey(
        Affiliation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("affiliation"),
        help_text=_("Empty when a new affiliation is proposed."),
    )
    status = models.CharField(
        _("proposed status"), max_length=12, choices=Affiliation.Status.choices
    )
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    fields = ArrayField(
        models.CharField(max_length=16, choices=Field.choices),
        verbose_name=_("fields of exchange"),
        default=list,
        blank=True,
    )
    activities = models.TextField(_("recent activities"), blank=True)
    partner_country = CountryField(_("partner's country"), blank=True)
    partner_region = models.CharField(_("partner's region"), max_length=100, blank=True)
    partner_name = models.CharField(_("partner's name"), max_length=200, blank=True)
    established_year = models.PositiveSmallIntegerField(
        _("year established"), null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    result = models.ForeignKey(
        Affiliation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("affiliation written"),
    )

    history = HistoricalRecords()
    objects = AffiliationProposalQuerySet.as_manager()

    # Proposed and decided through sistercities.proposals only.
    WORKFLOW_FIELDS = (*Decided.DECISION_FIELDS, "result")

    class Meta:
        verbose_name = _("affiliation correction")
        verbose_name_plural = _("affiliation corrections")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="ended", ended_on__isnull=False) | ~Q(status="ended"),
                name="proposal_ended_has_end_date",
            ),
            models.CheckConstraint(
                condition=Q(affiliation__isnull=False)
                | Q(established_year__isnull=False, partner_country__gt="", partner_name__gt=""),
                name="proposal_new_affiliation_names_its_partner",
            ),
        ]

    def __str__(self):
        return f"{self.local_government}: {self.affiliation or self.partner_name}"

    @property
    def is_new(self) -> bool:
        return self.affiliation_id is None

    def field_labels(self) -> list[str]:
        labels = dict(Field.choices)
        return [str(labels.get(f, f)) for f in self.fields]
