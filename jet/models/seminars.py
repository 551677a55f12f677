"""Seminars for participants, and each participant's calendar feed of them."""

import secrets

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
