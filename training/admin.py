from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from clair_portal.workflow import HistoryAdmin, ServiceForm, WorkflowAdminMixin
from training import services, subsidies
from training.models import (
    Application,
    Approver,
    Course,
    OverseasApplication,
    ParticipantTask,
    ProgrammeItem,
    Receipt,
    SubsidyClaim,
    SubsidyPayment,
    SubsidyProgramme,
)


class CourseForm(ServiceForm):
    """Saved by ``services.save_course``, under the lock selections take: fewer places than
    are given is refused; more places go to the waiting list at once."""

    class Meta:
        model = Course
        fields = ("capacity",)  # the admin adds the others

    def call_service(self):
        return services.save_course(self.user, self.instance)


@admin.register(Course)
class CourseAdmin(WorkflowAdminMixin, HistoryAdmin, TranslationAdmin):
    service_add_form = CourseForm
    service_change_form = CourseForm
    list_display = ("title", "provider", "audience", "starts_on", "capacity", "is_published")
    list_filter = ("provider", "audience", "is_published")
    search_fields = ("title_en", "title_ja")
    date_hierarchy = "starts_on"

    fieldsets = (
        (None, {"fields": ("provider", "title", "summary", "audience", "is_published")}),
        (_("When and where"), {"fields": ("starts_on", "ends_on", "mode", "venue", "language")}),
        (_("Places and applications"), {"fields": ("capacity", "opens_at", "closes_at", "fee")}),
    )


@admin.register(Approver)
class ApproverAdmin(HistoryAdmin):
    """Who endorses an organisation's applications; a flag is withdrawn, not deleted."""

    list_display = ("membership", "is_active", "appointed_at")
    list_filter = ("is_active",)
    list_select_related = ("membership__user", "membership__organisation__local_government")
    autocomplete_fields = ("membership",)
    search_fields = ("membership__user__email", "membership__user__full_name")

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn (is_active), so its history says who endorsed what


@admin.register(Application)
class ApplicationAdmin(WorkflowAdminMixin, HistoryAdmin):
    """Read here; answered on the application's page, where the services decide."""

    list_display = ("applicant", "course", "organisation", "state", "created_at")
    list_filter = ("state", "course")
    list_select_related = ("applicant", "course", "organisation__local_government")
    readonly_fields = ("motivation",)
    search_fields = ("applicant__email", "applicant__full_name")

    def has_add_permission(self, request):
        return False  # officers apply on the course's page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # an application holds personal data and decisions: kept


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(TranslationAdmin):
    """A seminar's programme: lectures in Tokyo, then the regions visited."""

    list_display = ("course", "starts_on", "ends_on", "place")
    list_filter = ("course",)
    list_select_related = ("course",)


@admin.register(OverseasApplication)
class OverseasApplicationAdmin(WorkflowAdminMixin, HistoryAdmin):
    """Read here; answered by the office and decided by HQ on the application's page."""

    list_display = ("full_name", "country", "course", "office", "state", "created_at")
    list_filter = ("state", "course", "office")
    list_select_related = ("course", "office")
    search_fields = ("full_name", "email", "local_government")
    readonly_fields = (
        "full_name",
        "email",
        "language",
        "country",
        "local_government",
        "position",
        "motivation",
    )

    def has_add_permission(self, request):
        return False  # applications come through the public form, confirmed by e-mail

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # personal data and decisions: kept with their history


@admin.register(ParticipantTask)
class ParticipantTaskAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    """Planned when a participant is selected; marked done on the application's page."""

    list_display = ("application", "kind", "due_on", "done_on")
    list_filter = ("kind",)
    list_select_related = ("application",)
    readonly_fields = ("application", "kind", "due_on", "done_on")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubsidyProgrammeForm(ServiceForm):
    """Saved by ``subsidies.save_programme``, under the budget lock decisions take: a budget
    below what is approved is refused."""

    class Meta:
        model = SubsidyProgramme
        fields = ("budget",)  # the admin adds the others

    def call_service(self):
        return subsidies.save_programme(self.user, self.instance)


@admin.register(SubsidyProgramme)
class SubsidyProgrammeAdmin(WorkflowAdminMixin, HistoryAdmin, TranslationAdmin):
    service_add_form = SubsidyProgrammeForm
    service_change_form = SubsidyProgrammeForm
    list_display = ("name", "kind", "fiscal_year", "budget", "rate_percent", "closes_at")
    list_filter = ("fiscal_year", "kind")
    fieldsets = (
        (None, {"fields": ("kind", "name", "fiscal_year", "eligible_costs")}),
        (
            _("Money (yen)"),
            {"fields": ("rate_percent", "cap_per_person", "cap_per_organisation", "budget")},
        ),
        (_("Claims"), {"fields": ("opens_at", "closes_at")}),
    )

    def has_delete_permission(self, request, obj=None):
        return False  # claims point at it; its history keeps who changed the money


class ReadOnlyAdmin(WorkflowAdminMixin, HistoryAdmin):
    """Read here; written by the services on the claim's page."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SubsidyClaim)
class SubsidyClaimAdmin(ReadOnlyAdmin):
    list_display = ("title", "claimant", "organisation", "programme", "state", "approved_amount")
    list_filter = ("state", "programme")
    list_select_related = ("claimant", "programme", "organisation__local_government")
    readonly_fields = ("title", "starts_on", "ends_on", "eligible_cost", "report")


@admin.register(SubsidyPayment)
class SubsidyPaymentAdmin(ReadOnlyAdmin):
    list_display = ("claim", "amount", "paid_on", "recorded_by")
    list_select_related = ("claim", "recorded_by")
    readonly_fields = ("claim", "amount", "paid_on", "recorded_by")


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ("name", "claim", "uploaded_at")
    list_select_related = ("claim",)
    readonly_fields = ("claim", "file", "name", "content_type")
