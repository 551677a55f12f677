"""The annual partnership survey: who is asked, by which personal link, and what they said."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from clair_portal.languages import STAFF_LANGUAGE_CHOICES
from reference.models import LocalGovernment
from sistercities.models.affiliations import Affiliation, Field
from sistercities.models.partnering import new_token


class PartnershipContact(models.Model):
    """Where the survey of one Japanese local government goes (kept by HQ)."""

    local_government = models.OneToOneField(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="partnership_contact",
        verbose_name=_("Japanese local government"),
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(
        _("language"), max_length=8, choices=STAFF_LANGUAGE_CHOICES, default="ja"
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    # Addresses of people, changed in bulk by imports: HQ can see who changed which.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partnership survey contact")
        verbose_name_plural = _("partnership survey contacts")

    def __str__(self):
        return f"{self.local_government}: {self.email}"


class PartnershipSurvey(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("survey state", "draft")
        OPEN = "open", pgettext_lazy("survey state", "open")
        CLOSED = "closed", pgettext_lazy("survey state", "closed")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    closes_on = models.DateField(
        _("closes on"), help_text=_("The last day answers are accepted; links expire after it.")
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )

    # Moved only by the services in sistercities.surveys, which record who asked (SurveyEvent).
    WORKFLOW_FIELDS = ("opened_at", "opened_by")

    class Meta:
        verbose_name = _("partnership survey")
        verbose_name_plural = _("partnership surveys")
        ordering = ["-year"]

    def __str__(self):
        return str(_("Partnership survey %(year)s") % {"year": self.year})

    def accepts_answers(self) -> bool:
        return self.state == self.State.OPEN and timezone.localdate() <= self.closes_on


class SurveyEvent(models.Model):
    """One step of a survey's life: who opened it, sent links, reminded or closed it, and when.

    ``actor`` is empty for the portal's own daily task, which reminds in the
    last week and closes a survey after its last day.
    """

    class Action(models.TextChoices):
        OPENED = "opened", pgettext_lazy("survey event", "opened")
        LINKS_SENT = "links", pgettext_lazy("survey event", "links sent to new contacts")
        REMINDED = "reminded", pgettext_lazy("survey event", "reminders sent")
        CLOSED = "closed", pgettext_lazy("survey event", "closed")

    survey = models.ForeignKey(
        PartnershipSurvey, on_delete=models.CASCADE, related_name="events", verbose_name=_("survey")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty for the portal's daily task."),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    WORKFLOW_FIELDS = ("survey", "action", "actor", "at")

    class Meta:
        verbose_name = _("survey event")
        verbose_name_plural = _("survey events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class SurveyInvitationQuerySet(models.QuerySet):
    def open_by_token(self, token: str):
        """The invitation behind a personal link, only while its survey takes answers."""
        return self.select_related("survey", "local_government").filter(
            token=token,
            survey__state=PartnershipSurvey.State.OPEN,
            survey__closes_on__gte=timezone.localdate(),
        )

    def open_for(self, local_government_id: str):
        """The government's invitation to the survey open now, for a signed-in officer."""
        return self.select_related("survey", "local_government").filter(
            local_government_id=local_government_id,
            survey__state=PartnershipSurvey.State.OPEN,
            survey__closes_on__gte=timezone.localdate(),
        )


class SurveyInvitation(models.Model):
    """One local government's personal link to one survey."""

    survey = models.ForeignKey(
        PartnershipSurvey,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("survey"),
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("Japanese local government"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    email = models.EmailField(_("sent to"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="ja")
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True, db_index=True)

    objects = SurveyInvitationQuerySet.as_manager()

    # Made by opening the survey; sent, reminded and answered through the services.
    WORKFLOW_FIELDS = ("survey", "local_government", "sent_at", "reminded_at", "responded_at")

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["local_government_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "local_government"], name="survey_invitation_once"
            )
        ]

    def __str__(self):
        return f"{self.survey.year}: {self.local_government}"


class SurveyAnswer(models.Model):
    invitation = models.ForeignKey(
        SurveyInvitation,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("invitation"),
    )
    affiliation = models.ForeignKey(
        Affiliation,
        on_delete=models.CASCADE,
        related_name="survey_answers",
        verbose_name=_("affiliation"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Affiliation.Status.choices)
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    fields = ArrayField(
        models.CharField(max_length=16, choices=Field.choices),
        verbose_name=_("fields of exchange this year"),
        default=list,
        blank=True,
    )
    activities = models.TextField(_("activities this year"), blank=True, max_length=3000)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The local government's own answers, given through its personal link.
    WORKFLOW_FIELDS = ("invitation", "affiliation", "ended_on", "fields", "activities")

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "affiliation"], name="survey_answer_once"
            ),
            models.CheckConstraint(
                condition=Q(status="ended", ended_on__isnull=False) | ~Q(status="ended"),
                name="survey_answer_ended_has_end_date",
            ),
        ]

    def __str__(self):
        return f"{self.invitation}: {self.affiliation_id}"
