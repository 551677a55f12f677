from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clair_portal.jobs.kinds import registry
from clair_portal.jobs.models import Job


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.key, kind.title) for kind in registry]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs are created by their requesters and changed only by workers."""

    list_display = (
        "pk",
        "kind_title",
        "requested_by",
        "state",
        "rows_done",
        "rows_total",
        "created_at",
        "finished_at",
    )
    list_filter = (KindFilter, "state", "language", "created_at")
    search_fields = ("requested_by__email", "kind")
    list_select_related = ("requested_by",)
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Job._meta.fields]

    @admin.display(description=_("kind"))
    def kind_title(self, job):
        return job.kind_title

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
