from django.contrib import admin

from clair_portal.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by the portal, never by hand."""

    list_display = ("subject", "user", "language", "created_at", "read_at", "emailed_at")
    list_filter = ("language", ("read_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("user__email", "subject", "event_key")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
