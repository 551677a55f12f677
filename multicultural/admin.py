from django import forms
from django.contrib import admin
from django.db import router, transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from clair_portal.names import names_inline
from clair_portal.workflow import HistoryAdmin, ServiceForm, WorkflowAdminMixin
from multicultural import services
from multicultural.models import (
    Attachment,
    Disbursement,
    DocumentVersion,
    GrantApplication,
    GrantCategory,
    GrantCategoryName,
    GrantProgramme,
    LibraryLanguage,
    LibraryLanguageName,
    LivingDocument,
    LivingTopic,
    LivingTopicName,
    RequiredDocument,
    Review,
)


@admin.register(GrantCategory)
class GrantCategoryAdmin(TranslationAdmin):
    list_display = ("name", "code", "sort_order")
    inlines = [names_inline(GrantCategoryName)]


class GrantProgrammeForm(ServiceForm):
    """Saved by ``services.save_programme``, under the programme lock an award takes.

    Checking the awarded total here, without that lock, missed an award being
    decided at the same moment.
    """

    class Meta:
        model = GrantProgramme
        fields = ("budget",)  # the admin adds the fields of its fieldsets

    def call_service(self):
        return services.save_programme(
            self.user, self.instance, categories=self.cleaned_data.get("categories")
        )


class RequiredDocumentInline(TranslationTabularInline):
    """The documents an application must attach before it is submitted; a document
    with a category is asked only of applications in that category."""

    model = RequiredDocument
    extra = 0
    fields = ("position", "name", "description", "category")
    ordering = ("position", "pk")


class GrantProgrammeAdmin(WorkflowAdminMixin, HistoryAdmin, TranslationAdmin):
    """Lowering the budget below what is already awarded is refused, under the lock.

    The programme is saved by its service while the main form is validated, before
    Django validates the required documents' rows; a page sent back for a row's error
    would otherwise have saved the programme already. So such a page rolls back all
    of it: nothing is saved until everything on the page is valid.
    """

    service_add_form = GrantProgrammeForm
    service_change_form = GrantProgrammeForm
    inlines = [RequiredDocumentInline]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if response.status_code != 302:  # the page again, with its errors
                transaction.set_rollback(True, using=router.db_for_write(self.model))
            return response

    list_display = ("name", "fiscal_year", "budget", "opens_at", "closes_at")
    list_filter = ("fiscal_year",)
    filter_horizontal = ("categories",)
    fieldsets = (
        (None, {"fields": ("name", "description", "fiscal_year", "categories")}),
        (
            _("Money (yen)"),
            {
                "fields": (
                    "budget",
                    "cap_prefectural",
                    "cap_municipal",
                    "cap_association",
                    "cap_joint",
                    "minimum_request",
                )
            },
        ),
        (_("Window"), {"fields": ("opens_at", "closes_at", "report_due_days")}),
    )


admin.site.register(GrantProgramme, GrantProgrammeAdmin)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("original_name", "content_type", "is_completion_report", "uploaded_at")
    readonly_fields = fields
    can_delete = False


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ("reviewer", "score", "comment", "reviewed_at")
    readonly_fields = fields
    can_delete = False


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    extra = 0
    fields = ("amount", "paid_on", "note", "recorded_by")
    readonly_fields = fields
    can_delete = False


@admin.register(GrantApplication)
class GrantApplicationAdmin(WorkflowAdminMixin, HistoryAdmin):
    """Read mostly: money moves through the portal's review pages, which lock the budget."""

    list_display = (
        "title",
        "programme",
        "applicant_kind",
        "prefecture",
        "state",
        "requested_amount",
        "awarded_amount",
    )
    list_filter = ("state", "applicant_kind", "programme__fiscal_year", "programme")
    list_select_related = ("programme", "prefecture")
    search_fields = ("title", "local_government__name_kanji", "association__name")
    readonly_fields = (
        "programme",
        "local_government",
        "association",
        "prefecture",
        "applicant_kind",
        "created_by",
        "state",
        "submitted_at",
        "requested_amount",
        "awarded_amount",
        "decided_at",
        "decided_by",
        "reported_at",
        "reminder_sent_at",
        "overdue_notice_sent_at",
    )
    inlines = [AttachmentInline, ReviewInline, DisbursementInline]


@admin.register(Disbursement)
class DisbursementAdmin(WorkflowAdminMixin, HistoryAdmin):
    list_display = ("application", "amount", "paid_on", "recorded_by")
    list_select_related = ("application__programme", "recorded_by")
    readonly_fields = ("application", "amount", "paid_on", "recorded_by")

    def has_add_permission(self, request):
        return False  # payments are recorded on the application's page, within the award


@admin.register(LivingTopic)
class LivingTopicAdmin(TranslationAdmin):
    list_display = ("name", "code", "sort_order")
    inlines = [names_inline(LivingTopicName)]


@admin.register(LibraryLanguage)
class LibraryLanguageAdmin(TranslationAdmin):
    list_display = ("name", "native_name", "code", "is_source", "sort_order")
    inlines = [names_inline(LibraryLanguageName)]


@admin.register(LivingDocument)
class LivingDocumentAdmin(TranslationAdmin):
    list_display = ("title", "topic", "source_updated_on", "is_demo")
    list_filter = ("topic", "is_demo")
    readonly_fields = ("source_updated_on",)


class DocumentVersionForm(forms.ModelForm):
    class Meta:
        model = DocumentVersion
        fields = ("document", "language", "title", "body", "file", "published_on")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("body") or "").strip() and not cleaned.get("file"):
            raise forms.ValidationError(_("A version needs its text, a file, or both."))
        return cleaned


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    """Saving or deleting a version recomputes which one is current and what is stale."""

    form = DocumentVersionForm
    list_display = ("document", "language", "published_on", "is_current")
    list_filter = ("language", "is_current", "document__topic")
    list_select_related = ("document", "language")
    readonly_fields = ("is_current",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.refresh_currency(obj.document_id, obj.language_id)

    def delete_model(self, request, obj):
        document_id, language_id = obj.document_id, obj.language_id
        super().delete_model(request, obj)
        services.refresh_currency(document_id, language_id)
