"""HQ's admin of partner-seeking requests, inquiries, projects, events and surveys.

Publishing, rejecting and opening a survey go through the services, as the
public pages do; the admin only edits records.
"""

from django.contrib import admin, messages
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from clair_portal.errors import show_refusals
from clair_portal.names import names_inline
from clair_portal.organisations import services as organisation_services
from clair_portal.security.uploads import sniff
from clair_portal.tabular.admin import TabularImportMixin
from clair_portal.tabular.writing import download
from clair_portal.workflow import HistoryAdmin, WorkflowAdminMixin
from sistercities import contacts, partnering, surveys
from sistercities.forms import prefecture_choices, prefecture_name
from sistercities.models import (
    EventSeries,
    EventSeriesName,
    ExchangeEvent,
    ExchangeProject,
    Inquiry,
    PartnerRequest,
    PartnershipContact,
    PartnershipSurvey,
    ProjectImage,
    RequestImage,
    SurveyAnswer,
    SurveyEvent,
    SurveyInvitation,
)


class RequestImageInline(admin.TabularInline):
    model = RequestImage
    extra = 0
    readonly_fields = ("content_type",)

    def has_add_permission(self, request, obj=None):
        return False  # images come with the submitter's request


@admin.register(PartnerRequest)
class PartnerRequestAdmin(WorkflowAdminMixin, HistoryAdmin):
    list_display = ("name", "side", "country", "state", "updated_at", "expires_at")
    list_filter = ("state", "side", "country")
    search_fields = ("name", "contact_email", "contact_name")
    autocomplete_fields = ("local_government",)
    readonly_fields = (
        "state",
        "confirmation_sent_at",
        "confirmed_at",
        "published_at",
        "expires_at",
        "renewal_sent_at",
        "moderated_by",
        "created_at",
    )
    inlines = [RequestImageInline]
    actions = ["publish"]

    def has_add_permission(self, request):
        return False  # submitted through the public form, which confirms the e-mail address

    @admin.action(description=gettext_lazy("Publish the selected requests for twelve months"))
    def publish(self, request, queryset):
        done = 0
        for partner_request in queryset:
            with show_refusals(request, about=partner_request):
                partnering.publish_request(partner_request, by=request.user)
                done += 1
        self.message_user(request, gettext_lazy("Published: %(n)d") % {"n": done})


@admin.register(Inquiry)
class InquiryAdmin(WorkflowAdminMixin, HistoryAdmin):
    list_display = ("request", "sender_name", "organisation", "created_at", "forwarded_at")
    search_fields = ("sender_name", "sender_email", "organisation", "request__name")
    readonly_fields = ("forwarded_at", "created_at")
    list_select_related = ("request",)

    def has_add_permission(self, request):
        return False  # sent from a published request's page and forwarded from there


class ProjectImageInline(TranslationTabularInline):
    model = ProjectImage
    extra = 1


@admin.register(ExchangeProject)
class ExchangeProjectAdmin(TranslationAdmin):
    list_display = ("title", "year", "affiliation", "is_published")
    list_filter = ("is_published", "year")
    search_fields = ("title_en", "title_ja", "affiliation__partner__name_en")
    autocomplete_fields = ("affiliation",)
    inlines = [ProjectImageInline]

    def save_formset(self, request, form, formset, change):
        # The stored type is read from the content, for the image view to send.
        for image in formset.save(commit=False):
            if image.file and not image.content_type:
                image.content_type = sniff(image.file)
            image.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(EventSeries)
class EventSeriesAdmin(TranslationAdmin):
    list_display = ("name", "kind", "since_year", "position")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [names_inline(EventSeriesName)]


@admin.register(ExchangeEvent)
class ExchangeEventAdmin(TranslationAdmin):
    list_display = ("series", "year", "month", "place")
    list_filter = ("series",)
    autocomplete_fields = ("participants", "foreign_participants")


class PrefectureFilter(admin.SimpleListFilter):
    """The 47 prefectures from the shipped list (no query); a prefecture's own contact
    counts as in it."""

    title = gettext_lazy("prefecture")
    parameter_name = "prefecture"

    def lookups(self, request, model_admin):
        return prefecture_choices()

    def queryset(self, request, queryset):
        code = self.value()
        if not code:
            return queryset
        return queryset.filter(
            Q(local_government__prefecture_id=code) | Q(local_government_id=code)
        )


