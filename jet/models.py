"""The JET Programme: participants, contracting organisations, placements, seminars.

A placement is one participant's contract for one JET year with one contracting
organisation (任用団体). HQ keeps it as a draft until it is published; only then
does the participant see it. Each publication or change of a published placement
raises ``version``, and each version is told to the participant exactly once
(``PlacementNotice``).
"""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from clair_portal.organisations.models import Organisation
from reference.models import LocalGovernment

MAX_YEARS = 5  # a participant may be reappointed up to five years in total
FIRST_JET_YEAR = 1987


class Role(models.TextChoices):
    ALT = "ALT", _("Assistant Language Teacher (ALT)")
    CIR = "CIR", _("Coordinator for International Relations (CIR)")
    SEA = "SEA", _("Sports Exchange Advisor (SEA)")


# --- Participants ----------------------------------------------------------------


class ParticipantQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Participant(models.Model):
    """A person on the JET Programme, known by their JET number across all their years."""

    class Status(models.TextChoices):
        APPOINTED = "appointed", _("appointed")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    jet_number = models.CharField(
        _("JET number"),
        max_length=12,
        unique=True,
        help_text=_("The participant's number for all their years, e.g. 2026-ALT-00123."),
    )
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    nationality = CountryField(_("nationality"), db_index=True)
    role = models.CharField(_("role"), max_length=3, choices=Role.choices, db_index=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Languages the participant speaks, separated by commas."),
    )
    first_arrival_year = models.PositiveSmallIntegerField(_("first arrival year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPOINTED
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jet_participant",
        verbose_name=_("portal account"),
        help_text=_("Created when HQ invites the participant to the portal."),
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True, editable=False)
    invitation_sent_at = models.DateTimeField(
        _("invitation sent"), null=True, blank=True, editable=False
    )
    last_jet_year = models.PositiveSmallIntegerField(
        _("last JET year"),
        null=True,
        blank=True,
        help_text=_(
            "Set when a reappointment is declined: the participant leaves when this "
            "year's contract ends."
        ),
    )

    objects = ParticipantQuerySet.as_manager()
    history = HistoricalRecords()

    # Written by the services only (clair_portal.workflow): the invitation, the reappointment.
    WORKFLOW_FIELDS = ("invited_at", "invitation_sent_at", "last_jet_year")
    # HQ records it from its appointment lists (the admin, the import); no service moves it.
    NOT_WORKFLOW_FIELDS = ("status",)

    class Meta:
        verbose_name = _("JET participant")
        verbose_name_plural = _("JET participants")
        ordering = ["family_name", "given_name", "jet_number"]
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            # The admin's name search, UPPER(name) LIKE UPPER('%word%'), at 140,000 people.
            GinIndex(
                OpClass(Upper("family_name"), name="gin_trgm_ops"),
                name="jet_participant_family_trgm",
            ),
            GinIndex(
                OpClass(Upper("given_name"), name="gin_trgm_ops"), name="jet_participant_given_trgm"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_arrival_year__gte=FIRST_JET_YEAR),
                name="jet_participant_arrival_after_1987",
            )
        ]

    def __str__(self):
        return f"{self.full_name} ({self.jet_number})"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


# --- Contracting organisations ----------------------------------------------------


class ContractingOrganisation(models.Model):
    """A body that employs JET participants: a local government, a board of education, a school."""

    class Kind(models.TextChoices):
        LOCAL_GOVERNMENT = "local_government", _("prefecture or municipality")
        BOARD_OF_EDUCATION = "board_of_education", _("board of education")
        PRIVATE_SCHOOL = "private_school", _("private school")
        OTHER = "other", _("other body")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_(
            "The key used in import files: the JIS code for a prefecture or municipality "
            "itself (e.g. 422011), otherwise a code HQ assigns (e.g. 422011-BOE)."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="jet_organisations",
        verbose_name=_("local government"),
        help_text=_("The prefecture or municipality the organisation is, or belongs to."),
    )
    prefecture = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("prefecture"),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jet_contracting",
        verbose_name=_("organisation on the portal"),
        help_text=_(
            "Whose officers act for it on the portal. Left empty, it is set on saving: the "
            "local government itself for a prefecture, a municipality or its board of "
            "education; the body's own organisation for a school or another body."
        ),
    )

    class Meta:
        verbose_name = _("contracting organisation")
        verbose_name_plural = _("contracting organisations")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        lg = self.local_government
        self.prefecture_id = lg.code if lg.is_prefecture else lg.prefecture_id
        if self.organisation_id is None:
            self.organisation = self.portal_organisation()
        super().save(*args, **kwargs)

    # A board of education is an organ of its prefecture or municipality: the local
    # government's officers answer for it. Other bodies have their own officers.
    ACTS_AS_LOCAL_GOVERNMENT = (Kind.LOCAL_GOVERNMENT, Kind.BOARD_OF_EDUCATION)

    def portal_organisation(self) -> Organisation:
        """The core organisation whose officers act for this contracting organisation."""
        if self.kind in self.ACTS_AS_LOCAL_GOVERNMENT:
            return Organisation.objects.of_local_government(self.local_government_id)
        kind = (
            Organisation.Kind.PRIVATE_SCHOOL
            if self.kind == self.Kind.PRIVATE_SCHOOL
            else Organisation.Kind.OTHER
        )
        organisation, _created = Organisation.objects.get_or_create(
            kind=kind,
            area_id=self.local_government_id,
            name_ja=self.name_ja or self.name,
            defaults={"name": self.name, "name_en": self.name_en or self.name},
        )
        return organisation


