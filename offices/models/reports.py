"""Periodic reports that overseas offices file to HQ, and what they need.

A report type (monthly activity report, quarterly research report, ...) has a
schedule and a due rule; HQ may override the rule for one office. A report is
one office's report for one period of one type; it moves through
draft → submitted → returned → submitted → accepted only through
``offices.services``, and every move leaves a ``ReportEvent`` that both the
office and HQ see.
"""

import uuid
from datetime import time
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from clair_portal.security.uploads import UploadValidator
from offices import periods
from offices.models.office import Office
from offices.models.steps import Attachment, Step


class Schedule(models.TextChoices):
    MONTHLY = periods.MONTHLY, _("monthly")
    QUARTERLY = periods.QUARTERLY, _("quarterly (fiscal year)")
    ANNUAL = periods.ANNUAL, _("annual (fiscal year)")
    AD_HOC = periods.AD_HOC, _("ad hoc")


class ReportTypeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_rules(self):
        """Types with their per-office rules: two queries."""
        return self.prefetch_related("office_rules").order_by("sort_order", "code")


class DueRuleFields(models.Model):
    due_day = models.PositiveSmallIntegerField(
        _("due day"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Day of the month the report is due; past the month's end means its last day."),
    )
    due_months_after = models.PositiveSmallIntegerField(
        _("months after the period"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1 means the month after the period's last month."),
    )
    due_time = models.TimeField(
        _("due time"), default=time(23, 59), help_text=_("In the office's local time.")
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder days"),
        default=3,
        validators=[MaxValueValidator(60)],
        help_text=_("How many days before the due time the office's staff are reminded."),
    )

    class Meta:
        abstract = True

    def due_rule(self, *, required: bool = True) -> periods.DueRule:
        return periods.DueRule(
            day=self.due_day,
            months_after=self.due_months_after,
            at=self.due_time,
            reminder_days=self.reminder_days,
            required=required,
        )


class ReportType(DueRuleFields):
    """A kind of report the overseas offices file, with its schedule and default due rule."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    schedule = models.CharField(_("schedule"), max_length=12, choices=Schedule.choices)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive types are neither expected nor offered.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ReportTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("report type")
        verbose_name_plural = _("report types")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    def rule_for(self, office: Office) -> periods.DueRule:
        """The due rule for ``office``: its own if HQ set one, else the type's.

        Uses ``office_rules`` as prefetched by ``with_rules()`` when it is.
        """
        for rule in self.office_rules.all():
            if rule.office_id == office.pk:
                return rule.due_rule(required=rule.is_required)
        return self.due_rule()


class ReportTypeOfficeRule(DueRuleFields):
    """One office's own due rule for a report type, where it differs from the default."""

    report_type = models.ForeignKey(
        ReportType,
        on_delete=models.CASCADE,
        related_name="office_rules",
        verbose_name=_("report type"),
    )
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="report_rules", verbose_name=_("office")
    )
    is_required = models.BooleanField(
        _("required"), default=True, help_text=_("Untick if this office does not file this type.")
    )

    class Meta:
        verbose_name = _("office due rule")
        verbose_name_plural = _("office due rules")
        constraints = [
            models.UniqueConstraint(fields=["report_type", "office"], name="report_rule_unique")
        ]

    def __str__(self):
        return f"{self.report_type} – {self.office}"


LISTED_FIELDS = (
    "office", "report_type", "period_start", "title", "language", "state", "due_at",
    "first_submitted_at", "is_demo",
)  # fmt: skip


class ReportQuerySet(models.QuerySet):
    def for_office(self, office):
        return self.filter(office=office)

    def for_user(self, user):
        """The reports ``user`` may see: all for HQ, their office's for office staff."""
        from clair_portal.accounts.roles import is_hq

        if not user.is_authenticated:
            return self.none()
        if is_hq(user):
            return self
        return self.filter(office__memberships__user=user)

    def listing(self):
        """With office and type joined and attachments counted: one query per page."""
        # A correlated subquery, run for the page's rows only: a COUNT over a join
        # would group every report before the page is cut.
        attachments = (
            ReportAttachment.objects.filter(report=models.OuterRef("pk"))
            .order_by()
            .values("report")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return (
            self.select_related("office", "report_type")
            # Only what a list shows: the sort then moves narrow rows, not report texts.
            .only(
                *LISTED_FIELDS,
                *(
                    f"office__{name}"
                    for name in ("name", "name_en", "name_ja", "timezone", "sort_order", "code")
                ),
                *(
                    f"report_type__{name}"
                    for name in ("name", "name_en", "name_ja", "schedule", "sort_order")
                ),
            )
            .annotate(attachment_count=Coalesce(models.Subquery(attachments), 0))
            .order_by("-period_start", "office__sort_order", "report_type__sort_order", "pk")
        )


class Report(models.Model):
    """One office's report to HQ for one period of one report type."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        ACCEPTED = "accepted", _("accepted")

    class Language(models.TextChoices):
        JAPANESE = "ja", _("Japanese")
        ENGLISH = "en", _("English")

    EDITABLE = (State.DRAFT, State.RETURNED)

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="reports", verbose_name=_("office")
    )
    report_type = models.ForeignKey(
        ReportType, on_delete=models.PROTECT, related_name="reports", verbose_name=_("report type")
    )
    period_start = models.DateField(
        _("period"), help_text=_("The first day of the period the report covers.")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("report"), blank=True)
    language = models.CharField(
        _("written in"), max_length=2, choices=Language.choices, default=Language.JAPANESE
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    due_at = models.DateTimeField(
        _("due"), null=True, blank=True, help_text=_("Fixed from the due rule when created.")
    )
    first_submitted_at = models.DateTimeField(
        _("first submitted"), null=True, blank=True, help_text=_("Decides whether it was on time.")
    )
    submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    submission_count = models.PositiveSmallIntegerField(_("submissions"), default=0)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    review_comment = models.TextField(_("HQ's comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    # Filed by its office and reviewed by HQ through offices.services, with events.
    WORKFLOW_FIELDS = (
        "office",
        "report_type",
        "period_start",
        "due_at",
        "first_submitted_at",
        "submitted_at",
        "submission_count",
        "accepted_at",
        "review_comment",
        "created_by",
    )

    class Meta:
        verbose_name = _("office report")
        verbose_name_plural = _("office reports")
        ordering = ["-period_start", "office__sort_order", "report_type__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "report_type", "period_start"], name="report_one_per_period"
            )
        ]
        indexes = [models.Index(fields=["report_type", "period_start"])]

    def __str__(self):
        return f"{self.office} – {self.report_type} – {self.period_label}"

    @property
    def period_label(self) -> str:
        return periods.period_label(self.report_type.schedule, self.period_start)

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE

    @property
    def was_late(self) -> bool:
        return bool(
            self.due_at and self.first_submitted_at and self.first_submitted_at > self.due_at
        )


def attachment_path(instance, filename: str) -> str:
    # A random stored name: the original one is kept in ``filename`` for downloads.
    return f"office-reports/{instance.report.office_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ReportAttachment(Attachment):
    """A file attached to a report; it goes out only through the authorising view."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("report")
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, max_length=200, validators=[UploadValidator()]
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta(Attachment.Meta):
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")


class ReportEvent(Step):
    """One step of a report's workflow: who did what, when, with HQ's comment."""

    class Action(models.TextChoices):
        CREATED = "created", pgettext_lazy("report event", "created")
        SUBMITTED = "submitted", pgettext_lazy("report event", "submitted")
        RESUBMITTED = "resubmitted", pgettext_lazy("report event", "resubmitted")
        RETURNED = "returned", pgettext_lazy("report event", "returned")
        ACCEPTED = "accepted", pgettext_lazy("report event", "accepted")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)

    WORKFLOW_FIELDS = ("report", "action", "actor", "at", "comment")

    class Meta(Step.Meta):
        verbose_name = _("report event")
        verbose_name_plural = _("report events")


class ReportReminder(models.Model):
    """One reminder or overdue notice for one office, type and period: sent at most once.

    The row is created when the notice falls due (its unique key stops a second
    one) and claimed by the sending task with a conditional UPDATE of ``sent_at``.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="+", verbose_name=_("office")
    )
    report_type = models.ForeignKey(
        ReportType, on_delete=models.CASCADE, related_name="+", verbose_name=_("report type")
    )
    period_start = models.DateField(_("period"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    due_at = models.DateTimeField(_("due"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    skipped = models.BooleanField(
        _("skipped"), default=False, help_text=_("The report was submitted before it was sent.")
    )

    WORKFLOW_FIELDS = ("due_at", "sent_at", "skipped")

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "report_type", "period_start", "kind"], name="reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.office} – {self.report_type} – {self.period_start} ({self.kind})"
