"""Excellent exchange projects: case studies of what an affiliation did."""

import uuid
from pathlib import PurePath

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from clair_portal.security.uploads import UploadValidator
from sistercities.models.affiliations import Field

IMAGE_TYPES = ("image/png", "image/jpeg")


class ExchangeProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def public(self):
        """With the affiliation's partner and Japanese parties: three queries in all."""
        from reference.models import LocalGovernment

        japanese = LocalGovernment.objects.select_related("prefecture").order_by("code")
        return (
            self.published()
            .select_related("affiliation__partner")
            .prefetch_related(Prefetch("affiliation__japanese", queryset=japanese))
        )


class ExchangeProject(models.Model):
    affiliation = models.ForeignKey(
        "sistercities.Affiliation",
        on_delete=models.CASCADE,
        related_name="projects",
        verbose_name=_("affiliation"),
    )
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    fields = ArrayField(
        models.CharField(max_length=16, choices=Field.choices),
        verbose_name=_("fields of exchange"),
        default=list,
        blank=True,
    )
    summary = models.TextField(_("summary"))
    is_published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ExchangeProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("excellent exchange project")
        verbose_name_plural = _("excellent exchange projects")
        ordering = ["-year", "-id"]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def field_labels(self) -> list[str]:
        labels = dict(Field.choices)
        return [str(labels.get(f, f)) for f in self.fields]


def project_image_path(instance, filename):
    return f"exchange-projects/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ProjectImage(models.Model):
    project = models.ForeignKey(
        ExchangeProject, on_delete=models.CASCADE, related_name="images", verbose_name=_("project")
    )
    file = models.FileField(
        _("image"),
        upload_to=project_image_path,
        max_length=200,
        validators=[UploadValidator(allowed_types=IMAGE_TYPES)],
    )
    content_type = models.CharField(_("type"), max_length=40, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=200)

    class Meta:
        verbose_name = _("image of a project")
        verbose_name_plural = _("images of projects")
        ordering = ["id"]

    def __str__(self):
        return self.caption
