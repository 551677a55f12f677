"""Multicultural support: grants to local governments and associations, and the
multilingual living-information library.

Money is an integer number of yen. A fiscal year is named by the calendar year
in which it starts (FY2026 runs from 1 April 2026 to 31 March 2027).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from clair_portal.accounts.roles import is_hq
from clair_portal.security.uploads import UploadValidator
from reference.models import LocalGovernment, RegionalAssociation


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


class GrantOfficerQuerySet(models.QuerySet):
    def for_body(self, *, local_government_id=None, association_id=None):
        if local_government_id:
            return self.filter(local_government_id=local_government_id)
        return self.filter(association_id=association_id)


class GrantOfficer(models.Model):
    """Ties an officer's login to the one local government or association they act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="grant_officer",
        verbose_name=_("user"),
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_officers",
        verbose_name=_("local government"),
    )
    association = models.ForeignKey(
        RegionalAssociation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_officers",
        verbose_name=_("association"),
    )

    history = HistoricalRecords()
    objects = GrantOfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant officer")
        verbose_name_plural = _("grant officers")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(local_government__isnull=False, association__isnull=True)
                    | Q(local_government__isnull=True, association__isnull=False)
                ),
                name="grant_officer_exactly_one_body",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.body})"

    @property
    def body(self):
        return self.local_government or self.association

    def applicant_kind(self, *, joint: bool = False) -> str:
        if joint:
            return ApplicantKind.JOINT
        if self.association_id:
            return ApplicantKind.ASSOCIATION
        if self.local_government.kind in (
            LocalGovernment.Kind.PREFECTURE,
            LocalGovernment.Kind.DESIGNATED_CITY,
        ):
            return ApplicantKind.PREFECTURAL
        return ApplicantKind.MUNICIPAL

    def prefecture(self) -> LocalGovernment:
        """The prefecture the body belongs to, for the per-prefecture dashboard."""
        government = self.local_government or self.association.serves
        return government if government.is_prefecture else government.prefecture


# --- Programmes ---------------------------------------------------------------------


class GrantCategory(models.Model):
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
            ),
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


# --- Applications -------------------------------------------------------------------


class GrantApplicationQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "programme", "category", "local_government", "association", "prefecture"
        )

    def for_user(self, user):
        """What ``user`` may see: HQ everything, an officer their own body's, others nothing."""
        if not user.is_authenticated:
            return self.none()
        if is_hq(user):
            return self
        if hasattr(user, "_grant_officer"):  # already read this request (services.officer_of)
            officer = user._grant_officer
        else:
            officer = GrantOfficer.objects.filter(user=user).first()
        if officer is None:
            return self.none()
        if officer.local_government_id:
            return self.filter(local_government_id=officer.local_government_id)
        return self.filter(association_id=officer.association_id)

    def awarded(self):
        return self.filter(awarded_amount__isnull=False)


class GrantApplication(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", pgettext_lazy("grant application state", "submitted")
        UNDER_REVIEW = "under_review", _("under review")
        AWARDED = "awarded", _("awarded")
        REJECTED = "rejected", _("not awarded")
        COMPLETED = "completed", pgettext_lazy("grant application state", "completed")

    DECIDABLE = (State.SUBMITTED, State.UNDER_REVIEW)

    programme = models.ForeignKey(
        GrantProgramme,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=pgettext_lazy("grants", "programme"),
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_applications",
        verbose_name=_("local government"),
    )
    association = models.ForeignKey(
        RegionalAssociation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_applications",
        verbose_name=_("association"),
    )
    prefecture = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("prefecture"),
        help_text=_("The prefecture the applicant belongs to."),
    )
    applicant_kind = models.CharField(
        _("applicant kind"), max_length=16, choices=ApplicantKind.choices
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    title = models.CharField(_("project title"), max_length=200)
    category = models.ForeignKey(
        GrantCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    summary = models.TextField(_("project summary"))
    project_start = models.DateField(_("project starts"))
    project_end = models.DateField(_("project ends"))
    requested_amount = models.PositiveBigIntegerField(_("requested amount (yen)"))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    awarded_amount = models.PositiveBigIntegerField(
        _("awarded amount (yen)"), null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_comment = models.TextField(_("decision comment"), blank=True)
    report_due_on = models.DateField(_("completion report due"), null=True, blank=True)
    report_text = models.TextField(_("completion report"), blank=True)
    reported_at = models.DateTimeField(_("completion report submitted"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    overdue_notice_sent_at = models.DateTimeField(_("overdue notice sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = GrantApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["programme", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(local_government__isnull=False, association__isnull=True)
                    | Q(local_government__isnull=True, association__isnull=False)
                ),
                name="grant_application_exactly_one_body",
            ),
            models.CheckConstraint(
                condition=Q(awarded_amount__isnull=True)
                | Q(awarded_amount__gt=0, awarded_amount__lte=F("requested_amount")),
                name="grant_application_award_within_request",
            ),
            models.CheckConstraint(
                condition=Q(project_end__gte=F("project_start")),
                name="grant_application_project_dates_order",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.body})"

    @property
    def body(self):
        return self.local_government or self.association

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_awarded(self) -> bool:
        return self.state in (self.State.AWARDED, self.State.COMPLETED)

    def cap(self) -> int | None:
        return self.programme.cap_for(self.applicant_kind)


def attachment_path(instance, filename):
    return f"multicultural/applications/{instance.application_id}/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(
        GrantApplication,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("application"),
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, validators=[UploadValidator()], max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    is_completion_report = models.BooleanField(_("part of the completion report"), default=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class Review(models.Model):
    """One HQ reviewer's score and comment on an application."""

    application = models.ForeignKey(
        GrantApplication,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("application"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), help_text=_("From 1 (weak) to 5 (excellent).")
    )
    comment = models.TextField(_("comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["reviewed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="grant_review_one_per_reviewer"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="grant_review_score_range"
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.score}"


class Disbursement(models.Model):
    """A payment of part or all of an award."""

    application = models.ForeignKey(
        GrantApplication,
        on_delete=models.PROTECT,
        related_name="disbursements",
        verbose_name=_("application"),
    )
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    paid_on = models.DateField(_("paid on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_disbursement_positive")
        ]

    def __str__(self):
        return f"{self.application} – ¥{self.amount:,}"


# --- The living-information library -------------------------------------------------


class LivingTopic(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("living-information topic")
        verbose_name_plural = _("living-information topics")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class LibraryLanguage(models.Model):
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
