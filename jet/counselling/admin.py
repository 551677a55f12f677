"""What HQ keeps in the admin for counselling: PAs, the duty rota, help pages and hours.

Consultations, their messages and the reading log are deliberately not
registered: their content is for the person who asked, whoever answers and
the counselling lead, never for HQ staff or superusers (jet.counselling.access).
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from clair_portal.workflow import HistoryAdmin
from jet.models import CounsellingHours, DutyShift, PrefecturalAdvisor, SelfHelpPage


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


@admin.register(SelfHelpPage)
class SelfHelpPageAdmin(TranslationAdmin):
    list_display = ("title", "topic", "updated_at")
    search_fields = ("title_en", "title_ja")


@admin.register(CounsellingHours)
class CounsellingHoursAdmin(TranslationAdmin):
    list_display = ("weekday", "opens", "closes", "note")
