"""The offices' desk for Japan's local governments: requests for help and what came of them.

A signed-in officer of a local government asks for help (advice before a mission,
information, meetings or a visit arranged, support for a promotion event). The request
is routed to the office responsible for the country it concerns (headquarters when no
office is) and moves, only through ``offices.services.desk``:

    draft → submitted → accepted → completed (then rated by the local government)
                      → declined (with a reason)
                      → more information asked → submitted again (the clock stopped meanwhile)

A first answer (accepted or declined) is due within ``FIRST_ANSWER_DAYS`` working days
of the office's own calendar (``offices.workdays``). Every step leaves a
``RequestEvent`` both sides read.
"""

import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from clair_portal.languages import STAFF_LANGUAGE_CHOICES
from clair_portal.organisations.models import Organisation
from clair_portal.security.uploads import UploadValidator
from offices.models.office import Office
from offices.models.steps import Attachment, Step

# A first answer is due within this many of the office's working days.
FIRST_ANSWER_DAYS = 3


class RequestKind(models.TextChoices):
    ADVICE = "advice", _("advice before a mission")
    INFORMATION = "information", _("information or research")
    MEETINGS = "meetings", _("arranging meetings or a visit")
    PROMOTION = "promotion", _("promotion event support")
    OTHER = "other", _("other")


class AssistanceRequestQuerySet(models.QuerySet):
    def of_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def routed_to(self, office):
        """What reached ``office``'s desk: never its drafts, which are the local government's."""
        return self.filter(office=office).exclude(state=AssistanceRequest.State.DRAFT)

    def sent(self):
        return self.exclude(state=AssistanceRequest.State.DRAFT)

    def listing(self):
        """With the office, the organisation's name and the assignee: one query per page."""
        return self.select_related(
            "office",
            "assigned_to",
            "organisation__local_government__prefecture",
            "organisation__association__serves__prefecture",
            "organisation__area__prefecture",
        )

    def overdue(self, now=None):
        now = now or timezone.now()
        return self.filter(state=AssistanceRequest.State.SUBMITTED, due_at__lt=now)


