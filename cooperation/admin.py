from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from clair_portal.errors import show_refusals
from clair_portal.tabular.admin import TabularImportExportMixin
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
class SpecialistAdmin(TabularImportExportMixin, SimpleHistoryAdmin):
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


@admin.register(DispatchRequest)
class DispatchRequestAdmin(SimpleHistoryAdmin):
    list_display = ("foreign_government", "country", "language", "starts_on", "ends_on", "state")
    list_filter = ("state", "country")
    list_select_related = ("foreign_government",)
    search_fields = ("foreign_government__name_en", "description")
    autocomplete_fields = ("foreign_government", "selected_specialist")
    filter_horizontal = ("fields",)
    raw_id_fields = ("entered_by",)


@admin.register(Dispatch)
class DispatchAdmin(SimpleHistoryAdmin):
    list_display = ("specialist", "request", "starts_on", "ends_on", "state", "cost_clair_yen")
    list_filter = ("state",)
    list_select_related = ("specialist", "request__foreign_government")
    search_fields = ("specialist__full_name", "request__foreign_government__name_en")
    autocomplete_fields = ("specialist",)
    raw_id_fields = ("request",)


class HostOfferInline(admin.TabularInline):
    """Read only: offers are entered on the demand-survey page, which checks their capacity."""

    model = HostOffer
    extra = 0
    can_delete = False
    readonly_fields = ("local_government", "field", "capacity", "notes")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "fiscal_year")
    inlines = [HostOfferInline]


class TravelDocumentInline(admin.StackedInline):
    model = TravelDocument
    extra = 0


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


class ChecklistInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    readonly_fields = ("reminded_at",)


@admin.register(Trainee)
class TraineeAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "country", "programme", "field", "selection")
    list_filter = ("programme", "selection", "field", "country")
    list_select_related = ("programme", "field")
    # Names only: passport numbers are never searchable here.
    search_fields = ("full_name", "home_organisation")
    # Changed on the trainee's page: a withdrawal also gives the host place back.
    readonly_fields = ("selection",)

    def get_inlines(self, request, obj):
        inlines = [HostAssignmentInline, PhaseInline, ChecklistInline]
        if can_view_passport(request.user):
            inlines.insert(0, TravelDocumentInline)
        return inlines
