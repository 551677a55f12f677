"""Confidential consultations with the Guidance and Counselling Division and Prefectural Advisors.

A consultation is opened by a JET participant (by name or anonymously) or by a
contracting organisation's officer, and is a thread of messages. Its content
(the messages and the contact details) is read only through the services in
``jet.counselling``, which log every reading; no admin shows it, no history
table copies it, and no export or dataset includes it. The metadata kept for
statistics (topic, month, prefecture, role, time to first answer, outcome)
outlives the content, which the retention task deletes.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clair_portal.organisations.models import Organisation
from jet.models.placements import Participant, Role
from reference.models import LocalGovernment

# The Guidance and Counselling Division's groups. Neither is ranked among the roles
# (clair_portal.accounts.roles), so only a superuser grants them: HQ staff cannot
# make themselves, or a colleague, readers of consultations.
COUNSELLORS = "JET counsellors"
COUNSELLING_LEAD = "JET counselling lead"
# Held by every account with an active PA post (kept by PrefecturalAdvisor.save), so that
# the header knows who may be a PA from the groups it reads anyway, without a query.
PREFECTURAL_ADVISORS = "JET Prefectural Advisors"


class Topic(models.TextChoices):
    WORK = "work", _("work")
    HEALTH = "health", _("health")
    MENTAL_HEALTH = "mental_health", _("mental health")
    HARASSMENT = "harassment", _("harassment")
    HOUSING = "housing", _("housing")
    MONEY = "money", _("money")
    VISA = "visa", _("visa and residence")
    FAMILY = "family", _("family")
    OTHER = "other", _("other")


class ConsultationQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("prefecture", "assigned_to", "organisation")

    def awaiting_answer(self):
        """Open, and the last word is the opener's (or nobody has answered yet)."""
        return self.filter(state=Consultation.State.OPEN, awaiting_staff=True)


class Consultation(models.Model):
    """One request for help: who may read it is decided by ``jet.counselling.access``."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("not urgent")
        URGENT = "urgent", _("urgent: someone's safety is at risk")

    class Contact(models.TextChoices):
        PORTAL = "portal", _("messages on the portal")
        EMAIL = "email", _("e-mail")
        PHONE = "phone", _("telephone")
        MEETING = "meeting", _("a meeting in person or by video")

    class Route(models.TextChoices):
        CLAIR = "clair", _("CLAIR's counsellors")
        PA = "pa", _("my Prefectural Advisor")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("resolved")
        ADVICE = "advice", _("advice given")
        REFERRED = "referred", _("referred to a specialist service")
        ORGANISATION = "organisation", _("resolved with the contracting organisation")
        NO_REPLY = "no_reply", _("no reply from the person")
        WITHDRAWN = "withdrawn", _("withdrawn by the person")

    class Opener(models.TextChoices):
        PARTICIPANT = "participant", _("JET participant")
        ORGANISATION = "organisation", _("contracting organisation")

    # Who opened it: the account (never shown to staff when anonymous), and for whom.
    # The retention task empties the account and the participant with the content.
    opener = models.CharField(_("opened by"), max_length=12, choices=Opener.choices)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("participant"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jet_consultations",
        verbose_name=_("organisation"),
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # Kept for statistics after the content is deleted; read when it was opened.
    prefecture = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prefecture"),
    )
    role = models.CharField(_("role"), max_length=3, choices=Role.choices, blank=True)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    contact = models.CharField(
        _("preferred way of contact"), max_length=8, choices=Contact.choices, default=Contact.PORTAL
    )
    contact_details = models.CharField(_("contact details"), max_length=200, blank=True)
    route = models.CharField(_("sent to"), max_length=8, choices=Route.choices, default=Route.CLAIR)
    organisation_may_be_told = models.BooleanField(
        _("the contracting organisation may be told"), default=False
    )

    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    awaiting_staff = models.BooleanField(_("awaiting an answer"), default=True)
    created_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    first_answer_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    # Urgent ones: acknowledged by a counsellor; until then the lead is told every hour.
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    duty_notified_at = models.DateTimeField(_("counsellor on duty told"), null=True, blank=True)
    next_escalation_at = models.DateTimeField(_("lead told next"), null=True, blank=True)
    escalations = models.PositiveSmallIntegerField(_("times the lead was told"), default=0)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    content_deleted_at = models.DateTimeField(_("content deleted"), null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    # No history on purpose: a history table would copy the contact details past the
    # retention task and into the admin. The reading log and the messages are the record.
    WORKFLOW_FIELDS = (
        "state",
        "assigned_to",
        "awaiting_staff",
        "first_answer_at",
        "acknowledged_at",
        "duty_notified_at",
        "next_escalation_at",
        "escalations",
        "closed_at",
        "outcome",
        "rating",
        "content_deleted_at",
    )

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "route", "prefecture"], name="jet_consult_queue"),
            models.Index(
                fields=["next_escalation_at"],
                name="jet_consult_escalation",
                condition=Q(next_escalation_at__isnull=False),
            ),
            models.Index(
                fields=["closed_at"],
                name="jet_consult_retention",
                condition=Q(state="closed", content_deleted_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="jet_consultation_rating_1_to_5",
            ),
        ]

    def __str__(self):
        # Never the opener's name: this is what lists and logs show.
        return f"#{self.pk} · {self.get_topic_display()}"

    @property
    def is_urgent(self) -> bool:
        return self.urgency == self.Urgency.URGENT

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class ConsultationMessage(models.Model):
    """One message of the thread. Never in the admin and without history (confidential)."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("consultation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    from_opener = models.BooleanField(_("from the person who asked"))
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("consultation message")
        verbose_name_plural = _("consultation messages")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"#{self.consultation_id} · {self.pk}"


