"""Seminars for participants, and each participant's calendar feed of them."""

import secrets

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jet.models.placements import Participant, Role
from reference.models import LocalGovernment

# --- Seminars ------------------------------------------------------------------------


class SeminarQuerySet(models.QuerySet):
    def for_placement(self, placement):
        """Seminars of the placement's year for its role (or all roles) and prefecture (or all)."""
        return (
            self.filter(jet_year=placement.jet_year)
            .filter(Q(roles=[]) | Q(roles__contains=[placement.role]))
            .filter(
                Q(prefecture__isnull=True) | Q(prefecture_id=placement.organisation.prefecture_id)
            )
            .select_related("prefecture")
            .order_by("starts_at", "id")
        )


class Seminar(models.Model):
    """A conference for JET participants, targeted by JET year, role and prefecture."""

    class Kind(models.TextChoices):
        ORIENTATION = "orientation", _("post-arrival orientation")
        MID_YEAR = "mid_year", _("mid-year seminar")
        SKILL_DEVELOPMENT = "skills", _("skill development conference")
        OTHER = "other", _("other seminar")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    jet_year = models.PositiveSmallIntegerField(_("JET year"), db_index=True)
    roles = ArrayField(
        models.CharField(max_length=3, choices=Role.choices),
        blank=True,
        default=list,
        verbose_name=_("roles"),
        help_text=_("Leave empty for every role."),
    )
    prefecture = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": "prefecture"},
        related_name="+",
        verbose_name=_("prefecture"),
        help_text=_("Leave empty for participants in every prefecture."),
    )

    # Registration: off for seminars every targeted participant simply attends.
    registration = models.BooleanField(
        _("participants register"),
        default=False,
        help_text=_("Participants it targets register on the portal, within the capacity."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Places; further registrations join the waiting list. Empty: no limit."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Empty: until the seminar starts."),
    )

    objects = SeminarQuerySet.as_manager()

    class Meta:
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="jet_seminar_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def registration_closes_at(self):
        return self.registration_deadline or self.starts_at


class SeminarRegistration(models.Model):
    """One participant's place (or place on the waiting list) at one seminar.

    Written by ``jet.registrations`` only, under a lock on the seminar's row, so
    that concurrent registrations never overbook it; the waiting list is promoted
    in order (``created_at``, then id) when someone cancels.
    """

    class State(models.TextChoices):
        REGISTERED = "registered", _("registered")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    seminar = models.ForeignKey(
        Seminar, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("seminar")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="seminar_registrations",
        verbose_name=_("participant"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    promoted_at = models.DateTimeField(_("given a place"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    attended = models.BooleanField(
        _("attended"), null=True, blank=True, help_text=_("Recorded by HQ after the seminar.")
    )

    history = HistoricalRecords()

    WORKFLOW_FIELDS = (
        "seminar",
        "participant",
        "state",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "reminder_sent_at",
    )

    class Meta:
        verbose_name = _("seminar registration")
        verbose_name_plural = _("seminar registrations")
        ordering = ["seminar", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seminar", "participant"],
                condition=~Q(state="cancelled"),
                name="jet_one_live_registration_per_seminar",
            )
        ]
        indexes = [
            models.Index(fields=["seminar", "state", "created_at"], name="jet_registration_queue")
        ]

    def __str__(self):
        return f"{self.seminar_id} · {self.participant_id} ({self.state})"


# --- The personal calendar feed ------------------------------------------------------


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A participant's secret calendar address; revoking it deletes the row and makes a new one.

    Calendar applications cannot sign in, so the token is the credential: it is
    the primary key, 256 random bits, and a revoked one answers 404 like any
    other unknown address.
    """

    token = models.CharField(_("token"), max_length=64, primary_key=True, default=new_feed_token)
    participant = models.OneToOneField(
        Participant,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("participant"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.participant_id)
