from django.contrib import admin

from reference.models import LocalGovernment


@admin.register(LocalGovernment)
class LocalGovernmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name_kanji", "name_kana", "name_romaji", "kind", "prefecture")
    list_filter = ("kind", "prefecture")
    list_select_related = ("prefecture",)
    search_fields = ("code", "name_kanji", "name_kana", "name_romaji")
    ordering = ("code",)

    def has_delete_permission(self, request, obj=None):
        # Other records point at local governments; the list is reloaded, never pruned.
        return False
