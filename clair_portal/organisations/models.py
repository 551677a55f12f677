"""The organisations local officers act for, and who belongs to which.

An organisation is a Japanese local government of the reference data, a regional
international exchange association, or another body that employs JET
participants (a board of education, a private school). Each officer belongs to
one organisation at a time (``Membership``); leaving it ends the membership,
which is kept with its history, and never deletes anything.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clair_portal.decisions import Decided
from clair_portal.languages import STAFF_LANGUAGE_CHOICES
from reference.models import LocalGovernment, RegionalAssociation


class OrganisationQuerySet(models.QuerySet):
    def with_names(self):
        """With what ``str()`` and the prefecture need, in the one query."""
        return self.select_related(
            "local_government__prefecture", "association__serves__prefecture", "area__prefecture"
        )

    def of_local_government(self, local_government) -> "Organisation":
        """The organisation of a Japanese local government (or its code), made on first use."""
        organisation, _created = self.get_or_create(
            local_government_id=getattr(local_government, "pk", local_government),
            defaults={"kind": Organisation.Kind.LOCAL_GOVERNMENT},
        )
        return organisation

    def of_association(self, association) -> "Organisation":
        """The organisation of a regional international exchange association, made on first use."""
        organisation, _created = self.get_or_create(
            association_id=getattr(association, "pk", association),
            defaults={"kind": Organisation.Kind.ASSOCIATION},
        )
        return organisation


class Organisation(models.Model):
    """A body whose officers sign in to the portal to act for it."""

    class Kind(models.TextChoices):
        LOCAL_GOVERNMENT = "local_government", _("prefecture or municipality")
        ASSOCIATION = "association", _("regional international exchange association")
        BOARD_OF_EDUCATION = "board_of_education", _("board of education")
        PRIVATE_SCHOOL = "private_school", _("private school")
        OTHER = "other", _("other body")

    # The kinds without a record of the reference data: they carry their own name.
    OWN_NAME = (Kind.BOARD_OF_EDUCATION, Kind.PRIVATE_SCHOOL, Kind.OTHER)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    local_government = models.OneToOneField(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        verbose_name=_("local government"),
    )
    association = models.OneToOneField(
        RegionalAssociation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        verbose_name=_("association"),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Only for a body that is neither a local government nor an association."),
    )
    area = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("local government it belongs to"),
        help_text=_("For a board of education or a school: the prefecture or municipality."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = OrganisationQuerySet.as_manager()
    # Its history is registered in translation.py, after the translated name exists.

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="local_government",
                        local_government__isnull=False,
                        association__isnull=True,
                    )
                    | Q(
                        kind="association", association__isnull=False, local_government__isnull=True
                    )
                    | Q(
                        kind__in=["board_of_education", "private_school", "other"],
                        local_government__isnull=True,
                        association__isnull=True,
                        area__isnull=False,
                    )
                ),
                name="organisation_kind_matches_its_record",
            )
        ]

    def __str__(self):
        if self.local_government_id:
            return self.local_government.display_name(get_language())
        if self.association_id:
            return str(self.association)
        return self.name

    @property
    def prefecture(self) -> LocalGovernment:
        """The prefecture the organisation is, or belongs to."""
        government = self.local_government or self.area or self.association.serves
        return government if government.is_prefecture else government.prefecture

    @property
    def home_government(self) -> LocalGovernment:
        """The local government the organisation is, serves or belongs to."""
        return self.local_government or self.area or self.association.serves


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)

    def of(self, organisation):
        return self.filter(organisation=organisation)


class Membership(models.Model):
    """That a person acts for an organisation: from an invitation or an approved request.

    A person belongs to one organisation at a time (a partial unique constraint);
    a membership ends by deactivation (``is_active``, ``ended_at``), never by
    deletion, so what the person did for the organisation keeps its author.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organisation_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    invitation_sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    # Written by the services only (clair_portal.organisations.services): invitation,
    # approval and deactivation, each recorded with who did it.
    WORKFLOW_FIELDS = (
        "user",
        "organisation",
        "is_active",
        "started_at",
        "ended_at",
        "ended_by",
        "invited_by",
        "invited_at",
        "invitation_sent_at",
    )

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        ordering = ["organisation_id", "-is_active", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_active=True),
                name="membership_one_active_organisation_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.organisation})"


class AccountRequest(Decided):
    """Someone asks for an account to act for their organisation; HQ approves or declines."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for HQ")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, choices=STAFF_LANGUAGE_CHOICES, default="ja"
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("local government"),
    )
    organisation_name = models.CharField(
        _("name of the organisation"),
        max_length=200,
        blank=True,
        help_text=_(
            "When it is not the local government itself: an association, a board, a school."
        ),
    )
    message = models.TextField(_("message"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account_requests",
        verbose_name=_("organisation"),
        help_text=_(
            "The organisation the account will act for. Left empty, approving uses the "
            "local government's own organisation."
        ),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    membership = models.OneToOneField(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="request",
        verbose_name=_("membership"),
    )
    decision_sent_at = models.DateTimeField(_("decision sent"), null=True, blank=True)

    history = HistoricalRecords()

    # Decided through services.approve_request / decline_request only.
    WORKFLOW_FIELDS = (
        *Decided.DECISION_FIELDS,
        "membership",
        "decision_sent_at",
    )

    class Meta:
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")
        ordering = ["-created_at"]

    def __str__(self):
        place = self.organisation_name or self.local_government or ""
        return f"{self.full_name} <{self.email}> ({place})"
