"""Partner-seeking requests: a local government's profile, its images and the inquiries
visitors send through the portal."""

import secrets
import uuid
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from clair_portal.organisations.models import Organisation
from clair_portal.security.uploads import UploadValidator
from reference.models import LocalGovernment
from sistercities.models.affiliations import Field

IMAGE_TYPES = ("image/png", "image/jpeg")
PUBLISHED_FOR = timedelta(days=365)
RENEWAL_NOTICE = timedelta(days=30)
# How long after a request lapses its renewal link still works. The notice goes out a
# month before expiry; a contact who reads it late (holidays, a change of staff) may
# still ask to come back for as long again, through moderation. After that the link
# is dead and the local government submits a new request.
RENEWAL_GRACE = timedelta(days=30)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Industry(models.TextChoices):
    AGRICULTURE = "agriculture", pgettext_lazy("industry", "agriculture")
    FISHERIES = "fisheries", pgettext_lazy("industry", "fisheries")
    FORESTRY = "forestry", pgettext_lazy("industry", "forestry")
    MANUFACTURING = "manufacturing", pgettext_lazy("industry", "manufacturing")
    CRAFTS = "crafts", pgettext_lazy("industry", "traditional crafts")
    TOURISM = "tourism", pgettext_lazy("industry", "tourism")
    COMMERCE = "commerce", pgettext_lazy("industry", "commerce and services")
    TECHNOLOGY = "technology", pgettext_lazy("industry", "information technology")
    ENERGY = "energy", pgettext_lazy("industry", "energy")
    PORT = "port", pgettext_lazy("industry", "port and logistics")


# Upper bounds of the population bands matching compares.
POPULATION_BANDS = [10_000, 50_000, 200_000, 1_000_000]


def population_band(population: int | None) -> int | None:
    if population is None:
        return None
    return next((i for i, top in enumerate(POPULATION_BANDS) if population < top), 4)


class PartnerRequestQuerySet(models.QuerySet):
    def published(self):
        """What the public sees: confirmed, published by a moderator and not expired."""
        return self.filter(
            state=PartnerRequest.State.PUBLISHED, expires_at__gt=timezone.now()
        ).select_related("local_government__prefecture")

    def with_images(self):
        return self.prefetch_related(
            Prefetch("images", queryset=RequestImage.objects.order_by("position", "id"))
        )

    def for_moderator(self, user):
        """Requests ``user`` moderates: all for HQ, foreign ones of their office's countries
        for office staff, none for anyone else. Unconfirmed requests and drafts are nobody's
        yet."""
        from clair_portal.accounts.roles import is_hq
        from offices.models import OfficeMembership

        confirmed = self.exclude(
            state__in=[PartnerRequest.State.UNCONFIRMED, PartnerRequest.State.DRAFT]
        ).select_related("local_government__prefecture")
        if is_hq(user):
            return confirmed
        office = OfficeMembership.objects.office_of(user) if user.is_authenticated else None
        if office is None:
            return self.none()
        codes = [country.code for country in office.countries]
        return confirmed.filter(side=PartnerRequest.Side.FOREIGN, country__in=codes)


