"""The multilingual living-information library: topics, languages, documents, versions."""

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clair_portal.names import LocalisedName, NamedInEveryLanguage
from clair_portal.security.uploads import UploadValidator


class LivingTopic(NamedInEveryLanguage, models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("living-information topic")
        verbose_name_plural = _("living-information topics")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class LibraryLanguage(NamedInEveryLanguage, models.Model):
    """A language the library publishes in; CLAIR adds more over time."""

    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("A language tag, e.g. 'pt' or 'ja-easy' for easy Japanese."),
    )
    html_lang = models.CharField(
        _("HTML language tag"), max_length=20, help_text=_("e.g. 'ja' for easy Japanese.")
    )
    name = models.CharField(_("name"), max_length=80)
    native_name = models.CharField(_("name in the language itself"), max_length=80)
    is_source = models.BooleanField(
        _("source language"),
        default=False,
        help_text=_("The language every other version is translated from (Japanese)."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("library language")
        verbose_name_plural = _("library languages")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_source"], condition=Q(is_source=True), name="library_one_source"
            )
        ]

    def __str__(self):
        return self.name


class LivingTopicName(LocalisedName):
    owner = models.ForeignKey(
        LivingTopic, on_delete=models.CASCADE, related_name="names", verbose_name=_("topic")
    )


class LibraryLanguageName(LocalisedName):
    owner = models.ForeignKey(
        LibraryLanguage, on_delete=models.CASCADE, related_name="names", verbose_name=_("language")
    )


class LivingDocument(models.Model):
    """One piece of living information, published in several languages as versions."""

    topic = models.ForeignKey(
        LivingTopic, on_delete=models.PROTECT, related_name="documents", verbose_name=_("topic")
    )
    title = models.CharField(pgettext_lazy("library", "title"), max_length=200)
    is_demo = models.BooleanField(_("demo text"), default=False)
    source_updated_on = models.DateField(
        _("Japanese source last changed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Kept by the portal from the current Japanese version."),
    )

    WORKFLOW_FIELDS = ("source_updated_on",)  # services.refresh_currency

    class Meta:
        verbose_name = _("living-information document")
        verbose_name_plural = _("living-information documents")
        ordering = ["topic__sort_order", "title"]

    def __str__(self):
        return self.title


class DocumentVersionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def stale(self):
        """Versions dated before the current Japanese source (never the source itself)."""
        return self.filter(
            language__is_source=False,
            document__source_updated_on__isnull=False,
            published_on__lt=F("document__source_updated_on"),
        )

    def with_related(self):
        return self.select_related("document__topic", "language")


def version_path(instance, filename):
    return f"multicultural/library/{instance.document_id}/{instance.language_id}/{filename}"


class DocumentVersion(models.Model):
    """A document in one language as of one date: its own text, its own file, or both."""

    document = models.ForeignKey(
        LivingDocument,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("document"),
    )
    language = models.ForeignKey(
        LibraryLanguage,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("language"),
    )
    title = models.CharField(_("title in this language"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to=version_path,
        blank=True,
        validators=[UploadValidator()],
        max_length=300,
    )
    published_on = models.DateField(_("date"), default=date.today)
    is_current = models.BooleanField(_("current version"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DocumentVersionQuerySet.as_manager()

    WORKFLOW_FIELDS = ("is_current",)  # services.refresh_currency

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "language__sort_order", "-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"],
                condition=Q(is_current=True),
                name="library_one_current_version_per_language",
            ),
            models.CheckConstraint(
                condition=~Q(body="") | ~Q(file=""), name="library_version_has_text_or_file"
            ),
        ]

    def __str__(self):
        return f"{self.document} [{self.language.code}] {self.published_on}"

    @property
    def is_stale(self) -> bool:
        source = self.document.source_updated_on
        return bool(not self.language.is_source and source and self.published_on < source)
