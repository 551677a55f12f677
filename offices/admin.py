from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from clair_portal.errors import show_refusals
from clair_portal.workflow import HistoryAdmin, WorkflowAdminMixin
from offices import services
from offices.models import (
    AssistanceRequest,
    Department,
    Division,
    Meeting,
    Office,
    OfficeMembership,
    Publication,
    PublicationFile,
    PublicationSeries,
    Report,
    ReportAttachment,
    ReportEvent,
    ReportReminder,
    ReportType,
    ReportTypeOfficeRule,
    RequestAttachment,
    RequestEvent,
)


class DepartmentInline(TranslationTabularInline):
    model = Department
    extra = 0
    fields = ("code", "name", "phone", "fax", "sort_order")


class DivisionInline(TranslationTabularInline):
    model = Division
    extra = 0
    fields = ("code", "name", "department", "sort_order")


@admin.register(Office)
class OfficeAdmin(TranslationAdmin):
    list_display = ("name", "kind", "city", "country", "timezone", "phone", "email")
    list_filter = ("kind",)
    search_fields = ("code", "name_en", "name_ja", "local_name", "city_en", "city_ja")
    inlines = [DepartmentInline, DivisionInline]
    fieldsets = (
        (None, {"fields": ("code", "kind", "name", "local_name", "sort_order")}),
        (_("Location"), {"fields": ("city", "country", "address", "access", "timezone")}),
        (_("Contact"), {"fields": ("phone", "fax", "email", "website")}),
        (_("Responsibility"), {"fields": ("countries",)}),
    )


@admin.register(OfficeMembership)
class OfficeMembershipAdmin(HistoryAdmin):
    list_display = ("user", "office")
    list_filter = ("office",)
    list_select_related = ("user", "office")
    search_fields = ("user__email", "user__full_name")
    autocomplete_fields = ("user",)


# --- Office reports --------------------------------------------------------------


class ReportTypeOfficeRuleInline(admin.TabularInline):
    model = ReportTypeOfficeRule
    extra = 0
    fields = ("office", "is_required", "due_day", "due_months_after", "due_time", "reminder_days")


@admin.register(ReportType)
class ReportTypeAdmin(TranslationAdmin):
    list_display = (
        "name",
        "schedule",
        "due_day",
        "due_months_after",
        "due_time",
        "reminder_days",
        "is_active",
    )
    list_filter = ("schedule", "is_active")
    search_fields = ("code", "name_en", "name_ja")
    inlines = [ReportTypeOfficeRuleInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "description", "schedule", "is_active", "sort_order")}),
        (
            _("Default due rule"),
            {"fields": ("due_day", "due_months_after", "due_time", "reminder_days")},
        ),
    )


class ReportAttachmentInline(admin.TabularInline):
    model = ReportAttachment
    extra = 0
    can_delete = False
    fields = ("download", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, attachment):
        # Through the authorising view, never the storage's own URL.
        url = reverse("offices:report-attachment", args=[attachment.report_id, attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.filename)


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "actor", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(HistoryAdmin):
    """Reports are read here; their state changes only through the review services."""

    list_display = (
        "office",
        "report_type",
        "period_label",
        "state",
        "due_at",
        "first_submitted_at",
        "is_demo",
    )
    list_filter = ("state", "office", "report_type", ("period_start", admin.DateFieldListFilter))
    list_select_related = ("office", "report_type")
    date_hierarchy = "period_start"
    search_fields = ("title", "body")
    inlines = [ReportAttachmentInline, ReportEventInline]
    actions = ["accept_selected"]
    readonly_fields = (
        "office", "report_type", "period_start", "title", "body", "language", "state", "due_at",
        "first_submitted_at", "submitted_at", "submission_count", "accepted_at", "review_comment",
        "created_by", "created_at", "updated_at", "is_demo",
    )  # fmt: skip

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("period"), ordering="period_start")
    def period_label(self, report):
        return report.period_label

    @admin.action(description=_("Accept the selected submitted reports"))
    def accept_selected(self, request, queryset):
        accepted = 0
        for report in queryset.select_related("office", "report_type"):
            with show_refusals(request, about=report):
                services.accept_report(request.user, report.pk)
                accepted += 1
        if accepted:
            self.message_user(
                request,
                ngettext("%d report accepted.", "%d reports accepted.", accepted) % accepted,
                messages.SUCCESS,
            )


