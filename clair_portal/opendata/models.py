from django.db import models
from django.utils.translation import gettext_lazy as _


class DatasetState(models.Model):
    """When a public dataset last changed, as the portal saw it (its Last-Modified)."""

    slug = models.SlugField(_("dataset"), max_length=60, unique=True)
    changed_at = models.DateTimeField(_("last changed"))
    # Row counts and versions of its tables when the beat last looked (services.fingerprint).
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("dataset state")
        verbose_name_plural = _("dataset states")

    def __str__(self):
        return self.slug


class DatasetFileQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_at__isnull=True)


class DatasetFile(models.Model):
    """One complete file of a public dataset (CSV or JSON), as the beat task wrote it."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"

    slug = models.SlugField(_("dataset"), max_length=60)
    fmt = models.CharField(_("format"), max_length=4, choices=Format.choices)
    name = models.CharField(_("file name"), max_length=120, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    size = models.PositiveBigIntegerField(_("size in bytes"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    built_at = models.DateTimeField(_("built"))
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)

    objects = DatasetFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("dataset file")
        verbose_name_plural = _("dataset files")
        ordering = ["slug", "fmt", "-built_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "fmt"],
                condition=models.Q(superseded_at__isnull=True),
                name="opendata_one_current_file",
            )
        ]

    def __str__(self):
        return self.name
