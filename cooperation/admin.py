from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from clair_portal.errors import show_refusals
from clair_portal.tabular.admin import TabularImportExportMixin
from clair_portal.workflow import HistoryAdmin, ServiceForm, WorkflowAdminMixin
from cooperation import services
from cooperation.models import (
    Availability,
    ChecklistItem,
    Dispatch,
    DispatchRequest,
    Field,
    HostAssignment,
    HostOffer,
    Programme,
    Specialist,
    SpecialistLanguage,
    Trainee,
    TraineePhase,
    TravelDocument,
)
from cooperation.permissions import can_view_passport
from cooperation.resources import SpecialistImport


@admin.register(Field)
class FieldAdmin(TranslationAdmin):
    list_display = ("name", "code", "sort_order")
    search_fields = ("code", "name_en", "name_ja")


class SpecialistLanguageInline(admin.TabularInline):
    model = SpecialistLanguage
    extra = 0


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0


@admin.register(Specialist)
class SpecialistAdmin(WorkflowAdminMixin, TabularImportExportMixin, HistoryAdmin):
    resource_classes = [SpecialistImport]
    template_stem = "specialists"
    list_display = (
        "full_name",
        "email",
        "status",
        "home_government",
        "years_of_experience",
        "consent_to_contact",
        "is_active",
        "profile_updated_at",
    )
    list_filter = ("is_active", "status", "consent_to_contact", "fields")
    list_select_related = ("home_government__prefecture",)
    search_fields = ("full_name", "email")
    autocomplete_fields = ("user", "home_government")
    filter_horizontal = ("fields",)
    readonly_fields = ("profile_updated_at", "reminded_at")
    inlines = [SpecialistLanguageInline, AvailabilityInline]
    actions = ["deactivate"]

    def has_delete_permission(self, request, obj=None):
        # Never deleted: deactivated, so that past dispatches keep their specialist.
        return False

    @admin.action(description=_("Deactivate the selected specialists"))
    def deactivate(self, request, queryset):
        for specialist in queryset:
            with show_refusals(request, about=specialist):
                services.deactivate_specialist(specialist)


class DispatchRequestAddForm(ServiceForm):
    """The add form: entered by ``services.create_request``, as on the requests page.

    The service holds the three-month limit and copies the country from the
    requesting government; a specialist is selected on the request's page.
    """

    class Meta:
        model = DispatchRequest
        fields = ("foreign_government", "fields", "language", "starts_on", "ends_on", "description")

    def call_service(self):
        return services.create_request(self.user, **self.cleaned_data)


@admin.register(DispatchRequest)
class DispatchRequestAdmin(WorkflowAdminMixin, HistoryAdmin):
    """Requests are entered through the service; afterwards only their text is edited here."""

    list_display = ("foreign_government", "country", "language", "starts_on", "ends_on", "state")
    list_filter = ("state", "country")
    list_select_related = ("foreign_government",)
    search_fields = ("foreign_government__name_en", "description")
    autocomplete_fields = ("foreign_government",)
    filter_horizontal = ("fields",)
    service_add_form = DispatchRequestAddForm


class DispatchChangeForm(ServiceForm):
    """The change form: every change goes through ``services.update_dispatch``.

    The service allows only the next steps of ``Dispatch.TRANSITIONS``, keeps a
    dispatch within three months and off the specialist's other dispatches,
    and reopens or closes the request; the state itself is never a field.
    """

    transition = forms.ChoiceField(
        label=_("next step"),
        required=False,
        help_text=_("Leave empty to keep the current state."),
    )

    class Meta:
        model = Dispatch
        fields = Dispatch.RECORD_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        steps = Dispatch.TRANSITIONS[Dispatch.State(self.instance.state)]
        self.fields["transition"].choices = [("", "---------")] + [
            choice for choice in Dispatch.State.choices if choice[0] in steps
        ]

    def call_service(self):
        changes = {name: self.cleaned_data[name] for name in DispatchChangeForm.Meta.fields}
        state = self.cleaned_data["transition"] or self.instance.state
        return services.update_dispatch(self.instance, by=self.user, state=state, **changes)


@admin.register(Dispatch)
class DispatchAdmin(WorkflowAdminMixin, HistoryAdmin):
    """Dispatches are made by selecting a specialist on the request's page; changed by the service."""

    list_display = ("specialist", "request", "starts_on", "ends_on", "state", "cost_clair_yen")
    list_filter = ("state",)
    list_select_related = ("specialist", "request__foreign_government")
    search_fields = ("specialist__full_name", "request__foreign_government__name_en")
    fields = (
        "request",
        "specialist",
        "state",
        "transition",
        *DispatchChangeForm.Meta.fields,
    )
    service_change_form = DispatchChangeForm

    def has_add_permission(self, request):
        return False


class HostOfferInline(WorkflowAdminMixin, admin.TabularInline):
    """Read only: offers are entered on the demand-survey page, which checks their capacity."""

    model = HostOffer
    extra = 0
    can_delete = False
    readonly_fields = (
        "local_government",
        "field",
        "capacity",
        "notes",
        "source",
        "entered_by",
        "entered_at",
    )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    """HQ sets the demand survey's window here; the offers are answered on the portal."""

    list_display = ("__str__", "fiscal_year", "survey_opens_on", "survey_closes_on")
    inlines = [HostOfferInline]


class TravelDocumentInline(WorkflowAdminMixin, admin.StackedInline):
    """Read only: recorded on the trainee's passport page, which checks the dates."""

    model = TravelDocument
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class HostAssignmentInline(admin.StackedInline):
    """Read only: hosts are assigned on the trainee's page, which checks the offer's capacity."""

    model = HostAssignment
    extra = 0
    can_delete = False
    readonly_fields = ("host_government", "field", "starts_on", "ends_on")

    def has_add_permission(self, request, obj=None):
        return False


class PhaseInline(admin.TabularInline):
    """Read only: the timeline is planned from the arrival day on the trainee's page."""

    model = TraineePhase
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "starts_on", "ends_on", "place")

    def has_add_permission(self, request, obj=None):
        return False


class ChecklistInline(WorkflowAdminMixin, admin.TabularInline):
    model = ChecklistItem
    extra = 0
    readonly_fields = ("reminded_at",)


@admin.register(Trainee)
class TraineeAdmin(WorkflowAdminMixin, HistoryAdmin):
    list_display = ("full_name", "country", "programme", "field", "selection")
    list_filter = ("programme", "selection", "field", "country")
    list_select_related = ("programme", "field")
    # Names only: passport numbers are never searchable here.
    search_fields = ("full_name", "home_organisation")
    # Changed on the trainee's page: a withdrawal also gives the host place back.
    readonly_fields = ("selection",)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # Moved on the trainee's page (services.save_trainee): one with a host keeps the year.
        return readonly if obj is None else ["programme", *readonly]

    def get_inlines(self, request, obj):
        inlines = [HostAssignmentInline, PhaseInline, ChecklistInline]
        if can_view_passport(request.user):
            inlines.insert(0, TravelDocumentInline)
        return inlines
