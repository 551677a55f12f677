"""Professional development: CLAIR's and its partners' courses, and who takes part.

A course is run by CLAIR or a partner (JIAM) for local-government or association
officials, or for officials from abroad. An officer of an organisation applies for
themselves or nominates a colleague; the organisation's approver endorses; HQ
selects within the course's capacity, and those who find it full wait in order.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from clair_portal.dates import day
from clair_portal.organisations.models import Membership, Organisation
from training.models.selection import Selection


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def for_officers(self):
        """Courses officers of Japanese bodies apply to (not the seminars for officials abroad)."""
        return self.exclude(audience=Course.Audience.ABROAD)


class Course(models.Model):
    """A course or seminar, with its dates, place, language, audience, capacity and fee."""

    class Provider(models.TextChoices):
        CLAIR = "clair", _("CLAIR")
        JIAM = "jiam", _("JIAM (Japan Intercultural Academy of Municipalities)")

    class Audience(models.TextChoices):
        LOCAL = "local", _("local-government officials")
        ASSOCIATION = "association", _("association officials")
        DOMESTIC = "domestic", _("local-government and association officials")
        ABROAD = "abroad", _("officials from abroad")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("in person and online")

    class Language(models.TextChoices):
        JA = "ja", _("Japanese")
        EN = "en", _("English")
        BOTH = "ja_en", _("Japanese and English")

    provider = models.CharField(_("provider"), max_length=10, choices=Provider.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    mode = models.CharField(_("format"), max_length=10, choices=Mode.choices)
    venue = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Empty for a course held online.")
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    capacity = models.PositiveIntegerField(_("places"))
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    fee = models.PositiveIntegerField(
        _("fee (yen)"), default=0, help_text=_("Per participant; 0 for a course without a fee.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = CourseQuerySet.as_manager()
    # Its history is registered in translation.py, after the translated fields exist.

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="training_course_dates_order"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="training_course_window_order"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({day(self.starts_on)})"

    @property
    def for_abroad(self) -> bool:
        return self.audience == self.Audience.ABROAD

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.is_published and self.opens_at <= moment < self.closes_at


class Approver(models.Model):
    """An officer flagged as the one who endorses their organisation's applications.

    Appointed by HQ in the admin; the flag lapses with the membership (an officer
    who leaves the organisation endorses nothing more).
    """

    membership = models.OneToOneField(
        Membership,
        on_delete=models.PROTECT,
        related_name="training_approver",
        verbose_name=_("officer"),
    )
    is_active = models.BooleanField(pgettext_lazy("training", "active"), default=True)
    appointed_at = models.DateTimeField(
        pgettext_lazy("training", "appointed"), default=timezone.now, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training approver")
        verbose_name_plural = _("training approvers")
        ordering = ["membership__organisation_id", "pk"]

    def __str__(self):
        return str(self.membership)


class ApplicationQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "course",
            "applicant",
            "nominated_by",
            "organisation__local_government__prefecture",
            "organisation__association__serves__prefecture",
            "organisation__area__prefecture",
        )

    def live(self):
        return self.exclude(state__in=Application.CLOSED)


class Application(Selection):
    """An officer's place on a course, from nomination to HQ's selection."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for the approver")
        ENDORSED = "endorsed", _("endorsed, waiting for CLAIR")
        NOT_ENDORSED = "not_endorsed", _("not endorsed")
        SELECTED = "selected", _("selected")
        WAITING = "waiting", _("on the waiting list")
        NOT_SELECTED = "not_selected", _("not selected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    CLOSED = (State.NOT_ENDORSED, State.NOT_SELECTED, State.WITHDRAWN)
    DECIDABLE = (State.ENDORSED, State.WAITING)

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="applications", verbose_name=_("course")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="training_applications",
        verbose_name=pgettext_lazy("training", "applicant"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="training_applications",
        verbose_name=_("organisation"),
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    motivation = models.TextField(
        pgettext_lazy("training", "reason for applying"),
        help_text=_("What the applicant will bring back to the organisation."),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("endorsement by"),
    )
    endorsed_at = models.DateTimeField(_("endorsement"), null=True, blank=True)
    endorsement_comment = models.TextField(_("approver's comment"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ApplicationQuerySet.as_manager()

    # Written by the services only (training.services): applying, endorsing,
    # selecting under the course's lock, promoting from the waiting list, withdrawing.
    WORKFLOW_FIELDS = (
        "course",
        "applicant",
        "organisation",
        "nominated_by",
        "endorsed_by",
        "endorsed_at",
        "endorsement_comment",
        "decided_by",
        "decided_at",
        "decision_comment",
        "waiting_since",
        "withdrawn_at",
        "attended",
        "attendance_recorded_at",
        "attendance_recorded_by",
        "certificate",
        "certificate_made_at",
    )

    class Meta:
        verbose_name = _("course application")
        verbose_name_plural = _("course applications")
        ordering = ["course_id", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "applicant"],
                condition=~Q(state="withdrawn"),
                name="training_one_application_per_course",
            )
        ]

    def __str__(self):
        return f"{self.applicant} – {self.course}"

    @property
    def is_live(self) -> bool:
        return self.state not in self.CLOSED
