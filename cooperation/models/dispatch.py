"""Dispatch requests from local governments abroad, and the dispatches that answer them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from clair_portal.accounts.roles import OFFICE_STAFF, has_role, is_hq
from cooperation.languages import LANGUAGE_CHOICES

# A dispatch lasts at most three months; 92 days covers any three calendar months.
MAX_DISPATCH_DAYS = 92


class DispatchRequestQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("foreign_government", "selected_specialist")

    def visible_to(self, user):
        """HQ sees every request; office staff those from their office's countries; others none."""
        from offices.models import OfficeMembership

        if is_hq(user):
            return self
        if has_role(user, OFFICE_STAFF):
            office = OfficeMembership.objects.office_of(user)
            if office is not None and office.countries:
                return self.filter(country__in=[c.code for c in office.countries])
        return self.none()


class DispatchRequest(models.Model):
    """A local government abroad asks for a Japanese specialist for up to three months."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        SELECTED = "selected", _("specialist selected")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    foreign_government = models.ForeignKey(
        "reference.ForeignLocalGovernment",
        on_delete=models.PROTECT,
        related_name="dispatch_requests",
        verbose_name=_("requesting local government"),
    )
    # Copied from the requesting government: offices see requests by country.
    country = CountryField(_("country"), db_index=True)
    fields = models.ManyToManyField(
        "cooperation.Field", related_name="dispatch_requests", verbose_name=_("fields")
    )
    language = models.CharField(_("working language"), max_length=8, choices=LANGUAGE_CHOICES)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    description = models.TextField(_("description"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    selected_specialist = models.ForeignKey(
        "cooperation.Specialist",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="selected_for",
        verbose_name=_("selected specialist"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered"), default=timezone.now)
    is_demo = models.BooleanField(
        _("demo record"), default=False, editable=False, help_text=_("Invented by the demo data.")
    )

    objects = DispatchRequestQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[fields])

    # Entered by services.create_request (the three-month limit, the office's countries,
    # the country copied from the government); selected by services.select_specialist.
    WORKFLOW_FIELDS = (
        "foreign_government",
        "country",
        "starts_on",
        "ends_on",
        "selected_specialist",
        "entered_by",
        "created_at",
    )

    class Meta:
        verbose_name = _("dispatch request")
        verbose_name_plural = _("dispatch requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="request_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.foreign_government.name_en}: {self.starts_on:%Y-%m}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class DispatchQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("request__foreign_government", "specialist")

    def visible_to(self, user):
        return self.filter(request__in=DispatchRequest.objects.visible_to(user))


class Dispatch(models.Model):
    """The dispatch of one specialist in answer to one request."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        AGREED = "agreed", _("agreement signed")
        UNDER_WAY = "under_way", _("under way")
        COMPLETED = "completed", _("completed")
        REPORTED = "reported", _("report received")
        CANCELLED = "cancelled", _("cancelled")

    # Which state may follow which; the service refuses any other step.
    TRANSITIONS = {
        State.PLANNED: {State.AGREED, State.CANCELLED},
        State.AGREED: {State.UNDER_WAY, State.CANCELLED},
        State.UNDER_WAY: {State.COMPLETED},
        State.COMPLETED: {State.REPORTED},
        State.REPORTED: set(),
        State.CANCELLED: set(),
    }
    # Dispatches that count as experience when ranking candidates.
    DONE = [State.COMPLETED, State.REPORTED]
    # Dispatches not yet finished: their specialist cannot be deactivated.
    UNFINISHED = [State.PLANNED, State.AGREED, State.UNDER_WAY]

    request = models.ForeignKey(
        DispatchRequest,
        on_delete=models.PROTECT,
        related_name="dispatches",
        verbose_name=_("request"),
    )
    specialist = models.ForeignKey(
        "cooperation.Specialist",
        on_delete=models.PROTECT,
        related_name="dispatches",
        verbose_name=_("specialist"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED, db_index=True
    )
    agreement_reference = models.CharField(_("agreement reference"), max_length=100, blank=True)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    cost_clair_yen = models.PositiveIntegerField(_("cost borne by CLAIR (yen)"), default=0)
    cost_host_yen = models.PositiveIntegerField(_("cost borne by the host (yen)"), default=0)
    report = models.TextField(_("post-dispatch report"), blank=True)
    reported_on = models.DateField(_("report received on"), null=True, blank=True)

    objects = DispatchQuerySet.as_manager()
    history = HistoricalRecords()

    # Made by services.select_specialist, moved by services.update_dispatch (the
    # transitions, the three-month limit, the specialist's other dispatches).
    # What the dispatch's record holds beyond its state: the agreement, the dates, the
    # costs and the report (the admin's and the pages' forms pass them to the service).
    RECORD_FIELDS = (
        "agreement_reference",
        "agreement_signed_on",
        "starts_on",
        "ends_on",
        "cost_clair_yen",
        "cost_host_yen",
        "report",
        "reported_on",
    )
    WORKFLOW_FIELDS = ("request", "specialist", *RECORD_FIELDS)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="dispatch_ends_after_start"
            ),
            # A cancelled dispatch stays on record; only one other per request.
            models.UniqueConstraint(
                fields=["request"],
                condition=~Q(state="cancelled"),
                name="one_live_dispatch_per_request",
            ),
        ]
        indexes = [models.Index(fields=["specialist", "state"])]

    def __str__(self):
        return f"{self.specialist} → {self.request.foreign_government.name_en}"

    @property
    def total_cost_yen(self) -> int:
        return self.cost_clair_yen + self.cost_host_yen
