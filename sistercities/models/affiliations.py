from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reference.models import ForeignLocalGovernment, LocalGovernment, ScriptCharacters


class Field(models.TextChoices):
    """The fields of exchange CLAIR's lists use."""

    EDUCATION = "education", pgettext_lazy("field of exchange", "education")
    CULTURE = "culture", pgettext_lazy("field of exchange", "culture")
    SPORTS = "sports", pgettext_lazy("field of exchange", "sports")
    YOUTH = "youth", pgettext_lazy("field of exchange", "youth")
    ECONOMY = "economy", pgettext_lazy("field of exchange", "economy and trade")
    TOURISM = "tourism", pgettext_lazy("field of exchange", "tourism")
    ENVIRONMENT = "environment", pgettext_lazy("field of exchange", "environment")
    HEALTH = "health", pgettext_lazy("field of exchange", "health and welfare")
    DISASTER = "disaster", pgettext_lazy("field of exchange", "disaster prevention")
    ADMINISTRATION = "administration", pgettext_lazy("field of exchange", "administration")


class AffiliationQuerySet(models.QuerySet):
    def public(self):
        """With everything a list or detail page shows: partner, and every Japanese party
        with its prefecture (two queries whatever the number of rows)."""
        from sistercities.models.projects import ExchangeProject

        japanese = LocalGovernment.objects.select_related("prefecture").order_by("code")
        # has_projects: an EXISTS in the same query, for the link to the case studies.
        projects = ExchangeProject.objects.published().filter(affiliation=OuterRef("pk"))
        return (
            self.select_related("partner")
            .prefetch_related(Prefetch("japanese", queryset=japanese))
            .annotate(has_projects=Exists(projects))
        )

    def with_japanese(self, local_governments):
        """Affiliations in which any of ``local_governments`` (a queryset) takes part."""
        through = Affiliation.japanese.through.objects.filter(localgovernment__in=local_governments)
        return self.filter(id__in=through.values("affiliation_id"))

    def in_prefecture(self, code: str):
        return self.with_japanese(
            LocalGovernment.objects.filter(Q(code=code) | Q(prefecture_id=code))
        )


class Affiliation(models.Model):
    """A sister-city (or friendship) affiliation between Japanese local governments and
    one foreign local government."""

    class Kind(models.TextChoices):
        SISTER = "sister", pgettext_lazy("affiliation kind", "sister city")
        FRIENDSHIP = "friendship", pgettext_lazy("affiliation kind", "friendship city")
        OTHER = "other", pgettext_lazy("affiliation kind", "other")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("affiliation status", "active")
        DORMANT = "dormant", pgettext_lazy("affiliation status", "dormant")
        FIXED_TERM = "fixed_term", pgettext_lazy("affiliation status", "fixed term")
        ENDED = "ended", pgettext_lazy("affiliation status", "ended")

    japanese = models.ManyToManyField(
        LocalGovernment,
        related_name="affiliations",
        verbose_name=_("Japanese local governments"),
        help_text=_("One or more: a prefecture, or municipalities affiliating together."),
    )
    partner = models.ForeignKey(
        ForeignLocalGovernment,
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name=_("foreign partner"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SISTER)
    established_year = models.PositiveSmallIntegerField(
        _("year established"), db_index=True, help_text=_("The year the agreement was signed.")
    )
    established_on = models.DateField(
        _("date established"), null=True, blank=True, help_text=_("The full date, if known.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    ended_on = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Required when the affiliation has ended; the term's end when fixed-term."),
    )
    fields = ArrayField(
        models.CharField(max_length=16, choices=Field.choices),
        verbose_name=_("fields of exchange"),
        default=list,
        blank=True,
    )
    notes = models.TextField(_("public notes"), blank=True)
    activities = models.TextField(
        _("recent activities"),
        blank=True,
        help_text=_("As the Japanese party reported in the latest partnership survey."),
    )
    surveyed_year = models.PositiveSmallIntegerField(
        _("last surveyed"),
        null=True,
        blank=True,
        help_text=_("The year of the partnership survey that last updated this affiliation."),
    )
    signed_by_both_heads = models.BooleanField(
        _("agreement signed by both heads"),
        default=False,
        help_text=_("CLAIR criterion: the heads of both local governments signed the agreement."),
    )
    exchange_in_several_fields = models.BooleanField(
        _("exchange in more than one field"),
        default=False,
        help_text=_("CLAIR criterion: exchange is not limited to one field."),
    )
    budget_approved_by_assembly = models.BooleanField(
        _("budget approved by the assembly"),
        default=False,
        help_text=_("CLAIR criterion: the assembly approved a budget for the exchange."),
    )
    is_demo = models.BooleanField(
        _("demo record"), default=False, editable=False, help_text=_("Invented demo data.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # What the public search reads on the affiliation's own row, so that it finds,
    # filters and counts its matches without joining each one to its parties. Kept
    # by PostgreSQL (the triggers of migration 0010) whenever the affiliation, its
    # Japanese parties, its partner or their names change, however they are
    # written (forms, imports, bulk writes); what the portal writes here is replaced.
    search_key = models.TextField(editable=False, default="")  # the parties' keys, a line each
    partner_country = models.CharField(max_length=2, editable=False, default="")
    prefectures = ArrayField(  # of the Japanese parties (a prefecture is its own)
        models.CharField(max_length=6), editable=False, default=list
    )
    SEARCH_FACTS = ("search_key", "partner_country", "prefectures")

    # history: registered in translation.py, once the translated notes exist
    objects = AffiliationQuerySet.as_manager()

    # What HQ records (by hand, by import, or from a survey answer): no service owns it.
    NOT_WORKFLOW_FIELDS = ("status",)

    class Meta:
        verbose_name = _("sister-city affiliation")
        verbose_name_plural = _("sister-city affiliations")
        ordering = ["established_year", "id"]
        indexes = [
            GinIndex(name="affiliation_fields", fields=["fields"]),
            models.Index(name="affiliation_partner_year", fields=["partner", "established_year"]),
            GinIndex(
                name="affiliation_search_key_trgm",
                fields=["search_key"],
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(ScriptCharacters("search_key"), name="affiliation_search_key_chars"),
            GinIndex(name="affiliation_prefectures", fields=["prefectures"]),
            models.Index(name="affiliation_partner_country", fields=["partner_country"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="ended", ended_on__isnull=False) | ~Q(status="ended"),
                name="affiliation_ended_has_end_date",
            ),
            models.CheckConstraint(
                condition=Q(established_year__gte=1900, established_year__lte=2100),
                name="affiliation_year_plausible",
            ),
        ]

    def __str__(self):
        names = " · ".join(str(lg) for lg in self.japanese.all())
        return f"{names or '?'} – {self.partner.name_en} ({self.established_year})"

    def field_labels(self) -> list[str]:
        labels = dict(Field.choices)
        return [str(labels.get(f, f)) for f in self.fields]
