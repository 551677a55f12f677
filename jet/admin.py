from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

import jet.counselling.admin  # noqa: F401  (registers the counselling admins)
from clair_portal.errors import show_refusals
from clair_portal.tabular.admin import TabularImportExportMixin
from clair_portal.workflow import HistoryAdmin, ServiceForm, WorkflowAdminMixin
from jet import registrations, services
from jet.models import (
    FIRST_JET_YEAR,
    ContractingOrganisation,
    Participant,
    Placement,
    PlacementNotice,
    Reappointment,
    Seminar,
    SeminarRegistration,
    clean_workplaces,
)
from jet.resources import ParticipantImport, PlacementImport


class ParticipantSearchMixin:
    """Search by JET number or name, each word served by an index.

    A word matches a JET number exactly (the unique index; typed in any case)
    or appears in a family or given name (the trigram indexes on the upper-cased
    names). Django's own search would compare UPPER(jet_number), which no index
    serves, and at 700,000 placements that made every search a full scan. A
    word with an @ matches an e-mail address exactly.
    """

    participant_path = ""
    search_fields = ("jet_number", "family_name", "given_name")  # shows the search box
    search_help_text = _("A JET number, or part of a family or given name.")

    def get_search_results(self, request, queryset, search_term):
        path = self.participant_path
        condition = Q()
        for word in search_term.split():
            if "@" in word:
                condition &= Q(**{f"{path}email__iexact": word})
                continue
            condition &= (
                Q(**{f"{path}jet_number__in": {word, word.upper()}})
                | Q(**{f"{path}family_name__icontains": word})
                | Q(**{f"{path}given_name__icontains": word})
            )
        return queryset.filter(condition), False