class PartnerRequest(models.Model):
    """A local government looking for a partner, as it describes itself.

    The contact details are never shown: visitors write through the portal.
    """

    class Side(models.TextChoices):
        JAPANESE = "japanese", _("a Japanese local government")
        FOREIGN = "foreign", _("a local government outside Japan")

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("request state", "draft")
        UNCONFIRMED = "unconfirmed", pgettext_lazy("request state", "e-mail not confirmed")
        PENDING = "pending", pgettext_lazy("request state", "awaiting moderation")
        PUBLISHED = "published", pgettext_lazy("request state", "published")
        REJECTED = "rejected", pgettext_lazy("request state", "rejected")
        EXPIRED = "expired", pgettext_lazy("request state", "expired")
        WITHDRAWN = "withdrawn", pgettext_lazy("request state", "withdrawn")

    side = models.CharField(_("who is seeking"), max_length=10, choices=Side.choices)
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_requests",
        verbose_name=_("Japanese local government"),
    )
    # Set when an officer signed in made the request (sistercities.own_requests): it
    # belongs to that organisation, needs no e-mail confirmation, and its officers edit,
    # renew and withdraw it from the organisation's home. Empty for the public form's.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_requests",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    name = models.CharField(
        _("name of the local government"),
        max_length=200,
        help_text=_("As it should appear in the list, e.g. “City of Ballarat”."),
    )
    country = CountryField(_("country"), db_index=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    population = models.PositiveIntegerField(_("population"))
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    access = models.TextField(_("access from the nearest airport"), blank=True, max_length=1000)
    industries = ArrayField(
        models.CharField(max_length=16, choices=Industry.choices),
        verbose_name=_("main industries"),
        default=list,
        blank=True,
    )
    features = models.TextField(_("features"), blank=True, max_length=3000)
    desired_countries = CountryField(
        _("desired countries"),
        multiple=True,
        blank=True,
        help_text=_("Leave empty for any country."),
    )
    desired_region = models.CharField(
        _("desired region"), max_length=200, blank=True, help_text=_("e.g. “coastal towns”.")
    )
    fields = ArrayField(
        models.CharField(max_length=16, choices=Field.choices),
        verbose_name=_("desired fields of exchange"),
        default=list,
        blank=True,
    )
    expectations = models.TextField(_("what you expect from the exchange"), max_length=3000)
    pr_text = models.TextField(_("introduction"), blank=True, max_length=5000)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_department = models.CharField(_("department"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    language = models.CharField(_("language for e-mails"), max_length=8, default="en")

    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.UNCONFIRMED
    )
    # Two credentials for two purposes: ``token`` confirms the e-mail address, once;
    # ``renewal_token`` renews one publication period and is replaced by each
    # publication and each renewal, so an old renewal link renews nothing.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    renewal_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirmation_sent_at = models.DateTimeField(_("confirmation link sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, db_index=True)
    renewal_sent_at = models.DateTimeField(_("renewal link sent"), null=True, blank=True)
    # Emptied by each moderation decision and set when the submitter has been told of it.
    decision_sent_at = models.DateTimeField(_("decision sent"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderation_note = models.TextField(_("moderation note"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["token", "renewal_token"])
    objects = PartnerRequestQuerySet.as_manager()

    # Moved by the services in sistercities.partnering: confirmation, moderation, renewal.
    WORKFLOW_FIELDS = (
        "confirmation_sent_at",
        "confirmed_at",
        "published_at",
        "expires_at",
        "renewal_sent_at",
        "decision_sent_at",
        "moderated_by",
        "moderation_note",
        "organisation",
        "created_by",
    )

    class Meta:
        verbose_name = _("partner-seeking request")
        verbose_name_plural = _("partner-seeking requests")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(name="partnerrequest_state_expiry", fields=["state", "expires_at"]),
            GinIndex(name="partnerrequest_fields", fields=["fields"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(side="foreign") | Q(local_government__isnull=False),
                name="partnerrequest_japanese_has_local_government",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country.name})"

    def field_labels(self) -> list[str]:
        labels = dict(Field.choices)
        return [str(labels.get(f, f)) for f in self.fields]

    def industry_labels(self) -> list[str]:
        labels = dict(Industry.choices)
        return [str(labels.get(i, i)) for i in self.industries]

    @property
    def population_band(self) -> int | None:
        return population_band(self.population)

    def renewal_link_expires_at(self):
        """When the renewal link stops working: ``RENEWAL_GRACE`` after the listing lapses."""
        return self.expires_at + RENEWAL_GRACE if self.expires_at else None

    def is_lapsed(self, now=None) -> bool:
        """Off the public list by date, whether or not the daily task has marked it."""
        now = now or timezone.now()
        return self.state == self.State.EXPIRED or (
            self.state == self.State.PUBLISHED
            and self.expires_at is not None
            and self.expires_at <= now
        )


def request_image_path(instance, filename):
    return f"partner-requests/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class RequestImage(models.Model):
    request = models.ForeignKey(
        PartnerRequest,
        on_delete=models.CASCADE,
        related_name="images",
        verbose_name=_("partner-seeking request"),
    )
    file = models.FileField(
        _("image"),
        upload_to=request_image_path,
        max_length=200,
        validators=[UploadValidator(allowed_types=IMAGE_TYPES)],
    )
    content_type = models.CharField(_("type"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("image of a request")
        verbose_name_plural = _("images of requests")

    def __str__(self):
        return f"{self.request} #{self.position}"


class Inquiry(models.Model):
    """A visitor's message to a request's contact person, forwarded by e-mail and kept
    for HQ."""

    request = models.ForeignKey(
        PartnerRequest,
        on_delete=models.CASCADE,
        related_name="inquiries",
        verbose_name=_("partner-seeking request"),
    )
    sender_name = models.CharField(_("your name"), max_length=200)
    organisation = models.CharField(_("your local government or organisation"), max_length=200)
    sender_email = models.EmailField(_("your e-mail address"))
    message = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    # When an officer of the request's organisation first opened it on the portal.
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    history = HistoricalRecords()

    WORKFLOW_FIELDS = ("request", "forwarded_at", "read_at")

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.sender_name} → {self.request}"


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=RequestRevision.State.PENDING)

    def with_related(self):
        return self.select_related("request__local_government__prefecture", "proposed_by")


class RequestRevision(models.Model):
    """A changed text of a published request, waiting for its moderators.

    The published text stays up until a moderator accepts the revision, which
    writes ``data`` onto the request (``sistercities.own_requests``); a declined
    revision leaves the request as it was and tells the officer why. One
    revision per request is pending at a time: a newer one replaces it.
    """

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("revision state", "awaiting moderation")
        ACCEPTED = "accepted", pgettext_lazy("revision state", "accepted")
        DECLINED = "declined", pgettext_lazy("revision state", "declined")

    # The fields an officer may change; the rest (who, where, state) stays the request's.
    FIELDS = (
        "name",
        "region",
        "population",
        "area_km2",
        "access",
        "industries",
        "features",
        "desired_countries",
        "desired_region",
        "fields",
        "expectations",
        "pr_text",
        "contact_name",
        "contact_department",
        "contact_email",
        "contact_phone",
    )

    request = models.ForeignKey(
        PartnerRequest,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("partner-seeking request"),
    )
    data = models.JSONField(_("changed text"), encoder=DjangoJSONEncoder)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    history = HistoricalRecords()
    objects = RevisionQuerySet.as_manager()

    # Proposed and decided through sistercities.own_requests only.
    WORKFLOW_FIELDS = (
        "request",
        "data",
        "proposed_by",
        "decided_by",
        "decided_at",
        "decline_reason",
    )

    class Meta:
        verbose_name = _("revision of a request")
        verbose_name_plural = _("revisions of requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(state="pending"),
                name="request_revision_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.request.name} ({self.created_at:%Y-%m-%d})"

    def as_request(self) -> PartnerRequest:
        """The request as it would read with this revision: an unsaved copy, for the page."""
        proposed = PartnerRequest(
            **{
                f.attname: getattr(self.request, f.attname)
                for f in PartnerRequest._meta.concrete_fields
            }
        )
        proposed._state.adding = False  # the same row, changed: not a new one
        proposed._state.db = self.request._state.db
        if self.request.local_government_id:
            proposed.local_government = self.request.local_government  # its cached row
        for name, value in self.data.items():
            setattr(proposed, name, value)
        return proposed

    def changed_fields(self) -> list[str]:
        """The labels of the fields this revision changes, in the current language."""
        proposed = self.as_request()
        return [
            str(PartnerRequest._meta.get_field(name).verbose_name)
            for name in self.FIELDS
            if self.comparable(getattr(proposed, name))
            != self.comparable(getattr(self.request, name))
        ]

    @staticmethod
    def comparable(value):
        """A field's value in one form whether it came from the database or from JSON."""
        if isinstance(value, list | tuple):
            return [str(getattr(v, "code", v)) for v in value]
        if value is None or value == "":
            return None
        if isinstance(value, Decimal):
            return str(value.normalize())
        try:
            return str(Decimal(value).normalize()) if isinstance(value, str) else str(value)
        except InvalidOperation:
            return value
