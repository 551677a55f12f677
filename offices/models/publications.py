"""CLAIR's publications and research, published by HQ: the public library of the portal.

A publication is a draft until HQ publishes it (``offices.services.publications``);
only published ones are shown to the public, with their files, which go out through
a view (never a media URL). One may be made from an accepted office report, naming
the office; it is never made automatically.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from clair_portal.security.uploads import UploadValidator, sanitise_filename, sniff
from offices.models.office import Office
from offices.models.reports import Report


class Topic(models.TextChoices):
    """What a publication is about, in the words the booklet uses for CLAIR's work."""

    GOVERNANCE = "governance", pgettext_lazy("publication topic", "local governance and finance")
    REGIONAL = "regional", pgettext_lazy("publication topic", "regional development")
    INTERNATIONALISATION = (
        "internationalisation",
        pgettext_lazy("publication topic", "internationalisation"),
    )
    SISTER_CITIES = "sister_cities", pgettext_lazy("publication topic", "sister-city exchange")
    COOPERATION = "cooperation", pgettext_lazy("publication topic", "international cooperation")
    ECONOMY = "economy", pgettext_lazy("publication topic", "economic exchange")
    MULTICULTURAL = "multicultural", pgettext_lazy("publication topic", "multicultural society")
    JET = "jet", pgettext_lazy("publication topic", "JET Programme")


class Language(models.TextChoices):
    """The languages CLAIR publishes in (those of its multilingual information among them)."""

    JAPANESE = "ja", pgettext_lazy("publication language", "Japanese")
    ENGLISH = "en", pgettext_lazy("publication language", "English")
    CHINESE = "zh", pgettext_lazy("publication language", "Chinese")
    KOREAN = "ko", pgettext_lazy("publication language", "Korean")
    FRENCH = "fr", pgettext_lazy("publication language", "French")
    PORTUGUESE = "pt", pgettext_lazy("publication language", "Portuguese")
    SPANISH = "es", pgettext_lazy("publication language", "Spanish")
    VIETNAMESE = "vi", pgettext_lazy("publication language", "Vietnamese")
    TAGALOG = "tl", pgettext_lazy("publication language", "Tagalog")


class PublicationSeries(models.Model):
    """A series of publications: research reports, JET publications, the offices' reports..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("publication series")
        verbose_name_plural = _("publication series")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Publication.State.PUBLISHED)

    def for_user(self, user):
        """What ``user`` may open: everything for HQ, the published ones for anyone else."""
        from clair_portal.accounts.roles import is_hq

        return self if is_hq(user) else self.published()

    def newest_first(self):
        return self.order_by("-year", models.F("published_at").desc(nulls_last=True), "-pk")

    def listing(self):
        """With series and office joined and the files' languages: two queries a page."""
        return (
            self.select_related("series", "office")
            .prefetch_related(
                models.Prefetch(
                    "files", queryset=PublicationFile.objects.only("pk", "publication", "language")
                )
            )
            .defer("body", "body_en", "body_ja", "search_key")
            .newest_first()
        )


def _year_validators():
    return [MinValueValidator(1988), MaxValueValidator(2100)]


class Publication(models.Model):
    """One of CLAIR's publications, in one or more languages, with its files."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("publication state", "draft")
        PUBLISHED = "published", pgettext_lazy("publication state", "published")

    title = models.CharField(_("title"), max_length=300)
    series = models.ForeignKey(
        PublicationSeries,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("series"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=_year_validators(), help_text=_("The year of publication.")
    )
    languages = ArrayField(
        models.CharField(max_length=5, choices=Language.choices),
        # Its own context: "languages" of a specialist are 使用言語, of a publication 言語.
        verbose_name=pgettext_lazy("publication", "languages"),
        default=list,
        blank=True,
        help_text=_("The languages it is published in; each file's language is added."),
    )
    summary = models.TextField(_("summary"))
    body = models.TextField(
        _("text"), blank=True, help_text=_("The full text, for a publication read on the page.")
    )
    topics = ArrayField(
        models.CharField(max_length=24, choices=Topic.choices),
        verbose_name=_("topics"),
        default=list,
        blank=True,
    )
    countries = CountryField(
        _("countries"),
        multiple=True,
        blank=True,
        help_text=_("The countries it is about."),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("office"),
        help_text=_("The office that wrote it, if one did."),
    )
    source_report = models.OneToOneField(
        Report,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publication",
        verbose_name=_("made from the office report"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_key = models.TextField(
        _("search key"),
        blank=True,
        editable=False,
        help_text=_("Title and summary in every script, in one normal form; kept by the portal."),
    )
    is_demo = models.BooleanField(
        _("demo record"), default=False, editable=False, help_text=_("Invented demo data.")
    )

    objects = PublicationQuerySet.as_manager()

    # Published and withdrawn, or made from a report, only through offices.services.
    WORKFLOW_FIELDS = ("state", "published_at", "source_report", "created_by")

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-year", "-published_at", "-pk"]
        indexes = [
            GinIndex(
                name="publication_search_key_trgm",
                fields=["search_key"],
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(name="publication_topics", fields=["topics"]),
            models.Index(name="publication_state_year", fields=["state", "-year"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(published_at__isnull=False),
                name="publication_published_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def save(self, *args, **kwargs):
        self.search_key = self.computed_search_key()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)

    def computed_search_key(self) -> str:
        from reference.search import text_key

        texts = [
            getattr(self, f"{field}_{lang}", "") or ""
            for field in ("title", "summary")
            for lang in ("en", "ja")
        ]
        return text_key(" \n".join(dict.fromkeys(t for t in texts if t)))

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(t, t)) for t in self.topics]

    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]


def publication_path(instance, filename: str) -> str:
    # A random stored name: the original one is kept in ``filename`` for downloads.
    return f"publications/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class PublicationFile(models.Model):
    """One file of a publication in one language (a publication may have several per language)."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="files", verbose_name=_("publication")
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    file = models.FileField(
        _("file"), upload_to=publication_path, max_length=200, validators=[UploadValidator()]
    )
    filename = models.CharField(_("file name"), max_length=150, editable=False)
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("publication file")
        verbose_name_plural = _("publication files")
        ordering = ["publication", "language", "sort_order", "pk"]

    def __str__(self):
        return self.filename or str(self.file)

    def save(self, *args, **kwargs):
        # A new upload: remember its name, its type by content and its size.
        uploaded = getattr(self.file, "_file", None)
        if uploaded is not None and not self.file._committed:
            self.filename = sanitise_filename(getattr(uploaded, "name", "") or self.file.name)
            self.content_type = sniff(uploaded)
            self.size = uploaded.size
        elif self.file and not self.content_type:  # stored already (a copy, the demo's)
            with self.file.open("rb") as stored:
                self.content_type = sniff(stored)
            self.size = self.file.size
            self.filename = self.filename or sanitise_filename(PurePath(self.file.name).name)
        super().save(*args, **kwargs)

    def get_language_display_label(self) -> str:
        return str(dict(Language.choices).get(self.language, self.language))