class IdsFirstPaginator(Paginator):
    """Pages that find their rows' ids first, then join only those rows.

    Page 200 of the placements (OFFSET 9,950) otherwise joins participant,
    organisation and prefecture for the 9,950 rows it skips; the ids alone come
    from an index.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self.object_list.values("pk")[bottom : bottom + self.per_page]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


class YearFilter(admin.SimpleListFilter):
    """JET years from the programme's start to next year, without scanning the table."""

    title = _("JET year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        this_year = timezone.localdate().year
        return [(str(y), str(y)) for y in range(this_year + 1, FIRST_JET_YEAR - 1, -1)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(jet_year=int(self.value()))
        return queryset


class PrefectureFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        from reference.models import LocalGovernment

        return [(lg.code, lg.display_name()) for lg in LocalGovernment.objects.prefectures()]


@admin.register(Participant)
class ParticipantAdmin(
    ParticipantSearchMixin, WorkflowAdminMixin, TabularImportExportMixin, HistoryAdmin
):
    resource_classes = [ParticipantImport]
    template_stem = "jet-participants"
    list_display = ("jet_number", "family_name", "given_name", "nationality", "role", "status")
    list_filter = ("role", "status", "nationality")
    search_help_text = _("A JET number, an e-mail address, or part of a family or given name.")
    autocomplete_fields = ("user",)
    readonly_fields = ("invited_at", "invitation_sent_at")
    show_full_result_count = False
    actions = ["invite"]

    @admin.action(description=_("Invite the selected participants to the portal"))
    def invite(self, request, queryset):
        with show_refusals(request):
            count = services.invite_participants(
                queryset.values_list("pk", flat=True), by=request.user
            )
            self.message_user(
                request,
                ngettext("%(count)d participant invited.", "%(count)d participants invited.", count)
                % {"count": count},
                messages.SUCCESS,
            )


@admin.register(ContractingOrganisation)
class ContractingOrganisationAdmin(TranslationAdmin):
    list_display = ("code", "name", "kind", "prefecture")
    list_filter = ("kind", ("prefecture", PrefectureFilter))
    list_select_related = ("prefecture",)
    search_fields = ("=code", "name_en", "name_ja")
    autocomplete_fields = ("local_government",)


class WorkplacesField(forms.CharField):
    """One workplace per line, ``name | address``."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{w.get('name', '')} | {w.get('address', '')}".rstrip(" |") for w in value
            )
        return value

    def to_python(self, value):
        workplaces = []
        for line in (value or "").splitlines():
            if line.strip():
                name, _sep, address = line.partition("|")
                workplaces.append({"name": name.strip(), "address": address.strip()})
        try:
            clean_workplaces(workplaces)
        except ValidationError:
            raise ValidationError(_("Write one workplace per line as “name | address”.")) from None
        return workplaces


class PlacementForm(forms.ModelForm):
    workplaces = WorkplacesField(
        label=_("workplaces"),
        required=False,
        help_text=_("One workplace per line: name | address."),
    )

    class Meta:
        model = Placement
        fields = (
            "participant", "organisation", "role", "jet_year", "contract_start", "contract_end",
            "workplaces", "supervisor_name", "supervisor_email", "supervisor_phone", "notes",
        )  # fmt: skip


@admin.register(Placement)
class PlacementAdmin(
    ParticipantSearchMixin, WorkflowAdminMixin, TabularImportExportMixin, HistoryAdmin
):
    """Placements are entered and corrected here; their state moves only by the actions.

    Publishing and withdrawing go through the services, which raise the version
    and tell the participant once; a new placement is a draft.
    """

    form = PlacementForm
    resource_classes = [PlacementImport]
    template_stem = "jet-placements"
    list_display = ("participant", "jet_year", "role", "organisation", "prefecture", "state")
    list_filter = (
        YearFilter,
        "role",
        "state",
        ("participant__nationality", admin.ChoicesFieldListFilter),
        ("organisation__prefecture", PrefectureFilter),
    )
    list_select_related = ("participant", "organisation", "organisation__prefecture")
    participant_path = "participant__"
    autocomplete_fields = ("participant", "organisation")
    readonly_fields = ("version", "published_at")
    # Counting 700,000 rows on every page costs more than the page itself.
    show_full_result_count = False
    list_per_page = 50
    paginator = IdsFirstPaginator
    actions = ["publish", "withdraw"]

    @admin.display(description=_("prefecture"), ordering="organisation__prefecture")
    def prefecture(self, placement):
        return placement.organisation.prefecture

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            notified = {f.removesuffix("_id") for f in Placement.NOTIFIED_FIELDS}
            if change and notified & set(form.changed_data) and obj.state == "published":
                services.placements_changed([obj.pk])

    @admin.action(description=_("Publish the selected placements"))
    def publish(self, request, queryset):
        count = services.publish_placements(queryset.values_list("pk", flat=True), by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d placement published; its participant will be notified.",
                "%(count)d placements published; their participants will be notified.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Withdraw the selected placements"))
    def withdraw(self, request, queryset):
        count = services.withdraw_placements(queryset.values_list("pk", flat=True), by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d placement withdrawn.", "%(count)d placements withdrawn.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class OpenReappointmentForm(ServiceForm):
    """The add form: a placement and a deadline, opened by ``services.open_reappointment``.

    The service refuses a draft or withdrawn placement, a participant already
    in their fifth year and a past deadline; the answers are the participant's
    and the organisation's, never typed here.
    """

    class Meta:
        model = Reappointment
        fields = ("placement", "deadline")

    def call_service(self):
        return services.open_reappointment(
            self.cleaned_data["placement"], deadline=self.cleaned_data["deadline"]
        )


@admin.register(Reappointment)
class ReappointmentAdmin(ParticipantSearchMixin, WorkflowAdminMixin, HistoryAdmin):
    """Opened through the service; answered by the participant and, through an action, HQ.

    When both sides consent the next year's draft placement appears here
    (``next_placement``) for HQ to complete and publish.
    """

    list_display = (
        "placement",
        "deadline",
        "participant_decision",
        "organisation_decision",
        "organisation_answer_given",
        "next_placement",
    )
    list_filter = ("participant_decision", "organisation_decision", "organisation_decision_source")
    list_select_related = (
        "placement__participant",
        "next_placement__participant",
        "organisation_decided_by",
    )
    participant_path = "placement__participant__"
    actions = ["organisation_consents", "organisation_declines"]
    service_add_form = OpenReappointmentForm

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # Once opened, the placement and the participant's window stay as they were asked.
        return readonly if obj is None else ["placement", "deadline", *readonly]

    @admin.display(description=_("organisation's answer given"))
    def organisation_answer_given(self, obj):
        """Who gave the organisation's answer: its officer on the portal, or HQ from paper."""
        if not obj.organisation_decision_source:
            return "—"
        who = obj.organisation_decided_by
        source = obj.get_organisation_decision_source_display()
        return f"{source} ({who.full_name or who.email})" if who else source

    @admin.action(description=_("Record: the contracting organisation consents"))
    def organisation_consents(self, request, queryset):
        self._record_organisation(request, queryset, consent=True)

    @admin.action(description=_("Record: the contracting organisation declines"))
    def organisation_declines(self, request, queryset):
        self._record_organisation(request, queryset, consent=False)

    def _record_organisation(self, request, queryset, *, consent):
        """The organisation's answer, given to HQ on paper or by e-mail; once per reappointment."""
        recorded = drafts = 0
        for reappointment in queryset:
            with show_refusals(request, about=reappointment):
                answered = services.record_organisation_decision(
                    reappointment, consent=consent, by=request.user
                )
                recorded += 1
                drafts += answered.next_placement_id is not None
        if recorded:
            self.message_user(
                request,
                ngettext("%(count)d answer recorded.", "%(count)d answers recorded.", recorded)
                % {"count": recorded},
                messages.SUCCESS,
            )
        if drafts:
            self.message_user(
                request,
                ngettext(
                    "Both sides consented: %(count)d draft placement for next year is ready "
                    "to complete.",
                    "Both sides consented: %(count)d draft placements for next year are ready "
                    "to complete.",
                    drafts,
                )
                % {"count": drafts},
                messages.SUCCESS,
            )

    autocomplete_fields = ("placement",)


@admin.register(Seminar)
class SeminarAdmin(TranslationAdmin):
    list_display = (
        "title",
        "kind",
        "jet_year",
        "starts_at",
        "prefecture",
        "capacity",
        "registered",
        "waiting",
        "attended",
    )
    list_filter = ("kind", "jet_year", "registration")
    search_fields = ("title_en", "title_ja")
    autocomplete_fields = ("prefecture",)

    def get_queryset(self, request):
        # The counts per seminar HQ follows, in the list's one query.
        return registrations.counts(super().get_queryset(request).select_related("prefecture"))

    @admin.display(description=_("registered"), ordering="registered_count")
    def registered(self, obj):
        return obj.registered_count

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description=_("attended"), ordering="attended_count")
    def attended(self, obj):
        return obj.attended_count


@admin.register(SeminarRegistration)
class SeminarRegistrationAdmin(WorkflowAdminMixin, HistoryAdmin):
    """Places are taken and given up by participants; HQ records attendance here."""

    list_display = ("participant", "seminar", "state", "created_at", "attended")
    list_filter = ("state", "attended", "seminar__jet_year")
    list_select_related = ("participant", "seminar")
    search_fields = ("participant__jet_number", "participant__family_name", "seminar__title_en")
    autocomplete_fields = ("seminar", "participant")
    actions = ("mark_attended", "mark_absent")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _attendance(self, request, queryset, attended):
        with show_refusals(request):
            n = registrations.record_attendance(
                request.user, list(queryset.values_list("pk", flat=True)), attended=attended
            )
            self.message_user(
                request,
                ngettext(
                    "Attendance recorded for %(n)d participant.",
                    "Attendance recorded for %(n)d participants.",
                    n,
                )
                % {"n": n},
                messages.SUCCESS,
            )

    @admin.action(description=_("Record as attended"), permissions=["change"])
    def mark_attended(self, request, queryset):
        self._attendance(request, queryset, True)

    @admin.action(description=_("Record as absent"), permissions=["change"])
    def mark_absent(self, request, queryset):
        self._attendance(request, queryset, False)


@admin.register(PlacementNotice)
class PlacementNoticeAdmin(admin.ModelAdmin):
    list_display = ("placement", "version", "state", "created_at", "sent_at")
    list_filter = ("state",)
    readonly_fields = (
        "placement",
        "version",
        "first",
        "state",
        "sent_at",
        "created_at",
    )
    show_full_result_count = False
