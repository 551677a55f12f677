"""The seminars for officials of local governments abroad: their programme, the
applications sent through the public site, and the selected participants' logistics.

An official applies without an account and confirms their e-mail address by a
link; the application then goes to the overseas office responsible for their
country, which endorses or declines it before HQ selects within the places.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from clair_portal.checklists import ChecklistItem
from clair_portal.dates import day
from clair_portal.languages import STAFF_LANGUAGE_CHOICES
from offices.models import Office
from training.models.courses import Course
from training.models.selection import Selection


def new_token() -> str:
    return secrets.token_urlsafe(32)


class ProgrammeItem(models.Model):
    """One part of a seminar's programme: lectures in Tokyo, then the regions visited."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="programme", verbose_name=_("course")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    place = models.CharField(_("place"), max_length=200)
    activity = models.TextField(_("activity"))

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["course", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="training_programme_item_dates_order",
            )
        ]

    def __str__(self):
        return f"{day(self.starts_on)} {self.place}"


class OverseasApplicationQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("course", "office", "endorsed_by", "decided_by")

    def for_office(self, office):
        return self.filter(office=office).exclude(state=OverseasApplication.State.UNCONFIRMED)


class OverseasApplication(Selection):
    """An official of a foreign local government applies for a seminar, without an account."""

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("e-mail address not yet confirmed")
        AT_OFFICE = "at_office", _("waiting for the overseas office")
        ENDORSED = "endorsed", _("endorsed by the office, waiting for CLAIR")
        NOT_ENDORSED = "not_endorsed", _("not endorsed by the office")
        SELECTED = "selected", _("selected")
        WAITING = "waiting", _("on the waiting list")
        NOT_SELECTED = "not_selected", _("not selected")

    DECIDABLE = (State.ENDORSED, State.WAITING)
    # What the applicant is told by e-mail, once per state reached.
    TOLD = (State.NOT_ENDORSED, State.SELECTED, State.WAITING, State.NOT_SELECTED)

    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        related_name="overseas_applications",
        verbose_name=pgettext_lazy("training", "seminar"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(
        _("language for e-mails"), max_length=8, choices=STAFF_LANGUAGE_CHOICES, default="en"
    )
    country = CountryField(_("country"))
    local_government = models.CharField(
        _("local government"),
        max_length=200,
        help_text=_("The local government you work for, as it names itself in English."),
    )
    position = models.CharField(pgettext_lazy("training", "position"), max_length=200)
    motivation = models.TextField(
        pgettext_lazy("training", "reason for applying"),
        help_text=_("What you hope to learn, and how your local government will use it."),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.UNCONFIRMED, db_index=True
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    # Two credentials for two purposes: ``token`` confirms the address, once, while the
    # application is unconfirmed; ``participant_token`` opens the selected participant's
    # programme and checklist, while they are selected.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    participant_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seminar_applications",
        verbose_name=_("overseas office"),
        help_text=_("The office responsible for the applicant's country; none: HQ."),
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office's answer by"),
    )
    endorsed_at = models.DateTimeField(_("office's answer"), null=True, blank=True)
    endorsement_comment = models.TextField(_("office's comment"), blank=True)
    decision_sent_at = models.DateTimeField(_("decision sent"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["token", "participant_token"])
    objects = OverseasApplicationQuerySet.as_manager()

    # Written by the services only (training.abroad): confirmation, routing to the
    # office, its answer, HQ's selection under the course's lock, the e-mails sent.
    WORKFLOW_FIELDS = (
        "course",
        "confirmation_sent_at",
        "confirmed_at",
        "office",
        "endorsed_by",
        "endorsed_at",
        "endorsement_comment",
        "decided_by",
        "decided_at",
        "decision_comment",
        "waiting_since",
        "decision_sent_at",
        "attended",
        "attendance_recorded_at",
        "attendance_recorded_by",
        "certificate",
        "certificate_made_at",
    )

    class Meta:
        verbose_name = _("seminar application from abroad")
        verbose_name_plural = _("seminar applications from abroad")
        ordering = ["course_id", "created_at", "pk"]

    def __str__(self):
        return f"{self.full_name} ({self.local_government}, {self.country.code})"


class ParticipantTask(ChecklistItem):
    """A selected participant's logistics task, due before the seminar's first day."""

    class Kind(models.TextChoices):
        VISA = "visa", _("visa application")
        FLIGHTS = "flights", _("flights")
        INSURANCE = "insurance", _("insurance")
        ACCOMMODATION = "accommodation", _("accommodation")

    application = models.ForeignKey(
        OverseasApplication,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("participant"),
    )
    kind = models.CharField(_("task"), max_length=16, choices=Kind.choices)

    class Meta(ChecklistItem.Meta):
        verbose_name = _("participant's logistics task")
        verbose_name_plural = _("participants' logistics tasks")
        ordering = ["due_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"], name="training_participant_task_once"
            )
        ]
        indexes = [
            models.Index(fields=["done_on", "reminded_at", "due_on"], name="training_task_due")
        ]