# --- Placements -------------------------------------------------------------------


class PlacementQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Placement.State.PUBLISHED)

    def with_related(self):
        return self.select_related("participant", "organisation", "organisation__prefecture")

    def for_participant_user(self, user):
        """The user's own published placements: never a draft, never a withdrawn one."""
        if not user.is_authenticated:
            return self.none()
        return self.published().filter(participant__user=user).with_related()

    def of_organisation(self, organisation):
        """The published placements ``organisation`` employs, latest year first, with their
        participant and reappointment (one query per page)."""
        return (
            self.published()
            .filter(organisation__organisation=organisation)
            .with_related()
            .select_related("reappointment")
            .order_by("-jet_year", "participant__family_name", "participant__given_name", "pk")
        )


class Placement(models.Model):
    """One participant's contract with one contracting organisation for one JET year."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("participant"),
    )
    organisation = models.ForeignKey(
        ContractingOrganisation,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("contracting organisation"),
    )
    role = models.CharField(_("role"), max_length=3, choices=Role.choices)
    jet_year = models.PositiveSmallIntegerField(
        _("JET year"), help_text=_("The year the contract starts, e.g. 2026 for 2026–27.")
    )
    contract_start = models.DateField(_("contract start"))
    contract_end = models.DateField(_("contract end"))
    workplaces = models.JSONField(
        _("workplaces"),
        default=list,
        blank=True,
        help_text=_("Schools or offices where the participant works, each with its address."),
    )
    supervisor_name = models.CharField(_("supervisor"), max_length=200, blank=True)
    supervisor_email = models.EmailField(_("supervisor's e-mail"), blank=True)
    supervisor_phone = models.CharField(_("supervisor's telephone"), max_length=40, blank=True)
    notes = models.TextField(
        _("notes for the participant"),
        blank=True,
        help_text=_("Shown to the participant with the placement."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        editable=False,
        help_text=_("Raised on each publication and each change while published."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)

    objects = PlacementQuerySet.as_manager()
    history = HistoricalRecords()

    # Moved by publish_placements, withdraw_placements and placements_changed only.
    WORKFLOW_FIELDS = ("state", "version", "published_at")
    # Changing any of these on a published placement is news for the participant.
    NOTIFIED_FIELDS = (
        "organisation_id",
        "role",
        "jet_year",
        "contract_start",
        "contract_end",
        "workplaces",
        "supervisor_name",
        "supervisor_email",
        "supervisor_phone",
        "notes",
    )

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-jet_year", "id"]
        indexes = [
            models.Index(fields=["-jet_year", "id"], name="jet_placement_year_id"),
            models.Index(fields=["role", "jet_year"], name="jet_placement_role_year"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "jet_year"], name="jet_one_placement_per_year"
            ),
            models.CheckConstraint(
                condition=Q(contract_end__gt=models.F("contract_start")),
                name="jet_placement_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.participant_id and self.participant.full_name} · {self.jet_year}"

    def clean(self):
        super().clean()
        if self.contract_start and self.contract_end and self.contract_end <= self.contract_start:
            raise ValidationError(
                {"contract_end": _("The contract must end after it starts.")}, code="dates"
            )
        clean_workplaces(self.workplaces)


def clean_workplaces(value) -> None:
    """Workplaces are a list of {"name": ..., "address": ...} with a name each."""
    if not isinstance(value, list) or not all(
        isinstance(w, dict) and set(w) <= {"name", "address"} and str(w.get("name", "")).strip()
        for w in value
    ):
        raise ValidationError(
            {"workplaces": _("Each workplace needs a name, and may have an address.")},
            code="workplaces",
        )


class PlacementNotice(models.Model):
    """One version of a published placement to tell its participant about, exactly once.

    Rows are created in the transaction that publishes or changes the placement;
    Celery tasks work through them in chunks, claiming each (pending → sent) in
    the transaction that writes the participant's notification. A row still
    pending after a while (its task was lost) is queued again by the sweep; the
    claim makes that harmless.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="notices", verbose_name=_("placement")
    )
    version = models.PositiveIntegerField(_("version"))
    first = models.BooleanField(_("first publication"), default=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    WORKFLOW_FIELDS = ("placement", "version", "first", "sent_at")

    class Meta:
        verbose_name = _("placement notice")
        verbose_name_plural = _("placement notices")
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "version"], name="jet_one_notice_per_version"
            )
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="jet_notice_state_created")]

    def __str__(self):
        return f"{self.placement_id} v{self.version} ({self.state})"

    @property
    def event_key(self) -> str:
        return self.key_for(self.placement_id, self.version)

    @staticmethod
    def key_for(placement_id: int, version: int) -> str:
        """The notification's event key: one per placement and version."""
        return f"jet-placement-{placement_id}-v{version}"


