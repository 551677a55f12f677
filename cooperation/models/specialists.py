"""The specialist registry: serving and retired officials CLAIR can send abroad."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.languages import LANGUAGE_CHOICES

# A profile untouched for this long goes on HQ's worklist and its owner is reminded.
STALE_AFTER = timedelta(days=365)


class Field(models.Model):
    """One field of the taxonomy shared by specialists, requests, trainees and host offers."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class LanguageLevel(models.IntegerChoices):
    # Ordered, so that ranking can compare levels as numbers.
    BASIC = 1, _("basic")
    WORKING = 2, _("working")
    FLUENT = 3, _("fluent")
    NATIVE = 4, _("native")


class SpecialistQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_list(self):
        return self.select_related("home_government__prefecture")

    def with_unfinished_dispatches(self):
        """Specialists with a dispatch not yet finished, who cannot be deactivated."""
        from cooperation.models.dispatch import Dispatch

        return self.filter(dispatches__state__in=Dispatch.UNFINISHED).distinct()

    def with_completeness(self):
        """Annotate ``is_complete``: a home government, a field, a language and experience."""
        has_field = Exists(Specialist.fields.through.objects.filter(specialist=OuterRef("pk")))
        has_language = Exists(SpecialistLanguage.objects.filter(specialist=OuterRef("pk")))
        return self.annotate(has_field=has_field, has_language=has_language)

    def incomplete(self):
        return self.with_completeness().filter(
            Q(has_field=False)
            | Q(has_language=False)
            | Q(home_government__isnull=True)
            | Q(years_of_experience=0)
        )

    def stale(self, now=None):
        now = now or timezone.now()
        return self.filter(profile_updated_at__lt=now - STALE_AFTER)


class Specialist(models.Model):
    """A serving or retired local official in the dispatch registry."""

    class Status(models.TextChoices):
        SERVING = "serving", _("serving official")
        RETIRED = "retired", _("retired official")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="specialist",
        verbose_name=_("account"),
        help_text=_("The account the specialist signs in with to keep this profile current."),
    )
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SERVING
    )
    home_government = models.ForeignKey(
        "reference.LocalGovernment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="specialists",
        verbose_name=_("home local government"),
        help_text=_("The local government the specialist serves or served."),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    years_of_experience = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    fields = models.ManyToManyField(
        Field, blank=True, related_name="specialists", verbose_name=_("fields")
    )
    consent_to_contact = models.BooleanField(
        _("consents to be contacted"),
        default=False,
        help_text=_("Only specialists who consent are proposed for dispatch requests."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Deactivate a specialist instead of deleting them: past dispatches stay."),
    )
    profile_updated_at = models.DateTimeField(_("profile last updated"), default=timezone.now)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(
        _("demo record"), default=False, editable=False, help_text=_("Invented by the demo data.")
    )

    objects = SpecialistQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[fields])

    # Deactivated by services.deactivate_specialist (which checks for unfinished dispatches);
    # the profile's dates are the specialist's own saves and the reminders'.
    WORKFLOW_FIELDS = ("is_active", "profile_updated_at", "reminded_at")
    # Whether the person is a serving or a retired official: a fact, not a step.
    NOT_WORKFLOW_FIELDS = ("status",)

    class Meta:
        verbose_name = _("specialist")
        verbose_name_plural = _("specialists")
        ordering = ["full_name", "pk"]
        indexes = [models.Index(fields=["is_active", "consent_to_contact"])]

    def __str__(self):
        return self.full_name


class SpecialistLanguage(models.Model):
    specialist = models.ForeignKey(
        Specialist, on_delete=models.CASCADE, related_name="languages", verbose_name=_("specialist")
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    level = models.PositiveSmallIntegerField(_("level"), choices=LanguageLevel.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["-level", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["specialist", "language"], name="specialist_language_once"
            )
        ]
        indexes = [models.Index(fields=["language", "specialist"])]

    def __str__(self):
        return f"{self.get_language_display()} ({self.get_level_display()})"


class Availability(models.Model):
    """A window in which the specialist could go abroad."""

    specialist = models.ForeignKey(
        Specialist,
        on_delete=models.CASCADE,
        related_name="availability",
        verbose_name=_("specialist"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="availability_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["specialist", "starts_on", "ends_on"])]

    def __str__(self):
        return f"{self.starts_on} – {self.ends_on}"
