"""Subsidies per fiscal year for study tours abroad and for attending JIAM courses.

A programme sets the eligible costs, the share of them CLAIR pays (the rate), the caps
per person and per organisation and the budget. An officer claims after the tour or
the course, with receipts and a short report; HQ approves, reduces with a reason or
declines, under the programme's budget lock (``clair_portal.budgets``), then records
the payments.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from clair_portal.organisations.models import Organisation
from clair_portal.security.uploads import UploadValidator


def fiscal_year_of(day) -> int:
    """The Japanese fiscal year (April–March) that ``day`` falls in."""
    return day.year if day.month >= 4 else day.year - 1


class SubsidyProgramme(models.Model):
    class Kind(models.TextChoices):
        STUDY_TOUR = "study_tour", _("study tours abroad")
        JIAM_COURSE = "jiam_course", _("attending JIAM courses")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    eligible_costs = models.TextField(
        _("eligible costs"), help_text=_("What the subsidy pays towards: fares, fees, lodging.")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        db_index=True,
        help_text=_("The year in which the fiscal year starts: 2026 for April 2026–March 2027."),
    )
    rate_percent = models.PositiveSmallIntegerField(
        _("subsidy rate (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    cap_per_person = models.PositiveBigIntegerField(_("cap per person (yen)"))
    cap_per_organisation = models.PositiveBigIntegerField(_("cap per organisation (yen)"))
    budget = models.PositiveBigIntegerField(_("budget (yen)"))
    opens_at = models.DateTimeField(_("claims open"))
    closes_at = models.DateTimeField(_("claims close"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    # Its history is registered in translation.py, after the translated fields exist.

    class Meta:
        verbose_name = _("subsidy programme")
        verbose_name_plural = _("subsidy programmes")
        ordering = ["-fiscal_year", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="training_subsidy_window_order"
            )
        ]

    def __str__(self):
        return f"FY{self.fiscal_year} {self.name}"

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    def committed(self, **filters) -> int:
        """What approved claims commit (sum it under the programme's lock)."""
        return (
            self.claims.filter(state__in=SubsidyClaim.COMMITTED, **filters).aggregate(
                total=Sum("approved_amount")
            )["total"]
            or 0
        )

    def entitlement(self, eligible_cost: int) -> int:
        """The most a claim of ``eligible_cost`` may receive: the rate, within the person's cap."""
        return min(eligible_cost * self.rate_percent // 100, self.cap_per_person)


class SubsidyClaimQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "programme",
            "claimant",
            "organisation__local_government__prefecture",
            "organisation__association__serves__prefecture",
            "organisation__area__prefecture",
        )


class SubsidyClaim(models.Model):
    """An officer's claim after a tour or course, with receipts and a short report."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for CLAIR")
        APPROVED = "approved", _("approved")
        REDUCED = "reduced", _("approved at a reduced amount")
        DECLINED = "declined", pgettext_lazy("subsidy", "declined")

    COMMITTED = (State.APPROVED, State.REDUCED)

    programme = models.ForeignKey(
        SubsidyProgramme,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=pgettext_lazy("subsidy", "programme"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="subsidy_claims",
        verbose_name=_("organisation"),
    )
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="subsidy_claims",
        verbose_name=_("claimant"),
    )
    title = models.CharField(
        _("tour or course"), max_length=200, help_text=_("Where you went, or the course you took.")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    eligible_cost = models.PositiveBigIntegerField(_("eligible costs (yen)"))
    requested_amount = models.PositiveBigIntegerField(_("requested (yen)"))
    report = models.TextField(_("report"), help_text=_("What you learnt, and how it will be used."))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUBMITTED, db_index=True
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)
    approved_amount = models.PositiveBigIntegerField(_("approved (yen)"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    history = HistoricalRecords()
    objects = SubsidyClaimQuerySet.as_manager()

    # Written by the services only (training.subsidies): the claim as submitted, and
    # HQ's decision under the programme's budget lock.
    WORKFLOW_FIELDS = (
        "programme",
        "organisation",
        "claimant",
        "requested_amount",
        "approved_amount",
        "decided_by",
        "decided_at",
        "reason",
    )

    class Meta:
        verbose_name = _("subsidy claim")
        verbose_name_plural = _("subsidy claims")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="training_claim_dates_order"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.claimant})"

    def paid(self) -> int:
        return self.payments.aggregate(total=Sum("amount"))["total"] or 0


class Receipt(models.Model):
    """A receipt attached to a claim; it goes out only through a view that checked who asks."""

    claim = models.ForeignKey(
        SubsidyClaim,
        on_delete=models.CASCADE,
        related_name="receipts",
        verbose_name=pgettext_lazy("subsidy", "claim"),
    )
    file = models.FileField(
        _("file"), upload_to="training/receipts/%Y/", validators=[UploadValidator()]
    )
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["claim", "pk"]

    def __str__(self):
        return self.name


class SubsidyPayment(models.Model):
    """A payment of an approved claim; the payments never add up to more than approved."""

    claim = models.ForeignKey(
        SubsidyClaim,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=pgettext_lazy("subsidy", "claim"),
    )
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subsidy payment")
        verbose_name_plural = _("subsidy payments")
        ordering = ["claim", "paid_on", "pk"]

    def __str__(self):
        return f"¥{self.amount:,} ({self.paid_on})"
