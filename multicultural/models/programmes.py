"""Who applies for grants (officers of a body) and the programmes they apply to."""

from datetime import date

from django.db import models
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clair_portal.names import LocalisedName, NamedInEveryLanguage


def fiscal_year_of(day: date) -> int:
    """The Japanese fiscal year (April–March) that ``day`` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


class ApplicantKind(models.TextChoices):
    """Who applies; each kind has its own cap in a programme."""

    PREFECTURAL = "prefectural", _("prefecture or designated city")
    MUNICIPAL = "municipal", _("municipality")
    ASSOCIATION = "association", _("regional international exchange association")
    JOINT = "joint", _("joint project")


# --- Who applies --------------------------------------------------------------------


def applicant_body(organisation):
    """The body an organisation applies as (its local government or association), or None:
    a board of education or a school does not apply for these grants."""
    if organisation is None:
        return None
    return organisation.local_government or organisation.association


# --- Programmes ---------------------------------------------------------------------


class GrantCategory(NamedInEveryLanguage, models.Model):
    """What a grant pays for: multilingual broadcasting, volunteer interpreters, ..."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("grant category")
        verbose_name_plural = _("grant categories")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class GrantCategoryName(LocalisedName):
    owner = models.ForeignKey(
        GrantCategory, on_delete=models.CASCADE, related_name="names", verbose_name=_("category")
    )


class GrantProgrammeQuerySet(models.QuerySet):
    def accepting_drafts(self, moment):
        return self.filter(closes_at__gte=moment)


class GrantProgramme(models.Model):
    """A call for grant applications in one fiscal year, with its budget and caps.

    A cap left empty means that kind of applicant may not apply.
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(pgettext_lazy("grants", "description"), blank=True)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"),
        db_index=True,
        help_text=_("The year in which the fiscal year starts: 2026 for April 2026–March 2027."),
    )
    categories = models.ManyToManyField(
        GrantCategory, related_name="programmes", verbose_name=_("categories")
    )
    budget = models.PositiveBigIntegerField(_("budget (yen)"))
    cap_prefectural = models.PositiveBigIntegerField(
        _("cap for prefectures and designated cities (yen)"), null=True, blank=True
    )
    cap_municipal = models.PositiveBigIntegerField(
        _("cap for municipalities (yen)"), null=True, blank=True
    )
    cap_association = models.PositiveBigIntegerField(
        _("cap for associations (yen)"), null=True, blank=True
    )
    cap_joint = models.PositiveBigIntegerField(
        _("cap for joint projects (yen)"), null=True, blank=True
    )
    minimum_request = models.PositiveBigIntegerField(_("minimum request (yen)"), default=0)
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    report_due_days = models.PositiveSmallIntegerField(
        _("completion report due (days after the project ends)"), default=30
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    # Its history is registered in translation.py, after the translated fields exist.
    objects = GrantProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant programme")
        verbose_name_plural = _("grant programmes")
        ordering = ["-fiscal_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="grant_programme_window_order"
            )
        ]

    def __str__(self):
        return f"FY{self.fiscal_year} {self.name}"

    def cap_for(self, kind: str) -> int | None:
        return {
            ApplicantKind.PREFECTURAL: self.cap_prefectural,
            ApplicantKind.MUNICIPAL: self.cap_municipal,
            ApplicantKind.ASSOCIATION: self.cap_association,
            ApplicantKind.JOINT: self.cap_joint,
        }[kind]

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment <= self.closes_at

    def period(self) -> tuple[date, date]:
        return fiscal_year_bounds(self.fiscal_year)

    def committed(self) -> int:
        """Yen awarded so far; call inside the programme's row lock to rely on it."""
        return (
            self.applications.filter(awarded_amount__isnull=False).aggregate(
                total=Sum("awarded_amount")
            )["total"]
            or 0
        )


class RequiredDocumentQuerySet(models.QuerySet):
    def for_terms(self, programme_id: int, category_id: int | None):
        """The documents an application to ``programme_id`` in ``category_id`` must attach:
        the programme's documents for every category and those for that category."""
        return self.filter(programme_id=programme_id).filter(
            Q(category__isnull=True) | Q(category_id=category_id)
        )


class RequiredDocument(models.Model):
    """A document an application must attach before it can be submitted (a project plan,
    a budget...); for every category of the programme, or for one category only."""

    programme = models.ForeignKey(
        GrantProgramme,
        on_delete=models.CASCADE,
        related_name="required_documents",
        verbose_name=pgettext_lazy("grants", "programme"),
    )
    category = models.ForeignKey(
        GrantCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
        help_text=_("Leave empty when every application to the programme needs this document."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        pgettext_lazy("grants", "description"),
        blank=True,
        help_text=_("What the document must show, or where to find its form."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # Its history is registered in translation.py, after the translated fields exist.
    objects = RequiredDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name
