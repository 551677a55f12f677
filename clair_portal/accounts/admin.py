from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from clair_portal.accounts import roles
from clair_portal.accounts.forms import (
    PortalUserChangeForm,
    PortalUserCreationForm,
    StaffUserCreationForm,
)
from clair_portal.accounts.models import User
from clair_portal.workflow import HistoryAdmin


@admin.register(User)
class UserAdmin(HistoryAdmin, BaseUserAdmin):
    """Accounts, with least privilege (``roles``): HQ staff manage only the accounts below them.

    Superuser status, admin access, raw permissions and other people's
    passwords are a superuser's alone: HQ's forms do not show them, and the
    groups offered are only those the signed-in user may grant.
    """

    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "language", "is_staff", "is_active", "is_demo")
    list_filter = ("is_staff", "is_superuser", "is_active", "is_demo", "groups", "language")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        (_("Demo"), {"fields": ("is_demo",)}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "language", "password1", "password2"),
            },
        ),
    )
    # What everyone but a superuser sees: no password, no superuser flag, no raw permissions.
    staff_fieldsets = (
        (None, {"fields": ("email",)}),
        (_("Personal info"), {"fields": ("full_name", "language")}),
        (_("Roles"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        (_("Demo"), {"fields": ("is_demo",)}),
    )
    staff_add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "description": _(
                    "The person sets their own password with “Forgotten your password?” "
                    "on the log-in page."
                ),
                "fields": ("email", "full_name", "language", "groups"),
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.staff_fieldsets if obj else self.staff_add_fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_staff", "last_login", "date_joined"]
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and not request.user.is_superuser:
            kwargs["form"] = StaffUserCreationForm
        return super().get_form(request, obj, **kwargs)

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups":
            # Offering only grantable groups is the check: any other is "not a valid choice".
            kwargs["queryset"] = roles.grantable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or roles.may_manage(request.user, obj))

    def user_change_password(self, request, id, form_url=""):
        # Setting someone's password is taking over their account: a superuser's
        # repair alone. Everyone changes their own with the old one, at
        # "Change password", and forgotten ones are reset by e-mail.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)
