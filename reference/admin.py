from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from reference.models import ForeignLocalGovernment, LocalGovernment, RegionalAssociation


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


@admin.register(ForeignLocalGovernment)
class ForeignLocalGovernmentAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_kana", "name_local", "region", "country", "kind")
    list_filter = ("kind", "country")
    search_fields = ("name_en", "name_kana", "name_local", "region")


@admin.register(RegionalAssociation)
class RegionalAssociationAdmin(TranslationAdmin):
    list_display = ("name", "serves", "email", "phone")
    list_select_related = ("serves",)
    search_fields = ("name_en", "name_ja", "serves__name_kanji", "serves__name_romaji")
    autocomplete_fields = ("serves",)