# --- Reappointment ------------------------------------------------------------------


class ReappointmentQuerySet(models.QuerySet):
    def of_organisation(self, organisation):
        """Reappointments of ``organisation``'s published placements (its officers' to answer)."""
        return self.filter(
            placement__organisation__organisation=organisation,
            placement__state=Placement.State.PUBLISHED,
        )

    def awaiting_organisation(self):
        """Still waiting for the organisation's answer, and still answerable (deadline not past)."""
        return self.filter(
            organisation_decision=Reappointment.Decision.PENDING,
            deadline__gte=timezone.localdate(),
        )

    def with_related(self):
        return self.select_related(
            "placement__participant", "placement__organisation", "organisation_decided_by"
        )


class Reappointment(models.Model):
    """Whether a participant stays another year: both they and their organisation must agree.

    Opened by ``services.open_reappointment``; answered through
    ``services.decide_reappointment`` (the participant) and, for the organisation,
    ``services.answer_for_organisation`` (its officer, on the portal) or
    ``services.record_organisation_decision`` (HQ, entering an answer given on
    paper); ``organisation_decision_source`` and ``organisation_decided_by`` say
    which and who. When
    both consent, the next year's draft placement is made for HQ to complete
    (``next_placement``); when either declines, the participant's current year
    is their last (``Participant.last_jet_year``) and no draft is made.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", _("not yet answered")
        CONSENTED = "consented", _("consented")
        DECLINED = "declined", _("declined")

    class Source(models.TextChoices):
        ORGANISATION = "organisation", _("answered by the organisation on the portal")
        HQ = "hq", _("entered by HQ on the organisation's behalf")

    placement = models.OneToOneField(
        Placement,
        on_delete=models.CASCADE,
        related_name="reappointment",
        verbose_name=_("current placement"),
    )
    deadline = models.DateField(_("deadline"))
    participant_decision = models.CharField(
        _("participant's decision"),
        max_length=10,
        choices=Decision.choices,
        default=Decision.PENDING,
    )
    participant_decided_at = models.DateTimeField(_("participant decided"), null=True, blank=True)
    organisation_decision = models.CharField(
        _("contracting organisation's decision"),
        max_length=10,
        choices=Decision.choices,
        default=Decision.PENDING,
    )
    organisation_decided_at = models.DateTimeField(
        _("contracting organisation decided"), null=True, blank=True
    )
    organisation_decision_source = models.CharField(
        _("organisation's answer given"),
        max_length=12,
        choices=Source.choices,
        blank=True,
        help_text=_("By the organisation's officer on the portal, or entered by HQ from paper."),
    )
    organisation_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation's answer recorded by"),
        help_text=_("The officer who answered, or the HQ staff member who entered the answer."),
    )
    next_placement = models.OneToOneField(
        Placement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reappointed_from",
        verbose_name=_("next year's placement"),
        help_text=_("The draft made when both sides consented, for HQ to complete and publish."),
    )

    objects = ReappointmentQuerySet.as_manager()
    history = HistoricalRecords()

    WORKFLOW_FIELDS = (
        "participant_decision",
        "participant_decided_at",
        "organisation_decision",
        "organisation_decided_at",
        "organisation_decision_source",
        "organisation_decided_by",
        "next_placement",
    )

    class Meta:
        verbose_name = _("reappointment")
        verbose_name_plural = _("reappointments")

    def __str__(self):
        return f"{self.placement} → {self.placement.jet_year + 1}"

    @property
    def is_open(self) -> bool:
        return timezone.localdate() <= self.deadline

    @property
    def agreed(self) -> bool:
        return (
            self.participant_decision == self.Decision.CONSENTED
            and self.organisation_decision == self.Decision.CONSENTED
        )

    @property
    def declined(self) -> bool:
        return self.Decision.DECLINED in (self.participant_decision, self.organisation_decision)


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
