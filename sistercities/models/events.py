"""Exchange events: the seminar and symposium series CLAIR runs, and their editions."""

from datetime import date

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from clair_portal import dates
from clair_portal.names import LocalisedName, NamedInEveryLanguage
from reference.models import ForeignLocalGovernment, LocalGovernment


class EventSeries(NamedInEveryLanguage, models.Model):
    class Kind(models.TextChoices):
        SEMINAR = "seminar", pgettext_lazy("event kind", "seminar")
        SYMPOSIUM = "symposium", pgettext_lazy("event kind", "symposium")
        CONFERENCE = "conference", pgettext_lazy("event kind", "conference")

    slug = models.SlugField(_("address name"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    since_year = models.PositiveSmallIntegerField(_("held since"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)

    class Meta:
        verbose_name = _("series of exchange events")
        verbose_name_plural = _("series of exchange events")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class EventSeriesName(LocalisedName):
    owner = models.ForeignKey(
        EventSeries, on_delete=models.CASCADE, related_name="names", verbose_name=_("series")
    )


class ExchangeEventQuerySet(models.QuerySet):
    def public(self):
        """Each event with its series and its participants: three queries in all."""
        japanese = LocalGovernment.objects.select_related("prefecture").order_by("code")
        return self.select_related("series").prefetch_related(
            Prefetch("participants", queryset=japanese),
            Prefetch("foreign_participants", queryset=ForeignLocalGovernment.objects.all()),
        )


class ExchangeEvent(models.Model):
    """One edition of a series. Dates may be known only to the month or the year."""

    series = models.ForeignKey(
        EventSeries, on_delete=models.PROTECT, related_name="events", verbose_name=_("series")
    )
    edition = models.PositiveSmallIntegerField(_("edition"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, choices=[(m, m) for m in range(1, 13)]
    )
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    hosts = models.CharField(_("hosts"), max_length=300, blank=True)
    secretariat = models.CharField(_("secretariat"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    participants = models.ManyToManyField(
        LocalGovernment,
        blank=True,
        related_name="exchange_events",
        verbose_name=_("participating Japanese local governments"),
    )
    foreign_participants = models.ManyToManyField(
        ForeignLocalGovernment,
        blank=True,
        related_name="exchange_events",
        verbose_name=_("participating local governments abroad"),
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    objects = ExchangeEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange event")
        verbose_name_plural = _("exchange events")
        ordering = ["-year", "-month", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="exchange_event_one_a_year"),
        ]

    def __str__(self):
        return f"{self.series} {self.year}"

    def last_day(self) -> date:
        """The last day it may run: its own, else the end of its month or year."""
        if self.ends_on or self.starts_on:
            return self.ends_on or self.starts_on
        if self.month:
            following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return date(self.year, 12, 31)

    def is_upcoming(self, today: date) -> bool:
        return self.last_day() >= today

    def when(self) -> str:
        """The date as precisely as it is known, in the current language."""
        if self.starts_on:
            first = dates.day(self.starts_on)
            if self.ends_on and self.ends_on != self.starts_on:
                return f"{first} – {dates.day(self.ends_on)}"
            return first
        if self.month:
            return dates.year_month(date(self.year, self.month, 1))
        return str(self.year)