class ConsultationReading(models.Model):
    """Who read a consultation, and when: shown to the counselling lead only."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="readings",
        verbose_name=_("consultation"),
    )
    # Empty when the person who asked read it without giving their name.
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reader"),
    )
    by_opener = models.BooleanField(_("by the person who asked"), default=False)
    read_at = models.DateTimeField(_("read"), default=timezone.now)

    class Meta:
        verbose_name = _("consultation reading")
        verbose_name_plural = _("consultation readings")
        ordering = ["-read_at", "-id"]

    def __str__(self):
        return f"#{self.consultation_id} · {self.reader_id} · {self.read_at:%Y-%m-%d %H:%M}"


class PrefecturalAdvisorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class PrefecturalAdvisor(models.Model):
    """A Prefectural Advisor (PA), named by HQ for one prefecture."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="jet_advisor_posts",
        verbose_name=_("portal account"),
        limit_choices_to={"is_staff": False, "is_superuser": False},
        help_text=_("An account without admin access: HQ staff cannot read consultations."),
    )
    prefecture = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        limit_choices_to={"kind": "prefecture"},
        related_name="+",
        verbose_name=_("prefecture"),
    )
    name = models.CharField(_("name shown to participants"), max_length=200)
    email = models.EmailField(_("e-mail address shown to participants"), blank=True)
    phone = models.CharField(_("telephone shown to participants"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = PrefecturalAdvisorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Prefectural Advisor")
        verbose_name_plural = _("Prefectural Advisors")
        ordering = ["prefecture", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "prefecture"], name="jet_one_advisor_post_per_prefecture"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.prefecture})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.sync_group(self.user)

    def delete(self, *args, **kwargs):
        user = self.user
        result = super().delete(*args, **kwargs)
        self.sync_group(user)
        return result

    def clean(self):
        super().clean()
        user = self.user if self.user_id else None
        if user is not None and (user.is_staff or user.is_superuser):
            raise ValidationError(
                {"user": _("A Prefectural Advisor's account may not have admin access.")},
                code="staff",
            )

    @staticmethod
    def sync_group(user) -> None:
        """The account is in the PAs' group exactly while it holds an active post."""
        from django.contrib.auth.models import Group

        group, _created = Group.objects.get_or_create(name=PREFECTURAL_ADVISORS)
        if PrefecturalAdvisor.objects.filter(user=user, is_active=True).exists():
            user.groups.add(group)
        else:
            user.groups.remove(group)


class DutyShift(models.Model):
    """The duty rota HQ keeps: who answers urgent consultations at what time."""

    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"groups__name": COUNSELLORS, "is_active": True},
        verbose_name=_("counsellor"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty rota")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="jet_duty_when")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="jet_duty_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.counsellor} · {self.starts_at:%Y-%m-%d %H:%M}"


class SelfHelpPage(models.Model):
    """A short page of help for one topic, in English and Japanese, edited by HQ."""

    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices, primary_key=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"), help_text=_("Plain text; an empty line starts a new paragraph.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("self-help page")
        verbose_name_plural = _("self-help pages")
        ordering = ["topic"]

    def __str__(self):
        return self.title


class CounsellingHours(models.Model):
    """When the counsellors answer, one row per weekday (and time range)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("E.g. “except public holidays”.")
    )

    class Meta:
        verbose_name = _("counselling hours")
        verbose_name_plural = _("counselling hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="jet_hours_close_after_opening"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"
