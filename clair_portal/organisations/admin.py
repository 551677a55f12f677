"""HQ's side: organisations, their officers (invite one, deactivate) and the requests
for an account (approve, decline with a reason). Every change goes through the services."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from clair_portal.errors import show_refusals
from clair_portal.languages import STAFF_LANGUAGE_CHOICES
from clair_portal.organisations import services
from clair_portal.organisations.models import AccountRequest, Membership, Organisation
from clair_portal.workflow import HistoryAdmin, ServiceForm, WorkflowAdminMixin


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ("__str__", "kind", "local_government", "association", "area")
    list_filter = ("kind",)
    list_select_related = ("local_government", "association", "area")
    search_fields = (
        "=local_government__code",
        "local_government__name_kanji",
        "local_government__name_romaji",
        "association__name",
        "name_en",
        "name_ja",
    )
    raw_id_fields = ("local_government", "association", "area")


class InviteOfficerForm(ServiceForm):
    """Invite one officer: ``services.invite`` makes the account and sends the link."""

    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=STAFF_LANGUAGE_CHOICES, initial="ja"
    )

    class Meta:
        model = Membership
        fields = ("organisation", "department")

    def call_service(self):
        data = self.cleaned_data
        return services.invite(
            data["organisation"],
            email_address=data["email"],
            full_name=data["full_name"],
            language=data["language"],
            department=data["department"],
            by=self.user,
        )


@admin.register(Membership)
class MembershipAdmin(WorkflowAdminMixin, HistoryAdmin):
    service_add_form = InviteOfficerForm
    list_display = ("user", "organisation", "department", "is_active", "started_at", "ended_at")
    list_filter = ("is_active", "organisation__kind")
    list_select_related = (
        "user",
        "organisation__local_government",
        "organisation__association",
    )
    search_fields = (
        "user__email",
        "user__full_name",
        "=organisation__local_government__code",
        "organisation__local_government__name_kanji",
        "organisation__name_en",
    )
    raw_id_fields = ("organisation",)
    actions = ["deactivate"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Deactivate the selected officers' accounts"))
    def deactivate(self, request, queryset):
        done = 0
        for membership in queryset.select_related("user"):
            with show_refusals(request, about=membership):
                services.deactivate(membership.pk, by=request.user)
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.", done)
                % {"count": done},
                messages.SUCCESS,
            )


class DecisionForm(ServiceForm):
    """HQ's decision on a request: approve (the invitation follows) or decline with a reason."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and invite")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = AccountRequest
        fields = ("organisation", "decline_reason")

    def call_service(self):
        data = self.cleaned_data
        if data["decision"] == "approve":
            return services.approve_request(
                self.instance.pk, by=self.user, organisation=data.get("organisation")
            )
        return services.decline_request(
            self.instance.pk, by=self.user, reason=data.get("decline_reason", "")
        )


@admin.register(AccountRequest)
class AccountRequestAdmin(WorkflowAdminMixin, HistoryAdmin):
    service_change_form = DecisionForm
    list_display = ("full_name", "email", "local_government", "organisation_name", "state")
    list_filter = ("state",)
    list_select_related = ("local_government",)
    search_fields = ("email", "full_name", "organisation_name")
    raw_id_fields = ("organisation", "local_government")
    readonly_fields = (
        "full_name",
        "email",
        "language",
        "department",
        "local_government",
        "organisation_name",
        "message",
        "created_at",
    )
    actions = ["approve"]

    def has_add_permission(self, request):
        return False  # requests come from the public form

    def service_form(self, obj):
        # A decided request is kept as it was decided: nothing left to change.
        if obj is not None and obj.state != AccountRequest.State.PENDING:
            return None
        return super().service_form(obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.state != AccountRequest.State.PENDING:
            readonly = [*readonly, "organisation"]
        return readonly

    @admin.action(description=_("Approve the selected requests and invite their senders"))
    def approve(self, request, queryset):
        done = 0
        for account_request in queryset:
            with show_refusals(request, about=account_request):
                services.approve_request(account_request.pk, by=request.user)
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d request approved.", "%(count)d requests approved.", done)
                % {"count": done},
                messages.SUCCESS,
            )