@admin.register(ReportAttachment)
class ReportAttachmentAdmin(HistoryAdmin):
    list_display = ("filename", "report", "content_type", "size", "uploaded_at")
    list_select_related = ("report__office", "report__report_type")
    list_filter = ("report__office",)
    search_fields = ("filename",)
    fields = ("report", "filename", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(ReportReminder)
class ReportReminderAdmin(admin.ModelAdmin):
    list_display = ("office", "report_type", "period_start", "kind", "due_at", "sent_at", "skipped")
    list_filter = ("kind", "office", "skipped")
    list_select_related = ("office", "report_type")
    readonly_fields = (
        "office",
        "report_type",
        "period_start",
        "kind",
        "due_at",
        "sent_at",
        "skipped",
    )

    def has_add_permission(self, request):
        return False


# --- Publications ------------------------------------------------------------------


@admin.register(PublicationSeries)
class PublicationSeriesAdmin(TranslationAdmin):
    list_display = ("name", "code", "sort_order")
    search_fields = ("code", "name_en", "name_ja")


class PublicationFileInline(admin.TabularInline):
    model = PublicationFile
    extra = 1
    fields = ("language", "file", "download", "size", "sort_order")
    readonly_fields = ("download", "size")
    # A plain file input: Django's would link the stored file's media URL.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}

    @admin.display(description=_("stored file"))
    def download(self, stored):
        if not stored.pk:
            return "–"
        # Through the authorising view, never the storage's own URL.
        url = reverse("publications:file", args=[stored.publication_id, stored.pk])
        return format_html('<a href="{}">{}</a>', url, stored.filename)


@admin.register(Publication)
class PublicationAdmin(WorkflowAdminMixin, TranslationAdmin):
    """HQ writes publications here; publishing and withdrawing are actions (the services)."""

    list_display = ("title", "series", "year", "office", "state", "published_at", "is_demo")
    list_filter = ("state", "series", "office", "year")
    list_select_related = ("series", "office")
    search_fields = ("title_en", "title_ja", "summary_en", "summary_ja")
    inlines = [PublicationFileInline]
    actions = ["publish_selected", "withdraw_selected"]
    fieldsets = (
        (None, {"fields": ("title", "series", "year", "office", "summary", "body")}),
        (_("Classification"), {"fields": ("languages", "topics", "countries")}),
        (
            _("Publishing"),
            {"fields": ("state", "published_at", "source_report", "created_by", "is_demo")},
        ),
    )
    readonly_fields = ("is_demo",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, ArrayField):
            return forms.MultipleChoiceField(
                label=db_field.verbose_name,
                choices=db_field.base_field.choices,
                required=False,
                widget=CheckboxSelectMultiple,
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.add_file_languages(form.instance)

    def _each(self, request, queryset, service, done_message):
        done = 0
        for publication in queryset:
            with show_refusals(request, about=publication):
                service(request.user, publication.pk)
                done += 1
        if done:
            self.message_user(request, done_message(done) % done, messages.SUCCESS)

    @admin.action(description=_("Publish the selected drafts"))
    def publish_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            services.publish,
            lambda n: ngettext("%d publication published.", "%d publications published.", n),
        )

    @admin.action(description=_("Withdraw the selected publications"))
    def withdraw_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            services.withdraw,
            lambda n: ngettext("%d publication withdrawn.", "%d publications withdrawn.", n),
        )


# --- The desk: local governments' requests for help ------------------------------------


class RequestAttachmentInline(admin.TabularInline):
    model = RequestAttachment
    extra = 0
    can_delete = False
    fields = ("download", "part", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, attachment):
        # Through the authorising view, never the storage's own URL.
        url = reverse("offices:request-attachment", args=[attachment.request_id, attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.filename)


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "actor", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class MeetingInline(WorkflowAdminMixin, admin.TabularInline):
    model = Meeting
    extra = 0
    can_delete = False
    fields = ("counterpart", "place", "starts_at", "ends_at", "notes", "recorded_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(WorkflowAdminMixin, HistoryAdmin):
    """Requests are read here: local governments ask and offices answer on the desk's pages."""

    list_display = (
        "reference",
        "organisation",
        "office",
        "kind",
        "state",
        "submitted_at",
        "due_at",
        "rating",
        "is_demo",
    )
    list_filter = ("state", "office", "kind")
    list_select_related = ("office", "organisation__local_government")
    search_fields = ("city", "purpose", "summary")
    inlines = [RequestAttachmentInline, MeetingInline, RequestEventInline]
    readonly_fields = (
        "organisation", "created_by", "office", "kind", "country", "city", "start_date",
        "end_date", "delegation_size", "purpose", "language", "state", "submitted_at",
        "clock_started_at", "days_left", "clock_stopped_at", "due_at", "remind_at",
        "reminded_at", "overdue_notified_at", "first_answered_at", "paused_seconds",
        "decline_reason", "assigned_to", "completed_at", "summary", "rating",
        "rating_comment", "rated_at", "created_at", "updated_at", "is_demo",
    )  # fmt: skip

    def has_add_permission(self, request):
        return False

    @admin.display(description=pgettext_lazy("desk", "request"), ordering="pk")
    def reference(self, assistance):
        return assistance.reference