class AssistanceRequest(models.Model):
    """A local government's request for help from an overseas office (or headquarters)."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("assistance request", "draft")
        SUBMITTED = "submitted", pgettext_lazy("assistance request", "waiting for an answer")
        INFO_REQUESTED = "info", pgettext_lazy("assistance request", "more information asked")
        ACCEPTED = "accepted", pgettext_lazy("assistance request", "accepted")
        DECLINED = "declined", pgettext_lazy("assistance request", "declined")
        COMPLETED = "completed", pgettext_lazy("assistance request", "completed")

    # The office has to do something.
    AT_THE_OFFICE = (State.SUBMITTED, State.ACCEPTED)
    CLOSED = (State.DECLINED, State.COMPLETED)

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="assistance_requests",
        verbose_name=pgettext_lazy("desk", "local government"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_requests",
        verbose_name=_("office"),
        help_text=_("The office responsible for the country; headquarters when none is."),
    )
    kind = models.CharField(_("kind of help"), max_length=12, choices=RequestKind.choices)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    delegation_size = models.PositiveSmallIntegerField(
        _("delegation size"),
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("How many people travel, interpreters included."),
    )
    purpose = models.TextField(_("purpose"), max_length=5000)
    language = models.CharField(
        _("language"), max_length=8, choices=STAFF_LANGUAGE_CHOICES, default="ja"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("first sent"), null=True, blank=True)
    clock_started_at = models.DateTimeField(
        _("clock started"),
        null=True,
        blank=True,
        help_text=_("When the office's time to answer last started or restarted."),
    )
    days_left = models.PositiveSmallIntegerField(
        _("working days left"),
        default=FIRST_ANSWER_DAYS,
        help_text=_("Of the time to answer, when the clock restarts."),
    )
    clock_stopped_at = models.DateTimeField(
        _("clock stopped"),
        null=True,
        blank=True,
        help_text=_("When the office asked for more information, until the answer."),
    )
    due_at = models.DateTimeField(_("first answer due"), null=True, blank=True, db_index=True)
    remind_at = models.DateTimeField(_("reminder at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(_("overdue notice sent"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(
        _("time with the local government"),
        default=0,
        help_text=_("Seconds the clock stood while more information was asked, in all."),
    )
    decline_reason = models.TextField(pgettext_lazy("desk", "reason for declining"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    completed_at = models.DateTimeField(pgettext_lazy("desk", "completed"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("comment on the help"), blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    objects = AssistanceRequestQuerySet.as_manager()
    history = HistoricalRecords()

    # Asked by the local government and answered by the office through
    # offices.services.desk, each step with its event.
    WORKFLOW_FIELDS = (
        "organisation",
        "created_by",
        "office",
        "language",
        "submitted_at",
        "clock_started_at",
        "days_left",
        "clock_stopped_at",
        "due_at",
        "remind_at",
        "reminded_at",
        "overdue_notified_at",
        "first_answered_at",
        "paused_seconds",
        "decline_reason",
        "assigned_to",
        "completed_at",
        "summary",
        "rating",
        "rating_comment",
        "rated_at",
    )

    class Meta:
        verbose_name = _("assistance request")
        verbose_name_plural = _("assistance requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="assistance_request_dates_in_order",
            )
        ]
        indexes = [models.Index(fields=["office", "state"])]

    def __str__(self):
        return f"{self.reference} – {self.get_kind_display()} – {self.city}"

    @property
    def reference(self) -> str:
        return f"AR-{self.pk:05d}" if self.pk else "AR-new"

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.state == self.State.SUBMITTED and self.due_at and self.due_at < timezone.now()
        )

    @property
    def answered_on_time(self) -> bool | None:
        """Whether the first answer came by its deadline (None while there is none)."""
        if self.first_answered_at is None:
            return None
        return self.due_at is None or self.first_answered_at <= self.due_at

    @property
    def answer_seconds(self) -> int | None:
        """From first sent to the first answer, less the time the clock stood."""
        if not (self.submitted_at and self.first_answered_at):
            return None
        return int((self.first_answered_at - self.submitted_at).total_seconds()) - (
            self.paused_seconds
        )

    @property
    def completion_seconds(self) -> int | None:
        if not (self.submitted_at and self.completed_at):
            return None
        return int((self.completed_at - self.submitted_at).total_seconds()) - self.paused_seconds


def attachment_path(instance, filename: str) -> str:
    # A random stored name: the original one is kept in ``filename`` for downloads.
    return (
        f"assistance-requests/{instance.request_id}/"
        f"{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"
    )


class RequestAttachment(Attachment):
    """A file of a request: the local government's, or the office's with its summary."""

    class Part(models.TextChoices):
        REQUEST = "request", _("with the request")
        ANSWER = "answer", _("with the local government's answer")
        OUTCOME = "outcome", _("with the office's summary")

    request = models.ForeignKey(
        AssistanceRequest,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=pgettext_lazy("desk", "request"),
    )
    part = models.CharField(_("part"), max_length=10, choices=Part.choices, default=Part.REQUEST)
    file = models.FileField(
        _("file"), upload_to=attachment_path, max_length=200, validators=[UploadValidator()]
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    history = HistoricalRecords()

    WORKFLOW_FIELDS = ("request", "part", "filename", "content_type", "size", "uploaded_by")

    class Meta(Attachment.Meta):
        verbose_name = _("request attachment")
        verbose_name_plural = _("request attachments")


class RequestEvent(Step):
    """One step of a request: who did what, when, with what they wrote."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("request event", "sent to the office")
        ASKED = "asked", pgettext_lazy("request event", "asked for more information")
        ANSWERED = "answered", pgettext_lazy("request event", "answered the office")
        ACCEPTED = "accepted", pgettext_lazy("request event", "accepted")
        DECLINED = "declined", pgettext_lazy("request event", "declined")
        ASSIGNED = "assigned", pgettext_lazy("request event", "assigned")
        MEETING = "meeting", pgettext_lazy("request event", "recorded a meeting")
        COMPLETED = "completed", pgettext_lazy("request event", "completed")
        RATED = "rated", pgettext_lazy("request event", "rated the help")

    request = models.ForeignKey(
        AssistanceRequest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=pgettext_lazy("desk", "request"),
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)

    WORKFLOW_FIELDS = ("request", "action", "actor", "at", "comment")

    class Meta(Step.Meta):
        verbose_name = _("request event")
        verbose_name_plural = _("request events")


class Meeting(models.Model):
    """A meeting the office arranged for the delegation: with whom, where, when."""

    request = models.ForeignKey(
        AssistanceRequest,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=pgettext_lazy("desk", "request"),
    )
    counterpart = models.CharField(
        _("counterpart"), max_length=200, help_text=_("Who the delegation meets.")
    )
    place = models.CharField(pgettext_lazy("desk", "place"), max_length=200)
    starts_at = models.DateTimeField(pgettext_lazy("desk", "starts"))
    ends_at = models.DateTimeField(pgettext_lazy("desk", "ends"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    history = HistoricalRecords()

    WORKFLOW_FIELDS = ("request", "recorded_by", "recorded_at")

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.counterpart} – {self.starts_at:%Y-%m-%d %H:%M}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class DeskCalendarFeed(models.Model):
    """A staff member's secret address of their office's visits as iCalendar.

    Calendar applications cannot sign in, so the token is the credential: the primary
    key, 256 random bits. It is one person's, for the office they belong to, and is
    dead when they leave that office or their account is deactivated; revoking it
    deletes the row and a new address is made on the next visit to the page.
    """

    token = models.CharField(_("token"), max_length=64, primary_key=True, default=new_feed_token)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="desk_calendar_feed",
        verbose_name=_("user"),
    )
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="+", verbose_name=_("office")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    WORKFLOW_FIELDS = ("token", "user", "office", "created_at")

    class Meta:
        verbose_name = _("desk calendar address")
        verbose_name_plural = _("desk calendar addresses")

    def __str__(self):
        return f"{self.user} – {self.office}"