@admin.register(PartnershipContact)
class PartnershipContactAdmin(TabularImportMixin, HistoryAdmin):
    resource_classes = [contacts.ContactImport]
    template_stem = "survey-contacts"
    list_display = ("local_government", "code", "prefecture", "department", "email", "language")
    list_filter = ("language", PrefectureFilter)
    # The code from its start ("42" finds Nagasaki prefecture's), names and the address.
    search_fields = (
        "^local_government__code",
        "local_government__name_kanji",
        "local_government__name_kana",
        "local_government__name_romaji",
        "email",
    )
    list_select_related = ("local_government",)
    ordering = ("local_government_id",)
    autocomplete_fields = ("local_government",)
    actions = ["export_csv", "export_xlsx", "invite_officers"]

    @admin.action(
        description=gettext_lazy(
            "Invite the selected contacts as officers of their local government"
        )
    )
    def invite_officers(self, request, queryset):
        """The core's bulk invitation, fed with the contacts (chunked there, e-mailed once)."""
        rows = (
            {
                "local_government_id": contact["local_government_id"],
                "email": contact["email"],
                "language": contact["language"],
                "department": contact["department"],
            }
            for contact in queryset.order_by("local_government_id")
            .values("local_government_id", "email", "language", "department")
            .iterator(chunk_size=500)
        )
        with show_refusals(request):
            invited, skipped = organisation_services.invite_many(rows, by=request.user)
            self.message_user(
                request,
                ngettext(
                    "%(invited)d officer invited; %(skipped)d already had an account or could not be invited.",
                    "%(invited)d officers invited; %(skipped)d already had an account or could not be invited.",
                    invited,
                )
                % {"invited": invited, "skipped": skipped},
                messages.SUCCESS,
            )

    @admin.display(description=gettext_lazy("JIS X 0402 code"), ordering="local_government_id")
    def code(self, obj):
        return obj.local_government_id

    @admin.display(description=gettext_lazy("prefecture"))
    def prefecture(self, obj):
        lg = obj.local_government
        return prefecture_name(lg.prefecture_id or lg.code)

    @admin.action(description=gettext_lazy("Download the selected contacts (CSV)"))
    def export_csv(self, request, queryset):
        return download(
            contacts.ContactImport.export_rows(queryset), filename="survey-contacts.csv", fmt="csv"
        )

    @admin.action(description=gettext_lazy("Download the selected contacts (Excel)"))
    def export_xlsx(self, request, queryset):
        return download(
            contacts.ContactImport.export_rows(queryset),
            filename="survey-contacts.xlsx",
            fmt="xlsx",
            title=str(self.model._meta.verbose_name_plural),
        )

    def after_import(self, request, importer, result):
        # Local governments invited to the open survey before they had an address.
        waiting = surveys.awaiting_links(importer.written)
        if waiting:
            messages.warning(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    ngettext(
                        "%(n)d of these local governments was invited to the open survey "
                        "without an address; its link has not been sent.",
                        "%(n)d of these local governments were invited to the open survey "
                        "without an address; their links have not been sent.",
                        waiting,
                    )
                    % {"n": waiting},
                    reverse("sistercities:survey_dashboard"),
                    _("Send them from the survey dashboard."),
                ),
            )


class SurveyEventInline(admin.TabularInline):
    """Who opened, reminded and closed the survey (empty: the portal's daily task)."""

    model = SurveyEvent
    extra = 0
    can_delete = False
    fields = ("action", "actor", "at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PartnershipSurvey)
class PartnershipSurveyAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    """A year's survey and its closing date; opened, reminded and closed through the services."""

    list_display = ("year", "state", "closes_on", "opened_at")
    readonly_fields = ("state", "opened_at", "opened_by")
    inlines = [SurveyEventInline]
    actions = ["open_survey", "remind", "close_survey"]

    @admin.action(description=gettext_lazy("Open the selected survey and send the links"))
    def open_survey(self, request, queryset):
        for survey in queryset:
            with show_refusals(request, about=survey):
                count = surveys.open_survey(survey, by=request.user)
                self.message_user(
                    request,
                    ngettext(
                        "%(survey)s: %(n)d local government invited.",
                        "%(survey)s: %(n)d local governments invited.",
                        count,
                    )
                    % {"survey": survey, "n": count},
                )

    @admin.action(description=gettext_lazy("Remind those who have not answered"))
    def remind(self, request, queryset):
        for survey in queryset:
            with show_refusals(request, about=survey):
                surveys.remind(survey, by=request.user)
                self.message_user(
                    request, _("%(survey)s: reminders are being sent.") % {"survey": survey}
                )

    @admin.action(description=gettext_lazy("Close the selected survey (links stop working)"))
    def close_survey(self, request, queryset):
        for survey in queryset:
            with show_refusals(request, about=survey):
                surveys.close_survey(survey, by=request.user)
                self.message_user(
                    request,
                    _("%(survey)s: closed; its links no longer open the form.")
                    % {"survey": survey},
                )


class SurveyAnswerInline(WorkflowAdminMixin, admin.TabularInline):
    model = SurveyAnswer
    extra = 0
    can_delete = False
    readonly_fields = ("affiliation", "status", "ended_on", "fields", "activities", "updated_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    """HQ corrects an address here; invitations are made by opening the survey."""

    list_display = ("local_government", "survey", "email", "sent_at", "reminded_at", "responded_at")
    list_filter = ("survey",)
    search_fields = ("local_government__name_kanji", "local_government__name_romaji", "email")
    list_select_related = ("local_government", "survey")
    readonly_fields = (
        "survey",
        "local_government",
        "sent_at",
        "reminded_at",
        "responded_at",
    )
    inlines = [SurveyAnswerInline]

    def has_add_permission(self, request):
        return False
