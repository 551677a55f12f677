"""The Local Government Officials Training Program (LGOTP): programmes, trainees, hosts."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cooperation.languages import LANGUAGE_CHOICES


def fiscal_year_of(day: datetime.date) -> int:
    """Japanese fiscal years start on 1 April: 2026-03-31 is in FY2025."""
    return day.year if day.month >= 4 else day.year - 1


class ProgrammeQuerySet(models.QuerySet):
    def survey_open(self, today=None):
        """Programmes whose demand survey takes local governments' answers today."""
        today = today or timezone.localdate()
        return self.filter(survey_opens_on__lte=today, survey_closes_on__gte=today)


class Programme(models.Model):
    """One fiscal year's LGOTP intake (April to March)."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        unique=True,
        help_text=_("The year the fiscal year starts in: 2026 runs from April 2026 to March 2027."),
    )
    notes = models.TextField(_("notes"), blank=True)
    survey_opens_on = models.DateField(
        _("demand survey opens on"),
        null=True,
        blank=True,
        help_text=_(
            "From this day, officers of local governments offer host places themselves on the "
            "portal. Leave empty while the survey is not open to them."
        ),
    )
    survey_closes_on = models.DateField(
        _("demand survey closes on"),
        null=True,
        blank=True,
        help_text=_("The last day local governments can offer or change host places."),
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("LGOTP programme")
        verbose_name_plural = _("LGOTP programmes")
        ordering = ["-fiscal_year"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(survey_opens_on__isnull=True, survey_closes_on__isnull=True)
                    | Q(survey_closes_on__gte=models.F("survey_opens_on"))
                ),
                name="programme_survey_window",
            )
        ]

    def __str__(self):
        return _("LGOTP FY%(year)s") % {"year": self.fiscal_year}

    def clean(self):
        super().clean()
        if (self.survey_opens_on is None) != (self.survey_closes_on is None):
            raise ValidationError(
                _("Give both the day the demand survey opens and the day it closes, or neither."),
                code="survey_window",
            )
        if self.survey_opens_on and self.survey_closes_on < self.survey_opens_on:
            raise ValidationError(
                {"survey_closes_on": _("The survey cannot close before it opens.")},
                code="survey_window",
            )

    @property
    def survey_is_open(self) -> bool:
        if self.survey_opens_on is None:
            return False
        return self.survey_opens_on <= timezone.localdate() <= self.survey_closes_on

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.fiscal_year, 4, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.fiscal_year + 1, 3, 31)


class HostOfferQuerySet(models.QuerySet):
    def for_list(self):
        """With the host, its prefecture and the field, and ``taken``: the trainees assigned."""
        taken = (
            HostAssignment.objects.filter(
                trainee__programme_id=models.OuterRef("programme_id"),
                host_government_id=models.OuterRef("local_government_id"),
                field_id=models.OuterRef("field_id"),
            )
            .order_by()
            .values("field_id")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.select_related(
            "programme", "local_government__prefecture", "field", "entered_by"
        ).annotate(taken=Coalesce(models.Subquery(taken), 0))


class HostOffer(models.Model):
    """A demand-survey answer: a Japanese local government can host so many trainees in a field.

    Given by the local government's officer on the portal within the survey's window
    (``services.answer_demand_survey``) or entered by HQ from an answer on paper
    (``services.save_offer``); ``source`` and ``entered_by`` say which and who.
    """

    class Source(models.TextChoices):
        ORGANISATION = "organisation", _("answered by the local government on the portal")
        HQ = "hq", _("entered by HQ")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="offers", verbose_name=_("programme")
    )
    local_government = models.ForeignKey(
        "reference.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="lgotp_offers",
        verbose_name=_("host local government"),
    )
    field = models.ForeignKey(
        "cooperation.Field", on_delete=models.PROTECT, related_name="+", verbose_name=_("field")
    )
    capacity = models.PositiveSmallIntegerField(_("trainees it can host"))
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(
        _("answer given"),
        max_length=12,
        choices=Source.choices,
        blank=True,
        help_text=_("By the local government's officer on the portal, or entered by HQ."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last entered by"),
    )
    entered_at = models.DateTimeField(_("last entered"), null=True, blank=True)

    objects = HostOfferQuerySet.as_manager()

    # Written by the two doors that save an offer, never typed.
    WORKFLOW_FIELDS = ("source", "entered_by", "entered_at")

    class Meta:
        verbose_name = _("host offer")
        verbose_name_plural = _("host offers (demand survey)")
        ordering = ["programme", "local_government", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "local_government", "field"], name="host_offer_once"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="host_offer_capacity"),
        ]

    def __str__(self):
        return f"{self.local_government} / {self.field} ({self.capacity})"


class TraineeQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("programme", "field", "assignment__host_government__prefecture")


class Trainee(models.Model):
    """An official from abroad in one year's LGOTP. Passport data lives in TravelDocument."""

    class Selection(models.TextChoices):
        NOMINATED = "nominated", _("nominated")
        SELECTED = "selected", _("selected")
        NOT_SELECTED = "not_selected", _("not selected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        COMPLETED = "completed", _("completed the programme")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="trainees", verbose_name=_("programme")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    country = CountryField(_("country"), db_index=True)
    home_organisation = models.CharField(_("home organisation"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    field = models.ForeignKey(
        "cooperation.Field",
        on_delete=models.PROTECT,
        related_name="trainees",
        verbose_name=_("field"),
    )
    languages = ArrayField(
        models.CharField(max_length=8, choices=LANGUAGE_CHOICES),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    selection = models.CharField(
        _("selection"),
        max_length=12,
        choices=Selection.choices,
        default=Selection.NOMINATED,
        db_index=True,
    )
    final_report = models.TextField(_("final report"), blank=True)
    final_report_received_on = models.DateField(
        _("final report received on"), null=True, blank=True
    )
    is_demo = models.BooleanField(
        _("demo record"), default=False, editable=False, help_text=_("Invented by the demo data.")
    )

    objects = TraineeQuerySet.as_manager()
    history = HistoricalRecords()

    # Moved on the trainee's page by services.set_selection and record_final_report.
    WORKFLOW_FIELDS = ("selection", "final_report", "final_report_received_on")

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["full_name", "pk"]
        permissions = [
            ("view_passport", _("Can see trainees' passport and visa details")),
        ]

    def __str__(self):
        return self.full_name


class TravelDocument(models.Model):
    """A trainee's passport and visa: only holders of ``cooperation.view_passport`` see it.

    Kept apart from Trainee so that the trainee's admin pages, search and
    history never carry these fields to other HQ staff.
    """

    trainee = models.OneToOneField(
        Trainee, on_delete=models.CASCADE, related_name="travel_document", verbose_name=_("trainee")
    )
    passport_number = models.CharField(_("passport number"), max_length=20)
    passport_country = CountryField(_("passport issued by"))
    passport_expires_on = models.DateField(_("passport expires on"))
    visa_number = models.CharField(_("visa number"), max_length=30, blank=True)
    visa_expires_on = models.DateField(_("visa expires on"), null=True, blank=True)

    history = HistoricalRecords()

    # Recorded by services.save_travel_document, which checks the passport is valid
    # for the whole programme and no visa outlasts it.
    WORKFLOW_FIELDS = (
        "passport_number",
        "passport_country",
        "passport_expires_on",
        "visa_number",
        "visa_expires_on",
    )

    class Meta:
        verbose_name = _("passport and visa")
        verbose_name_plural = _("passports and visas")

    def __str__(self):
        return str(self._meta.verbose_name)


class HostAssignment(models.Model):
    """Where a trainee spends the host phase, in which field, from when to when."""

    trainee = models.OneToOneField(
        Trainee, on_delete=models.CASCADE, related_name="assignment", verbose_name=_("trainee")
    )
    host_government = models.ForeignKey(
        "reference.LocalGovernment",
        on_delete=models.PROTECT,
        related_name="lgotp_assignments",
        verbose_name=_("host local government"),
    )
    field = models.ForeignKey(
        "cooperation.Field", on_delete=models.PROTECT, related_name="+", verbose_name=_("field")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("host assignment")
        verbose_name_plural = _("host assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="assignment_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.trainee} → {self.host_government}"


class TraineePhase(models.Model):
    """One phase of a trainee's timeline."""

    class Kind(models.TextChoices):
        ORIENTATION = "orientation", _("orientation in Tokyo")
        LANGUAGE = "language", _("language study in central Japan")
        HOST = "host", _("training at the host local government")

    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="phases", verbose_name=_("trainee")
    )
    kind = models.CharField(_("phase"), max_length=12, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["trainee", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "kind"], name="trainee_phase_once"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.starts_on} – {self.ends_on}"


class ChecklistItem(models.Model):
    """A logistics task for one trainee, with a due date HQ is reminded of."""

    class Kind(models.TextChoices):
        VISA = "visa", _("visa application")
        FLIGHTS = "flights", _("flights")
        INSURANCE = "insurance", _("insurance")
        ACCOMMODATION = "accommodation", _("accommodation")

    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="checklist", verbose_name=_("trainee")
    )
    kind = models.CharField(_("task"), max_length=16, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    WORKFLOW_FIELDS = ("reminded_at",)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["due_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "kind"], name="checklist_item_once")
        ]
        indexes = [models.Index(fields=["done_on", "reminded_at", "due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.due_on})"
