"""Grant applications and what hangs off them: attachments, reviews, disbursements."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from clair_portal.accounts.roles import is_hq
from clair_portal.organisations.access import organisation_of
from clair_portal.security.uploads import UploadValidator
from multicultural.models.programmes import (
    ApplicantKind,
    GrantCategory,
    GrantProgramme,
    RequiredDocument,
    applicant_body,
)
from reference.models import LocalGovernment, RegionalAssociation


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
        organisation = organisation_of(user)
        if applicant_body(organisation) is None:
            return self.none()
        if organisation.local_government_id:
            return self.filter(local_government_id=organisation.local_government_id)
        return self.filter(association_id=organisation.association_id)

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

    # Submitted by its officers, decided, paid and completed through multicultural.services
    # (the decision under the programme's lock); HQ corrects only the project's wording.
    WORKFLOW_FIELDS = (
        "programme",
        "local_government",
        "association",
        "prefecture",
        "applicant_kind",
        "created_by",
        "requested_amount",
        "submitted_at",
        "awarded_amount",
        "decided_at",
        "decided_by",
        "decision_comment",
        "report_due_on",
        "report_text",
        "reported_at",
        "reminder_sent_at",
        "overdue_notice_sent_at",
    )

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
    # Which of the programme's required documents this file is; empty for any other file.
    # PROTECT: a submitted application keeps saying which file answered which requirement.
    required_document = models.ForeignKey(
        RequiredDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("required document"),
    )

    # Uploaded by the applicant's officers through services.add_attachment, which checks it.
    WORKFLOW_FIELDS = (
        "application",
        "file",
        "original_name",
        "content_type",
        "uploaded_by",
        "is_completion_report",
        "required_document",
    )

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

    # Recorded by services.record_review, which moves the application under review.
    WORKFLOW_FIELDS = ("application", "reviewer", "score", "comment")

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

    # Recorded by services.record_disbursement, which keeps payments within the award.
    WORKFLOW_FIELDS = ("application", "amount", "paid_on", "recorded_by")

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_disbursement_positive")
        ]

    def __str__(self):
        return f"{self.application} – ¥{self.amount:,}"
