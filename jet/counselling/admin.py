"""What HQ keeps in the admin for counselling: Prefectural Advisors and the duty rota.

Consultations, their messages and the reading log are deliberately not
registered: their content is for the person who asked, whoever answers and
the counselling lead, never for HQ staff or superusers (jet.counselling.access).
"""

from django.contrib import admin

from clair_portal.workflow import HistoryAdmin
from jet.models import DutyShift, PrefecturalAdvisor


@admin.register(PrefecturalAdvisor)
class PrefecturalAdvisorAdmin(HistoryAdmin):
    list_display = ("name", "prefecture", "user", "is_active")
    list_filter = ("is_active", "prefecture")
    search_fields = ("name", "user__email")
    autocomplete_fields = ("user", "prefecture")


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):
    list_display = ("counsellor", "starts_at", "ends_at")
    date_hierarchy = "starts_at"
    list_select_related = ("counsellor",)
